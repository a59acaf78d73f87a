//! Packaging: can someone else install and run this?

use super::{Check, NoThresholds, at, plural};
use crate::facts::{ProjectKind, RepoFacts};

pub(super) mod pkg001_declares_dependencies;
pub(super) mod pkg002_dependencies_are_pinned_or_bounded;
pub(super) mod pkg003_is_installable_package;
pub(super) mod pkg004_package_metadata_is_complete;
pub(super) mod pkg005_provides_entry_point;

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
