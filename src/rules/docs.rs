//! Documentation: a README that says what, how to install, how to use; a licence.

use super::{Check, Thresholds, at, plural};
use crate::facts::readme::{Quality, Readme};
use crate::facts::{Location, RepoFacts};

fn readme_or_fail(facts: &RepoFacts) -> Result<&Readme, Check> {
    facts
        .readme
        .as_ref()
        .ok_or_else(|| Check::fail("there is no README"))
}

fn found(message: &str, location: &Location) -> Check {
    Check::pass(format!("{message} ({})", location.note)).with_evidence([location.clone()])
}

/// DOC001: a README at the root, in any common format.
pub fn has_readme(facts: &RepoFacts, _: &Thresholds) -> Check {
    match &facts.readme {
        None => Check::fail("there is no README at the repository root"),
        Some(readme) if readme.quality == Quality::None => {
            Check::fail("the README is empty").with_evidence([at(&readme.path, None, "no prose")])
        }
        Some(readme) => Check::pass(format!("{} ({} words)", readme.path, readme.words))
            .with_evidence([at(&readme.path, None, "README")]),
    }
}

/// DOC002: an opening paragraph that says what the project is.
pub fn readme_explains_project(facts: &RepoFacts, _: &Thresholds) -> Check {
    let readme = match readme_or_fail(facts) {
        Ok(readme) => readme,
        Err(check) => return check,
    };
    match &readme.description {
        Some(location) => found("the README opens with a description", location),
        None => Check::fail("the README does not open with a paragraph saying what the project is")
            .with_evidence([at(
                &readme.path,
                Some(1),
                "no descriptive opening paragraph",
            )]),
    }
}

/// DOC003: installation instructions.
pub fn readme_has_install(facts: &RepoFacts, _: &Thresholds) -> Check {
    let readme = match readme_or_fail(facts) {
        Ok(readme) => readme,
        Err(check) => return check,
    };
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

/// DOC004: how to run or use it.
pub fn readme_has_usage(facts: &RepoFacts, _: &Thresholds) -> Check {
    let readme = match readme_or_fail(facts) {
        Ok(readme) => readme,
        Err(check) => return check,
    };
    match &readme.usage {
        Some(location) => found("usage shown", location),
        None => Check::fail("the README does not show how to run or use the project")
            .with_evidence([at(
                &readme.path,
                None,
                "no usage section, run command or code example",
            )]),
    }
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
        Quality::Adequate => Check::partial(thresholds.get("adequate_score"), message),
        Quality::Thin => Check::partial(thresholds.get("thin_score"), message),
        Quality::None => Check::fail(message),
    };
    check.with_evidence(evidence)
}

/// DOC006: relative links and images in the README point at committed files.
pub fn readme_links_resolve(facts: &RepoFacts, _: &Thresholds) -> Check {
    let Some(readme) = &facts.readme else {
        return Check::not_applicable("there is no README");
    };
    let base = readme
        .path
        .rsplit_once('/')
        .map(|(dir, _)| dir)
        .unwrap_or("");
    let relative: Vec<(&str, usize, String)> = readme
        .links
        .iter()
        .chain(&readme.images)
        .filter_map(|r| Some((r.target.as_str(), r.line, local_target(base, &r.target)?)))
        .collect();
    if relative.is_empty() {
        return Check::not_applicable("the README has no links to files in the repository");
    }
    let broken: Vec<Location> = relative
        .iter()
        .filter(|(_, _, path)| !(path.is_empty() || facts.has_file(path) || facts.has_dir(path)))
        .map(|(target, line, _)| {
            at(
                &readme.path,
                Some(*line),
                format!("`{target}` is not in the repository"),
            )
        })
        .collect();
    let total = relative.len();
    if broken.is_empty() {
        let links = plural(
            total,
            "link to a repository file resolves",
            "links to repository files resolve",
        );
        return Check::pass(if total == 1 {
            links
        } else {
            format!("all {links}")
        });
    }
    let fraction = (total - broken.len()) as f64 / total as f64;
    Check::partial(
        fraction,
        format!(
            "{} of {total} links to repository files are broken",
            broken.len()
        ),
    )
    .with_evidence(broken)
}

/// The repository path a README link points at, or `None` for URLs and anchors.
fn local_target(base: &str, target: &str) -> Option<String> {
    let target = target.trim();
    let lower = target.to_ascii_lowercase();
    let is_external = lower.contains("://")
        || lower.starts_with("mailto:")
        || lower.starts_with("data:")
        || lower.starts_with("//")
        || lower.starts_with('#')
        || lower.starts_with("tel:");
    if is_external || target.is_empty() {
        return None;
    }
    let path = target
        .split(['#', '?'])
        .next()
        .unwrap_or("")
        .replace("%20", " ");
    let mut parts: Vec<&str> = if path.starts_with('/') || base.is_empty() {
        Vec::new()
    } else {
        base.split('/').collect()
    };
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// DOC007: a screenshot, demo or results section shows what the project does.
pub fn readme_shows_results(facts: &RepoFacts, _: &Thresholds) -> Check {
    let readme = match readme_or_fail(facts) {
        Ok(readme) => readme,
        Err(check) => return check,
    };
    match &readme.results {
        Some(location) => found("the README shows results", location),
        None => Check::fail("the README shows no screenshot, demo or results").with_evidence([at(
            &readme.path,
            None,
            "no image (besides badges) or results section",
        )]),
    }
}

/// DOC008: public functions and classes say what they do.
pub fn code_has_docstrings(facts: &RepoFacts, thresholds: &Thresholds) -> Check {
    let mut total = 0;
    let mut missing = Vec::new();
    for file in facts.code.source() {
        for function in file.module.functions.iter().filter(|f| f.is_public()) {
            total += 1;
            if !function.docstring {
                missing.push(at(
                    &file.path,
                    Some(function.line),
                    format!("`{}` has no docstring", function.name),
                ));
            }
        }
        for class in file
            .module
            .classes
            .iter()
            .filter(|c| !c.name.starts_with('_'))
        {
            total += 1;
            if !class.docstring {
                missing.push(at(
                    &file.path,
                    Some(class.line),
                    format!("class `{}` has no docstring", class.name),
                ));
            }
        }
    }
    if total == 0 {
        return Check::not_applicable("no public functions or classes in the project's own source");
    }
    let share = (total - missing.len()) as f64 / total as f64;
    let message = format!(
        "{} of {} public functions and classes have docstrings",
        total - missing.len(),
        total
    );
    if share >= thresholds.get("good_share") {
        Check::pass(message)
    } else {
        Check::partial(share / thresholds.get("good_share"), message).with_evidence(missing)
    }
}

/// DOC009: a licence file.
pub fn has_license(facts: &RepoFacts, _: &Thresholds) -> Check {
    match &facts.license {
        Some(path) => Check::pass(path.clone()).with_evidence([at(path, None, "licence")]),
        None => Check::fail("no LICENSE, LICENCE or COPYING file"),
    }
}

#[cfg(test)]
mod tests {
    use super::local_target;

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
