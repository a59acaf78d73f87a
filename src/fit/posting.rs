//! Reading a job posting as recruiters paste it: plain text or Markdown,
//! headings with or without colons, in capitals, in English, German,
//! French or Spanish; optional sections; either/or lists; negations; the
//! company blurb and the benefits skipped. Every technology the posting
//! names becomes an ask, checkable or not, from the technology vocabulary
//! (`rules/technologies.toml`). The text is untrusted: size-capped by the
//! caller, matched by linear-time regexes only.

use std::collections::{BTreeSet, HashMap};
use std::sync::LazyLock;

use regex::Regex;

use crate::catalog::{Role, Technology};
use crate::facts::skills::Skill;

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

/// The section a line sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Required,
    Nice,
    /// The company blurb, benefits, how to apply: asks nothing.
    Skip,
}

/// The vocabulary a posting is read with: technologies (and skills'
/// extra aliases from a rule pack), as one pattern for case-insensitive
/// terms and one for case-sensitive ones.
pub struct Vocabulary<'a> {
    technologies: Vec<Technology>,
    skills: &'a [Skill],
    any_case: Option<Regex>,
    exact_case: Option<Regex>,
    /// Lower-cased term → technology index (case-insensitive terms).
    by_lower: HashMap<String, usize>,
    /// Term as written → technology index (case-sensitive terms).
    by_exact: HashMap<String, usize>,
}

/// A technology found in a clause, with its byte span.
#[derive(Debug, Clone, Copy)]
struct Hit {
    tech: usize,
    start: usize,
    end: usize,
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
    fn hits(&self, text: &str) -> Vec<Hit> {
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

/// Phrases that start an optional section, or mark a line optional.
const NICE: &[&str] = &[
    "nice to have",
    "nice-to-have",
    "nice to haves",
    "nice-to-haves",
    "bonus",
    "a plus",
    "is a plus",
    "preferred",
    "desirable",
    "would be great",
    "would be nice",
    "good to have",
    "great to have",
    "extra credit",
    "ideally",
    "would love",
    "optional",
    "wünschenswert",
    "von vorteil",
    "ein plus",
    "idealerweise",
    "souhaité",
    "souhaitable",
    "un plus",
    "apprécié",
    "deseable",
    "valorable",
    "se valorará",
    "valoramos",
];

/// Headings of the parts that ask for what the job needs.
const REQUIRED: &[&str] = &[
    "requirements",
    "required",
    "must have",
    "must-have",
    "must haves",
    "must-haves",
    "qualifications",
    "what you bring",
    "what you'll bring",
    "what we're looking for",
    "what we are looking for",
    "you have",
    "you bring",
    "your profile",
    "your skills",
    "skills",
    "responsibilities",
    "what you will do",
    "what you'll do",
    "tech stack",
    "our stack",
    "the role",
    "about you",
    "anforderungen",
    "dein profil",
    "ihr profil",
    "deine aufgaben",
    "ihre aufgaben",
    "aufgaben",
    "profil",
    "requisitos",
    "responsabilidades",
    "perfil",
    "exigences",
    "profil recherché",
    "compétences",
    "missions",
    "vos missions",
];

/// Headings of the parts that ask nothing.
const SKIP: &[&str] = &[
    "benefits",
    "what we offer",
    "we offer",
    "perks",
    "about us",
    "about the company",
    "about the team",
    "who we are",
    "our company",
    "compensation",
    "salary",
    "why join",
    "why you'll love",
    "equal opportunity",
    "how to apply",
    "wir bieten",
    "was wir bieten",
    "über uns",
    "nous offrons",
    "avantages",
    "à propos",
    "qui sommes-nous",
    "ofrecemos",
    "sobre nosotros",
    "beneficios",
];

fn contains_phrase(lower: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| {
        lower.match_indices(p).any(|(at, _)| {
            let before = lower[..at].chars().next_back();
            let after = lower[at + p.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    })
}

fn says_nice(clause: &str) -> bool {
    contains_phrase(&clause.to_lowercase(), NICE)
}

/// The section a heading opens, if the line is one: a Markdown heading, a
/// bold line, a short line ending in `:`, a line in capitals, or a short
/// line that starts with a section's phrase ("Nice to have", "Bonus").
fn heading(raw: &str, line: &str, no_technology: bool) -> Option<Section> {
    let raw = raw.trim();
    let lower = line.to_lowercase();
    let words = line.split_whitespace().count();
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    let capitals = letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase());
    let marked = raw.starts_with('#')
        || (raw.starts_with("**") && raw.ends_with("**"))
        || (raw.ends_with(':') && raw.len() <= 80);
    let short = words <= 8 && !line.ends_with('.');
    let opens_with = |phrases: &[&str]| {
        phrases.iter().any(|p| {
            lower.starts_with(p)
                || lower.starts_with(&format!("it {p}"))
                || lower.starts_with("it would be great if") && *p == "would be great"
        })
    };
    let kind = if contains_phrase(&lower, SKIP) && (marked || capitals || short) {
        Section::Skip
    } else if contains_phrase(&lower, NICE) || lower.split_whitespace().next() == Some("plus") {
        Section::Nice
    } else {
        Section::Required
    };
    let is_heading = ((marked || capitals) && words <= 10)
        || (short && no_technology && (opens_with(NICE) || opens_with(REQUIRED)))
        || (short && kind == Section::Skip && opens_with(SKIP))
        || (no_technology && words <= 12 && lower.starts_with("it would be great if"));
    is_heading.then_some(kind)
}

/// A line's clauses: a negation or an option covers only its own.
fn clauses(line: &str) -> Vec<&str> {
    static SPLIT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i);|\.\s|\s(?:but|however|aber|mais|pero)\s").expect("clause pattern")
    });
    SPLIT.split(line).filter(|c| !c.trim().is_empty()).collect()
}

/// "No prior Docker experience required", "we do not expect Kubernetes",
/// "keine Docker-Kenntnisse erforderlich": the clause asks nothing.
fn negated(clause: &str) -> bool {
    static NEGATION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\b(?:no|not|don't|do not|doesn't|does not|never|keine?|nicht|pas|ningún|ninguna|sin)\b.*\b(?:required|needed|necessary|expected|expect|need|requirement|a must|erforderlich|notwendig|nötig|vorausgesetzt|requis|requise|nécessaire|necesari[oa]|requiere|requerid[oa])\b",
        )
        .expect("negation pattern")
    });
    NEGATION.is_match(clause)
}

/// How two neighbouring technologies are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    Comma,
    Or,
    Break,
}

fn link(between: &str) -> Link {
    let words: Vec<String> = between
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    match words.as_slice() {
        [] => Link::Comma,
        [w] if matches!(w.as_str(), "or" | "oder" | "o" | "ou" | "/" | "|") => Link::Or,
        [w, o] if w == "and/" || (w == "and" && o == "/") => Link::Or,
        _ if between.trim() == "/" => Link::Or,
        _ => Link::Break,
    }
}

/// The clause's asks: runs of technologies joined by commas and an "or"
/// (or in a clause that says "either" or "one of") are one ask each; the
/// rest are one each.
fn groups(clause: &str, hits: &[Hit], vocabulary: &Vocabulary) -> Vec<Vec<Hit>> {
    // `pytest-django` names a pytest plugin: the ask is pytest.
    let mut plain: Vec<Hit> = Vec::new();
    for hit in hits {
        if plain
            .last()
            .is_some_and(|last| &clause[last.end..hit.start] == "-")
        {
            continue;
        }
        plain.push(*hit);
    }
    // What a parenthesis adds ("AWS (S3, Lambda) or GCP") is asked on its
    // own; the words around it are grouped as if it were not there.
    // One pass: the parenthesis depth at each hit (hits are in order).
    let (mut inner, mut outer) = (Vec::new(), Vec::new());
    let (mut depth, mut scanned) = (0isize, 0usize);
    for hit in plain {
        for c in clause[scanned..hit.start].chars() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
        }
        scanned = hit.start;
        if depth > 0 {
            inner.push(hit);
        } else {
            outer.push(hit);
        }
    }
    let kind = |hit: &Hit| vocabulary.technologies[hit.tech].kind.as_str();
    let mut found = grouped(clause, &outer, true, &kind);
    found.extend(grouped(clause, &inner, false, &kind));
    found.sort_by_key(|g| g[0].start);
    found
}

/// Text between two spans without what parentheses hold.
fn outside_parentheses(text: &str) -> String {
    let mut depth = 0usize;
    let mut kept = String::new();
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => kept.push(c),
            _ => {}
        }
    }
    kept
}

fn grouped<'k>(
    clause: &str,
    hits: &[Hit],
    skip_parentheses: bool,
    kind: &dyn Fn(&Hit) -> &'k str,
) -> Vec<Vec<Hit>> {
    let lower = clause.to_lowercase();
    let any_of = contains_phrase(
        &lower,
        &[
            "either",
            "one of",
            "any of",
            "at least one",
            "or similar",
            "or equivalent",
            "eines der",
            "uno de",
            "l'un des",
        ],
    );
    let mut groups: Vec<Vec<Hit>> = Vec::new();
    let mut run: Vec<Hit> = Vec::new();
    let mut has_or = false;
    let flush = |run: &mut Vec<Hit>, has_or: &mut bool, groups: &mut Vec<Vec<Hit>>| {
        if run.len() > 1 && (*has_or || any_of) {
            groups.push(std::mem::take(run));
        } else {
            groups.extend(run.drain(..).map(|h| vec![h]));
        }
        *has_or = false;
    };
    for hit in hits {
        if let Some(last) = run.last() {
            let between = &clause[last.end..hit.start];
            let between = if skip_parentheses {
                outside_parentheses(between)
            } else {
                between.to_string()
            };
            // "Python, PyTorch or TensorFlow": a language before a list of
            // frameworks is its own ask; options are of one kind.
            let same_kind = kind(last) == kind(hit);
            match link(&between) {
                Link::Or if same_kind => has_or = true,
                Link::Comma if same_kind => {}
                _ => flush(&mut run, &mut has_or, &mut groups),
            }
        }
        run.push(*hit);
    }
    flush(&mut run, &mut has_or, &mut groups);
    groups
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
