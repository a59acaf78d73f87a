//! Packaging: can someone else install and run this?

use super::{Check, Thresholds, at, capped, plural};
use crate::facts::{ProjectKind, RepoFacts};

/// PKG001: the dependencies are written down somewhere a tool can read.
pub fn declares_dependencies(facts: &RepoFacts, _: &Thresholds) -> Check {
    let packaging = &facts.packaging;
    if facts.python_files == 0 && facts.notebooks == 0 {
        return Check::not_applicable("no Python code");
    }
    if !packaging.dependency_files.is_empty() {
        let evidence = packaging
            .dependency_files
            .iter()
            .map(|p| at(p, None, "declares dependencies"));
        return Check::pass(format!(
            "{} declared in {}",
            plural(packaging.dependencies.len(), "dependency", "dependencies"),
            packaging.dependency_files.join(", ")
        ))
        .with_evidence(evidence);
    }
    if let Some(manifest) = packaging
        .manifest
        .as_ref()
        .filter(|_| packaging.installable)
    {
        return Check::pass(format!("{manifest} declares no runtime dependencies"))
            .with_evidence([at(manifest, None, "package manifest")]);
    }
    if !packaging.requirements.is_empty() {
        return Check::pass("requirements file present").with_evidence(
            packaging
                .requirements
                .iter()
                .map(|p| at(p, None, "requirements file")),
        );
    }
    Check::fail(
        "no requirements.txt, pyproject.toml, Pipfile or environment.yml declares the dependencies",
    )
}

/// PKG002: runtime dependencies carry version constraints.
pub fn dependencies_are_pinned_or_bounded(facts: &RepoFacts, _: &Thresholds) -> Check {
    let runtime: Vec<_> = facts
        .packaging
        .dependencies
        .iter()
        .filter(|d| !d.dev)
        .collect();
    if runtime.is_empty() {
        return Check::not_applicable("no runtime dependencies declared");
    }
    let loose: Vec<_> = runtime.iter().filter(|d| !d.bounded).collect();
    if loose.is_empty() {
        let count = plural(
            runtime.len(),
            "runtime dependency is",
            "runtime dependencies are",
        );
        return Check::pass(format!("{count} pinned or bounded"));
    }
    let evidence = loose
        .iter()
        .map(|d| {
            at(
                &d.source,
                d.line,
                format!("`{}` has no version constraint", d.name),
            )
        })
        .collect();
    let fraction = (runtime.len() - loose.len()) as f64 / runtime.len() as f64;
    Check::partial(
        fraction,
        format!(
            "{} of {} runtime dependencies have no version constraint",
            loose.len(),
            runtime.len()
        ),
    )
    .with_evidence(capped(evidence))
}

/// PKG003: a `pyproject.toml` (or setup.py/setup.cfg) makes it installable.
pub fn is_installable_package(facts: &RepoFacts, _: &Thresholds) -> Check {
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
            Check::fail("no pyproject.toml, setup.py or setup.cfg makes the project installable")
        }
    }
}

/// PKG004: the manifest fills in the metadata an index page shows.
pub fn package_metadata_is_complete(facts: &RepoFacts, _: &Thresholds) -> Check {
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

/// PKG005: a command-line tool installs a command.
pub fn provides_entry_point(facts: &RepoFacts, _: &Thresholds) -> Check {
    let Some(signal) = &facts.cli_signal else {
        return Check::not_applicable("the project is not a command-line tool");
    };
    if let Some(first) = facts.packaging.entry_points.first() {
        return Check::pass(format!("installs the command `{first}`"))
            .with_evidence([signal.clone()]);
    }
    Check::fail("a command-line tool without an installed command (no [project.scripts])")
        .with_evidence([signal.clone()])
}
