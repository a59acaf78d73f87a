//! COD005 has-linter-config: A linter, formatter or type checker is configured (ruff, flake8, pylint, black, isort, mypy, pre-commit).

use super::*;

/// COD005: a linter, formatter or type checker is configured.
pub fn has_linter_config(facts: &RepoFacts, _: &NoThresholds) -> Check {
    if own_files(facts).next().is_none() && facts.code.notebooks.is_empty() {
        return Check::not_applicable("no Python code");
    }
    match &facts.code.linter {
        Some(location) => Check::pass(format!("configured in {}", location.path))
            .with_evidence([location.clone()]),
        None => {
            Check::absent("no ruff, flake8, pylint, black, isort, mypy or pre-commit configuration")
        }
    }
}
