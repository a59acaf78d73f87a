//! ORI002 not-an-unedited-tutorial-or-template: The project is more than a template or tutorial left as it came (README boilerplate, the Django polls app, Flask's flaskr).

use super::*;

/// ORI002: the project is the candidate's own work, not a template or tutorial left as is.
pub fn not_an_unedited_tutorial_or_template(facts: &RepoFacts, _: &NoThresholds) -> Check {
    match &facts.template {
        None => Check::pass("no unedited template or tutorial found"),
        Some(found) => Check::fail(format!("the project is still {}", found.name))
            .with_evidence(found.evidence.clone()),
    }
}
