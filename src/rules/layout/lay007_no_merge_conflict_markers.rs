//! LAY007 no-merge-conflict-markers: No unresolved merge-conflict markers are committed.

use super::*;

/// LAY007: no unresolved merge conflicts.
pub fn no_merge_conflict_markers(facts: &RepoFacts, _: &NoThresholds) -> Check {
    if facts.conflict_markers.is_empty() {
        return Check::pass("no merge-conflict markers");
    }
    Check::fail(format!(
        "{} with merge-conflict markers",
        plural(facts.conflict_markers.len(), "file", "files")
    ))
    .with_evidence(facts.conflict_markers.clone())
}
