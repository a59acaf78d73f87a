//! The batch list: one target per line, optionally labelled
//! (`label,target` or `label target`); blank lines and `#` comments skipped.

use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListEntry {
    /// The applicant's label, as given or derived from the target.
    pub label: String,
    /// The target as shown and stored: a URL without its credentials.
    pub target: String,
    /// The target as given, credentials included: only for the clone.
    pub source: String,
    /// 1-based line in the list.
    pub line: usize,
}

/// A label for an unlabelled target: `owner/name` for a hosted URL, the
/// project's folder name for a local path.
fn default_label(target: &str) -> String {
    use crate::source::{Target, folder_name, project_name};
    match Target::parse(target) {
        Ok(Target::Path(path) | Target::LocalGit(path)) => folder_name(&path),
        Ok(Target::Url { url, .. }) => project_name(&url),
        Err(_) => project_name(target),
    }
}

/// Parses a list; bad lines come back as messages naming their line.
pub fn parse(text: &str) -> (Vec<ListEntry>, Vec<String>) {
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim().trim_start_matches('\u{feff}');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let (label, target) = match split(trimmed) {
            Some(parts) => parts,
            None => {
                problems.push(format!(
                    "line {line}: expected `target`, `label,target` or `label target`"
                ));
                continue;
            }
        };
        if target.chars().any(char::is_control)
            || label
                .as_deref()
                .is_some_and(|l| l.chars().any(char::is_control))
        {
            problems.push(format!("line {line}: control characters in the entry"));
            continue;
        }
        let source = target;
        let target = crate::source::redact(&source);
        let label = label.unwrap_or_else(|| default_label(&target));
        if !seen.insert((label.clone(), target.clone())) {
            problems.push(format!(
                "line {line}: `{label}` `{target}` is listed twice; kept once"
            ));
            continue;
        }
        entries.push(ListEntry {
            label,
            target,
            source,
            line,
        });
    }
    (entries, problems)
}

fn split(line: &str) -> Option<(Option<String>, String)> {
    if let Some((label, target)) = line.split_once(',') {
        let (label, target) = (label.trim(), target.trim());
        return (!label.is_empty() && !target.is_empty() && !target.contains(','))
            .then(|| (Some(label.to_string()), target.to_string()));
    }
    let mut parts = line.split_whitespace();
    let first = parts.next()?.to_string();
    match (parts.next(), parts.next()) {
        (None, _) => Some((None, first)),
        (Some(target), None) => Some((Some(first), target.to_string())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_comments_and_bad_lines() {
        let text = "# applicants\n\nalice,https://github.com/alice/shop\nbob gh:bob/tides\n/tmp/carol-project\nthree words here\n,missing\nbob gh:bob/tides\n";
        let (entries, problems) = parse(text);
        let summary: Vec<(&str, &str, usize)> = entries
            .iter()
            .map(|e| (e.label.as_str(), e.target.as_str(), e.line))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("alice", "https://github.com/alice/shop", 3),
                ("bob", "gh:bob/tides", 4),
                ("carol-project", "/tmp/carol-project", 5),
            ]
        );
        assert_eq!(problems.len(), 3);
        assert!(problems[0].starts_with("line 6:") && problems[2].starts_with("line 8:"));
    }

    #[test]
    fn unlabelled_urls_are_named_after_their_owner() {
        let text = "https://github.com/ada/weather.git
git@gitlab.com:bob/weather.git
gh:cy/tides
";
        let (entries, _) = parse(text);
        let labels: Vec<&str> = entries.iter().map(|e| e.label.as_str()).collect();
        assert_eq!(labels, ["ada/weather", "bob/weather", "cy/tides"]);
    }
}
