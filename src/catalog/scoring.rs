//! How points become a grade and a verdict, and what holds a verdict down:
//! the `[scoring]` table of `rules/categories.toml`.

use serde::{Deserialize, Serialize};

/// How a reviewer would read the project: the catalogue's scoring decides it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Weak,
    Fair,
    Strong,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Strong => "strong",
            Verdict::Fair => "fair",
            Verdict::Weak => "weak",
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Grade {
    pub letter: String,
    pub min: f64,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    /// Lowest score with the verdict `strong`.
    pub strong: f64,
    /// Lowest score with the verdict `fair`.
    pub fair: f64,
    /// Grade bands, highest first; below the last one the grade is `F`.
    pub grade: Vec<Grade>,
    /// What holds the verdict down, whatever the score.
    #[serde(default)]
    pub cap: Vec<VerdictCap>,
    /// How many distinct flaws (caps with a `flaw`) make a project weak, by
    /// its scope: flaws add up.
    pub flaws_for_weak: FlawsForWeak,
    /// Rules whose fix comes first in the report whatever its points.
    #[serde(default)]
    pub fix_first: Vec<String>,
}

impl Scoring {
    /// The verdict band a score falls in, before any cap.
    pub fn verdict_for(&self, score: f64) -> Verdict {
        if score >= self.strong {
            Verdict::Strong
        } else if score >= self.fair {
            Verdict::Fair
        } else {
            Verdict::Weak
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct VerdictCap {
    /// The cap applies when every one of these holds: a rule id holds when
    /// the rule fails; `scope:small` (or `moderate`, `substantial`) when the
    /// project is that size; `readme:docs-link` when an installable
    /// package's README sends readers to its documentation;
    /// `readme:test-command` when the README gives the command that runs
    /// the tests.
    #[serde(alias = "when_failing")]
    pub when: Vec<String>,
    /// ... and none of these holds.
    #[serde(default)]
    pub unless: Vec<String>,
    pub verdict: Verdict,
    /// A flaw that adds up with others (`flaws_for_weak`); caps naming the
    /// same flaw count once.
    #[serde(default)]
    pub flaw: Option<String>,
    /// Shown in the report's verdict note.
    pub reason: String,
}

/// Conditions a cap can name beside rule ids.
pub const VERDICT_SIGNALS: [&str; 5] = [
    "scope:small",
    "scope:moderate",
    "scope:substantial",
    "readme:docs-link",
    "readme:test-command",
];

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FlawsForWeak {
    pub small: usize,
    pub moderate: usize,
    pub substantial: usize,
}

impl FlawsForWeak {
    pub fn at(&self, size: crate::facts::scope::ScopeSize) -> usize {
        use crate::facts::scope::ScopeSize;
        match size {
            ScopeSize::Small => self.small,
            ScopeSize::Moderate => self.moderate,
            ScopeSize::Substantial => self.substantial,
        }
    }
}
