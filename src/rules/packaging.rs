//! Packaging: can someone else install and run this?

use super::{Check, Thresholds, at, plural};
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
    let evidence: Vec<_> = loose
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
    .with_evidence(evidence)
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

#[cfg(test)]
mod tests {
    use crate::facts::manifests::{Dependency, Metadata, Packaging};
    use crate::facts::{Location, ProjectKind, RepoFacts};
    use crate::rules::{Outcome, check};

    fn dependency(name: &str, bounded: bool, dev: bool) -> Dependency {
        Dependency {
            name: name.into(),
            spec: String::new(),
            bounded,
            dev,
            source: "requirements.txt".into(),
            line: Some(1),
        }
    }

    fn with(packaging: Packaging) -> RepoFacts {
        RepoFacts {
            python_files: 3,
            packaging,
            ..RepoFacts::default()
        }
    }

    #[test]
    fn pinning_counts_runtime_dependencies_only() {
        let facts = with(Packaging {
            dependencies: vec![
                dependency("flask", true, false),
                dependency("pandas", false, false),
                dependency("pytest", false, true),
            ],
            ..Packaging::default()
        });
        let found = check("PKG002", &facts);
        assert_eq!(found.outcome, Outcome::Partial(0.5));
        assert_eq!(found.evidence.len(), 1);
        assert!(matches!(
            check("PKG002", &with(Packaging::default())).outcome,
            Outcome::NotApplicable(_)
        ));
    }

    #[test]
    fn metadata_completeness_is_a_fraction_of_eight_fields() {
        let facts = with(Packaging {
            installable: true,
            manifest: Some("pyproject.toml".into()),
            metadata: Metadata {
                name: true,
                version: true,
                ..Metadata::default()
            },
            ..Packaging::default()
        });
        assert_eq!(check("PKG004", &facts).outcome, Outcome::Partial(0.25));
        assert_eq!(check("PKG003", &facts).outcome, Outcome::Pass);
        assert_eq!(check("PKG001", &facts).outcome, Outcome::Pass);
    }

    #[test]
    fn analysis_projects_are_not_asked_for_a_package() {
        let mut facts = with(Packaging::default());
        assert_eq!(check("PKG003", &facts).outcome, Outcome::Fail);
        facts.project_kind = ProjectKind::Analysis;
        assert!(matches!(
            check("PKG003", &facts).outcome,
            Outcome::NotApplicable(_)
        ));
    }

    #[test]
    fn a_cli_without_an_entry_point_fails() {
        let mut facts = with(Packaging::default());
        assert!(matches!(
            check("PKG005", &facts).outcome,
            Outcome::NotApplicable(_)
        ));
        facts.cli_signal = Some(Location {
            path: "tool.py".into(),
            line: Some(1),
            note: "argument parser with a __main__ guard".into(),
        });
        assert_eq!(check("PKG005", &facts).outcome, Outcome::Fail);
        facts.packaging.entry_points = vec!["tool".into()];
        assert_eq!(check("PKG005", &facts).outcome, Outcome::Pass);
    }
}
