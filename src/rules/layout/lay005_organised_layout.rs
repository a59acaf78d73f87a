//! LAY005 organised-layout: Code is organised in a package (or src layout), not a pile of loose scripts.

use super::*;

/// LAY005's thresholds, from its entry in `rules/`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// The scripts allowed loose at the top level.
    pub max_loose_scripts: usize,
}

/// LAY005: code lives in a package (or folders), not a pile of loose scripts.
pub fn organised_layout(facts: &RepoFacts, thresholds: &Thresholds) -> Check {
    let root = facts.packaging.root.as_str();
    // The project's own source: tests, vendored and generated code aside.
    let python: Vec<&str> = facts.code.source().map(|f| f.path.as_str()).collect();
    if python.is_empty() {
        return Check::not_applicable("no Python source files");
    }
    let in_root = |path: &str| {
        let dir = path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        dir.is_empty() || dir == root
    };
    let loose: Vec<&str> = python
        .iter()
        .copied()
        .filter(|p| in_root(p) && !ROOT_SCRIPTS.iter().any(|s| p.ends_with(s)))
        .collect();
    let package = python.iter().find(|p| p.ends_with("/__init__.py"));
    let max_loose = thresholds.max_loose_scripts;
    let loose_evidence = || loose.iter().map(|p| at(p, None, "loose script"));
    match (package, loose.len() <= max_loose) {
        (Some(init), true) => {
            let dir = init.trim_end_matches("/__init__.py");
            Check::pass(format!("code is organised in the package `{dir}`"))
                .with_evidence([at(init, None, "package")])
        }
        (Some(_), false) => Check::partial(
            0.5,
            format!(
                "a package exists, but {} sit beside it",
                plural(loose.len(), "loose script", "loose scripts")
            ),
        )
        .with_evidence(loose_evidence()),
        (None, true) if loose.len() < python.len() => Check::partial(
            0.5,
            "code sits in folders, but none is a package (no __init__.py)",
        ),
        (None, true) => Check::partial(
            0.5,
            format!(
                "{} and no package",
                plural(loose.len(), "loose script", "loose scripts")
            ),
        )
        .with_evidence(loose_evidence()),
        (None, false) => Check::fail(format!(
            "{} at the top level and no package",
            plural(loose.len(), "loose script", "loose scripts")
        ))
        .with_evidence(loose_evidence()),
    }
}
