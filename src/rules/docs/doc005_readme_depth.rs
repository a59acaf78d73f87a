//! DOC005 readme-depth: The README is detailed: description, install, usage and enough prose to understand the project.

use super::*;

/// DOC005's thresholds, from its entry in `rules/`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// The score of an adequate README.
    pub adequate_score: f64,
    /// The score of a thin README.
    pub thin_score: f64,
}

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
        Quality::Adequate => Check::partial(thresholds.adequate_score, message),
        Quality::Thin => Check::partial(thresholds.thin_score, message),
        Quality::None => Check::fail(message),
    };
    check.with_evidence(evidence)
}
