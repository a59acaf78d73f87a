//! One audit, end to end: facts → rules → score → report.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::error::SourceError;
use crate::facts::{self, GatherOptions, Limits};
use crate::fit::roles;
use crate::report::{self, AuditedTarget, Report};
use crate::rules::select::Selection;
use crate::rules::{self, Catalog, REGISTRY};
use crate::score;

/// What the user asked of an audit beyond the target.
#[derive(Debug, Clone, Default)]
pub struct AuditOptions {
    pub selection: Selection,
    pub limits: Limits,
    /// A role id from the catalogue: its fixes come first.
    pub role: Option<String>,
    /// A branch, tag or commit to audit instead of the work tree.
    pub rev: Option<String>,
    /// The bar for `passed` (the owner's `min-score` applies when unset).
    pub min_score: Option<f64>,
    /// Ignore the owner's exemptions and settings (for reviewers).
    pub no_exemptions: bool,
    /// Read nothing outside the target (batch audits of untrusted folders).
    pub confined: bool,
    /// Set to stop the audit early; its loops check it.
    pub cancel: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    /// A job post to measure the project against (`--job-post`).
    pub job_post: Option<std::sync::Arc<crate::fit::job::JobPost>>,
}

/// Stack for threads that parse: room for the nesting the parser gate lets
/// through, debug builds included, with a wide margin (only touched pages
/// cost memory).
pub const WORKER_STACK_BYTES: usize = 16 * 1024 * 1024;

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
    audit_full(root, input, catalog, options).map(|out| (out.report, out.timings))
}

pub struct AuditOutput {
    pub report: Report,
    pub timings: Timings,
    /// What the report was built from (batch derives its duplicate
    /// fingerprint from it).
    pub facts: facts::RepoFacts,
}

/// [`audit`] with timings and the facts behind the report.
pub fn audit_full(
    root: &Path,
    input: &str,
    catalog: &Catalog,
    options: &AuditOptions,
) -> Result<AuditOutput, SourceError> {
    let facts = facts::gather(
        root,
        &GatherOptions {
            limits: options.limits,
            rev: options.rev.as_deref(),
            topics: &catalog.topics,
            templates: &catalog.templates,
            skills: &catalog.skills,
            scope: &catalog.scope,
            confined: options.confined,
            cancel: options.cancel.as_deref(),
        },
    )?;
    let started = Instant::now();
    let owner = facts.owner.as_ref().filter(|_| !options.no_exemptions);
    let mut policy_warnings = Vec::new();
    if let Some(ignored) = facts.owner.as_ref().filter(|_| options.no_exemptions) {
        for problem in &ignored.problems {
            policy_warnings.push(format!("{problem} (owner settings are off for this audit)"));
        }
    }
    let selection = match owner {
        Some(owner) => {
            let owner_selection = owner_selection(owner, catalog)?;
            if options.selection.is_default() {
                owner_selection
            } else {
                options.selection.clone()
            }
        }
        None => options.selection.clone(),
    };
    let results = catalog
        .rules
        .iter()
        .filter(|meta| selection.enabled(meta))
        .filter_map(|meta| {
            let rule = REGISTRY.iter().find(|r| r.id == meta.id)?;
            let check = match owner.and_then(|o| exemption(o, meta)) {
                Some(reason) => rules::Check::exempt(
                    reason,
                    format!(
                        "exempted by the owner in {}: {reason}",
                        owner.map_or("", |o| o.path.as_str())
                    ),
                ),
                None => nothing_to_judge(rules::run(rule, &facts, meta), &facts),
            };
            Some((meta.clone(), check))
        })
        .collect();
    let context = score::VerdictContext {
        scope: facts.scope.size,
        // A package sends readers to its docs; an app's README must say
        // how to run it.
        readme_docs_link: facts.packaging.installable
            && facts.readme.as_ref().is_some_and(|r| r.points_to_docs()),
        readme_test_command: facts
            .readme
            .as_ref()
            .is_some_and(|r| r.test_command.is_some()),
    };
    let card = score::score(catalog, results, &context);
    let target = AuditedTarget {
        input: input.to_string(),
        name: facts.name.clone(),
        commit: facts.git.as_ref().and_then(|g| g.commit.clone()),
        shallow: facts.git.as_ref().is_some_and(|g| g.shallow),
    };
    let role_fits = roles::fit(&facts.skills, &catalog.roles);
    let role = options.role.as_deref().and_then(|id| catalog.role(id));
    let min_score = options.min_score.or(owner.and_then(|o| o.min_score));
    let mut report = report::build(target, &facts, &card, catalog, role_fits, role, min_score);
    if facts.files.is_empty() {
        report.verdict_note = Some(EMPTY_PROJECT.into());
    }
    report.job_fit = options
        .job_post
        .as_deref()
        .map(|post| crate::fit::job::fit(post, &facts.skills, &catalog.skills));
    report.warnings.extend(policy_warnings);
    report.warnings.sort();
    let mut timings = facts.timings.clone();
    timings.push(("rules and score", started.elapsed()));
    Ok(AuditOutput {
        report,
        timings,
        facts,
    })
}

/// Said at the top of the report of a target with no files.
pub const EMPTY_PROJECT: &str = "the target holds no files: there is no project here to judge";

/// A rule that passes on a project with no files judged nothing: it is not
/// applicable rather than a pass.
fn nothing_to_judge(check: rules::Check, facts: &crate::facts::RepoFacts) -> rules::Check {
    if facts.files.is_empty() && matches!(check.outcome, rules::Outcome::Pass) {
        return rules::Check::not_applicable("nothing to judge: the project holds no files");
    }
    check
}

/// The owner's selection, once every key, exemption and selector in the
/// settings is known: settings that are honoured fail closed.
fn owner_selection(
    owner: &crate::facts::owner::OwnerConfig,
    catalog: &Catalog,
) -> Result<Selection, SourceError> {
    let refuse = |problem: String| Err(SourceError::Settings(problem));
    if let Some(problem) = owner.problems.first() {
        return refuse(problem.clone());
    }
    if let Some(unknown) = owner.exempt.keys().find(|key| {
        !catalog
            .rules
            .iter()
            .any(|rule| key.eq_ignore_ascii_case(&rule.id) || **key == rule.name)
    }) {
        return refuse(format!(
            "{}: exempt names the unknown rule `{unknown}` (see `portfolio-audit rules`)",
            owner.path
        ));
    }
    Selection::new(catalog, &owner.select, &owner.ignore)
        .map_err(|err| SourceError::Settings(format!("{}: {err}", owner.path)))
}

/// The owner's reason for exempting `rule`, by id (any case) or name.
fn exemption<'a>(
    owner: &'a crate::facts::owner::OwnerConfig,
    rule: &rules::RuleMeta,
) -> Option<&'a str> {
    owner
        .exempt
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(&rule.id) || **key == rule.name)
        .map(|(_, reason)| reason.as_str())
}
