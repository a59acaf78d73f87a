//! Git history: a real record of work, in commits that say what they do.

use super::{Check, at, plural};
use crate::facts::RepoFacts;
use crate::facts::history::HistoryFacts;

pub(super) mod git001_history_is_not_a_dump;
pub(super) mod git002_commit_messages_are_meaningful;

const SHALLOW_HINT: &str = "the clone is shallow, so its history is cut; fetch the whole history (`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout)";

fn history(facts: &RepoFacts) -> Result<&HistoryFacts, Check> {
    match &facts.history {
        None => Err(Check::not_applicable("not a git repository")),
        Some(history) if history.shallow => Err(Check::not_applicable(SHALLOW_HINT)),
        Some(history) if history.commits == 0 => Err(Check::not_applicable("no commits yet")),
        Some(history) => Ok(history),
    }
}
