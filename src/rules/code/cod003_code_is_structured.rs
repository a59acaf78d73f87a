//! COD003 code-is-structured: Code lives in functions and classes, with a `__main__` guard, not in statements at module level.

use super::*;

/// COD003's thresholds, from its entry in `rules/`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// The top-level statements a module may run.
    pub max_top_level_statements: usize,
}

/// Modules that are configuration by convention, meant to run at import:
/// Django settings, WSGI/ASGI entry points, Sphinx's conf.py, setup.py.
fn is_configuration(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let in_settings = path.split('/').rev().skip(1).any(|dir| dir == "settings");
    in_settings
        || matches!(
            name,
            "settings.py"
                | "wsgi.py"
                | "asgi.py"
                | "conf.py"
                | "setup.py"
                | "noxfile.py"
                | "gunicorn.conf.py"
        )
}

/// COD003: code lives in functions and classes, not in module-level statements.
pub fn code_is_structured(facts: &RepoFacts, thresholds: &Thresholds) -> Check {
    let limit = thresholds.max_top_level_statements;
    let files: Vec<&PythonFile> = facts.code.source().collect();
    if files.is_empty() {
        return Check::not_applicable("no Python source of the project's own");
    }
    let scripts: Vec<_> = files
        .iter()
        .filter(|f| !is_configuration(&f.path))
        .filter(|f| f.module.top_level_statements > limit)
        .map(|f| {
            at(
                &f.path,
                None,
                format!(
                    "{} statements run at import time{}",
                    f.module.top_level_statements,
                    if f.module.main_guard {
                        ""
                    } else {
                        ", no __main__ guard"
                    }
                ),
            )
        })
        .collect();
    if scripts.is_empty() {
        return Check::pass(format!(
            "code is in functions and classes across {}",
            plural(files.len(), "file", "files")
        ));
    }
    let fraction = (files.len() - scripts.len()) as f64 / files.len() as f64;
    Check::partial(
        fraction,
        format!(
            "{} of {} run as top-level scripts",
            scripts.len(),
            plural(files.len(), "file", "files")
        ),
    )
    .with_evidence(scripts)
}
