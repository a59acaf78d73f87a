//! LAY010 no-hardcoded-keys: Keys and tokens are read from the environment, not written into code or settings as literals.

use super::*;

/// LAY010: `SECRET_KEY = "…"` in the applicant's code. Weaker evidence than
/// LAY002's recognised credential formats (the value only looks generated),
/// so it costs points but does not cap the verdict.
pub fn no_hardcoded_keys(facts: &RepoFacts, _: &NoThresholds) -> Check {
    if facts.hardcoded_keys.is_empty() {
        return Check::pass("no keys or tokens written into code or settings");
    }
    let evidence: Vec<_> = facts
        .hardcoded_keys
        .iter()
        .map(|k| at(&k.path, Some(k.line), "key or token assigned a literal"))
        .collect();
    Check::fail(format!(
        "{} written into code or settings",
        plural(facts.hardcoded_keys.len(), "key", "keys")
    ))
    .with_evidence(evidence)
}
