//! GIT001 history-is-not-a-dump: The git history is a record of work: several commits over several days, no single commit holding the project.

use super::*;

/// GIT001's thresholds, from its entry in `rules/`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// The commits a grown history has.
    pub min_commits: f64,
    /// The days with commits a grown history has.
    pub min_active_days: f64,
    /// The largest share of the tree one commit may bring.
    pub max_largest_share: f64,
}

/// Commits that can hold a whole upload: at most this many is no history.
const UPLOAD_COMMITS: usize = 2;

/// GIT001: the history is a record of work, not one upload.
pub fn history_is_not_a_dump(facts: &RepoFacts, thresholds: &Thresholds) -> Check {
    let history = match history(facts) {
        Ok(history) => history,
        Err(check) => return check,
    };
    let min_commits = thresholds.min_commits;
    let min_days = thresholds.min_active_days;
    let max_share = thresholds.max_largest_share;
    let largest_share = history.largest.as_ref().map_or(0.0, |l| l.share);
    let parts = [
        (history.commits as f64 / min_commits).min(1.0),
        (history.active_days as f64 / min_days).min(1.0),
        if largest_share <= max_share { 1.0 } else { 0.0 },
    ];
    let at_least = if history.truncated { "at least " } else { "" };
    let message = format!(
        "{at_least}{} on {}",
        plural(history.commits, "commit", "commits"),
        plural(history.active_days, "day", "days")
    );
    let evidence = history.largest.iter().map(|l| {
        at(
            "",
            None,
            format!(
                "largest commit {} \"{}\": {} ({:.0}% of the project)",
                l.commit.sha,
                l.commit.message,
                plural(l.files, "file", "files"),
                l.share * 100.0
            ),
        )
    });
    // One or two commits is how a finished project is uploaded (a
    // reviewer's "dump"), not how one grows.
    if history.commits <= UPLOAD_COMMITS {
        return Check::fail(format!("{message}: the project was uploaded, not grown"))
            .with_evidence(evidence);
    }
    // Many commits, but the code came in one or two of them: the rest edit
    // the README or move files.
    if let Some(code_commits) = history.code_commits
        && (1..=UPLOAD_COMMITS).contains(&code_commits)
    {
        return Check::fail(format!(
            "{message}, but the code arrived in {}: it was uploaded, not grown",
            plural(code_commits, "commit", "commits")
        ))
        .with_evidence(evidence);
    }
    // A short history that opened with most of what the project became:
    // an upload with touch-ups after it.
    let opened_with_upload = history
        .largest
        .as_ref()
        .is_some_and(|l| l.started_the_project && l.share > max_share);
    if opened_with_upload && (history.commits as f64) < min_commits {
        return Check::fail(format!(
            "{message}, but one commit brought {:.0}% of the project: it was uploaded, not grown",
            largest_share * 100.0
        ))
        .with_evidence(evidence);
    }
    let score = parts.iter().sum::<f64>() / parts.len() as f64;
    Check::partial(score, message).with_evidence(evidence)
}
