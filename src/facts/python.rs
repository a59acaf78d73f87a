//! A first, line-based reading of Python source: enough to count test
//! functions and spot command-line entry points. A real parser replaces this.

use std::sync::LazyLock;

use regex::Regex;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PythonSummary {
    /// Line numbers of `def test…` (functions and methods).
    pub test_functions: Vec<usize>,
    /// Line of an `argparse`, `click`, `typer`, `fire` or `docopt` import.
    pub cli_import_line: Option<usize>,
    pub has_main_guard: bool,
}

// Each pattern starts with a literal that is rare in Python source, so the
// regex engine skips ahead with a vectorised substring search; the rest of
// the line is checked afterwards. (`def test` covers formatted code.)
static TEST_DEF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"def test\w*[ \t]*\(").expect("test def pattern"));
static CLI_MODULE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:argparse|click|typer|fire|docopt)\b").expect("cli module pattern")
});
static CLI_IMPORT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]*(?:import|from)[ \t]+(?:argparse|click|typer|fire|docopt)\b")
        .expect("cli import pattern")
});
static MAIN_GUARD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^if[ \t]+__name__[ \t]*==[ \t]*['"]__main__['"]"#)
        .expect("main guard pattern")
});

pub fn summarise(text: &str) -> PythonSummary {
    let mut lines = LineCounter::new(text);
    let test_functions = TEST_DEF
        .find_iter(text)
        .filter(|m| starts_statement(text, m.start()))
        .map(|m| lines.line_of(m.start()))
        .collect();
    PythonSummary {
        test_functions,
        cli_import_line: CLI_MODULE
            .find_iter(text)
            .find(|m| CLI_IMPORT_LINE.is_match(line_around(text, m.start())))
            .map(|m| LineCounter::new(text).line_of(m.start())),
        has_main_guard: memchr::memmem::find(text.as_bytes(), b"__main__").is_some()
            && MAIN_GUARD.is_match(text),
    }
}

/// The whole line holding `offset`.
fn line_around(text: &str, offset: usize) -> &str {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    &text[start..end]
}

/// Whether only indentation, or `async`, precedes `offset` on its line.
fn starts_statement(text: &str, offset: usize) -> bool {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = text[line_start..offset].trim_start_matches([' ', '\t']);
    before.is_empty()
        || before
            .strip_prefix("async")
            .is_some_and(|rest| !rest.is_empty() && rest.trim().is_empty())
}

/// Line numbers for increasing offsets, counting each newline once.
struct LineCounter<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            text,
            offset: 0,
            line: 1,
        }
    }

    fn line_of(&mut self, offset: usize) -> usize {
        self.line += self.text.as_bytes()[self.offset..offset]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.offset = offset;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_functions_and_methods_named_test() {
        let src = "import click\n\ndef test_a():\n    assert 1\n\nclass TestB:\n    async def test_c(self):\n        pass\n\ndef helper():\n    pass\n";
        let summary = summarise(src);
        assert_eq!(summary.test_functions, vec![3, 7]);
        assert_eq!(summary.cli_import_line, Some(1));
        assert!(!summary.has_main_guard);
    }

    #[test]
    fn def_test_inside_an_expression_or_comment_is_not_a_test() {
        let src = "x = 1  # def test_nothing():\nname = 'def test_x('\n    def test_real(self):\n";
        assert_eq!(summarise(src).test_functions, vec![3]);
    }

    #[test]
    fn main_guard_is_recognised() {
        assert!(
            summarise("def main():\n    pass\n\nif __name__ == '__main__':\n    main()\n")
                .has_main_guard
        );
    }
}
