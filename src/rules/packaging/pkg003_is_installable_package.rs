//! PKG003 is-installable-package: The project is an installable package (pyproject.toml, setup.py or setup.cfg).

use super::*;

/// PKG003: a `pyproject.toml` (or setup.py/setup.cfg) makes it installable.
pub fn is_installable_package(facts: &RepoFacts, _: &NoThresholds) -> Check {
    let packaging = &facts.packaging;
    if let (true, Some(manifest)) = (packaging.installable, &packaging.manifest) {
        return Check::pass(format!("installable with pip from {manifest}")).with_evidence([at(
            manifest,
            None,
            "package manifest",
        )]);
    }
    if facts.project_kind == ProjectKind::Analysis {
        return Check::not_applicable("an analysis project is not expected to be a package");
    }
    if facts.python_files == 0 {
        return Check::not_applicable("no Python code");
    }
    match &packaging.not_installable {
        Some(location) => Check::fail(location.note.clone()).with_evidence([location.clone()]),
        None => {
            Check::absent("no pyproject.toml, setup.py or setup.cfg makes the project installable")
        }
    }
}
