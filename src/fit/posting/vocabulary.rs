//! The technologies a posting is read with, found in its text as whole
//! words.

use std::collections::HashMap;

use regex::Regex;

use crate::catalog::Technology;
use crate::facts::skills::Skill;

/// The vocabulary a posting is read with: technologies (and skills'
/// extra aliases from a rule pack), as one pattern for case-insensitive
/// terms and one for case-sensitive ones.
pub struct Vocabulary<'a> {
    pub(super) technologies: Vec<Technology>,
    skills: &'a [Skill],
    any_case: Option<Regex>,
    exact_case: Option<Regex>,
    /// Lower-cased term → technology index (case-insensitive terms).
    pub(super) by_lower: HashMap<String, usize>,
    /// Term as written → technology index (case-sensitive terms).
    pub(super) by_exact: HashMap<String, usize>,
}

/// A technology found in a clause, with its byte span.
#[derive(Debug, Clone, Copy)]
pub(super) struct Hit {
    pub(super) tech: usize,
    pub(super) start: usize,
    pub(super) end: usize,
}

impl<'a> Vocabulary<'a> {
    pub fn new(technologies: &[Technology], skills: &'a [Skill]) -> Vocabulary<'a> {
        let mut technologies = technologies.to_vec();
        // A pack's skill aliases are spellings too.
        for skill in skills.iter().filter(|s| !s.aliases.is_empty()) {
            technologies.push(Technology {
                id: format!("skill:{}", skill.id),
                name: skill.name.clone(),
                aliases: skill.aliases.clone(),
                skill: Some(skill.id.clone()),
                case_sensitive: false,
                kind: String::new(),
            });
        }
        let mut by_lower = HashMap::new();
        let mut by_exact = HashMap::new();
        for (index, tech) in technologies.iter().enumerate() {
            for term in tech.terms() {
                let term = term.trim();
                if tech.case_sensitive {
                    by_exact.entry(term.to_string()).or_insert(index);
                } else {
                    by_lower.entry(term.to_lowercase()).or_insert(index);
                }
            }
        }
        let pattern = |terms: Vec<&String>, flags: &str| {
            let mut terms: Vec<String> = terms.into_iter().map(|t| regex::escape(t)).collect();
            // Longest first: the leftmost alternative wins, and `CI/CD`
            // must win over `CI`.
            terms.sort_by_key(|t| std::cmp::Reverse(t.len()));
            (!terms.is_empty())
                .then(|| Regex::new(&format!("{flags}(?:{})", terms.join("|"))).ok())
                .flatten()
        };
        Vocabulary {
            any_case: pattern(by_lower.keys().collect(), "(?i)"),
            exact_case: pattern(by_exact.keys().collect(), ""),
            technologies,
            skills,
            by_lower,
            by_exact,
        }
    }

    pub fn technology(&self, id: &str) -> Option<&Technology> {
        self.technologies.iter().find(|t| t.id == id)
    }

    /// The skill that shows a technology, if the audit can see it.
    pub fn skill_of(&self, id: &str) -> Option<&'a Skill> {
        let skill = self.technology(id)?.skill.as_deref()?;
        self.skills.iter().find(|s| s.id == skill)
    }

    /// Every technology named in `text`, in order, as whole words; common
    /// words ("containers", "statistics") only beside a technology name.
    pub(super) fn hits(&self, text: &str) -> Vec<Hit> {
        let mut hits = Vec::new();
        for (pattern, exact) in [(&self.any_case, false), (&self.exact_case, true)] {
            let Some(pattern) = pattern else { continue };
            let mut at = 0;
            while let Some(found) = pattern.find_at(text, at) {
                let term = found.as_str();
                let tech = if exact {
                    self.by_exact.get(term)
                } else {
                    self.by_lower.get(&term.to_lowercase())
                };
                if let Some(&tech) = tech.filter(|_| whole_word(text, found.start(), found.end())) {
                    hits.push(Hit {
                        tech,
                        start: found.start(),
                        end: found.end(),
                    });
                    at = found.end();
                } else {
                    // A term inside a word: look again one character on.
                    at = found.start()
                        + text[found.start()..]
                            .chars()
                            .next()
                            .map_or(1, char::len_utf8);
                }
            }
        }
        hits.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end)));
        // Overlaps (a case-sensitive term inside a longer one): the first,
        // longest wins.
        let mut kept: Vec<Hit> = Vec::new();
        for hit in hits {
            if kept.last().is_none_or(|last| hit.start >= last.end) {
                kept.push(hit);
            }
        }
        let named = kept.iter().any(|h| !is_common_word(&text[h.start..h.end]));
        kept.retain(|h| named || !is_common_word(&text[h.start..h.end]));
        kept
    }
}

/// Words that name a technology only beside one ("Docker containers",
/// not "shipping containers").
const COMMON_WORDS: &[&str] = &[
    "containers",
    "monitoring",
    "queues",
    "caching",
    "forecasting",
    "experimentation",
    "embedded",
    "async",
    "asynchronous",
    "typing",
    "mocking",
    "scraping",
    "cloud",
    "sprints",
    "debugging",
    "profiling",
    "security",
    "networking",
    "logging",
    "shell",
    "node",
    "linux",
];

fn is_common_word(term: &str) -> bool {
    COMMON_WORDS.contains(&term.to_lowercase().as_str())
}

/// Not inside a longer word: `Go` is not in `Google`, `CI` not in
/// `CIRCLE`; `/` and `-` separate (`Flask/Django`, `pytest-django`,
/// `PostgreSQL-Datenbanken`).
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let joins = |c: char| c.is_alphanumeric() || c == '_' || c == '+' || c == '#';
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    // `.js` after a name is part of it; a sentence's full stop is not.
    let dot_joins = after == Some('.')
        && text[end + 1..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric());
    !before.is_some_and(|c| joins(c) || c == '.') && !after.is_some_and(joins) && !dot_joins
}
