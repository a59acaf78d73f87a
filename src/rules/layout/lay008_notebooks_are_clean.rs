//! LAY008 notebooks-are-clean: Notebooks are committed clean: run top to bottom, no error outputs, no huge outputs.

use super::*;

/// LAY008's thresholds, from its entry in `rules/`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    /// The stored output a notebook may carry, in MB.
    pub max_output_mb: f64,
}

/// LAY008: notebooks are committed clean: run in order, no errors, no huge outputs.
pub fn notebooks_are_clean(facts: &RepoFacts, thresholds: &Thresholds) -> Check {
    let notebooks = &facts.code.notebooks;
    if notebooks.is_empty() {
        return Check::not_applicable("no notebooks");
    }
    let max_output = (thresholds.max_output_mb * 1_048_576.0) as u64;
    let mut evidence = Vec::new();
    let mut unclean = 0;
    for notebook in notebooks {
        let before = evidence.len();
        match &notebook.facts {
            None => evidence.push(at(&notebook.path, None, "too large or malformed to read")),
            Some(nb) => {
                if nb.error_outputs > 0 {
                    evidence.push(at(
                        &notebook.path,
                        None,
                        plural(nb.error_outputs, "error output", "error outputs"),
                    ));
                }
                if nb.out_of_order {
                    evidence.push(at(&notebook.path, None, "cells were run out of order"));
                }
                if nb.output_bytes > max_output {
                    evidence.push(at(
                        &notebook.path,
                        None,
                        format!("{:.1} MB of outputs", nb.output_bytes as f64 / 1_048_576.0),
                    ));
                }
            }
        }
        unclean += usize::from(evidence.len() > before);
    }
    if unclean == 0 {
        return Check::pass(format!(
            "{} clean",
            plural(notebooks.len(), "notebook is", "notebooks are")
        ));
    }
    let fraction = (notebooks.len() - unclean) as f64 / notebooks.len() as f64;
    Check::partial(
        fraction,
        format!(
            "{unclean} of {} need cleaning",
            plural(notebooks.len(), "notebook", "notebooks")
        ),
    )
    .with_evidence(evidence)
}
