//! COD004 has-type-hints: Public functions carry type hints.

use super::*;

/// COD004's thresholds, from its entry in `rules/`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// The share of annotated functions that passes.
    pub good_share: f64,
}

/// COD004: public functions carry type hints.
pub fn has_type_hints(facts: &RepoFacts, thresholds: &Thresholds) -> Check {
    let good = thresholds.good_share;
    let functions: Vec<(&str, &crate::facts::python::Function)> = facts
        .code
        .source_functions()
        .filter(|(_, f)| f.is_public())
        .collect();
    if functions.is_empty() {
        return Check::not_applicable("no public functions in the project's own source");
    }
    let hinted = functions
        .iter()
        .filter(|(_, f)| f.annotated_return || f.annotated_params > 0)
        .count();
    let share = hinted as f64 / functions.len() as f64;
    let message = format!(
        "{hinted} of {} have type hints",
        plural(functions.len(), "public function", "public functions")
    );
    let evidence: Vec<crate::facts::Location> = functions
        .iter()
        .filter(|(_, f)| !(f.annotated_return || f.annotated_params > 0))
        .map(|(path, f)| {
            at(
                path,
                Some(f.line),
                format!("`{}` has no type hints", f.name),
            )
        })
        .collect();
    if share >= good {
        Check::pass(message)
    } else {
        Check::partial(share / good, message).with_evidence(evidence)
    }
}
