//! Tests: is there a suite, is it run, is it easy to run.

use super::{Check, NoThresholds, at, plural};
use crate::facts::RepoFacts;

/// Where new tests belong: beside the existing ones, else in `tests/` under
/// the Python project's root (`backend/tests/` in a monorepo).
fn tests_folder(facts: &RepoFacts) -> String {
    if let Some(first) = facts.tests.files.first() {
        return match first.path.rsplit_once('/') {
            Some((dir, _)) => format!("{dir}/"),
            None => "the repository root".to_string(),
        };
    }
    match facts.packaging.root.as_str() {
        "" => "tests/".to_string(),
        root => format!("{root}/tests/"),
    }
}

pub(super) mod tst001_has_test_suite;
pub(super) mod tst002_tests_have_assertions;
pub(super) mod tst003_test_suite_size;
pub(super) mod tst004_tests_run_in_ci;
pub(super) mod tst005_test_runner_configured;

#[cfg(test)]
mod tests {
    use crate::facts::test_suite::{TestFacts, TestFile};
    use crate::facts::{Location, RepoFacts};
    use crate::rules::{Outcome, check};

    fn with_tests(functions: usize) -> RepoFacts {
        RepoFacts {
            tests: TestFacts {
                files: vec![TestFile {
                    path: "tests/test_a.py".into(),
                    functions,
                    first_line: 3,
                    imports_project: true,
                }],
                functions,
                with_assertions: functions,
                ..TestFacts::default()
            },
            ..RepoFacts::default()
        }
    }

    #[test]
    fn suite_size_against_the_threshold() {
        assert_eq!(check("TST001", &with_tests(5)).outcome, Outcome::Pass);
        assert_eq!(
            check("TST001", &with_tests(1)).outcome,
            Outcome::Partial(1.0 / 3.0)
        );
        let none = check("TST001", &RepoFacts::default());
        assert_eq!(none.outcome, Outcome::Fail);
    }

    #[test]
    fn ci_and_runner_do_not_apply_without_tests() {
        for id in ["TST004", "TST005"] {
            assert!(matches!(
                check(id, &RepoFacts::default()).outcome,
                Outcome::NotApplicable(_)
            ));
        }
    }

    #[test]
    fn ci_that_runs_tests_passes_with_its_line() {
        let mut facts = with_tests(3);
        facts.ci.files = vec![".github/workflows/ci.yml".into()];
        assert_eq!(check("TST004", &facts).outcome, Outcome::Fail);
        facts.ci.test_command = Some(Location {
            path: ".github/workflows/ci.yml".into(),
            line: Some(9),
            note: "pytest".into(),
        });
        let found = check("TST004", &facts);
        assert_eq!(found.outcome, Outcome::Pass);
        assert_eq!(found.evidence[0].line, Some(9));
    }

    #[test]
    fn runner_hint_is_half_way() {
        let mut facts = with_tests(3);
        facts.tests.runner_hint = Some(Location {
            path: "tests/conftest.py".into(),
            line: None,
            note: "conftest.py".into(),
        });
        assert_eq!(check("TST005", &facts).outcome, Outcome::Partial(0.5));
    }
}
