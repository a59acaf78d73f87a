//! The first-impression paragraph: what a reviewer notices on opening the
//! repository, in the order they notice it, built from the facts and the
//! scorecard while the report is built.

use crate::facts::RepoFacts;
use crate::rules::OutcomeKind;
use crate::score::Scorecard;

/// "A reviewer opening this repository sees …". Deterministic: the same
/// facts and scorecard give the same sentence.
pub fn first_impression(facts: &RepoFacts, card: &Scorecard) -> String {
    let failed = |id: &str| {
        card.findings
            .iter()
            .any(|f| f.meta.id == id && f.check.outcome.kind() == OutcomeKind::Fail)
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
    match &facts.readme {
        None => seen.push("no README".to_string()),
        Some(readme) if readme.words == 0 => {
            seen.push("a README with nothing but headings".to_string());
        }
        Some(readme) => {
            let missing = match (readme.install.is_some(), readme.usage.is_some()) {
                (false, false) => " without install or run instructions",
                (false, true) => " without install instructions",
                (true, false) => " without run instructions",
                (true, true) => " that says how to install and run it",
            };
            seen.push(format!("a {}-word README{missing}", readme.words));
        }
    }
    let tests = facts.tests.functions;
    seen.push(match (tests, facts.ci.test_command.is_some()) {
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
