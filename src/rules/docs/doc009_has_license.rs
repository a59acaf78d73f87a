//! DOC009 has-license: The repository has a licence file.

use super::*;

/// DOC009: a licence file.
pub fn has_license(facts: &RepoFacts, _: &NoThresholds) -> Check {
    match &facts.license {
        Some(path) => Check::pass(path.clone()).with_evidence([at(path, None, "licence")]),
        None => Check::absent("no LICENSE, LICENCE or COPYING file"),
    }
}
