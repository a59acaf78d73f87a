//! LAY002 no-committed-secrets: No credentials (API keys, tokens, private keys, `.env` values) are committed.

use super::*;

/// LAY002: no credentials in the repository.
pub fn no_committed_secrets(facts: &RepoFacts, _: &NoThresholds) -> Check {
    if facts.secrets.is_empty() {
        return Check::pass("no credentials found");
    }
    let evidence: Vec<_> = facts
        .secrets
        .iter()
        .map(|s| at(&s.path, Some(s.line), s.kind.replace('_', " ")))
        .collect();
    Check::fail(format!(
        "{} committed",
        plural(facts.secrets.len(), "possible secret", "possible secrets")
    ))
    .with_evidence(evidence)
}
