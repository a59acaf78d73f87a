//! TST004 tests-run-in-ci: A CI workflow runs the test suite on every push.

use super::*;

/// TST004: a CI configuration runs the tests.
pub fn tests_run_in_ci(facts: &RepoFacts, _: &NoThresholds) -> Check {
    if facts.tests.functions == 0 {
        return Check::not_applicable("there is no test suite to run").because_of("TST001");
    }
    if let Some(found) = &facts.ci.test_command {
        return Check::pass(format!("CI runs `{}`", found.note)).with_evidence([found.clone()]);
    }
    if facts.ci.files.is_empty() {
        return Check::absent("no CI configuration");
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
