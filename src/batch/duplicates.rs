//! Two applicants handing in the same project: they share a root commit, or
//! most of their non-trivial code files are byte-identical.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

pub use super::record::Fingerprint;
use super::record::ResultLine;

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

/// Pairs of applicants sharing a root commit or most of their code. Roots
/// and code hashes are indexed once, so the pass is linear in roots and
/// files (plus the pairs that do share something), not quadratic in them.
pub fn find(outcomes: &[ResultLine]) -> Vec<DuplicatePair> {
    let ok: Vec<&ResultLine> = outcomes.iter().filter(|o| o.ok()).collect();
    let code: Vec<HashSet<&str>> = ok
        .iter()
        .map(|o| o.fingerprint.code.iter().map(String::as_str).collect())
        .collect();
    // For each pair sharing anything: a shared root, and the shared code count.
    let mut shared: BTreeMap<(usize, usize), (Option<&str>, usize)> = BTreeMap::new();
    let mut by_root: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, outcome) in ok.iter().enumerate() {
        let roots: HashSet<&str> = outcome
            .fingerprint
            .roots
            .iter()
            .map(String::as_str)
            .collect();
        for root in roots {
            by_root.entry(root).or_default().push(index);
        }
    }
    let mut roots: Vec<(&str, Vec<usize>)> = by_root.into_iter().collect();
    roots.sort();
    for (root, holders) in &roots {
        for (i, &a) in holders.iter().enumerate() {
            for &b in &holders[i + 1..] {
                let entry = shared.entry((a, b)).or_default();
                entry.0 = entry.0.or(Some(root));
            }
        }
    }
    let mut by_hash: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, hashes) in code.iter().enumerate() {
        for hash in hashes {
            by_hash.entry(hash).or_default().push(index);
        }
    }
    for holders in by_hash.values() {
        for (i, &a) in holders.iter().enumerate() {
            for &b in &holders[i + 1..] {
                let (a, b) = (a.min(b), a.max(b));
                shared.entry((a, b)).or_default().1 += 1;
            }
        }
    }
    let mut pairs = Vec::new();
    for ((a, b), (root, same_files)) in shared {
        let (first, second) = (ok[a], ok[b]);
        if first.label == second.label {
            continue;
        }
        let smaller = code[a].len().min(code[b].len());
        let overlap = if smaller == 0 {
            0.0
        } else {
            same_files as f64 / smaller as f64
        };
        let reason = match root {
            Some(root) => format!("same root commit {}", &root[..root.len().min(12)]),
            None if smaller >= MIN_FILES && overlap >= MIN_OVERLAP => {
                format!("{same_files} of {smaller} code files identical")
            }
            None => continue,
        };
        let (first, second) = if first.label <= second.label {
            (first, second)
        } else {
            (second, first)
        };
        pairs.push(DuplicatePair {
            first: first.label.clone(),
            second: second.label.clone(),
            reason,
            overlap: (overlap * 100.0).round() / 100.0,
        });
    }
    pairs.sort_by(|x, y| (&x.first, &x.second).cmp(&(&y.first, &y.second)));
    pairs
}

#[cfg(test)]
mod tests {
    use super::Fingerprint;
    use super::*;

    fn outcome(label: &str, roots: &[&str], code: &[&str]) -> ResultLine {
        let mut o = ResultLine::failed(label, label, String::new());
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

    #[test]
    fn one_shared_root_among_many_is_found() {
        let roots: Vec<String> = (0..65_535).map(|i| format!("{i:040x}")).collect();
        let refs: Vec<&str> = roots.iter().map(String::as_str).collect();
        let mut others: Vec<String> = (65_535..131_070).map(|i| format!("{i:040x}")).collect();
        others.push(roots[7].clone());
        let other_refs: Vec<&str> = others.iter().map(String::as_str).collect();
        let pairs = find(&[outcome("a", &refs, &[]), outcome("b", &other_refs, &[])]);
        assert_eq!(pairs.len(), 1);
        assert!(pairs[0].reason.starts_with("same root commit"));
    }
}
