//! DOC003 readme-has-install: The README says how to install or set up the project.

use super::*;

/// DOC003: installation instructions.
pub fn readme_has_install(facts: &RepoFacts, _: &NoThresholds) -> Check {
    let readme = match readme_or_fail(facts) {
        Ok(readme) => readme,
        Err(check) => return check,
    };
    if let (None, Some(link)) = (&readme.install, &readme.install_docs) {
        return Check::fail(
            "the README only links to the documentation for installing the project",
        )
        .with_evidence([link.clone()]);
    }
    match &readme.install {
        Some(location) => found("install instructions", location),
        None => {
            Check::fail("the README does not say how to install the project").with_evidence([at(
                &readme.path,
                None,
                "no installation section or install command",
            )])
        }
    }
}
