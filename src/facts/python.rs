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

static TEST_DEF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*(?:async[ \t]+)?def[ \t]+test\w*[ \t]*\(").expect("test def pattern")
});
static CLI_IMPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*(?:import|from)[ \t]+(?:argparse|click|typer|fire|docopt)\b")
        .expect("cli import pattern")
});
static MAIN_GUARD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^if[ \t]+__name__[ \t]*==[ \t]*['"]__main__['"]"#)
        .expect("main guard pattern")
});

pub fn summarise(text: &str) -> PythonSummary {
    PythonSummary {
        test_functions: TEST_DEF
            .find_iter(text)
            .map(|m| line_of(text, m.start()))
            .collect(),
        cli_import_line: CLI_IMPORT.find(text).map(|m| line_of(text, m.start())),
        has_main_guard: MAIN_GUARD.is_match(text),
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
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
    fn main_guard_is_recognised() {
        assert!(
            summarise("def main():\n    pass\n\nif __name__ == '__main__':\n    main()\n")
                .has_main_guard
        );
    }
}
