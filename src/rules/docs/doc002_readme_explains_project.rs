//! DOC002 readme-explains-project: The README opens with a paragraph that says what the project does.

use super::*;

/// DOC002: an opening paragraph that says what the project is.
pub fn readme_explains_project(facts: &RepoFacts, _: &NoThresholds) -> Check {
    let readme = match readme_or_fail(facts) {
        Ok(readme) => readme,
        Err(check) => return check,
    };
    match &readme.description {
        Some(location) => found("the README opens with a description", location),
        None => Check::fail("the README does not open with a paragraph saying what the project is")
            .with_evidence([at(
                &readme.path,
                Some(1),
                "no descriptive opening paragraph",
            )]),
    }
}
