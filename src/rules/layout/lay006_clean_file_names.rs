//! LAY006 clean-file-names: File names are deliberate: no `Untitled.ipynb`, `final_v2.py`, `copy` or spaces.

use super::*;

/// LAY006: no `Untitled.ipynb`, `final_v2.py`, `copy` or spaces in names.
pub fn clean_file_names(facts: &RepoFacts, _: &NoThresholds) -> Check {
    if facts.sloppy_names.is_empty() {
        return Check::pass("file names are tidy");
    }
    let evidence: Vec<_> = facts
        .sloppy_names
        .iter()
        .map(|p| at(p, None, "sloppy name"))
        .collect();
    Check::fail(format!(
        "{} with sloppy names",
        plural(facts.sloppy_names.len(), "file", "files")
    ))
    .with_evidence(evidence)
}
