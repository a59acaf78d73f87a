//! Fit to a job post: which skills a posting asks for (required or nice to
//! have), for which role, and which of them the project shows, with the
//! evidence. The posting is untrusted text: size-capped here, escaped by
//! every renderer.

use std::collections::BTreeSet;

use regex::Regex;
use serde::Serialize;

use crate::facts::Location;
use crate::facts::skills::{Skill, SkillFound};
use crate::fit::roles::Role;

/// The most of a posting that is read; job posts are a few KiB.
pub const MAX_POST_BYTES: usize = 256 * 1024;

/// Unknown technology words kept, so a hostile posting cannot flood a report.
const MAX_UNKNOWN: usize = 40;

/// A skill a posting asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    pub skill: String,
    pub required: bool,
    /// 1-based line of the posting where it is first asked for.
    pub line: usize,
}

/// A posting, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobPost {
    pub role: Option<String>,
    pub asks: Vec<Ask>,
    pub unknown: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct JobFit {
    /// The role id the posting is for, when it names or implies one.
    pub role: Option<String>,
    /// 0-100: required skills count twice, nice-to-have once.
    pub score: f64,
    pub matched: Vec<Matched>,
    pub missing: Vec<Missing>,
    /// Words that look like technologies but are not in the skills data.
    pub unknown: Vec<String>,
    /// The changes that would prove the most, best first (at most two).
    pub suggestions: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Matched {
    pub skill: String,
    pub name: String,
    pub required: bool,
    pub evidence: Location,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Missing {
    pub skill: String,
    pub name: String,
    pub required: bool,
    /// A manifest declares it but nothing uses it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared_at: Option<Location>,
}

impl JobPost {
    /// Reads a posting (plain text or Markdown). Text past
    /// [`MAX_POST_BYTES`] is not read.
    pub fn parse(text: &str, skills: &[Skill], roles: &[Role]) -> JobPost {
        let text = truncate(text, MAX_POST_BYTES);
        let matchers: Vec<(&Skill, Regex)> = skills
            .iter()
            .filter_map(|skill| Some((skill, terms_pattern(skill_terms(skill))?)))
            .collect();
        let mut asks: Vec<Ask> = Vec::new();
        let mut nice_section = false;
        for (index, line) in text.lines().enumerate() {
            let lower = line.to_lowercase();
            let nice_words = NICE.iter().any(|w| lower.contains(w));
            if is_heading(line) {
                nice_section = nice_words;
            }
            let required = !(nice_section || nice_words);
            for (skill, pattern) in &matchers {
                if !pattern.is_match(line) {
                    continue;
                }
                match asks.iter_mut().find(|a| a.skill == skill.id) {
                    Some(ask) => ask.required |= required,
                    None => asks.push(Ask {
                        skill: skill.id.clone(),
                        required,
                        line: index + 1,
                    }),
                }
            }
        }
        let role = named_role(text, roles).or_else(|| implied_role(&asks, roles));
        let role_patterns = roles.iter().filter_map(role_pattern);
        let known: Vec<Regex> = matchers
            .iter()
            .map(|(_, p)| p.clone())
            .chain(role_patterns)
            .collect();
        JobPost {
            role,
            asks,
            unknown: unknown_technologies(text, &known),
        }
    }
}

/// How well the skills shown meet the posting.
pub fn fit(post: &JobPost, shown: &[SkillFound], skills: &[Skill]) -> JobFit {
    let mut matched = Vec::new();
    let mut missing = Vec::new();
    for ask in &post.asks {
        let name = skills
            .iter()
            .find(|s| s.id == ask.skill)
            .map_or(ask.skill.clone(), |s| s.name.clone());
        let found = shown.iter().find(|s| s.id == ask.skill);
        match found {
            Some(found) if !found.declared_only => matched.push(Matched {
                skill: ask.skill.clone(),
                name,
                required: ask.required,
                evidence: found.evidence.clone(),
            }),
            _ => missing.push(Missing {
                skill: ask.skill.clone(),
                name,
                required: ask.required,
                declared_at: found.map(|f| f.evidence.clone()),
            }),
        }
    }
    let score = weighted_score(
        matched
            .iter()
            .map(|m| (m.required, true))
            .chain(missing.iter().map(|m| (m.required, false))),
    );
    // Required before nice-to-have, then in the posting's order.
    missing.sort_by_key(|m| !m.required);
    let suggestions = missing
        .iter()
        .take(2)
        .map(|m| suggestion(m, skills))
        .collect();
    JobFit {
        role: post.role.clone(),
        score,
        matched,
        missing,
        unknown: post.unknown.clone(),
        suggestions,
    }
}

impl JobFit {
    /// The section each report shows, as plain text for the renderer to
    /// escape: a title, then labelled lines.
    pub fn summary(&self) -> (String, Vec<(&'static str, String)>) {
        let title = format!(
            "Fit to the job post: {:.0}/100{}",
            self.score,
            self.role
                .as_deref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default()
        );
        let need = |required: bool| if required { "required" } else { "nice to have" };
        let mut lines = Vec::new();
        if self.matched.is_empty() && self.missing.is_empty() {
            lines.push((
                "asks",
                "no skill from the skills data is named in the posting".to_string(),
            ));
        }
        if !self.matched.is_empty() {
            let shown: Vec<String> = self
                .matched
                .iter()
                .map(|m| {
                    let at = match m.evidence.line {
                        Some(line) => format!("{}:{line}", m.evidence.path),
                        None => m.evidence.path.clone(),
                    };
                    format!("{} ({}) at {at}", m.name, need(m.required))
                })
                .collect();
            lines.push(("shows", shown.join("; ")));
        }
        if !self.missing.is_empty() {
            let missing: Vec<String> = self
                .missing
                .iter()
                .map(|m| format!("{} ({})", m.name, need(m.required)))
                .collect();
            lines.push(("missing", missing.join("; ")));
        }
        if !self.unknown.is_empty() {
            lines.push(("not in the skills data", self.unknown.join(", ")));
        }
        for suggestion in &self.suggestions {
            lines.push(("to prove more", suggestion.clone()));
        }
        (title, lines)
    }
}

/// 0-100, one decimal: the share of the asked skills (`required`, `shown`)
/// that are shown, required ones counting twice.
pub fn weighted_score(asks: impl Iterator<Item = (bool, bool)>) -> f64 {
    let weight = |required: bool| if required { 2.0 } else { 1.0 };
    // Folds from +0.0: an empty float sum is -0.0.
    let (asked, met): (f64, f64) = asks.fold((0.0, 0.0), |(asked, met), (required, shown)| {
        let w = weight(required);
        (asked + w, if shown { met + w } else { met })
    });
    if asked > 0.0 {
        (1000.0 * met / asked).round() / 10.0
    } else {
        0.0
    }
}

/// What would show a missing skill, from the skills data.
fn suggestion(missing: &Missing, skills: &[Skill]) -> String {
    let asked = if missing.required {
        "asks for"
    } else {
        "would welcome"
    };
    let skill = skills.iter().find(|s| s.id == missing.skill);
    if let Some(at) = &missing.declared_at {
        return format!(
            "The posting {asked} {}; {} declares it but no code uses it: use it where the project needs it, so a reviewer sees it working.",
            missing.name, at.path
        );
    }
    let shown_by = skill.and_then(|s| {
        s.imports
            .first()
            .map(|module| format!("code that imports `{module}`"))
            .or_else(|| {
                s.files
                    .first()
                    .map(|glob| format!("a `{}`", glob.trim_start_matches("**/")))
            })
    });
    match shown_by {
        Some(how) => format!(
            "The posting {asked} {}; nothing in the project shows it: {how}, exercised by a test, would.",
            missing.name
        ),
        None => format!(
            "The posting {asked} {}; nothing in the project shows it.",
            missing.name
        ),
    }
}

/// Words that put what follows (or the line itself) under nice-to-have.
const NICE: &[&str] = &[
    "nice to have",
    "nice-to-have",
    "bonus",
    "a plus",
    "is a plus",
    "preferred",
    "desirable",
    "would be great",
    "good to have",
];

/// A Markdown heading, or a short line ending in `:` ("Requirements:").
fn is_heading(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.starts_with('#')
        || (trimmed.ends_with(':') && trimmed.len() <= 60)
        || (trimmed.starts_with("**") && trimmed.ends_with("**") && trimmed.len() <= 60)
}

fn skill_terms(skill: &Skill) -> Vec<&str> {
    let mut terms: Vec<&str> = vec![skill.name.as_str()];
    terms.extend(skill.aliases.iter().map(String::as_str));
    terms
}

/// One case-insensitive pattern matching any of `terms` as whole words
/// (`C++` and `CI/CD` included; `CI` does not match inside `CIRCLE`).
fn terms_pattern(terms: Vec<&str>) -> Option<Regex> {
    let mut alternatives: Vec<String> = terms
        .iter()
        .filter(|t| !t.trim().is_empty())
        .map(|t| regex::escape(t.trim()))
        .collect();
    // Longest first: the leftmost alternative wins, and `CI/CD` must win
    // over `CI`.
    alternatives.sort_by_key(|t| std::cmp::Reverse(t.len()));
    if alternatives.is_empty() {
        return None;
    }
    Regex::new(&format!(
        r"(?i)(?:^|[^\w+#/.-])(?:{})(?:$|[^\w+#-])",
        alternatives.join("|")
    ))
    .ok()
}

/// A role's titles: its name and `aliases`.
fn role_pattern(role: &Role) -> Option<Regex> {
    let mut terms = vec![role.name.as_str()];
    terms.extend(role.aliases.iter().map(String::as_str));
    terms_pattern(terms)
}

/// The role whose title appears first in the posting's opening lines.
fn named_role(text: &str, roles: &[Role]) -> Option<String> {
    let opening: String = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(5)
        .collect::<Vec<_>>()
        .join("\n");
    roles
        .iter()
        .filter_map(|role| {
            let found = role_pattern(role)?.find(&opening)?;
            Some((found.start(), role.id.clone()))
        })
        .min()
        .map(|(_, id)| id)
}

/// Without a title: the role whose distinctive skills the posting asks
/// for most.
fn implied_role(asks: &[Ask], roles: &[Role]) -> Option<String> {
    let asked: BTreeSet<&str> = asks.iter().map(|a| a.skill.as_str()).collect();
    roles
        .iter()
        .map(|role| {
            let distinctive = if role.requires.is_empty() {
                &role.skills
            } else {
                &role.requires
            };
            let hits = distinctive
                .iter()
                .filter(|s| asked.contains(s.as_str()))
                .count();
            (hits, role)
        })
        .filter(|(hits, _)| *hits > 0)
        .max_by_key(|(hits, _)| *hits)
        .map(|(_, role)| role.id.clone())
}

/// Words shaped like technology names (inner capitals or digits, `.js`,
/// short acronyms: `GraphQL`, `K8s`, `Node.js`, `AWS`) that the skills data
/// does not know. Plain capitalised words (`Kafka`) are left out: in prose
/// they cannot be told from names and sentence starts.
fn unknown_technologies(text: &str, known: &[Regex]) -> Vec<String> {
    static WORD: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(r"\b(?:[A-Z][a-z]*[A-Z0-9][A-Za-z0-9]*(?:\.js)?|[A-Z][a-z]+\.js|[A-Z]{2,6}s?)\b")
            .expect("technology word pattern")
    });
    // What a known skill or role already covers (`GitHub` in `GitHub
    // Actions`, `CD` in `CI/CD`) is not unknown.
    let covered: Vec<(usize, usize)> = known
        .iter()
        .flat_map(|k| k.find_iter(text).map(|m| (m.start(), m.end())))
        .collect();
    let mut found = BTreeSet::new();
    for found_word in WORD.find_iter(text) {
        let word = found_word.as_str();
        let inside_known = covered
            .iter()
            .any(|&(start, end)| start <= found_word.start() && found_word.end() <= end);
        if inside_known || NOT_TECHNOLOGIES.contains(&word) {
            continue;
        }
        found.insert(word.to_string());
        if found.len() >= MAX_UNKNOWN {
            break;
        }
    }
    found.into_iter().collect()
}

/// Capitalised words of job posts that are not technologies.
const NOT_TECHNOLOGIES: &[&str] = &[
    "US", "USA", "UK", "EU", "CV", "HR", "PTO", "OK", "FAQ", "CEO", "CTO", "CFO", "EOE", "NYC",
    "TBD", "ASAP", "BSc", "MSc", "PhD", "BA", "MA", "IT", "We", "PM", "AM", "Q1", "Q2", "Q3", "Q4",
    "UTC", "GMT", "CET", "EST", "PST", "OTE", "YoE", "LinkedIn", "API", "APIs", "QA", "UI", "UX",
    "ML", "AI", "GPU", "GPUs", "CPU", "CPUs", "SaaS", "B2B", "B2C", "KPI", "KPIs",
];

fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Catalog;

    fn post(text: &str) -> JobPost {
        let catalog = Catalog::embedded().expect("catalog");
        JobPost::parse(text, &catalog.skills, &catalog.roles)
    }

    #[test]
    fn required_and_nice_to_have_skills_and_the_role() {
        let read = post(
            "# Backend Engineer\n\nRequirements:\n- Python and Django\n- Postgres in production\n\nNice to have:\n- Docker\n- Kubernetes and Terraform\n",
        );
        assert_eq!(read.role.as_deref(), Some("backend-developer"));
        let asks: Vec<(&str, bool, usize)> = read
            .asks
            .iter()
            .map(|a| (a.skill.as_str(), a.required, a.line))
            .collect();
        assert_eq!(
            asks,
            vec![("django", true, 4), ("sql", true, 5), ("docker", false, 8)]
        );
        assert!(read.unknown.is_empty(), "{:?}", read.unknown);
    }

    #[test]
    fn inline_plus_spellings_and_unknown_technologies() {
        let read = post(
            "We want strong scikit learn skills.\nExperience with GraphQL, AWS and K8s is a plus.\nPyTorch experience is a bonus.\n",
        );
        let asks: Vec<(&str, bool)> = read
            .asks
            .iter()
            .map(|a| (a.skill.as_str(), a.required))
            .collect();
        assert_eq!(asks, vec![("scikit-learn", true), ("deep-learning", false)]);
        assert_eq!(read.role.as_deref(), Some("machine-learning-engineer"));
        assert_eq!(read.unknown, vec!["AWS", "GraphQL", "K8s"]);
    }

    #[test]
    fn whole_words_only_and_a_capped_posting() {
        let read = post("CIRCLE of flasks; a Dockerized sqlalchemyx\n");
        assert!(read.asks.is_empty(), "{:?}", read.asks);
        let huge = "Flask ".repeat(MAX_POST_BYTES);
        let read = post(&huge);
        assert_eq!(read.asks.len(), 1);
    }
}
