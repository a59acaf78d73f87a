//! The first-impression paragraph: what a reviewer notices on opening the
//! repository, in the order they notice it, built only from the report.

use super::Report;
use crate::rules::OutcomeKind;

/// "A reviewer opening this repository sees …". Deterministic: the same
/// report gives the same sentence.
pub fn first_impression(report: &Report) -> String {
    let facts = &report.facts;
    let failed = |id: &str| {
        report
            .findings
            .iter()
            .any(|f| f.rule == id && f.outcome == OutcomeKind::Fail)
    };
    let scope = &facts.scope;
    let mut seen = vec![format!(
        "a {} project ({} in {})",
        scope.size.as_str(),
        count(scope.own_code_lines, "line", "lines"),
        count(scope.modules, "module", "modules")
    )];
    if !facts.secrets.is_empty() {
        seen.push(count(
            facts.secrets.len(),
            "committed credential",
            "committed credentials",
        ));
    }
    let readme = &facts.readme;
    if readme.path.is_none() {
        seen.push("no README".to_string());
    } else {
        let missing = match (readme.has_install, readme.has_usage) {
            (false, false) => " without install or run instructions",
            (false, true) => " without install instructions",
            (true, false) => " without run instructions",
            (true, true) => " that says how to install and run it",
        };
        if readme.words == 0 {
            seen.push("a README with nothing but headings".to_string());
        } else {
            seen.push(format!("a {}-word README{missing}", readme.words));
        }
    }
    let tests = facts.tests.functions;
    seen.push(match (tests, facts.ci.runs_tests) {
        (0, _) => "no tests".to_string(),
        (n, true) => format!("{} that CI runs", count(n, "test", "tests")),
        (n, false) if facts.ci.providers.is_empty() => {
            format!("{} and no CI", count(n, "test", "tests"))
        }
        (n, false) => format!("{} that CI never runs", count(n, "test", "tests")),
    });
    if let Some(history) = &facts.history {
        let commits = count(history.commits, "commit", "commits");
        let days = count(history.active_days, "day", "days");
        seen.push(if failed("GIT001") {
            format!("a history that looks like one upload ({commits} on {days})")
        } else {
            format!("{commits} on {days}")
        });
    }
    if let Some(topic) = &facts.originality.topic {
        seen.push(format!("an overdone topic ({topic})"));
    }
    // Counts only: paths are the audited repository's text.
    if !facts.junk.is_empty() {
        seen.push(format!(
            "committed junk ({})",
            count(facts.junk.len(), "path", "paths")
        ));
    }
    format!("A reviewer opening this repository sees {}.", join(&seen))
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("one {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The scope as one line for the reports: "a moderate project: 333 lines in
/// 8 modules; entered through a command line; uses a database".
pub fn scope_line(scope: &crate::facts::scope::Scope) -> String {
    let mut line = scope.why.clone();
    if !scope.entry_points.is_empty() {
        line.push_str(&format!("; entered through {}", join(&scope.entry_points)));
    }
    if !scope.integrations.is_empty() {
        line.push_str(&format!("; uses {}", join(&scope.integrations)));
    }
    line
}

/// "a, b and c".
fn join(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
