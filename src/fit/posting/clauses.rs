//! A line's clauses and what each asks: negated clauses ask nothing, and
//! technologies joined by "or" are one ask.

use std::sync::LazyLock;

use regex::Regex;

use super::sections::contains_phrase;
use super::vocabulary::{Hit, Vocabulary};

/// A line's clauses: a negation or an option covers only its own.
pub(super) fn clauses(line: &str) -> Vec<&str> {
    static SPLIT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i);|\.\s|\s(?:but|however|aber|mais|pero)\s").expect("clause pattern")
    });
    SPLIT.split(line).filter(|c| !c.trim().is_empty()).collect()
}

/// "No prior Docker experience required", "we do not expect Kubernetes",
/// "keine Docker-Kenntnisse erforderlich": the clause asks nothing.
pub(super) fn negated(clause: &str) -> bool {
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
pub(super) fn groups(clause: &str, hits: &[Hit], vocabulary: &Vocabulary) -> Vec<Vec<Hit>> {
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
