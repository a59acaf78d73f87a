//! DOC005 readme-depth: The README is detailed: description, install, usage and enough prose to understand the project.

use super::*;

/// DOC005: overall depth of the README.
pub fn readme_depth(facts: &RepoFacts, thresholds: &Thresholds) -> Check {
    let readme = match readme_or_fail(facts) {
        Ok(readme) => readme,
        Err(check) => return check,
    };
    let evidence = [at(
        &readme.path,
        None,
        format!(
            "{}, {}",
            plural(readme.words, "word", "words"),
            plural(readme.headings.len(), "heading", "headings")
        ),
    )];
    let message = format!(
        "the README is {} ({} words)",
        readme.quality.as_str(),
        readme.words
    );
    let check = match readme.quality {
        Quality::Detailed => Check::pass(message),
        Quality::Adequate => Check::partial(thresholds.get("adequate_score"), message),
        Quality::Thin => Check::partial(thresholds.get("thin_score"), message),
        Quality::None => Check::fail(message),
    };
    check.with_evidence(evidence)
}
