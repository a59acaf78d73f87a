//! The report as data: what `--format json` prints, field for field.

use serde::Serialize;

use crate::facts::{Location, RepoFacts};
use crate::fit::roles::{Role, RoleFit};
use crate::rules::Catalog;
use crate::rules::OutcomeKind;
use crate::score::{Scorecard, Verdict};

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub tool: Tool,
    pub target: AuditedTarget,
    pub project_kind: &'static str,
    pub score: f64,
    pub grade: String,
    pub verdict: Verdict,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict_note: Option<String>,
    /// What a reviewer notices first, in one sentence built from the facts.
    pub first_impression: String,
    /// The bar the score was held to (`--min-score` or the owner's), if any.
    pub min_score: Option<f64>,
    /// The score reaches `min_score` (true when there is none).
    pub passed: bool,
    pub categories: Vec<Category>,
    pub findings: Vec<Finding>,
    /// Rule ids with points to gain, the most valuable fix first (the
    /// chosen role's focus before the rest).
    pub top_fixes: Vec<String>,
    pub facts: Facts,
    /// How well the skills shown fit each job role, best first.
    pub roles: Vec<RoleFit>,
    /// The role the report speaks to (`--role`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The project against a job post (`--job-post`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub job_fit: Option<crate::fit::job::JobFit>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
    pub rules_version: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditedTarget {
    /// The target as the user gave it.
    pub input: String,
    pub name: String,
    pub commit: Option<String>,
    pub shallow: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Category {
    pub id: String,
    pub name: String,
    /// `null` when no rule of the category applies or none is built yet.
    pub score: Option<f64>,
    pub weight: f64,
}

/// How loudly a finding speaks, the same in SARIF, GitHub annotations and
/// the JSON report: a failed rule of weight 2 or 3 is an error, any other
/// failure or a partial of weight 2 or 3 a warning, a partial of weight 1
/// a note. Passes and rules that do not apply have none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn of(outcome: OutcomeKind, weight: u8) -> Option<Severity> {
        match outcome {
            OutcomeKind::Fail if weight >= 2 => Some(Severity::Error),
            OutcomeKind::Fail => Some(Severity::Warning),
            OutcomeKind::Partial if weight >= 2 => Some(Severity::Warning),
            OutcomeKind::Partial => Some(Severity::Note),
            _ => None,
        }
    }

    /// SARIF's `level`.
    pub fn sarif_level(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }

    /// The GitHub workflow command.
    pub fn workflow_command(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule: String,
    pub name: String,
    pub category: String,
    pub outcome: OutcomeKind,
    /// Share of the rule's weight earned; `null` when not applicable.
    pub score: Option<f64>,
    pub weight: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    pub message: String,
    /// The first [`MAX_EVIDENCE`] items; `evidence_omitted` counts the rest.
    pub evidence: Vec<Location>,
    #[serde(skip_serializing_if = "is_zero")]
    pub evidence_omitted: usize,
    /// The file (and line) a CI annotation points at: the first evidence
    /// file, else the file the finding is about. Always a tracked file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    pub fix: String,
    /// The rule whose failure this outcome follows from; its gain is
    /// counted in that rule's fix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caused_by: Option<String>,
    /// The rule's one-line summary and why a reviewer cares: its help,
    /// carried here so every renderer (SARIF's rule list) needs only the report.
    pub summary: String,
    pub rationale: String,
    pub points_available: f64,
    /// Missing altogether: no evidence to point at (not in the JSON).
    #[serde(skip)]
    pub absent: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Facts {
    pub files: usize,
    pub python_files: usize,
    pub notebooks: usize,
    /// Notebooks and no Python source of the project's own.
    pub notebook_only: bool,
    pub tests: TestsFacts,
    pub readme: ReadmeFacts,
    pub junk: Vec<String>,
    pub secrets: Vec<Secret>,
    pub license: Option<License>,
    pub packaging: PackagingFacts,
    pub ci: CiView,
    pub originality: OriginalityFacts,
    /// How much the project does.
    pub scope: crate::facts::scope::Scope,
    /// `null` outside git.
    pub history: Option<HistoryView>,
    /// Skill ids the project's code or files show in use, in the skill
    /// list's order.
    pub skills: Vec<String>,
    /// Skills only a manifest declares (weak evidence, not counted for roles).
    pub declared_skills: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TestsFacts {
    pub files: usize,
    pub functions: usize,
    pub with_assertions: usize,
    pub trivial: usize,
    /// Test modules that import the project's own code.
    pub importing_project: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReadmeFacts {
    pub path: Option<String>,
    pub format: Option<&'static str>,
    pub words: usize,
    pub headings: usize,
    pub code_blocks: usize,
    pub images: usize,
    pub links: usize,
    pub quality: &'static str,
    pub has_description: bool,
    pub has_install: bool,
    pub has_usage: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Secret {
    pub path: String,
    pub line: usize,
    pub kind: &'static str,
    /// Set when the credential is only in history: the commit holding it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct License {
    pub path: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PackagingFacts {
    pub root: String,
    pub manifest: Option<String>,
    pub installable: bool,
    pub requirements: Vec<String>,
    pub dependencies: usize,
    pub entry_points: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CiView {
    pub providers: Vec<String>,
    pub runs_tests: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct HistoryView {
    pub commits: usize,
    pub active_days: usize,
    pub shallow: bool,
    /// The walk stopped at its limit: commits, days and authors are "at least".
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
    /// ISO dates (UTC) of the first and last author date.
    pub first: Option<String>,
    pub last: Option<String>,
    pub authors: usize,
    pub bot_commits: usize,
    pub merges: usize,
    pub largest_commit: Option<crate::facts::history::LargestCommit>,
    pub low_information_messages: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct OriginalityFacts {
    pub topic: Option<String>,
    pub evidence: Vec<String>,
    /// An unedited template or tutorial the project still is.
    pub template: Option<String>,
}

/// Assembles the report; every list in it is already in a stable order.
pub fn build(
    target: AuditedTarget,
    facts: &RepoFacts,
    card: &Scorecard,
    catalog: &Catalog,
    roles: Vec<RoleFit>,
    role: Option<&Role>,
    min_score: Option<f64>,
) -> Report {
    let mut fixes: Vec<&crate::score::ScoredRule> = card
        .findings
        .iter()
        .filter(|f| f.points_available > 0.0)
        .collect();
    // What lifts the verdict a step comes first, then what a reviewer sees
    // first (a live credential, a missing README, a committed virtualenv),
    // then what holds the verdict down, then the chosen role's focus, then
    // points.
    let tier = |f: &crate::score::ScoredRule| {
        let first = catalog.scoring.fix_first.contains(&f.meta.id) || f.check.seen_at_a_glance;
        if card.lifting_the_verdict.contains(&f.meta.id) {
            if first { 0 } else { 1 }
        } else if first {
            2
        } else if card.holding_the_verdict.contains(&f.meta.id) {
            3
        } else if role.is_some_and(|r| r.focuses_on(&f.meta.id)) {
            4
        } else {
            5
        }
    };
    fixes.sort_by(|a, b| {
        tier(a)
            .cmp(&tier(b))
            .then(b.points_available.total_cmp(&a.points_available))
            .then_with(|| a.meta.id.cmp(&b.meta.id))
    });
    Report {
        top_fixes: fixes.iter().map(|f| f.meta.id.clone()).collect(),
        roles,
        role: role.map(|r| r.id.clone()),
        job_fit: None,
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
            rules_version: catalog.version(),
        },
        target,
        project_kind: facts.project_kind.as_str(),
        score: card.score,
        grade: card.grade.clone(),
        verdict: card.verdict,
        verdict_note: (!card.verdict_reasons.is_empty()).then(|| card.verdict_reasons.join("; ")),
        first_impression: super::impression::first_impression(facts, card),
        min_score,
        passed: min_score.is_none_or(|min| card.score >= min),
        categories: card
            .categories
            .iter()
            .map(|c| Category {
                id: c.id.clone(),
                name: c.name.clone(),
                score: c.score,
                weight: c.weight,
            })
            .collect(),
        findings: card
            .findings
            .iter()
            .map(|f| Finding {
                rule: f.meta.id.clone(),
                name: f.meta.name.clone(),
                category: f.meta.category.clone(),
                outcome: f.check.outcome.kind(),
                score: f
                    .check
                    .outcome
                    .fraction()
                    .map(|x| (x * 1000.0).round() / 1000.0),
                weight: f.meta.weight,
                severity: Severity::of(f.check.outcome.kind(), f.meta.weight),
                message: f.check.message.clone(),
                caused_by: f.check.cause.map(str::to_string),
                summary: f.meta.summary.clone(),
                rationale: f.meta.rationale.clone(),
                evidence: f
                    .check
                    .evidence
                    .iter()
                    .take(MAX_EVIDENCE)
                    .cloned()
                    .collect(),
                evidence_omitted: f.check.evidence.len().saturating_sub(MAX_EVIDENCE),
                location: primary_location(facts, &f.check.evidence, &f.meta.category),
                fix: f
                    .check
                    .fix
                    .as_deref()
                    .map_or_else(|| f.meta.fix.clone(), str::to_string),
                points_available: f.points_available,
                absent: f.check.absent,
            })
            .collect(),
        facts: facts_view(facts),
        warnings: facts.warnings.clone(),
    }
}

fn facts_view(facts: &RepoFacts) -> Facts {
    let readme = facts.readme.as_ref();
    Facts {
        files: facts.files.len(),
        python_files: facts.python_files,
        notebooks: facts.notebooks,
        notebook_only: facts.code.notebook_only(),
        tests: TestsFacts {
            files: facts.tests.files.len(),
            functions: facts.tests.functions,
            with_assertions: facts.tests.with_assertions,
            trivial: facts.tests.trivial.len(),
            importing_project: facts
                .tests
                .files
                .iter()
                .filter(|f| f.imports_project)
                .count(),
        },
        readme: ReadmeFacts {
            path: readme.map(|r| r.path.clone()),
            format: readme.map(|r| match r.format {
                crate::facts::readme::ReadmeFormat::Markdown => "markdown",
                crate::facts::readme::ReadmeFormat::Rst => "rst",
                crate::facts::readme::ReadmeFormat::Plain => "plain",
            }),
            words: readme.map_or(0, |r| r.words),
            headings: readme.map_or(0, |r| r.headings.len()),
            code_blocks: readme.map_or(0, |r| r.code_blocks),
            images: readme.map_or(0, |r| r.images.len()),
            links: readme.map_or(0, |r| r.links.len()),
            quality: readme.map_or("none", |r| r.quality.as_str()),
            has_description: readme.is_some_and(|r| r.description.is_some()),
            has_install: readme.is_some_and(|r| r.install.is_some()),
            has_usage: readme.is_some_and(|r| r.usage.is_some()),
        },
        junk: facts.junk.clone(),
        secrets: facts
            .secrets
            .iter()
            .map(|s| Secret {
                path: s.path.clone(),
                line: s.line,
                kind: s.kind,
                commit: s.commit.clone(),
            })
            .collect(),
        license: facts.license.clone().map(|path| License { path }),
        packaging: PackagingFacts {
            root: facts.packaging.root.clone(),
            manifest: facts.packaging.manifest.clone(),
            installable: facts.packaging.installable,
            requirements: facts.packaging.requirements.clone(),
            dependencies: facts.packaging.dependencies.len(),
            entry_points: facts.packaging.entry_points.clone(),
        },
        ci: CiView {
            providers: facts.ci.providers.clone(),
            runs_tests: facts.ci.test_command.is_some(),
        },
        originality: OriginalityFacts {
            topic: facts.originality.topic.clone(),
            evidence: facts
                .originality
                .evidence
                .iter()
                .map(|e| match &e.path {
                    Some(path) if path != &e.text => format!("{}: {} ({path})", e.source, e.text),
                    _ => format!("{}: {}", e.source, e.text),
                })
                .collect(),
            template: facts.template.as_ref().map(|t| t.id.clone()),
        },
        scope: facts.scope.clone(),
        skills: facts
            .skills
            .iter()
            .filter(|s| !s.declared_only)
            .map(|s| s.id.clone())
            .collect(),
        declared_skills: facts
            .skills
            .iter()
            .filter(|s| s.declared_only)
            .map(|s| s.id.clone())
            .collect(),
        history: facts.history.as_ref().map(|h| HistoryView {
            commits: h.commits,
            active_days: h.active_days,
            shallow: h.shallow,
            truncated: h.truncated,
            first: h.first.map(iso_date),
            last: h.last.map(iso_date),
            authors: h.authors,
            bot_commits: h.bot_commits,
            merges: h.merges,
            largest_commit: h.largest.clone(),
            low_information_messages: h.low_information.len(),
        }),
    }
}

/// Where an annotation for a finding goes: the first evidence that is a
/// tracked file (or the first file in an evidence folder), else the file the
/// finding's category is about.
fn primary_location(facts: &RepoFacts, evidence: &[Location], category: &str) -> Option<Location> {
    let regular = |path: &str| {
        facts
            .files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
            .map(|i| &facts.files[i])
            .filter(|f| f.kind == crate::facts::EntryKind::File)
            .is_some()
    };
    for item in evidence {
        if regular(&item.path) {
            return Some(item.clone());
        }
        if let Some(dir) = item.path.strip_suffix('/') {
            let inside = facts.files.iter().find(|f| {
                f.path.starts_with(&format!("{dir}/")) && f.kind == crate::facts::EntryKind::File
            });
            if let Some(file) = inside {
                return Some(Location {
                    path: file.path.clone(),
                    line: None,
                    note: item.note.clone(),
                });
            }
        }
    }
    let readme = facts.readme.as_ref().map(|r| r.path.clone());
    let manifest = facts
        .packaging
        .manifest
        .clone()
        .or_else(|| facts.packaging.requirements.first().cloned());
    let ci = facts.ci.files.first().cloned();
    let candidates = match category {
        "packaging" => [manifest.clone(), readme.clone(), ci.clone()],
        "tests" => [ci.clone(), manifest.clone(), readme.clone()],
        _ => [readme.clone(), manifest.clone(), ci.clone()],
    };
    let anchor = candidates
        .into_iter()
        .flatten()
        .chain(
            facts
                .files
                .iter()
                .filter(|f| f.kind == crate::facts::EntryKind::File && !f.junk)
                .map(|f| f.path.clone()),
        )
        .find(|path| regular(path))?;
    Some(Location {
        path: anchor,
        line: None,
        note: "repository-level finding".into(),
    })
}

/// `YYYY-MM-DD` (UTC) of a Unix time, without a date crate: civil-from-days.
fn iso_date(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Evidence items a report carries per finding; the rest are counted.
pub const MAX_EVIDENCE: usize = 10;

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Finding {
    /// Evidence items not shown when a renderer shows the first `shown`.
    pub fn evidence_hidden(&self, shown: usize) -> usize {
        self.evidence.len().saturating_sub(shown) + self.evidence_omitted
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn iso_dates() {
        assert_eq!(super::iso_date(0), "1970-01-01");
        assert_eq!(super::iso_date(1_700_000_000), "2023-11-14");
        assert_eq!(super::iso_date(951_782_400), "2000-02-29");
    }
}
