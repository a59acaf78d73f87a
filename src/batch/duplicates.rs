//! Two applicants handing in the same project: they share a root commit, or
//! most of their non-trivial code files are byte-identical.

use std::collections::BTreeSet;

use serde::Serialize;

use super::store::Outcome;

/// Share of the smaller project's code files found in the other.
pub const MIN_OVERLAP: f64 = 0.6;
/// Projects with fewer code files than this are too small to compare.
const MIN_FILES: usize = 2;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DuplicatePair {
    pub first: String,
    pub second: String,
    /// Why: a shared root commit, or the share of identical code files.
    pub reason: String,
    pub overlap: f64,
}

pub fn find(outcomes: &[Outcome]) -> Vec<DuplicatePair> {
    let ok: Vec<&Outcome> = outcomes.iter().filter(|o| o.ok()).collect();
    let mut pairs = Vec::new();
    for (i, a) in ok.iter().enumerate() {
        let a_code: BTreeSet<&String> = a.fingerprint.code.iter().collect();
        for b in &ok[i + 1..] {
            if a.label == b.label {
                continue;
            }
            let b_code: BTreeSet<&String> = b.fingerprint.code.iter().collect();
            let shared = a_code.intersection(&b_code).count();
            let smaller = a_code.len().min(b_code.len());
            let overlap = if smaller == 0 {
                0.0
            } else {
                shared as f64 / smaller as f64
            };
            let root = a
                .fingerprint
                .roots
                .iter()
                .find(|r| b.fingerprint.roots.contains(r));
            let reason = match root {
                Some(root) => Some(format!("same root commit {}", &root[..root.len().min(12)])),
                None if smaller >= MIN_FILES && overlap >= MIN_OVERLAP => {
                    Some(format!("{shared} of {smaller} code files identical"))
                }
                None => None,
            };
            if let Some(reason) = reason {
                let (first, second) = if a.label <= b.label { (a, b) } else { (b, a) };
                pairs.push(DuplicatePair {
                    first: first.label.clone(),
                    second: second.label.clone(),
                    reason,
                    overlap: (overlap * 100.0).round() / 100.0,
                });
            }
        }
    }
    pairs.sort_by(|x, y| (&x.first, &x.second).cmp(&(&y.first, &y.second)));
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::Fingerprint;

    fn outcome(label: &str, roots: &[&str], code: &[&str]) -> Outcome {
        let mut o = Outcome::failed(label, label, String::new());
        o.status = "ok".into();
        o.error = None;
        o.fingerprint = Fingerprint {
            roots: roots.iter().map(|s| s.to_string()).collect(),
            code: code.iter().map(|s| s.to_string()).collect(),
        };
        o
    }

    #[test]
    fn shared_roots_and_shared_code() {
        let outcomes = [
            outcome("alice", &["r1"], &["a", "b", "c", "d"]),
            outcome("bob", &["r2"], &["a", "b", "c", "x"]),
            outcome("carol", &["r1"], &["z"]),
            outcome("dave", &["r4"], &["q", "r", "s"]),
        ];
        let pairs = find(&outcomes);
        let summary: Vec<(&str, &str, &str)> = pairs
            .iter()
            .map(|p| (p.first.as_str(), p.second.as_str(), p.reason.as_str()))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("alice", "bob", "3 of 4 code files identical"),
                ("alice", "carol", "same root commit r1")
            ]
        );
    }
}
