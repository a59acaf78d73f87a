//! README facts: what a reviewer looks for in the first minute.
//!
//! Markdown is parsed with pulldown-cmark, reStructuredText and plain text
//! with a small block scanner; both produce the same list of [`Block`]s, which
//! one format-independent analysis turns into [`Readme`] facts.

mod analysis;
mod instructions;
mod markdown;
mod rst;

use serde::Serialize;

use super::Location;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Quality {
    None,
    Thin,
    Adequate,
    Detailed,
}

impl Quality {
    pub fn as_str(self) -> &'static str {
        match self {
            Quality::None => "none",
            Quality::Thin => "thin",
            Quality::Adequate => "adequate",
            Quality::Detailed => "detailed",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReadmeFormat {
    Markdown,
    Rst,
    Plain,
}

/// One structural piece of a README, in document order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading {
        level: u8,
        text: String,
        line: usize,
    },
    /// Prose: a paragraph, list item or table row; `words` excludes code and images.
    Prose {
        text: String,
        words: usize,
        line: usize,
    },
    Code {
        lang: String,
        text: String,
        line: usize,
    },
    InlineCode {
        text: String,
        line: usize,
    },
    Image {
        target: String,
        line: usize,
    },
    Link {
        target: String,
        line: usize,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub target: String,
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct Readme {
    pub path: String,
    pub format: ReadmeFormat,
    pub words: usize,
    pub headings: Vec<Heading>,
    pub code_blocks: usize,
    pub images: Vec<Reference>,
    pub links: Vec<Reference>,
    pub title: Option<String>,
    /// The first paragraph of prose, the project's own words about itself.
    pub opening: Option<String>,
    pub description: Option<Location>,
    pub install: Option<Location>,
    pub usage: Option<Location>,
    /// A link out to the project's documentation for installing it.
    pub install_docs: Option<Location>,
    /// A link out to the project's documentation for using it.
    pub usage_docs: Option<Location>,
    /// The command the README gives for running the tests.
    pub test_command: Option<Location>,
    /// A results/demo section with content. Images count as results too;
    /// whether one is committed is known only with the tree (DOC007).
    pub results_section: Option<Location>,
    pub quality: Quality,
    /// Top-level modules the README's code examples import (`from tides
    /// import …`): a library shows its API this way.
    pub imports_shown: Vec<String>,
}

/// Parses a README's text; the format comes from the file name, and an
/// extension-less or `.txt` README that is written in Markdown is read as such.
pub use analysis::is_badge;

impl Readme {
    /// The README sends readers to the project's documentation: a link
    /// labelled for installing or using it, or any link to a docs site
    /// (Read the Docs, `docs.…`, GitHub Pages).
    pub fn points_to_docs(&self) -> bool {
        self.install_docs.is_some()
            || self.usage_docs.is_some()
            || self.links.iter().any(|l| is_docs_site(&l.target))
    }
}

fn is_docs_site(target: &str) -> bool {
    let Some(rest) = target
        .strip_prefix("https://")
        .or_else(|| target.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    host.ends_with(".readthedocs.io")
        || host.ends_with(".readthedocs.org")
        || host.starts_with("docs.") && !host.starts_with("docs.python.org")
        || host.ends_with(".github.io")
}

pub fn parse(path: &str, text: &str) -> Readme {
    let format = format_of(path, text);
    let blocks = match format {
        ReadmeFormat::Markdown => markdown::blocks(text),
        ReadmeFormat::Rst | ReadmeFormat::Plain => rst::blocks(text),
    };
    analysis::analyse(path, format, &blocks)
}

fn format_of(path: &str, text: &str) -> ReadmeFormat {
    let lower = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    if lower.ends_with(".md") || lower.ends_with(".markdown") || lower.ends_with(".mdown") {
        ReadmeFormat::Markdown
    } else if lower.ends_with(".rst") || lower.ends_with(".rest") {
        ReadmeFormat::Rst
    } else if text
        .lines()
        .any(|line| line.starts_with("# ") || line.starts_with("## ") || line.starts_with("```"))
    {
        ReadmeFormat::Markdown
    } else {
        ReadmeFormat::Plain
    }
}

/// Words of prose: whitespace-separated tokens holding a letter or digit.
pub fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|token| token.chars().any(char::is_alphanumeric))
        .count()
}

pub(crate) use crate::facts::lines::LineIndex;

/// The repository path a README link points at, or `None` for URLs and anchors.
pub fn local_target(base: &str, target: &str) -> Option<String> {
    let target = target.trim();
    let lower = target.to_ascii_lowercase();
    // An e-mail address (reST turns `<someone@example.org>` into a link
    // target) or any `scheme:` target is not a file.
    let scheme = lower.split_once(':').is_some_and(|(s, _)| {
        s.len() > 1
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    let email = target.contains('@') && !target.contains('/');
    let is_external = scheme
        || email
        || lower.contains("://")
        || lower.starts_with("data:")
        || lower.starts_with("//")
        || lower.starts_with('#')
        || lower.starts_with("tel:");
    if is_external || target.is_empty() {
        return None;
    }
    let path = target
        .split(['#', '?'])
        .next()
        .unwrap_or("")
        .replace("%20", " ");
    let mut parts: Vec<&str> = if path.starts_with('/') || base.is_empty() {
        Vec::new()
    } else {
        base.split('/').collect()
    };
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}
