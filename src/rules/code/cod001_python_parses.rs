//! COD001 python-parses: Every Python file of the project's own parses as Python 3 (up to 3.14).

use super::*;

/// COD001: the code (modules and notebook cells) parses as Python 3.
pub fn python_parses(facts: &RepoFacts, _: &NoThresholds) -> Check {
    let files = own_code(facts);
    if files.is_empty() {
        return Check::not_applicable("no Python files of the project's own");
    }
    let broken: Vec<_> = files
        .iter()
        .filter(|(_, module)| !module.parses())
        .map(|(path, module)| match module.python2 {
            Some(line) => at(path, Some(line), "Python 2 syntax"),
            None => {
                let error = &module.syntax_errors[0];
                at(path, Some(error.line), error.message.clone())
            }
        })
        .collect();
    if broken.is_empty() {
        return Check::pass(match files.len() {
            1 => "the one file parses as Python 3".to_string(),
            n => format!("all {n} files parse as Python 3"),
        });
    }
    let python2 = broken
        .iter()
        .filter(|e| e.note == "Python 2 syntax")
        .count();
    let message = if python2 > 0 {
        format!(
            "{} of {} do not parse ({python2} written in Python 2)",
            broken.len(),
            plural(files.len(), "file", "files")
        )
    } else {
        format!(
            "{} of {} do not parse",
            broken.len(),
            plural(files.len(), "file", "files")
        )
    };
    let fraction = (files.len() - broken.len()) as f64 / files.len() as f64;
    Check::partial(fraction, message).with_evidence(broken)
}
