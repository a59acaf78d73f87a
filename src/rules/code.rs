//! Code quality, judged on the candidate's own source: vendored and
//! generated code is left out, tests are judged in their own category.

use super::{Check, Thresholds, at, plural};
use crate::facts::RepoFacts;
use crate::facts::code::{CodeScope, PythonFile};
use crate::facts::python::ModuleFacts;

/// Source and test files: what the candidate wrote.
fn own_files(facts: &RepoFacts) -> impl Iterator<Item = &PythonFile> {
    facts
        .code
        .python
        .iter()
        .filter(|f| matches!(f.scope, CodeScope::Source | CodeScope::Test))
}

/// The candidate's modules and notebooks' code cells, as (path, facts).
fn own_code(facts: &RepoFacts) -> Vec<(&str, &ModuleFacts)> {
    own_files(facts)
        .map(|f| (f.path.as_str(), &f.module))
        .chain(
            facts
                .code
                .notebooks
                .iter()
                .filter_map(|n| Some((n.path.as_str(), &n.facts.as_ref()?.code))),
        )
        .collect()
}

/// COD001: the code (modules and notebook cells) parses as Python 3.
pub fn python_parses(facts: &RepoFacts, _: &Thresholds) -> Check {
    let files = own_code(facts);
    if files.is_empty() {
        return Check::not_applicable("no Python files of the project's own");
    }
    let broken: Vec<_> = files
        .iter()
        .filter(|(_, module)| !module.parses())
        .map(|(path, module)| match module.python2 {
            Some(line) => at(path, Some(line), "Python 2 syntax"),
            None => {
                let error = &module.syntax_errors[0];
                at(path, Some(error.line), error.message.clone())
            }
        })
        .collect();
    if broken.is_empty() {
        return Check::pass(match files.len() {
            1 => "the one file parses as Python 3".to_string(),
            n => format!("all {n} files parse as Python 3"),
        });
    }
    let python2 = broken
        .iter()
        .filter(|e| e.note == "Python 2 syntax")
        .count();
    let message = if python2 > 0 {
        format!(
            "{} of {} do not parse ({python2} written in Python 2)",
            broken.len(),
            plural(files.len(), "file", "files")
        )
    } else {
        format!(
            "{} of {} do not parse",
            broken.len(),
            plural(files.len(), "file", "files")
        )
    };
    let fraction = (files.len() - broken.len()) as f64 / files.len() as f64;
    Check::partial(fraction, message).with_evidence(broken)
}

/// COD002: functions are short enough to read at a glance.
pub fn functions_are_small(facts: &RepoFacts, thresholds: &Thresholds) -> Check {
    let max_lines = thresholds.get("max_lines") as usize;
    let allowed = thresholds.get("allowed_share");
    let mut functions: Vec<(&str, &crate::facts::python::Function)> =
        facts.code.source_functions().collect();
    if functions.is_empty() {
        return Check::not_applicable("no functions in the project's own source");
    }
    let total = functions.len();
    functions.retain(|(_, f)| f.lines() > max_lines);
    functions.sort_by(|a, b| b.1.lines().cmp(&a.1.lines()).then(a.0.cmp(b.0)));
    let share = functions.len() as f64 / total as f64;
    let evidence: Vec<crate::facts::Location> = functions
        .iter()
        .map(|(path, f)| {
            at(
                path,
                Some(f.line),
                format!("`{}` is {} lines", f.name, f.lines()),
            )
        })
        .collect();
    let message = format!(
        "{} of {} over {max_lines} lines",
        functions.len(),
        plural(total, "function", "functions")
    );
    if share <= allowed {
        Check::pass(message).with_evidence(evidence)
    } else {
        Check::partial(1.0 - share, message).with_evidence(evidence)
    }
}

/// COD003: code lives in functions and classes, not in module-level statements.
pub fn code_is_structured(facts: &RepoFacts, thresholds: &Thresholds) -> Check {
    let limit = thresholds.get("max_top_level_statements") as usize;
    let files: Vec<&PythonFile> = facts.code.source().collect();
    if files.is_empty() {
        return Check::not_applicable("no Python source of the project's own");
    }
    let scripts: Vec<_> = files
        .iter()
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

/// COD004: public functions carry type hints.
pub fn has_type_hints(facts: &RepoFacts, thresholds: &Thresholds) -> Check {
    let good = thresholds.get("good_share");
    let functions: Vec<(&str, &crate::facts::python::Function)> = facts
        .code
        .source_functions()
        .filter(|(_, f)| f.is_public())
        .collect();
    if functions.is_empty() {
        return Check::not_applicable("no public functions in the project's own source");
    }
    let hinted = functions
        .iter()
        .filter(|(_, f)| f.annotated_return || f.annotated_params > 0)
        .count();
    let share = hinted as f64 / functions.len() as f64;
    let message = format!(
        "{hinted} of {} have type hints",
        plural(functions.len(), "public function", "public functions")
    );
    let evidence: Vec<crate::facts::Location> = functions
        .iter()
        .filter(|(_, f)| !(f.annotated_return || f.annotated_params > 0))
        .map(|(path, f)| {
            at(
                path,
                Some(f.line),
                format!("`{}` has no type hints", f.name),
            )
        })
        .collect();
    if share >= good {
        Check::pass(message)
    } else {
        Check::partial(share / good, message).with_evidence(evidence)
    }
}

/// COD005: a linter, formatter or type checker is configured.
pub fn has_linter_config(facts: &RepoFacts, _: &Thresholds) -> Check {
    if own_files(facts).next().is_none() && facts.code.notebooks.is_empty() {
        return Check::not_applicable("no Python code");
    }
    match &facts.code.linter {
        Some(location) => Check::pass(format!("configured in {}", location.path))
            .with_evidence([location.clone()]),
        None => {
            Check::fail("no ruff, flake8, pylint, black, isort, mypy or pre-commit configuration")
        }
    }
}

/// COD006: no bare `except:` and no `from x import *`.
pub fn avoids_bare_except_and_star_imports(facts: &RepoFacts, _: &Thresholds) -> Check {
    let files = own_code(facts);
    if files.is_empty() {
        return Check::not_applicable("no Python files of the project's own");
    }
    let mut evidence = Vec::new();
    let mut offending = 0;
    for (path, module) in &files {
        let before = evidence.len();
        evidence.extend(
            module
                .bare_excepts
                .iter()
                .map(|line| at(path, Some(*line), "bare `except:`")),
        );
        evidence.extend(
            module
                .star_imports
                .iter()
                .map(|line| at(path, Some(*line), "`import *`")),
        );
        offending += usize::from(evidence.len() > before);
    }
    if evidence.is_empty() {
        return Check::pass("no bare except and no star import");
    }
    let fraction = (files.len() - offending) as f64 / files.len() as f64;
    Check::partial(
        fraction,
        format!(
            "{} bare excepts or star imports in {}",
            evidence.len(),
            plural(offending, "file", "files")
        ),
    )
    .with_evidence(evidence)
}

#[cfg(test)]
mod tests {
    use crate::facts::RepoFacts;
    use crate::facts::code::{CodeFacts, CodeScope, PythonFile};
    use crate::facts::python::analyse;
    use crate::rules::{Outcome, check};

    fn with_source(files: &[(&str, &str)]) -> RepoFacts {
        RepoFacts {
            code: CodeFacts {
                python: files
                    .iter()
                    .map(|(path, text)| PythonFile {
                        path: path.to_string(),
                        scope: CodeScope::Source,
                        module: analyse(text),
                    })
                    .collect(),
                ..CodeFacts::default()
            },
            ..RepoFacts::default()
        }
    }

    #[test]
    fn parse_failures_and_python2_are_named() {
        let facts = with_source(&[("ok.py", "x = 1\n"), ("old.py", "print \"hi\"\n")]);
        let found = check("COD001", &facts);
        assert_eq!(found.outcome, Outcome::Partial(0.5));
        assert_eq!(found.evidence[0].note, "Python 2 syntax");
    }

    #[test]
    fn long_functions_beyond_the_allowed_share() {
        let long = format!("def big():\n{}", "    x = 1\n".repeat(80));
        let facts = with_source(&[("a.py", &long), ("b.py", "def small():\n    return 1\n")]);
        let found = check("COD002", &facts);
        assert_eq!(found.outcome, Outcome::Partial(0.5));
        assert_eq!(found.evidence[0].line, Some(1));
    }

    #[test]
    fn scripts_without_functions_are_unstructured() {
        let script = "import pandas as pd\n".to_string() + &"print(pd)\n".repeat(20);
        let facts = with_source(&[("run.py", &script), ("lib.py", "def f():\n    return 1\n")]);
        assert_eq!(check("COD003", &facts).outcome, Outcome::Partial(0.5));
    }

    #[test]
    fn type_hints_share() {
        let facts = with_source(&[(
            "a.py",
            "def f(x: int) -> int:\n    return x\n\ndef g(x):\n    return x\n\ndef _private(x):\n    return x\n",
        )]);
        let found = check("COD004", &facts);
        assert!(
            matches!(found.outcome, Outcome::Partial(f) if (f - 0.5 / 0.6).abs() < 1e-9),
            "{:?}",
            found.outcome
        );
    }

    #[test]
    fn bare_except_and_star_import() {
        let facts = with_source(&[
            (
                "a.py",
                "from os import *\ntry:\n    pass\nexcept:\n    pass\n",
            ),
            ("b.py", "x = 1\n"),
        ]);
        let found = check("COD006", &facts);
        assert_eq!(found.outcome, Outcome::Partial(0.5));
        assert_eq!(found.evidence.len(), 2);
        assert_eq!(check("COD005", &facts).outcome, Outcome::Fail);
    }
}
