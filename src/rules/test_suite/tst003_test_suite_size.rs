//! TST003 test-suite-size: There are enough tests for the amount of code (tests per function of the project's own).

use super::*;

/// TST003's thresholds, from its entry in `rules/`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// The tests per source module that passes.
    pub good_ratio: f64,
}

/// TST003: enough tests for the amount of code.
pub fn test_suite_size(facts: &RepoFacts, thresholds: &Thresholds) -> Check {
    let own_functions: usize = facts.code.source().map(|f| f.module.functions.len()).sum();
    if own_functions == 0 {
        return Check::not_applicable("no functions in the project's own source to test");
    }
    let good = thresholds.good_ratio;
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
    if check.outcome == crate::rules::Outcome::Pass {
        check
    } else if facts.tests.functions == 0 {
        // No suite at all: one fix, TST001's.
        check.with_evidence(evidence).because_of("TST001")
    } else {
        let folder = tests_folder(facts);
        check.with_evidence(evidence).with_fix(format!(
            "Add tests in {} for the functions listed, the ones that hold your logic first, \
             aiming for at least one test per two functions.",
            if folder.ends_with('/') {
                format!("`{folder}`")
            } else {
                folder
            }
        ))
    }
}
