//! Instructions a README gives without a section for them: install and run
//! commands in code, list items or inline code, a code example, a link out
//! to the docs, and the modules its examples import.

use std::sync::LazyLock;

use regex::Regex;

use super::Block;

pub(super) static INSTALL_COMMAND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)\b(?:pip3?|python3? -m pip|uv pip|pipx) install\b|\bpoetry install\b|\buv sync\b",
        r"|\bpipenv install\b|\b(?:conda|mamba) (?:env create|create|install)\b|\bdocker[- ]compose up\b",
        r"|\bpdm install\b|\bhatch env create\b|\bmake install\b|\bsetup\.py (?:install|develop)\b",
    ))
    .expect("install command pattern")
});
/// Commands that only install packages: a line of these is no usage example
/// even where it looks like one (`python -m pip install x`). `docker compose
/// up` both sets a project up and runs it, so it is not here.
pub(super) static PACKAGE_INSTALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)\b(?:pip3?|python3? -m pip|uv pip|pipx) install\b|\bpoetry install\b|\buv sync\b",
        r"|\bpipenv install\b|\b(?:conda|mamba) (?:env create|create|install)\b",
        r"|\bpdm install\b|\bhatch env create\b|\bmake install\b|\bsetup\.py (?:install|develop)\b",
    ))
    .expect("package install pattern")
});
pub(super) static RUN_COMMAND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        // `python` runs a script (`x.py`) or a module (`-m x`); "Python
        // libraries: …" in a list is prose.
        r"(?i)(?:^|[\s$>])(?:(?-i:python3?)\s+(?:-m\s+[\w.]+|[\w./\\-]+\.py\b)|streamlit run\b|flask (?:--app \S+ )?run\b",
        r"|uvicorn\s|gunicorn\s|jupyter (?:notebook|lab)\b|docker run\b|docker[- ]compose up\b",
        r"|manage\.py runserver\b|make run\b|(?:poetry|uv|pipenv|hatch|pdm) run\s)",
    ))
    .expect("run command pattern")
});
/// The first line of code or prose matching `pattern` (and not `unless`).
/// A command that runs a test suite: what a reviewer types to see it pass.
pub(super) static TEST_COMMAND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?:^|[\s$>])(?:(?:uv run|poetry run|pdm run|pipenv run|hatch run)\s+)?",
        r"(?:pytest\b|py\.test\b|python3? -m (?:pytest|unittest)\b|tox\b|nox\b|make test\b",
        r"|hatch test\b|python3? manage\.py test\b|python3? -m django test\b)"
    ))
    .expect("test command pattern")
});

pub(super) fn command_line(
    blocks: &[Block],
    pattern: &Regex,
    unless: Option<&Regex>,
) -> Option<(usize, String)> {
    blocks.iter().find_map(|block| {
        let (text, first_line, prose) = match block {
            Block::Code { text, line, .. } => (text.as_str(), line + 1, false),
            Block::InlineCode { text, line } => (text.as_str(), *line, false),
            // A command written as its own short paragraph (in a list item,
            // under "Run"), not inside a sentence.
            Block::Prose { text, line, .. } => (text.as_str(), *line, true),
            _ => return None,
        };
        text.lines().enumerate().find_map(|(offset, line)| {
            if !pattern.is_match(line) || unless.is_some_and(|u| u.is_match(line)) {
                return None;
            }
            if prose && !is_bare_command(line, pattern) {
                return None;
            }
            Some((first_line + offset, line.trim().chars().take(80).collect()))
        })
    })
}

/// Modules imported in the README's code blocks, sorted and once each.
pub(super) fn imports_shown(blocks: &[Block]) -> Vec<String> {
    let mut modules: Vec<String> = blocks
        .iter()
        .filter_map(|block| match block {
            Block::Code { text, .. } => Some(text),
            _ => None,
        })
        .flat_map(|text| text.lines())
        .filter_map(|line| {
            let line = line.trim().trim_start_matches(">>>").trim();
            let rest = line
                .strip_prefix("from ")
                .or_else(|| line.strip_prefix("import "))?;
            let module = rest
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()?;
            (!module.is_empty()).then(|| module.to_string())
        })
        .collect();
    modules.sort();
    modules.dedup();
    modules
}

/// A short line that links out to the project's documentation for this
/// ("* `Installation`_" pointing at a docs site): the README tells where it
/// is written. A table-of-contents anchor (`#installation`) is not.
pub(super) fn docs_link(blocks: &[Block], pattern: &Regex) -> Option<(usize, String)> {
    // Lines with a link out, found once: the search stays linear in the
    // blocks (an 80,000-paragraph README once made it quadratic).
    let linked_lines: std::collections::HashSet<usize> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Link { target, line }
                if target.starts_with("https://") || target.starts_with("http://") =>
            {
                Some(*line)
            }
            _ => None,
        })
        .collect();
    blocks.iter().find_map(|block| {
        let Block::Prose { text, words, line } = block else {
            return None;
        };
        let labelled = *words <= 4 && pattern.is_match(text);
        (labelled && linked_lines.contains(line))
            .then(|| (*line, format!("link to the docs: {}", text.trim())))
    })
}

/// A prose line that is a command and nothing else: it starts with the
/// command (after an optional `$ `), is short, and is not a sentence.
fn is_bare_command(line: &str, pattern: &Regex) -> bool {
    let line = line.trim();
    let command = line.strip_prefix("$ ").unwrap_or(line);
    pattern.find(command).is_some_and(|m| m.start() == 0)
        && command.split_whitespace().count() <= 8
        && !command.ends_with(['.', ':', '!', '?'])
}

/// Line of the first Python code block (by its language or its imports).
pub(super) fn code_example(blocks: &[Block]) -> Option<usize> {
    blocks.iter().find_map(|block| match block {
        Block::Code { lang, text, line } => {
            let lang = lang.to_ascii_lowercase();
            let is_python = matches!(
                lang.as_str(),
                "python" | "py" | "python3" | "pycon" | "ipython"
            );
            let looks_python = text.contains(">>> ")
                || text.lines().any(|l| {
                    l.starts_with("import ") || (l.starts_with("from ") && l.contains(" import "))
                });
            (is_python || looks_python).then_some(*line)
        }
        _ => None,
    })
}
