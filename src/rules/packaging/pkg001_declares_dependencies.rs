//! PKG001 declares-dependencies: The project declares its dependencies (pyproject.toml, requirements.txt, Pipfile or environment.yml).

use super::*;

/// PKG001: the dependencies are written down somewhere a tool can read.
pub fn declares_dependencies(facts: &RepoFacts, _: &NoThresholds) -> Check {
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
