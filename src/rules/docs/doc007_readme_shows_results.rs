//! DOC007 readme-shows-results: The README shows what the project produces: a screenshot, demo, or results.

use super::*;

/// DOC007: a screenshot, demo or results section shows what the project does.
pub fn readme_shows_results(facts: &RepoFacts, _: &NoThresholds) -> Check {
    let readme = match readme_or_fail(facts) {
        Ok(readme) => readme,
        Err(check) => return check,
    };
    match &readme.results {
        Some(location) => found("the README shows results", location),
        None => Check::fail("the README shows no screenshot, demo or results").with_evidence([at(
            &readme.path,
            None,
            "no image (besides badges) or results section",
        )]),
    }
}
