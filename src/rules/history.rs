//! Git history: a real record of work, in commits that say what they do.

use super::{Check, Thresholds, at, plural};
use crate::facts::RepoFacts;
use crate::facts::history::HistoryFacts;

const SHALLOW_HINT: &str = "the clone is shallow, so its history is cut; fetch the whole history (`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout)";

fn history(facts: &RepoFacts) -> Result<&HistoryFacts, Check> {
    match &facts.history {
        None => Err(Check::not_applicable("not a git repository")),
        Some(history) if history.shallow => Err(Check::not_applicable(SHALLOW_HINT)),
        Some(history) if history.commits == 0 => Err(Check::not_applicable("no commits yet")),
        Some(history) => Ok(history),
    }
}

/// GIT001: the history is a record of work, not one upload.
pub fn history_is_not_a_dump(facts: &RepoFacts, thresholds: &Thresholds) -> Check {
    let history = match history(facts) {
        Ok(history) => history,
        Err(check) => return check,
    };
    let min_commits = thresholds.get("min_commits");
    let min_days = thresholds.get("min_active_days");
    let max_share = thresholds.get("max_largest_share");
    let largest_share = history.largest.as_ref().map_or(0.0, |l| l.share);
    let parts = [
        (history.commits as f64 / min_commits).min(1.0),
        (history.active_days as f64 / min_days).min(1.0),
        if largest_share <= max_share { 1.0 } else { 0.0 },
    ];
    let message = format!(
        "{} on {}",
        plural(history.commits, "commit", "commits"),
        plural(history.active_days, "day", "days")
    );
    let evidence = history.largest.iter().map(|l| {
        at(
            "",
            None,
            format!(
                "largest commit {} \"{}\": {} ({:.0}% of the tree)",
                l.commit.sha,
                l.commit.message,
                plural(l.files, "file", "files"),
                l.share * 100.0
            ),
        )
    });
    if history.commits <= 1 {
        return Check::fail(format!("{message}: the project was uploaded in one go"))
            .with_evidence(evidence);
    }
    let score = parts.iter().sum::<f64>() / parts.len() as f64;
    Check::partial(score, message).with_evidence(evidence)
}

/// GIT002: commit messages say what changed.
pub fn commit_messages_are_meaningful(facts: &RepoFacts, thresholds: &Thresholds) -> Check {
    let history = match history(facts) {
        Ok(history) => history,
        Err(check) => return check,
    };
    if history.judged == 0 {
        return Check::not_applicable("no commits by people to judge");
    }
    let low = history.low_information.len();
    let share = low as f64 / history.judged as f64;
    let evidence: Vec<crate::facts::Location> = history
        .low_information
        .iter()
        .map(|c| at("", None, format!("{} \"{}\"", c.sha, c.message)))
        .collect();
    let verb = if history.judged == 1 { "says" } else { "say" };
    let message = format!(
        "{low} of {} {verb} little",
        plural(history.judged, "commit message", "commit messages")
    );
    if share <= thresholds.get("max_low_share") {
        Check::pass(message).with_evidence(evidence)
    } else {
        Check::partial(1.0 - share, message).with_evidence(evidence)
    }
}
