//! LAY009 no-secrets-in-history: No credentials remain in the git history of secrets files, settings or code (`.env`, private keys, `SECRET_KEY = "…"` later replaced).

use super::*;

/// LAY009: a `.env` or key file deleted (or changed) later still holds its
/// credentials in the commits that brought it.
pub fn no_secrets_in_history(facts: &RepoFacts, _: &NoThresholds) -> Check {
    if facts.git.is_none() {
        return Check::not_applicable("not a git repository");
    }
    let in_history: Vec<_> = facts
        .secrets
        .iter()
        .filter(|s| s.commit.is_some())
        .collect();
    let Some(first) = in_history.first().and_then(|s| s.commit.as_deref()) else {
        return Check::pass("no credentials in the history of secrets files, settings or code");
    };
    let evidence: Vec<_> = in_history
        .iter()
        .map(|s| {
            at(
                "",
                None,
                format!(
                    "{} in {}:{} at commit {}",
                    s.kind.replace('_', " "),
                    s.path,
                    s.line,
                    s.commit.as_deref().unwrap_or("")
                ),
            )
        })
        .collect();
    Check::fail(format!(
        "{} in files the tree no longer holds as they were",
        plural(
            in_history.len(),
            "possible secret stays in history",
            "possible secrets stay in history"
        )
    ))
    .with_evidence(evidence)
    .with_fix(format!(
        "Revoke and rotate these credentials: one is in commit {first}, and deleting the file \
         does not take it out of history. Keep secrets in the environment or an untracked \
         `.env` listed in .gitignore."
    ))
}
