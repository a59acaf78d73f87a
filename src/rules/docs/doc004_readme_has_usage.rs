//! DOC004 readme-has-usage: The README shows how to run or use the project.

use super::*;

/// DOC004: how to run or use it.
pub fn readme_has_usage(facts: &RepoFacts, _: &NoThresholds) -> Check {
    let readme = match readme_or_fail(facts) {
        Ok(readme) => readme,
        Err(check) => return check,
    };
    if let (None, Some(link)) = (&readme.usage, &readme.usage_docs) {
        return Check::fail("the README only links to the documentation for using the project")
            .with_evidence([link.clone()]);
    }
    match &readme.usage {
        Some(location) => found("usage shown", location),
        None => {
            let check = Check::fail("the README does not show how to run or use the project")
                .with_evidence([at(
                    &readme.path,
                    None,
                    "no usage section, run command or code example",
                )]);
            match run_command(facts) {
                Some(command) => check.with_fix(format!(
                    "Add a `## Usage` section that shows the command that runs the project \
                     (`{command}`), what it needs, and what it prints or serves."
                )),
                None => check,
            }
        }
    }
}
