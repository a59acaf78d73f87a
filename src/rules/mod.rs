//! Rules: pure functions over [`RepoFacts`]. A rule never reads the disk and
//! never computes points; it returns an [`Outcome`] with evidence, and its
//! metadata (name, weight, rationale, fix, thresholds) is data in `rules/`.

pub mod catalog;
mod code;
mod docs;
mod history;
mod layout;
mod originality;
mod packaging;
mod registry;
pub mod select;
mod test_suite;
mod validation;

use crate::facts::{Location, RepoFacts};
pub use catalog::{Catalog, RuleMeta};
pub use registry::{REGISTRY, Rule};

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Pass,
    /// Part of the way there: the fraction in (0, 1).
    Partial(f64),
    Fail,
    NotApplicable(String),
    /// Skipped by the repository owner, with their written reason.
    Exempt(String),
}

/// An [`Outcome`] without its data: what the report carries and renderers
/// match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    Pass,
    Partial,
    Fail,
    NotApplicable,
    Exempt,
}

impl OutcomeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeKind::Pass => "pass",
            OutcomeKind::Partial => "partial",
            OutcomeKind::Fail => "fail",
            OutcomeKind::NotApplicable => "not_applicable",
            OutcomeKind::Exempt => "exempt",
        }
    }

    /// A failure or a partial: something to fix.
    pub fn needs_work(self) -> bool {
        matches!(self, OutcomeKind::Fail | OutcomeKind::Partial)
    }
}

impl std::fmt::Display for OutcomeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Outcome {
    pub fn kind(&self) -> OutcomeKind {
        match self {
            Outcome::Pass => OutcomeKind::Pass,
            Outcome::Partial(_) => OutcomeKind::Partial,
            Outcome::Fail => OutcomeKind::Fail,
            Outcome::NotApplicable(_) => OutcomeKind::NotApplicable,
            Outcome::Exempt(_) => OutcomeKind::Exempt,
        }
    }

    pub fn as_str(&self) -> &'static str {
        self.kind().as_str()
    }

    /// The share of the rule's weight earned, or `None` when it does not apply.
    pub fn fraction(&self) -> Option<f64> {
        match self {
            Outcome::Pass => Some(1.0),
            Outcome::Partial(f) => Some(f.clamp(0.0, 1.0)),
            Outcome::Fail => Some(0.0),
            Outcome::NotApplicable(_) | Outcome::Exempt(_) => None,
        }
    }
}

/// What a rule found.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub outcome: Outcome,
    pub message: String,
    pub evidence: Vec<Location>,
    /// The rule whose failure this outcome follows from ("no README" makes
    /// "the README has no install section" fail too). Its fix is that rule's
    /// fix, so the report offers one fix for the cause, with both gains.
    pub cause: Option<&'static str>,
    /// The catalogue's fix written for this repository: its real folders,
    /// commands and imports. `None` keeps the catalogue's text.
    pub fix: Option<Box<str>>,
    /// What fails is the first thing a reviewer sees on opening the
    /// repository (a committed virtualenv): its fix ranks among the first,
    /// whatever its points.
    pub seen_at_a_glance: bool,
    /// A failure because something is missing altogether ("no README"):
    /// there is nothing to point at, so no evidence is expected.
    pub absent: bool,
}

impl Check {
    pub fn pass(message: impl Into<String>) -> Self {
        Self::new(Outcome::Pass, message)
    }

    pub fn fail(message: impl Into<String>) -> Self {
        Self::new(Outcome::Fail, message)
    }

    /// A fraction of 1 or more is a pass, 0 or less a fail.
    pub fn partial(fraction: f64, message: impl Into<String>) -> Self {
        let outcome = if fraction >= 1.0 {
            Outcome::Pass
        } else if fraction <= 0.0 {
            Outcome::Fail
        } else {
            Outcome::Partial(fraction)
        };
        Self::new(outcome, message)
    }

    pub fn not_applicable(reason: impl Into<String>) -> Self {
        let reason = reason.into();
        Self::new(Outcome::NotApplicable(reason.clone()), reason)
    }

    /// A fix that names this repository's own paths and commands.
    pub fn with_fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into().into_boxed_str());
        self
    }

    /// This outcome follows from `rule` failing.
    pub fn because_of(mut self, rule: &'static str) -> Self {
        self.cause = Some(rule);
        self
    }

    pub fn with_evidence(mut self, evidence: impl IntoIterator<Item = Location>) -> Self {
        self.evidence.extend(evidence);
        self
    }

    fn new(outcome: Outcome, message: impl Into<String>) -> Self {
        Check {
            outcome,
            message: message.into(),
            evidence: Vec::new(),
            cause: None,
            fix: None,
            seen_at_a_glance: false,
            absent: false,
        }
    }

    /// Exempted by the owner's settings, for `reason`.
    pub fn exempt(reason: &str, message: impl Into<String>) -> Self {
        Self::new(Outcome::Exempt(reason.to_string()), message)
    }

    /// A failure because what the rule looks for is missing altogether.
    pub fn absent(message: impl Into<String>) -> Self {
        Check {
            absent: true,
            ..Self::fail(message)
        }
    }

    /// Marks a failure a reviewer sees at a glance.
    pub fn seen_at_a_glance(mut self) -> Self {
        self.seen_at_a_glance = true;
        self
    }
}

/// `path` with an optional line, noted.
pub fn at(path: &str, line: Option<usize>, note: impl Into<String>) -> Location {
    Location {
        path: path.to_string(),
        line,
        note: note.into(),
    }
}

/// The thresholds of a rule that reads none: its TOML entry must not have any.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoThresholds {}

/// Reads a rule's TOML thresholds into the struct its check takes.
pub(crate) fn thresholds_for<T: serde::de::DeserializeOwned>(
    _check: fn(&RepoFacts, &T) -> Check,
    table: &toml::Table,
) -> Result<T, String> {
    T::deserialize(toml::Value::Table(table.clone())).map_err(|e| e.message().to_string())
}

/// Runs one rule. Loading the catalogue already read every rule's
/// thresholds, so the error arm is unreachable for a loaded catalogue; it
/// stays a finding rather than a panic.
pub fn run(rule: &Rule, facts: &RepoFacts, meta: &RuleMeta) -> Check {
    (rule.run)(facts, &meta.thresholds)
        .unwrap_or_else(|e| Check::not_applicable(format!("thresholds are invalid: {e}")))
}

/// "1 file" / "3 files".
pub fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("{count} {one}")
    } else {
        format!("{count} {many}")
    }
}

/// Runs a registered rule over hand-built facts, with its embedded metadata.
#[cfg(test)]
pub(crate) fn check(id: &str, facts: &RepoFacts) -> Check {
    let catalog = Catalog::embedded().expect("catalogue");
    let meta = catalog.rule(id).expect("rule metadata");
    let rule = REGISTRY
        .iter()
        .find(|r| r.id == id)
        .expect("registered rule");
    run(rule, facts, meta)
}

/// A tracked regular file of `size` bytes, for hand-built facts.
#[cfg(test)]
pub(crate) fn file(path: &str, size: u64) -> crate::facts::FileInfo {
    crate::facts::FileInfo {
        path: path.to_string(),
        kind: crate::facts::EntryKind::File,
        size,
        status: crate::facts::ReadStatus::Text,
        lfs: false,
        junk: false,
        content_hash: None,
    }
}
