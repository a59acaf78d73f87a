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
        .ok_or_else(|| Check::absent("there is no README").because_of("DOC001"))
}

/// The command that runs this project, read from what it holds: a compose
/// file, a Django `manage.py`, a Streamlit app, a console script, a package
/// with `__main__.py`, or a script with a `__main__` guard.
fn run_command(facts: &RepoFacts) -> Option<String> {
    let root = &facts.packaging.root;
    let at_root = |name: &str| {
        let path = if root.is_empty() {
            name.to_string()
        } else {
            format!("{root}/{name}")
        };
        facts.has_file(&path) || facts.has_file(name)
    };
    let compose = [
        "compose.yaml",
        "compose.yml",
        "docker-compose.yml",
        "docker-compose.yaml",
    ];
    if compose.iter().any(|name| at_root(name)) {
        return Some("docker compose up".into());
    }
    if let Some(manage) = facts
        .code
        .source()
        .find(|f| f.path.rsplit('/').next() == Some("manage.py"))
    {
        return Some(format!("python {} runserver", manage.path));
    }
    let imports = |module: &str| {
        facts
            .code
            .source()
            .find(|f| f.module.imports.iter().any(|i| i.module == module))
    };
    if let Some(app) = imports("streamlit") {
        return Some(format!("streamlit run {}", app.path));
    }
    if let Some(script) = facts.packaging.entry_points.first() {
        return Some(format!("{script} --help"));
    }
    if let Some(main) = facts
        .code
        .source()
        .find(|f| f.path.ends_with("/__main__.py"))
    {
        let package = main.path.trim_end_matches("/__main__.py");
        let package = package.rsplit('/').next().unwrap_or(package);
        return Some(format!("python -m {package}"));
    }
    facts
        .code
        .source()
        .find(|f| f.module.main_guard)
        .map(|script| format!("python {}", script.path))
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
