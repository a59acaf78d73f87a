//! GIT002 commit-messages-are-meaningful: Commit messages say what changed and why, not "update" or "Update app.py".

use super::*;

/// GIT002's thresholds, from its entry in `rules/`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// The share of low-information messages allowed.
    pub max_low_share: f64,
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
    if share <= thresholds.max_low_share {
        Check::pass(message).with_evidence(evidence)
    } else {
        Check::partial(1.0 - share, message).with_evidence(evidence)
    }
}
