//! Code quality, judged on the candidate's own source: vendored and
//! generated code is left out, tests are judged in their own category.

use super::{Check, NoThresholds, at, plural};
use crate::facts::RepoFacts;
use crate::facts::code::{CodeScope, PythonFile};
use crate::facts::python::ModuleFacts;

pub(super) mod cod001_python_parses;
pub(super) mod cod002_functions_are_small;
pub(super) mod cod003_code_is_structured;
pub(super) mod cod004_has_type_hints;
pub(super) mod cod005_has_linter_config;
pub(super) mod cod006_avoids_bare_except_and_star_imports;

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
