//! Tests: is there a suite, is it run, is it easy to run.

use super::{Check, Thresholds, at, plural};
use crate::facts::RepoFacts;

/// TST001: test modules with test functions, as pytest or unittest would find them.
pub fn has_test_suite(facts: &RepoFacts, thresholds: &Thresholds) -> Check {
    let tests = &facts.tests;
    let wanted = thresholds.get("min_test_functions").max(1.0) as usize;
    let evidence: Vec<crate::facts::Location> = tests
        .files
        .iter()
        .map(|f| {
            at(
                &f.path,
                Some(f.first_line),
                plural(f.functions, "test", "tests"),
            )
        })
        .collect();
    if tests.functions == 0 {
        let empty = tests.empty_modules.iter().map(|p| {
            at(
                p,
                None,
                "named like a test module but holds no test function",
            )
        });
        let empty = empty.chain(tests.not_tests.iter().cloned());
        return Check::fail("no test functions found").with_evidence(empty.collect::<Vec<_>>());
    }
    let message = format!(
        "{} in {}",
        plural(tests.functions, "test function", "test functions"),
        plural(tests.files.len(), "file", "files")
    );
    if tests.functions >= wanted {
        Check::pass(message).with_evidence(evidence)
    } else {
        Check::partial(
            tests.functions as f64 / wanted as f64,
            format!("only {message}"),
        )
        .with_evidence(evidence)
    }
}

/// TST002: tests check something: no trivial bodies, an assertion in each.
pub fn tests_have_assertions(facts: &RepoFacts, thresholds: &Thresholds) -> Check {
    let tests = &facts.tests;
    if tests.functions == 0 {
        return Check::not_applicable("there is no test suite");
    }
    let share = tests.with_assertions as f64 / tests.functions as f64;
    let trivial = tests
        .trivial
        .iter()
        .map(|l| at(&l.path, l.line, format!("`{}` is trivial", l.note)));
    let unchecked = tests
        .without_assertions
        .iter()
        .map(|l| at(&l.path, l.line, format!("`{}` asserts nothing", l.note)));
    let evidence: Vec<_> = trivial.chain(unchecked).collect();
    let message = format!(
        "{} of {} assert something ({} trivial)",
        tests.with_assertions,
        plural(tests.functions, "test", "tests"),
        tests.trivial.len()
    );
    if share >= thresholds.get("pass_share") {
        Check::pass(message).with_evidence(evidence)
    } else {
        Check::partial(share, message).with_evidence(evidence)
    }
}

/// TST003: enough tests for the amount of code.
pub fn test_suite_size(facts: &RepoFacts, thresholds: &Thresholds) -> Check {
    let own_functions: usize = facts.code.source().map(|f| f.module.functions.len()).sum();
    if own_functions == 0 {
        return Check::not_applicable("no functions in the project's own source to test");
    }
    let good = thresholds.get("good_ratio");
    let ratio = facts.tests.functions as f64 / own_functions as f64;
    let message = format!(
        "{} for {} ({:.2} per function)",
        plural(facts.tests.functions, "test", "tests"),
        plural(own_functions, "function", "functions"),
        ratio
    );
    let mut modules: Vec<(&str, usize)> = facts
        .code
        .source()
        .map(|f| (f.path.as_str(), f.module.functions.len()))
        .filter(|(_, n)| *n > 0)
        .collect();
    modules.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let evidence = modules
        .iter()
        .map(|(path, n)| at(path, None, plural(*n, "function", "functions")));
    let check = Check::partial(ratio / good, message);
    if check.outcome == super::Outcome::Pass {
        check
    } else {
        check.with_evidence(evidence)
    }
}

/// TST004: a CI configuration runs the tests.
pub fn tests_run_in_ci(facts: &RepoFacts, _: &Thresholds) -> Check {
    if facts.tests.functions == 0 {
        return Check::not_applicable("there is no test suite to run");
    }
    if let Some(found) = &facts.ci.test_command {
        return Check::pass(format!("CI runs `{}`", found.note)).with_evidence([found.clone()]);
    }
    if facts.ci.files.is_empty() {
        return Check::fail("no CI configuration");
    }
    Check::fail("CI is configured but no step runs the tests").with_evidence(
        facts
            .ci
            .files
            .iter()
            .map(|p| at(p, None, "no test command"))
            .collect::<Vec<_>>(),
    )
}

/// TST005: one obvious command runs the tests.
pub fn test_runner_configured(facts: &RepoFacts, _: &Thresholds) -> Check {
    if facts.tests.functions == 0 {
        return Check::not_applicable("there is no test suite to run");
    }
    if let Some(runner) = &facts.tests.runner {
        return Check::pass(runner.note.clone()).with_evidence([runner.clone()]);
    }
    if let Some(hint) = &facts.tests.runner_hint {
        return Check::partial(0.5, format!("{}, but no runner configuration", hint.note))
            .with_evidence([hint.clone()]);
    }
    Check::fail("no pytest, tox or nox configuration and no make target for the tests")
}

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
