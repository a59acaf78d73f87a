//! DOC007 readme-shows-results: The README shows what the project produces: a screenshot, demo, or results.

use super::*;

/// DOC007: a screenshot, demo or results section shows what the project does.
pub fn readme_shows_results(facts: &RepoFacts, _: &NoThresholds) -> Check {
    let readme = match readme_or_fail(facts) {
        Ok(readme) => readme,
        Err(check) => return check,
    };
    let base = readme.path.rsplit_once('/').map_or("", |(dir, _)| dir);
    // A picture counts when a reader sees it: a web image, or a committed one.
    let mut broken = None;
    for image in readme.images.iter().filter(|i| !is_badge(&i.target)) {
        match local_target(base, &image.target) {
            Some(path) if !facts.has_file(&path) => {
                broken.get_or_insert(image);
            }
            _ => {
                let location = at(&readme.path, Some(image.line), "image");
                return found("the README shows results", &location);
            }
        }
    }
    if let Some(section) = &readme.results_section {
        return found("the README shows results", section);
    }
    let evidence = match broken {
        Some(image) => at(
            &readme.path,
            Some(image.line),
            format!("`{}` is not in the repository", image.target),
        ),
        None => at(
            &readme.path,
            None,
            "no image (besides badges) or results section",
        ),
    };
    Check::fail("the README shows no screenshot, demo or results").with_evidence([evidence])
}
