//! What a batch keeps of each finished target: one line of `results.jsonl`
//! ([`ResultLine`]), with the project's fit to the job post and the
//! fingerprint that spots the same project handed in twice.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::facts::RepoFacts;

/// One line of `results.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultLine {
    pub label: String,
    pub target: String,
    /// "ok" or "error".
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<String>,
    /// What holds the verdict below the score's band, if anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict_note: Option<String>,
    #[serde(default)]
    pub categories: BTreeMap<String, Option<f64>>,
    #[serde(default)]
    pub top_fixes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// Report files, relative to the output folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
    #[serde(default)]
    pub fingerprint: Fingerprint,
    /// Names of the skills the project shows in use.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
    /// The project against `--job-post`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job: Option<JobLine>,
}

/// A project's fit to the batch's job post, kept so an applicant's
/// projects can be judged together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobLine {
    pub score: f64,
    pub asks: Vec<JobAsk>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobAsk {
    /// The ask, as the posting names it.
    pub skill: String,
    pub required: bool,
    pub shown: bool,
    /// A repository can show it (results from before the vocabulary: yes).
    #[serde(default = "yes")]
    pub checkable: bool,
}

fn yes() -> bool {
    true
}

impl ResultLine {
    pub fn ok(&self) -> bool {
        self.status == "ok"
    }

    /// Where the project stands for a ranking: its verdict first, then its
    /// score, so a capped fair never sits above a strong.
    pub fn standing(&self) -> (u8, f64) {
        let verdict = match self.verdict.as_deref() {
            Some("strong") => 2,
            Some("fair") => 1,
            _ => 0,
        };
        (verdict, self.score.unwrap_or(0.0))
    }

    /// Best standing first.
    pub fn by_standing(a: &ResultLine, b: &ResultLine) -> std::cmp::Ordering {
        let ((va, sa), (vb, sb)) = (a.standing(), b.standing());
        vb.cmp(&va).then(sb.total_cmp(&sa))
    }

    pub fn failed(label: &str, target: &str, error: String) -> Self {
        ResultLine {
            label: label.to_string(),
            target: target.to_string(),
            status: "error".into(),
            error: Some(error),
            score: None,
            grade: None,
            verdict: None,
            verdict_note: None,
            categories: BTreeMap::new(),
            top_fixes: Vec::new(),
            commit: None,
            report: None,
            html: None,
            fingerprint: Fingerprint::default(),
            skills: Vec::new(),
            job: None,
        }
    }
}

/// What identifies a project's content across submissions: its root commits
/// and the hashes of its non-trivial code files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    pub roots: Vec<String>,
    /// Hex FNV-1a hashes, sorted and unique.
    pub code: Vec<String>,
}

impl Fingerprint {
    pub fn of(facts: &RepoFacts) -> Self {
        let mut code: Vec<String> = facts
            .files
            .iter()
            .filter(|f| !f.junk)
            .filter_map(|f| f.content_hash.map(|h| format!("{h:016x}")))
            .collect();
        code.sort();
        code.dedup();
        Fingerprint {
            roots: facts
                .history
                .as_ref()
                .map(|h| h.roots.clone())
                .unwrap_or_default(),
            code,
        }
    }
}
