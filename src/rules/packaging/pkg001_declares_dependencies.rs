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
    let imports = facts.code.third_party_imports();
    let all_read = facts.code.notebooks.iter().all(|n| n.facts.is_some());
    if imports.is_empty() && all_read {
        return Check::not_applicable(
            "the code imports only the standard library and its own modules",
        );
    }
    let mut modules: Vec<&str> = imports.iter().map(|(_, i)| i.module.as_str()).collect();
    modules.dedup();
    // The first place each module is imported.
    let evidence = modules.iter().filter_map(|module| {
        let (path, import) = imports.iter().find(|(_, i)| i.module == *module)?;
        Some(at(path, Some(import.line), format!("imports `{module}`")))
    });
    let check = Check::fail(
        "no requirements.txt, pyproject.toml, Pipfile or environment.yml declares the dependencies",
    )
    .with_evidence(evidence.collect::<Vec<_>>());
    if modules.is_empty() {
        return check;
    }
    let shown: Vec<String> = modules.iter().take(5).map(|m| format!("`{m}`")).collect();
    let more = if modules.len() > 5 { ", …" } else { "" };
    check.with_fix(format!(
        "List the packages the code imports ({}{more}) with their PyPI names in \
         `requirements.txt` or in `pyproject.toml` `[project] dependencies`.",
        shown.join(", ")
    ))
}
