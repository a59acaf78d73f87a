//! One audit, end to end: facts → rules → score → report.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::error::SourceError;
use crate::facts::{self, GatherOptions, Limits};
use crate::report::{self, Report, Target};
use crate::roles;
use crate::rules::{self, Catalog, REGISTRY};
use crate::score;
use crate::select::Selection;

/// What the user asked of an audit beyond the target.
#[derive(Debug, Clone, Default)]
pub struct AuditOptions {
    pub selection: Selection,
    pub limits: Limits,
    /// A role id from the catalogue: its fixes come first.
    pub role: Option<String>,
    /// A branch, tag or commit to audit instead of the work tree.
    pub rev: Option<String>,
}

/// Wall time of each step of an audit, in order.
pub type Timings = Vec<(&'static str, Duration)>;

/// Audits the repository at `root`; `input` is the target as the user gave it.
pub fn audit(
    root: &Path,
    input: &str,
    catalog: &Catalog,
    options: &AuditOptions,
) -> Result<Report, SourceError> {
    audit_timed(root, input, catalog, options).map(|(report, _)| report)
}

/// [`audit`], also returning how long each step took (for `--timings`).
pub fn audit_timed(
    root: &Path,
    input: &str,
    catalog: &Catalog,
    options: &AuditOptions,
) -> Result<(Report, Timings), SourceError> {
    let facts = facts::gather(
        root,
        &GatherOptions {
            limits: options.limits,
            rev: options.rev.as_deref(),
            topics: &catalog.topics,
            templates: &catalog.templates,
            skills: &catalog.skills,
        },
    )?;
    let started = Instant::now();
    let results = catalog
        .rules
        .iter()
        .filter(|meta| options.selection.enabled(meta))
        .filter_map(|meta| {
            let rule = REGISTRY.iter().find(|r| r.id == meta.id)?;
            Some((meta.clone(), rules::run(rule, &facts, meta)))
        })
        .collect();
    let card = score::score(catalog, results);
    let target = Target {
        input: input.to_string(),
        name: facts.name.clone(),
        commit: facts.git.as_ref().and_then(|g| g.commit.clone()),
        shallow: facts.git.as_ref().is_some_and(|g| g.shallow),
    };
    let role_fits = roles::fit(&facts.skills, &catalog.roles);
    let role = options.role.as_deref().and_then(|id| catalog.role(id));
    let report = report::build(target, &facts, &card, catalog, role_fits, role);
    let mut timings = facts.timings.clone();
    timings.push(("rules and score", started.elapsed()));
    Ok((report, timings))
}
