//! Unedited templates and tutorials: a README that still holds template
//! text, or the file layout of a well-known tutorial.

use serde::{Deserialize, Serialize};

use super::Location;

/// One template or tutorial, as data (`rules/templates.toml`).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub id: String,
    pub name: String,
    /// Phrases of the template's README, lower case.
    #[serde(default)]
    pub readme_phrases: Vec<String>,
    /// Groups of paths; a project holding every path of one group matches.
    #[serde(default)]
    pub paths: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateMatch {
    pub id: String,
    pub name: String,
    pub evidence: Vec<Location>,
}

/// The first template the README text or the tracked paths match.
pub fn detect(
    readme: Option<(&str, &str)>,
    has_file: impl Fn(&str) -> bool,
    templates: &[Template],
) -> Option<TemplateMatch> {
    let normalised = readme.map(|(_, text)| normalise(text));
    templates.iter().find_map(|template| {
        let by_readme = readme
            .zip(normalised.as_deref())
            .and_then(|((path, text), normalised)| {
                let phrase = template
                    .readme_phrases
                    .iter()
                    .find(|phrase| normalised.contains(&normalise(phrase)))?;
                Some(found(template, vec![line_of_phrase(path, text, phrase)]))
            });
        by_readme.or_else(|| {
            let group = template
                .paths
                .iter()
                .find(|group| !group.is_empty() && group.iter().all(|p| has_file(p)))?;
            let evidence = group
                .iter()
                .map(|path| Location {
                    path: path.clone(),
                    line: None,
                    note: format!("part of {}", template.name),
                })
                .collect();
            Some(found(template, evidence))
        })
    })
}

fn found(template: &Template, evidence: Vec<Location>) -> TemplateMatch {
    TemplateMatch {
        id: template.id.clone(),
        name: template.name.clone(),
        evidence,
    }
}

fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Where a phrase starts in the README, as well as line-wrapped text allows.
fn line_of_phrase(path: &str, text: &str, phrase: &str) -> Location {
    let first_word = phrase.split_whitespace().next().unwrap_or(phrase);
    let line = text
        .lines()
        .position(|l| l.to_lowercase().contains(first_word))
        .map(|i| i + 1);
    Location {
        path: path.to_string(),
        line,
        note: format!("template text: \"{phrase}\""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn templates() -> Vec<Template> {
        vec![
            Template {
                id: "readme-boilerplate".into(),
                name: "README template".into(),
                readme_phrases: vec!["one paragraph of project description goes here".into()],
                paths: vec![],
            },
            Template {
                id: "flaskr".into(),
                name: "Flask tutorial".into(),
                readme_phrases: vec![],
                paths: vec![vec!["flaskr/__init__.py".into(), "flaskr/blog.py".into()]],
            },
        ]
    }

    #[test]
    fn readme_phrase_across_line_breaks() {
        let readme = "# Project Title\n\nOne Paragraph of project\ndescription goes here\n";
        let found = detect(Some(("README.md", readme)), |_| false, &templates()).expect("match");
        assert_eq!(found.id, "readme-boilerplate");
        assert_eq!(found.evidence[0].line, Some(3));
    }

    #[test]
    fn tutorial_layout_needs_every_path() {
        let both = |p: &str| p == "flaskr/__init__.py" || p == "flaskr/blog.py";
        assert_eq!(
            detect(None, both, &templates()).map(|m| m.id),
            Some("flaskr".into())
        );
        let one = |p: &str| p == "flaskr/__init__.py";
        assert!(detect(None, one, &templates()).is_none());
    }

    #[test]
    fn an_edited_readme_matches_nothing() {
        assert!(
            detect(
                Some(("README.md", "# Tides\n\nFinds low tides.\n")),
                |_| false,
                &templates()
            )
            .is_none()
        );
    }
}
