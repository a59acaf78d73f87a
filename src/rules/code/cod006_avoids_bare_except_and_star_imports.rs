//! COD006 avoids-bare-except-and-star-imports: No bare `except:` and no `from module import *`.

use super::*;

/// COD006: no bare `except:` and no `from x import *`.
pub fn avoids_bare_except_and_star_imports(facts: &RepoFacts, _: &NoThresholds) -> Check {
    let files = own_code(facts);
    if files.is_empty() {
        return Check::not_applicable("no Python files of the project's own");
    }
    let mut evidence = Vec::new();
    let mut offending = 0;
    for (path, module) in &files {
        let before = evidence.len();
        evidence.extend(
            module
                .bare_excepts
                .iter()
                .map(|line| at(path, Some(*line), "bare `except:`")),
        );
        evidence.extend(
            module
                .star_imports
                .iter()
                .map(|line| at(path, Some(*line), "`import *`")),
        );
        offending += usize::from(evidence.len() > before);
    }
    if evidence.is_empty() {
        return Check::pass("no bare except and no star import");
    }
    let fraction = (files.len() - offending) as f64 / files.len() as f64;
    Check::partial(
        fraction,
        format!(
            "{} bare excepts or star imports in {}",
            evidence.len(),
            plural(offending, "file", "files")
        ),
    )
    .with_evidence(evidence)
}
