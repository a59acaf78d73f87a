//! Reading a job posting as recruiters paste it: plain text or Markdown,
//! headings with or without colons, in capitals, in English, German,
//! French or Spanish; optional sections; either/or lists; negations; the
//! company blurb and the benefits skipped. Every technology the posting
//! names becomes an ask, checkable or not, from the technology vocabulary
//! (`rules/technologies.toml`). The text is untrusted: size-capped by the
//! caller, matched by linear-time regexes only.

mod clauses;
mod sections;
mod vocabulary;

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::catalog::Role;
use clauses::{clauses, groups, negated};
use sections::{Section, heading, says_nice};
pub use vocabulary::Vocabulary;

/// One thing a posting asks for: a technology, or a group of them any one
/// of which meets it ("Django, Flask or FastAPI").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    /// The technologies that meet it (ids), in the posting's order.
    pub options: Vec<String>,
    /// The skills that would show it (skills.toml ids); empty where a
    /// repository cannot show it.
    pub skills: Vec<String>,
    /// As the report names it: "Django, Flask or FastAPI".
    pub name: String,
    pub required: bool,
    /// 1-based line where it is first asked for.
    pub line: usize,
}

/// A posting, read: its asks and role, and the technology-shaped words
/// the vocabulary does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    pub role: Option<String>,
    pub asks: Vec<Ask>,
    pub unknown: Vec<String>,
}

/// Unknown words kept, so a hostile posting cannot flood a report.
const MAX_UNKNOWN: usize = 40;

pub fn read(text: &str, vocabulary: &Vocabulary, roles: &[Role]) -> Posting {
    let mut asks: Vec<Ask> = Vec::new();
    let mut section = Section::Required;
    let mut heading_lines = BTreeSet::new();
    for (index, raw) in text.lines().enumerate() {
        let line = strip_markup(raw);
        if line.is_empty() {
            continue;
        }
        let hits = vocabulary.hits(line);
        if let Some(kind) = heading(raw, line, hits.is_empty()) {
            section = kind;
            heading_lines.insert(index);
            if hits.is_empty() || kind == Section::Skip {
                continue;
            }
        }
        if section == Section::Skip {
            continue;
        }
        for clause in clauses(line) {
            if negated(clause) {
                continue;
            }
            let nice = section == Section::Nice || says_nice(clause);
            let hits = vocabulary.hits(clause);
            for group in groups(clause, &hits, vocabulary) {
                let options: Vec<String> = group
                    .iter()
                    .map(|h| vocabulary.technologies[h.tech].id.clone())
                    .collect();
                add(&mut asks, options, !nice, index + 1, vocabulary);
            }
        }
    }
    let role = named_role(text, roles).or_else(|| implied_role(&asks, roles));
    Posting {
        role,
        asks,
        unknown: unknown_words(text, vocabulary, roles, &heading_lines),
    }
}

/// Adds an ask, or makes an earlier one required. A technology asked
/// alone and in a group is one ask: the alone one.
fn add(
    asks: &mut Vec<Ask>,
    options: Vec<String>,
    required: bool,
    line: usize,
    vocabulary: &Vocabulary,
) {
    let mut unique: Vec<String> = Vec::new();
    for option in options {
        if !unique.contains(&option) {
            unique.push(option);
        }
    }
    if let Some(same) = asks.iter_mut().find(|a| a.options == unique) {
        same.required |= required;
        return;
    }
    if unique.len() == 1 {
        // Alone now: it replaces the groups it sat in before.
        asks.retain(|a| a.options.len() == 1 || !a.options.contains(&unique[0]));
    } else if asks
        .iter()
        .any(|a| a.options.len() == 1 && unique.contains(&a.options[0]))
    {
        return;
    }
    let names: Vec<&str> = unique
        .iter()
        .filter_map(|id| vocabulary.technology(id).map(|t| t.name.as_str()))
        .collect();
    let mut skills: Vec<String> = Vec::new();
    for skill in unique.iter().filter_map(|id| vocabulary.skill_of(id)) {
        if !skills.contains(&skill.id) {
            skills.push(skill.id.clone());
        }
    }
    asks.push(Ask {
        name: join_or(&names),
        skills,
        options: unique,
        required,
        line,
    });
}

fn join_or(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// The line without Markdown and list markers.
fn strip_markup(raw: &str) -> &str {
    let mut line = raw.trim();
    line = line.trim_start_matches('#').trim();
    for marker in ["- ", "* ", "• ", "· ", "– ", "+ "] {
        if let Some(rest) = line.strip_prefix(marker) {
            line = rest.trim();
        }
    }
    if let Some(end) = line.find(['.', ')']).filter(|&end| end <= 3)
        && line[..end].chars().all(|c| c.is_ascii_digit())
        && end > 0
    {
        line = line[end + 1..].trim();
    }
    line.trim_matches('*').trim_matches('_').trim()
}

/// A role's titles: its name and `aliases`.
fn role_pattern(role: &Role) -> Option<Regex> {
    let mut terms: Vec<String> = std::iter::once(&role.name)
        .chain(&role.aliases)
        .map(|t| regex::escape(t.trim()))
        .filter(|t| !t.is_empty())
        .collect();
    terms.sort_by_key(|t| std::cmp::Reverse(t.len()));
    Regex::new(&format!(r"(?i)\b(?:{})\b", terms.join("|"))).ok()
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
/// for most; ties go to the role more of whose skills are asked, then by
/// id, never by the order of the roles file.
fn implied_role(asks: &[Ask], roles: &[Role]) -> Option<String> {
    let asked: BTreeSet<&str> = asks
        .iter()
        .flat_map(|a| &a.skills)
        .map(String::as_str)
        .collect();
    let count = |ids: &[String]| ids.iter().filter(|s| asked.contains(s.as_str())).count();
    roles
        .iter()
        .map(|role| {
            let distinctive = if role.requires.is_empty() {
                &role.skills
            } else {
                &role.requires
            };
            (count(distinctive), count(&role.skills), role)
        })
        .filter(|(hits, _, _)| *hits > 0)
        .max_by(|a, b| {
            (a.0, a.1)
                .cmp(&(b.0, b.1))
                .then_with(|| b.2.id.cmp(&a.2.id))
        })
        .map(|(_, _, role)| role.id.clone())
}

/// Words shaped like technology names (inner capitals or digits, `.js`,
/// short acronyms) that neither the vocabulary, a role title nor the
/// stop-list knows, outside headings. Plain capitalised words are left
/// out: in prose they cannot be told from names and sentence starts.
fn unknown_words(
    text: &str,
    vocabulary: &Vocabulary,
    roles: &[Role],
    heading_lines: &BTreeSet<usize>,
) -> Vec<String> {
    static WORD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:[A-Z][a-z]*[A-Z0-9][A-Za-z0-9]*(?:\.js)?|[A-Z][a-z]+\.js|[A-Z]{2,6}s?)\b")
            .expect("technology word pattern")
    });
    let role_patterns: Vec<Regex> = roles.iter().filter_map(role_pattern).collect();
    let mut found = BTreeSet::new();
    for (index, line) in text.lines().enumerate() {
        if heading_lines.contains(&index) {
            continue;
        }
        let covered: Vec<(usize, usize)> = vocabulary
            .hits(line)
            .iter()
            .map(|h| (h.start, h.end))
            .chain(
                role_patterns
                    .iter()
                    .flat_map(|p| p.find_iter(line).map(|m| (m.start(), m.end()))),
            )
            .collect();
        // Spans in order of start: a word is inside one when the furthest
        // end among those starting at or before it reaches past it.
        let mut covered = covered;
        covered.sort_unstable();
        let mut reach = 0;
        let furthest: Vec<usize> = covered
            .iter()
            .map(|&(_, end)| {
                reach = reach.max(end);
                reach
            })
            .collect();
        for word in WORD.find_iter(line) {
            let before = covered.partition_point(|&(start, _)| start <= word.start());
            let inside = before > 0 && furthest[before - 1] >= word.end();
            let known = vocabulary
                .by_lower
                .contains_key(&word.as_str().to_lowercase())
                || vocabulary.by_exact.contains_key(word.as_str());
            if inside || known || NOT_TECHNOLOGIES.contains(&word.as_str()) {
                continue;
            }
            found.insert(word.as_str().to_string());
            if found.len() >= MAX_UNKNOWN {
                return found.into_iter().collect();
            }
        }
    }
    found.into_iter().collect()
}

/// Capitalised words of job posts that are not technologies: places,
/// degrees, HR terms, SQL keywords, conferences.
const NOT_TECHNOLOGIES: &[&str] = &[
    "US",
    "USA",
    "UK",
    "EU",
    "CV",
    "HR",
    "PTO",
    "OK",
    "FAQ",
    "CEO",
    "CTO",
    "CFO",
    "COO",
    "VP",
    "EOE",
    "NYC",
    "SF",
    "TBD",
    "ASAP",
    "BSc",
    "MSc",
    "PhD",
    "BA",
    "MA",
    "BS",
    "MS",
    "IT",
    "We",
    "PM",
    "AM",
    "Q1",
    "Q2",
    "Q3",
    "Q4",
    "UTC",
    "GMT",
    "CET",
    "CEST",
    "EST",
    "PST",
    "OTE",
    "YoE",
    "LinkedIn",
    "API",
    "APIs",
    "QA",
    "UI",
    "UX",
    "ML",
    "AI",
    "GPU",
    "GPUs",
    "CPU",
    "CPUs",
    "SaaS",
    "PaaS",
    "B2B",
    "B2C",
    "KPI",
    "KPIs",
    "OKR",
    "OKRs",
    "SLA",
    "SLAs",
    "MVP",
    "R&D",
    "EMEA",
    "APAC",
    "DACH",
    "GmbH",
    "AG",
    "Inc",
    "LLC",
    "SELECT",
    "JOIN",
    "JOINs",
    "WHERE",
    "FROM",
    "GROUP",
    "BY",
    "ORDER",
    "INSERT",
    "UPDATE",
    "DELETE",
    "CREATE",
    "TABLE",
    "INDEX",
    "UNION",
    "HAVING",
    "LEFT",
    "RIGHT",
    "INNER",
    "OUTER",
    "VIEW",
    "CTE",
    "CTEs",
    "DDL",
    "DML",
    "PyCon",
    "EuroPython",
    "PyData",
    "NeurIPS",
    "ICML",
    "ICLR",
    "CVPR",
    "KDD",
    "ACL",
    "EMNLP",
    "FTE",
    "WFH",
    "DEI",
    "ESOP",
    "RSU",
    "RSUs",
    "NDA",
    "IPO",
    "ISO",
    "CS",
    "STEM",
    "MBA",
    "II",
    "III",
    "IV",
    "AND",
    "OR",
    "THE",
    "YOU",
    "OUR",
    "WE",
    "FOR",
    "TO",
    "OF",
    "IN",
    "ON",
    "WITH",
    "ARE",
    "IS",
    "A",
];
