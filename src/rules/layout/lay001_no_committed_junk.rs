//! LAY001 no-committed-junk: No caches, virtualenvs, build output, IDE folders or OS files are committed.

use super::*;

/// LAY001: no caches, virtualenvs, build output or OS litter in git.
pub fn no_committed_junk(facts: &RepoFacts, _: &NoThresholds) -> Check {
    if facts.junk.is_empty() {
        return Check::pass("no caches, virtualenvs or build output committed");
    }
    let evidence: Vec<_> = facts
        .junk
        .iter()
        .map(|p| at(p, None, "committed junk"))
        .collect();
    Check::fail(format!(
        "{} committed",
        plural(facts.junk.len(), "junk path", "junk paths")
    ))
    .with_evidence(evidence)
}
