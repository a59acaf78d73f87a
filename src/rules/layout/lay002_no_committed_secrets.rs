//! LAY002 no-committed-secrets: No credentials (API keys, tokens, private keys, `.env` values) are committed.

use super::*;

/// LAY002: no credentials in the repository.
pub fn no_committed_secrets(facts: &RepoFacts, _: &NoThresholds) -> Check {
    // Credentials only history holds are LAY009's.
    let in_tree: Vec<_> = facts
        .secrets
        .iter()
        .filter(|s| s.commit.is_none())
        .collect();
    if in_tree.is_empty() {
        return Check::pass("no credentials found");
    }
    let evidence: Vec<_> = in_tree
        .iter()
        .map(|s| at(&s.path, Some(s.line), s.kind.replace('_', " ")))
        .collect();
    Check::fail(format!(
        "{} committed",
        plural(in_tree.len(), "possible secret", "possible secrets")
    ))
    .with_evidence(evidence)
}
