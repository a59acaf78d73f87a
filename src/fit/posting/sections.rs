//! Where a posting's sections start and what they hold: required asks,
//! optional ones, or nothing (the company blurb, the benefits), from
//! headings in English, German, French and Spanish.

/// The section a line sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Section {
    Required,
    Nice,
    /// The company blurb, benefits, how to apply: asks nothing.
    Skip,
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

pub(super) fn contains_phrase(lower: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| {
        lower.match_indices(p).any(|(at, _)| {
            let before = lower[..at].chars().next_back();
            let after = lower[at + p.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    })
}

pub(super) fn says_nice(clause: &str) -> bool {
    contains_phrase(&clause.to_lowercase(), NICE)
}

/// The section a heading opens, if the line is one: a Markdown heading, a
/// bold line, a short line ending in `:`, a line in capitals, or a short
/// line that starts with a section's phrase ("Nice to have", "Bonus").
pub(super) fn heading(raw: &str, line: &str, no_technology: bool) -> Option<Section> {
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
