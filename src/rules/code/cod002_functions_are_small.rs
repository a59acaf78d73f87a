//! COD002 functions-are-small: Functions are short enough to read at a glance.

use super::*;

/// COD002's thresholds, from its entry in `rules/`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// The longest a function may be, in lines.
    pub max_lines: usize,
    /// The share of functions allowed over it.
    pub allowed_share: f64,
}

/// COD002: functions are short enough to read at a glance.
pub fn functions_are_small(facts: &RepoFacts, thresholds: &Thresholds) -> Check {
    let max_lines = thresholds.max_lines;
    let allowed = thresholds.allowed_share;
    let mut functions: Vec<(&str, &crate::facts::python::Function)> =
        facts.code.source_functions().collect();
    if functions.is_empty() {
        return Check::not_applicable("no functions in the project's own source");
    }
    let total = functions.len();
    functions.retain(|(_, f)| f.lines() > max_lines);
    functions.sort_by(|a, b| b.1.lines().cmp(&a.1.lines()).then(a.0.cmp(b.0)));
    let share = functions.len() as f64 / total as f64;
    let evidence: Vec<crate::facts::Location> = functions
        .iter()
        .map(|(path, f)| {
            at(
                path,
                Some(f.line),
                format!("`{}` is {} lines", f.name, f.lines()),
            )
        })
        .collect();
    let message = format!(
        "{} of {} over {max_lines} lines",
        functions.len(),
        plural(total, "function", "functions")
    );
    if share <= allowed {
        Check::pass(message).with_evidence(evidence)
    } else {
        Check::partial(1.0 - share, message).with_evidence(evidence)
    }
}
