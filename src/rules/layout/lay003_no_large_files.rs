//! LAY003 no-large-files: No large files are committed to git (Git LFS is fine).

use super::*;

/// LAY003's thresholds, from its entry in `rules/`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// The largest tracked file allowed, in MB.
    pub max_file_mb: f64,
}

/// LAY003: no large binaries in git (Git LFS is fine).
pub fn no_large_files(facts: &RepoFacts, thresholds: &Thresholds) -> Check {
    let limit = (thresholds.max_file_mb * 1024.0 * 1024.0) as u64;
    let large: Vec<_> = facts
        .files
        .iter()
        .filter(|f| f.kind == EntryKind::File && !f.lfs && f.size > limit)
        .map(|f| {
            at(
                &f.path,
                None,
                format!("{:.1} MB", f.size as f64 / 1_048_576.0),
            )
        })
        .collect();
    if large.is_empty() {
        return Check::pass(format!("no file over {} MB", thresholds.max_file_mb));
    }
    Check::fail(format!(
        "{} over {} MB",
        plural(large.len(), "file", "files"),
        thresholds.max_file_mb
    ))
    .with_evidence(large)
}
