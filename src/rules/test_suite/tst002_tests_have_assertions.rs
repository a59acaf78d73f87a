//! TST002 tests-have-assertions: Each test checks something: an assertion, not `assert True` or `pass`.

use super::*;

/// TST002's thresholds, from its entry in `rules/`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// The share of asserting tests that passes.
    pub pass_share: f64,
}

/// TST002: tests check something: no trivial bodies, an assertion in each.
pub fn tests_have_assertions(facts: &RepoFacts, thresholds: &Thresholds) -> Check {
    let tests = &facts.tests;
    if tests.functions == 0 {
        return Check::not_applicable("there is no test suite").because_of("TST001");
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
    if share >= thresholds.pass_share {
        Check::pass(message).with_evidence(evidence)
    } else if tests.with_assertions == 0 {
        // No test checks anything: TST001 already says there is no suite.
        Check::fail(message)
            .with_evidence(evidence)
            .because_of("TST001")
    } else {
        Check::partial(share, message).with_evidence(evidence)
    }
}
