//! DOC008 code-has-docstrings: Public functions and classes of the project's own source have docstrings (tests are left out).

use super::*;

/// DOC008's thresholds, from its entry in `rules/`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// The share of documented definitions that passes.
    pub good_share: f64,
}

/// DOC008: public functions and classes say what they do.
pub fn code_has_docstrings(facts: &RepoFacts, thresholds: &Thresholds) -> Check {
    let mut total = 0;
    let mut missing = Vec::new();
    for file in facts.code.source() {
        for function in file.module.functions.iter().filter(|f| f.is_public()) {
            total += 1;
            if !function.docstring {
                missing.push(at(
                    &file.path,
                    Some(function.line),
                    format!("`{}` has no docstring", function.name),
                ));
            }
        }
        for class in file
            .module
            .classes
            .iter()
            .filter(|c| !c.name.starts_with('_'))
        {
            total += 1;
            if !class.docstring {
                missing.push(at(
                    &file.path,
                    Some(class.line),
                    format!("class `{}` has no docstring", class.name),
                ));
            }
        }
    }
    if total == 0 {
        return Check::not_applicable("no public functions or classes in the project's own source");
    }
    let share = (total - missing.len()) as f64 / total as f64;
    let message = format!(
        "{} of {} public functions and classes have docstrings",
        total - missing.len(),
        total
    );
    if share >= thresholds.good_share {
        Check::pass(message)
    } else {
        Check::partial(share / thresholds.good_share, message).with_evidence(missing)
    }
}
