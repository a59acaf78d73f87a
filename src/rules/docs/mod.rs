//! Documentation: a README that says what, how to install, how to use; a licence.

use super::{Check, NoThresholds, at, plural};
use crate::facts::readme::{Quality, Readme, is_badge, local_target};
use crate::facts::{Location, RepoFacts};

pub(super) mod doc001_has_readme;
pub(super) mod doc002_readme_explains_project;
pub(super) mod doc003_readme_has_install;
pub(super) mod doc004_readme_has_usage;
pub(super) mod doc005_readme_depth;
pub(super) mod doc006_readme_links_resolve;
pub(super) mod doc007_readme_shows_results;
pub(super) mod doc008_code_has_docstrings;
pub(super) mod doc009_has_license;

fn readme_or_fail(facts: &RepoFacts) -> Result<&Readme, Check> {
    facts
        .readme
        .as_ref()
        .ok_or_else(|| Check::fail("there is no README").because_of("DOC001"))
}

fn found(message: &str, location: &Location) -> Check {
    Check::pass(format!("{message} ({})", location.note)).with_evidence([location.clone()])
}

#[cfg(test)]
mod tests {
    use crate::facts::readme::local_target;

    #[test]
    fn local_targets_resolve_against_the_readme_folder() {
        assert_eq!(
            local_target("", "docs/usage.md#cli").as_deref(),
            Some("docs/usage.md")
        );
        assert_eq!(
            local_target("backend", "../LICENSE").as_deref(),
            Some("LICENSE")
        );
        assert_eq!(local_target("", "../../etc/passwd"), None);
        assert_eq!(local_target("", "https://example.org/x.png"), None);
        assert_eq!(local_target("", "#install"), None);
        assert_eq!(
            local_target("", "my%20file.png").as_deref(),
            Some("my file.png")
        );
    }
}

#[cfg(test)]
mod rule_tests {
    use crate::facts::RepoFacts;
    use crate::facts::readme::parse;
    use crate::rules::{Outcome, check, file};

    fn with_readme(text: &str) -> RepoFacts {
        RepoFacts {
            readme: Some(parse("README.md", text)),
            files: vec![
                file("README.md", text.len() as u64),
                file("docs/guide.md", 10),
            ],
            ..RepoFacts::default()
        }
    }

    #[test]
    fn every_readme_rule_fails_without_a_readme() {
        for id in ["DOC001", "DOC002", "DOC003", "DOC004", "DOC005", "DOC007"] {
            assert_eq!(
                check(id, &RepoFacts::default()).outcome,
                Outcome::Fail,
                "{id}"
            );
        }
        assert!(matches!(
            check("DOC006", &RepoFacts::default()).outcome,
            Outcome::NotApplicable(_)
        ));
    }

    #[test]
    fn depth_maps_quality_to_the_thresholds() {
        assert_eq!(
            check("DOC005", &with_readme("# t\n\nShort.\n")).outcome,
            Outcome::Partial(0.3)
        );
        assert_eq!(check("DOC001", &with_readme("\n")).outcome, Outcome::Fail);
    }

    #[test]
    fn broken_links_are_a_fraction_with_their_lines() {
        let facts = with_readme("# t\n\n[guide](docs/guide.md)\n\n[gone](docs/gone.md)\n");
        let found = check("DOC006", &facts);
        assert_eq!(found.outcome, Outcome::Partial(0.5));
        assert_eq!(found.evidence[0].line, Some(5));
    }

    #[test]
    fn licence_file_passes() {
        let facts = RepoFacts {
            license: Some("LICENSE".into()),
            ..RepoFacts::default()
        };
        assert_eq!(check("DOC009", &facts).outcome, Outcome::Pass);
        assert_eq!(
            check("DOC009", &RepoFacts::default()).outcome,
            Outcome::Fail
        );
    }
}
