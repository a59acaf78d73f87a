//! TST005 test-runner-configured: One obvious, configured command runs the tests (pytest, tox, nox or a make target).

use super::*;

/// TST005: one obvious command runs the tests.
pub fn test_runner_configured(facts: &RepoFacts, _: &NoThresholds) -> Check {
    if facts.tests.functions == 0 {
        return Check::not_applicable("there is no test suite to run").because_of("TST001");
    }
    // Tests the runner will not find make a suite that `pytest` skips.
    if !facts.tests.uncollected.is_empty() {
        return Check::partial(
            0.5,
            format!(
                "pytest's default collection misses {}",
                plural(facts.tests.uncollected.len(), "test module", "test modules")
            ),
        )
        .with_evidence(facts.tests.uncollected.iter().cloned())
        .with_fix(
            "Rename the modules listed to `test_*.py` (and their test classes to `Test…`), or \
             list them in `[tool.pytest.ini_options] python_files`, so `pytest` runs them.",
        );
    }
    if let Some(runner) = &facts.tests.runner {
        return Check::pass(runner.note.clone()).with_evidence([runner.clone()]);
    }
    if let Some(hint) = &facts.tests.runner_hint {
        return Check::partial(0.5, format!("{}, but no runner configuration", hint.note))
            .with_evidence([hint.clone()]);
    }
    Check::absent("no pytest, tox or nox configuration and no make target for the tests")
}
