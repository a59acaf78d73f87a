//! DOC001 has-readme: The repository has a README at its root.

use super::*;

/// DOC001: a README at the root, in any common format.
pub fn has_readme(facts: &RepoFacts, _: &NoThresholds) -> Check {
    match &facts.readme {
        None => Check::absent("there is no README at the repository root"),
        Some(readme) if readme.quality == Quality::None => {
            Check::fail("the README is empty").with_evidence([at(&readme.path, None, "no prose")])
        }
        Some(readme) => Check::pass(format!("{} ({} words)", readme.path, readme.words))
            .with_evidence([at(&readme.path, None, "README")]),
    }
}
