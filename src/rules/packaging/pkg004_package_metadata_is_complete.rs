//! PKG004 package-metadata-is-complete: The package manifest sets name, version, description, readme, licence, Python version, authors and URLs.

use super::*;

/// PKG004: the manifest fills in the metadata an index page shows.
pub fn package_metadata_is_complete(facts: &RepoFacts, _: &NoThresholds) -> Check {
    let packaging = &facts.packaging;
    let Some(manifest) = packaging
        .manifest
        .as_ref()
        .filter(|_| packaging.installable)
    else {
        return Check::not_applicable("the project is not an installable package");
    };
    let fields = packaging.metadata.fields();
    let missing: Vec<&str> = fields
        .iter()
        .filter(|(_, present)| !present)
        .map(|(name, _)| *name)
        .collect();
    if missing.is_empty() {
        return Check::pass(
            "name, version, description, readme, licence, Python version, authors and URLs are set",
        );
    }
    let fraction = (fields.len() - missing.len()) as f64 / fields.len() as f64;
    Check::partial(fraction, format!("missing: {}", missing.join(", "))).with_evidence([at(
        manifest,
        None,
        format!("missing {}", missing.join(", ")),
    )])
}
