//! PKG005 provides-entry-point: A command-line tool installs a command through an entry point.

use super::*;

/// PKG005: a command-line tool installs a command.
pub fn provides_entry_point(facts: &RepoFacts, _: &NoThresholds) -> Check {
    let Some(signal) = &facts.cli_signal else {
        return Check::not_applicable("the project is not a command-line tool");
    };
    if let Some(first) = facts.packaging.entry_points.first() {
        return Check::pass(format!("installs the command `{first}`"))
            .with_evidence([signal.clone()]);
    }
    Check::fail("a command-line tool without an installed command (no [project.scripts])")
        .with_evidence([signal.clone()])
}
