//! The project's own subject, matched against the overdone-topic list.
//!
//! Only what names the project counts: its repository name, README title and
//! opening, and the names and columns of its notebooks and data files. A
//! library that ships a Titanic loader or uses Titanic in its docs is not
//! about the Titanic.

use serde::{Deserialize, Serialize};

/// One overdone topic, as data (`rules/topics.toml`).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    pub id: String,
    pub name: String,
    /// Words or phrases naming the topic (`titanic`, `tic tac toe`).
    pub words: Vec<String>,
    /// Words that name the topic only in notebook and data file names.
    #[serde(default)]
    pub file_words: Vec<String>,
    /// Column names of the topic's classic dataset (`Survived`, `Pclass`).
    #[serde(default)]
    pub columns: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicEvidence {
    pub source: &'static str,
    pub path: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, Default)]
pub struct Originality {
    pub topic: Option<String>,
    pub topic_name: Option<String>,
    pub evidence: Vec<TopicEvidence>,
}

/// What the project says about itself.
pub struct Subject<'a> {
    pub repo_name: &'a str,
    pub readme_path: Option<&'a str>,
    pub readme_title: Option<&'a str>,
    pub readme_opening: Option<&'a str>,
    /// Notebooks and data files outside docs, examples and tests.
    pub artefacts: Vec<&'a str>,
    /// (path, header line) of data files.
    pub data_headers: Vec<(&'a str, &'a str)>,
    /// An installable library speaks of its users' data, not its own subject.
    pub is_library: bool,
}

/// Data columns of a topic's dataset that must appear together.
const MIN_COLUMN_HITS: usize = 2;

pub fn detect(subject: &Subject, topics: &[Topic]) -> Originality {
    let mut best: Option<(usize, &Topic, Vec<TopicEvidence>)> = None;
    for topic in topics {
        let evidence = evidence_for(subject, topic);
        let strong = evidence
            .iter()
            .any(|e| e.source == "repository name" || e.source == "README title");
        let sources: std::collections::BTreeSet<&str> = evidence.iter().map(|e| e.source).collect();
        if !(strong || sources.len() >= 2) {
            continue;
        }
        let weight = evidence.len() + if strong { 10 } else { 0 };
        if best.as_ref().is_none_or(|(w, _, _)| weight > *w) {
            best = Some((weight, topic, evidence));
        }
    }
    match best {
        Some((_, topic, evidence)) => Originality {
            topic: Some(topic.id.clone()),
            topic_name: Some(topic.name.clone()),
            evidence,
        },
        None => Originality::default(),
    }
}

fn evidence_for(subject: &Subject, topic: &Topic) -> Vec<TopicEvidence> {
    let mut evidence = Vec::new();
    let file_words: Vec<String> = topic
        .words
        .iter()
        .chain(&topic.file_words)
        .cloned()
        .collect();
    let mut check = |source: &'static str, path: Option<&str>, text: &str, words: &[String]| {
        if mentions(text, words) {
            evidence.push(TopicEvidence {
                source,
                path: path.map(str::to_string),
                text: text.chars().take(120).collect(),
            });
        }
    };
    check("repository name", None, subject.repo_name, &topic.words);
    if let Some(title) = subject.readme_title {
        check("README title", subject.readme_path, title, &topic.words);
    }
    if let Some(opening) = subject.readme_opening {
        check("README opening", subject.readme_path, opening, &topic.words);
    }
    if subject.is_library {
        return evidence;
    }
    for path in &subject.artefacts {
        let name = path.rsplit('/').next().unwrap_or(path);
        let source = if name.to_ascii_lowercase().ends_with(".ipynb") {
            "notebook"
        } else {
            "data file"
        };
        check(source, Some(path), name, &file_words);
    }
    if !topic.columns.is_empty() {
        for (path, header) in &subject.data_headers {
            let columns: Vec<String> = header.split([',', '\t', ';']).map(squash).collect();
            let hits: Vec<&String> = topic
                .columns
                .iter()
                .filter(|wanted| columns.iter().any(|c| c == &squash(wanted)))
                .collect();
            if hits.len() >= MIN_COLUMN_HITS {
                evidence.push(TopicEvidence {
                    source: "data columns",
                    path: Some(path.to_string()),
                    text: hits
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
        }
    }
    evidence
}

/// Whether `text` names any of the phrases, as whole words, ignoring case,
/// separators and camelCase (`TitanicSurvival`, `tic-tac-toe`, `to_do_app`).
pub fn mentions(text: &str, phrases: &[String]) -> bool {
    let haystack = format!(" {} ", normalise(text));
    phrases
        .iter()
        .any(|phrase| haystack.contains(&format!(" {} ", normalise(phrase))))
}

fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous_lower = false;
    for c in text.chars() {
        if c.is_uppercase() && previous_lower {
            out.push(' ');
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else {
            out.push(' ');
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn squash(column: &str) -> String {
    column
        .trim()
        .trim_matches('"')
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titanic() -> Topic {
        Topic {
            id: "titanic".into(),
            name: "Titanic survival".into(),
            words: vec!["titanic".into()],
            file_words: vec![],
            columns: vec!["Survived".into(), "Pclass".into(), "Embarked".into()],
        }
    }

    fn subject<'a>(
        repo_name: &'a str,
        artefacts: Vec<&'a str>,
        headers: Vec<(&'a str, &'a str)>,
    ) -> Subject<'a> {
        Subject {
            repo_name,
            readme_path: None,
            readme_title: None,
            readme_opening: None,
            artefacts,
            data_headers: headers,
            is_library: false,
        }
    }

    #[test]
    fn notebook_plus_data_columns_name_the_topic() {
        let s = subject(
            "ml-project",
            vec!["Titanic.ipynb", "data/train.csv"],
            vec![("data/train.csv", "PassengerId,Survived,Pclass,Name")],
        );
        let found = detect(&s, &[titanic()]);
        assert_eq!(found.topic.as_deref(), Some("titanic"));
        let sources: Vec<&str> = found.evidence.iter().map(|e| e.source).collect();
        assert_eq!(sources, vec!["notebook", "data columns"]);
    }

    #[test]
    fn one_weak_hint_is_not_enough() {
        let s = subject("ml-project", vec!["notebooks/titanic_demo.ipynb"], vec![]);
        assert!(detect(&s, &[titanic()]).topic.is_none());
    }

    #[test]
    fn repository_name_alone_is_enough_and_camel_case_splits() {
        assert!(
            detect(&subject("TitanicSurvival", vec![], vec![]), &[titanic()])
                .topic
                .is_some()
        );
        assert!(
            detect(&subject("titanics-r-us", vec![], vec![]), &[titanic()])
                .topic
                .is_none()
        );
    }

    #[test]
    fn phrases_match_across_separators() {
        let words = vec!["tic tac toe".to_string()];
        assert!(mentions("Tic-Tac-Toe in Python", &words));
        assert!(mentions("tic_tac_toe", &words));
        assert!(!mentions("tictac", &words));
    }
}
