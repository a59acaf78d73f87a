//! TST001 has-test-suite: The project has test functions that pytest or unittest would collect.

use super::*;

/// TST001's thresholds, from its entry in `rules/`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// The test functions a full suite has.
    pub min_test_functions: usize,
}

/// TST001: test modules with test functions, as pytest or unittest would find them.
pub fn has_test_suite(facts: &RepoFacts, thresholds: &Thresholds) -> Check {
    let tests = &facts.tests;
    let wanted = thresholds.min_test_functions.max(1);
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
        let check =
            Check::absent("no test functions found").with_evidence(empty.collect::<Vec<_>>());
        let folder = tests_folder(facts);
        return if facts.code.notebook_only() {
            check.with_fix(format!(
                "Move the code worth keeping out of the notebooks into a module (for example \
                 `analysis.py`), then add `{folder}` with `test_*.py` modules whose \
                 `def test_...():` functions import and check it, and run them with `pytest`."
            ))
        } else if folder != "tests/" {
            check.with_fix(format!(
                "Add a `{folder}` folder with `test_*.py` modules holding `def test_...():` \
                 functions that exercise your own code, and run them with `pytest`."
            ))
        } else {
            check
        };
    }
    let message = format!(
        "{} in {}",
        plural(tests.functions, "test function", "test functions"),
        plural(tests.files.len(), "file", "files")
    );
    // Tests that only print or pass check nothing: a reviewer sees no suite.
    if tests.with_assertions == 0 {
        let idle = tests
            .trivial
            .iter()
            .chain(&tests.without_assertions)
            .map(|l| at(&l.path, l.line, format!("`{}` checks nothing", l.note)));
        return Check::fail(format!("{message}, none of which checks anything"))
            .with_evidence(idle.collect::<Vec<_>>())
            .with_fix(
                "Give the tests assertions about your code's results (`assert parse('a b') == \
                 ['a', 'b']`, `self.assertEqual`, `pytest.raises`): a test that only prints or \
                 passes shows nothing.",
            );
    }
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
