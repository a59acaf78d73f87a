//! LAY004 has-gitignore: The repository has a `.gitignore`.

use super::*;

/// LAY004: a `.gitignore`.
pub fn has_gitignore(facts: &RepoFacts, _: &NoThresholds) -> Check {
    match &facts.gitignore {
        Some(path) => Check::pass(path.clone()).with_evidence([at(path, None, ".gitignore")]),
        None => Check::absent("no .gitignore"),
    }
}
