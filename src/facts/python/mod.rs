//! What a Python module holds, read with a real parser and never run.
//!
//! [`parser`] is the only file that knows the parser crate; everything else
//! sees the plain facts below, so swapping parsers touches one file.

mod nesting;
mod parser;

use std::sync::LazyLock;

use regex::Regex;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Function {
    pub name: String,
    /// The class it is defined in, for methods.
    pub class: Option<String>,
    pub line: usize,
    pub end_line: usize,
    /// Parameters other than `self`/`cls`.
    pub params: usize,
    pub annotated_params: usize,
    pub annotated_return: bool,
    pub docstring: bool,
    pub decorators: Vec<String>,
    /// `assert`, `self.assert*`, `pytest.raises`, mock `assert_*` calls….
    pub assertions: usize,
    /// The body is only `pass`, `...`, or `assert True`-like statements.
    pub trivial: bool,
    /// Names it calls directly (`helper(…)`, `self.helper(…)`), to follow
    /// one level of helpers that assert.
    pub calls: Vec<String>,
}

impl Function {
    pub fn lines(&self) -> usize {
        self.end_line.saturating_sub(self.line) + 1
    }

    pub fn is_public(&self) -> bool {
        !self.name.starts_with('_')
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Class {
    pub name: String,
    pub line: usize,
    /// Base classes as written (`unittest.TestCase`).
    pub bases: Vec<String>,
    pub docstring: bool,
    pub has_init: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// The first component of the imported module (`os` for `os.path`).
    pub module: String,
    pub line: usize,
    /// `from . import x`: the project's own code.
    pub relative: bool,
    /// A name it binds appears in the module outside import statements
    /// (comments and strings count: an unknown use is a use).
    pub used: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxProblem {
    pub line: usize,
    pub message: String,
}

/// Facts about one module (or one notebook's code cells).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ModuleFacts {
    pub lines: usize,
    /// Lines holding code: not blank, not only a comment.
    pub code_lines: usize,
    pub functions: Vec<Function>,
    pub classes: Vec<Class>,
    pub imports: Vec<Import>,
    pub docstring: bool,
    /// Executable statements at module level (calls, loops, assignments from
    /// calls), outside any function, class or `__main__` guard.
    pub top_level_statements: usize,
    pub main_guard: bool,
    pub bare_excepts: Vec<usize>,
    pub star_imports: Vec<usize>,
    pub syntax_errors: Vec<SyntaxProblem>,
    /// Line of Python 2 syntax (a `print` statement, `except X, e`).
    pub python2: Option<usize>,
    /// A "generated" or "do not edit" header.
    pub generated: bool,
    /// Django's `startproject` header: framework boilerplate.
    pub django_default_settings: bool,
}

impl ModuleFacts {
    pub fn parses(&self) -> bool {
        self.syntax_errors.is_empty()
    }

    /// Line of an `argparse`/`click`/`typer`/`fire`/`docopt` import.
    pub fn cli_import_line(&self) -> Option<usize> {
        self.imports
            .iter()
            .find(|i| {
                matches!(
                    i.module.as_str(),
                    "argparse" | "click" | "typer" | "fire" | "docopt"
                )
            })
            .map(|i| i.line)
    }
}

/// The syntax problem of a file nested too deeply to parse safely.
pub const TOO_DEEP: &str = "nested deeper than the parser's safe limit";

/// Parses Python source (3.x up to 3.14) and extracts its facts. Should
/// the parser itself fail on a hostile file, the file gets a syntax problem
/// saying so, and the audit goes on.
pub fn analyse(text: &str) -> ModuleFacts {
    let depth = nesting::estimate(text);
    if depth > nesting::MAX_DEPTH {
        let mut facts = ModuleFacts {
            syntax_errors: vec![SyntaxProblem {
                line: 1,
                message: format!("{TOO_DEEP} ({}); not parsed", nesting::MAX_DEPTH),
            }],
            ..ModuleFacts::default()
        };
        finish(text, &mut facts);
        return facts;
    }
    let parsed = std::panic::catch_unwind(|| parser::module_facts(text));
    let mut facts = parsed.unwrap_or_else(|_| ModuleFacts {
        syntax_errors: vec![SyntaxProblem {
            line: 1,
            message: "the Python parser failed on this file".into(),
        }],
        ..ModuleFacts::default()
    });
    finish(text, &mut facts);
    facts
}

/// Lines that are neither blank nor only a comment: what a reviewer counts
/// as the code someone wrote (docstrings included, as they read them).
fn code_lines(source: &str) -> usize {
    source
        .lines()
        .map(str::trim_start)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .count()
}

/// Only parses, keeping nothing: the floor an audit's parsing is measured against.
pub fn parse_only(text: &str) -> usize {
    parser::syntax_error_count(text)
}

fn finish(text: &str, facts: &mut ModuleFacts) {
    facts.generated = is_generated(text);
    facts.code_lines = code_lines(text);
    facts.django_default_settings = text
        .lines()
        .take(10)
        .any(|l| l.contains("Generated by 'django-admin startproject'"));
    if !facts.syntax_errors.is_empty() {
        facts.python2 = python2_line(text);
    }
}

static GENERATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)@generated|\bgenerated (?:by|from|with|automatically)\b|\bauto-?generated\b|do not edit")
        .expect("generated header pattern")
});

/// A header in the first lines saying the file is generated.
fn is_generated(text: &str) -> bool {
    let head_end = text
        .match_indices('\n')
        .nth(4)
        .map_or(text.len(), |(i, _)| i);
    GENERATED.is_match(&text[..head_end])
}

static PYTHON2: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^[ \t]*(?:print[ \t]+(?:["'\w>])|except[ \t]+[\w.]+[ \t]*,[ \t]*\w+[ \t]*:|exec[ \t]+["'\w])"#)
        .expect("python 2 pattern")
});

/// The line of the first Python 2 statement in a file that does not parse.
fn python2_line(text: &str) -> Option<usize> {
    PYTHON2
        .find(text)
        .map(|m| text[..m.start()].matches('\n').count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modern_syntax_parses() {
        let source = r#"
type Pair[T = int] = tuple[T, T]

class Box[T]:
    def get[U](self, x: U) -> T | U: ...

def area(shape):
    match shape:
        case {"w": w, "h": h}:
            return w * h
        case _:
            return 0

try:
    pass
except* ValueError:
    pass

name = "x"
print(f"{f'{name!r:>{10}}'}")
template = t"hello {name}"
"#;
        let facts = analyse(source);
        assert!(facts.parses(), "{:?}", facts.syntax_errors);
        assert_eq!(facts.classes[0].name, "Box");
        let names: Vec<&str> = facts.functions.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, vec!["get", "area"]);
    }

    #[test]
    fn python2_is_recognised() {
        let facts = analyse(
            "import sys\nprint \"hello\"\ntry:\n    x = 1\nexcept ValueError, e:\n    pass\n",
        );
        assert!(!facts.parses());
        assert_eq!(facts.python2, Some(2));
    }

    #[test]
    fn broken_file_still_gives_facts() {
        let facts = analyse("def ok():\n    return 1\n\ndef broken(:\n    pass\n");
        assert!(!facts.parses());
        assert!(facts.functions.iter().any(|f| f.name == "ok"));
        assert!(facts.syntax_errors[0].line >= 4);
        assert_eq!(facts.python2, None);
    }

    #[test]
    fn functions_carry_size_annotations_and_docstrings() {
        let source = "def f(a: int, b, *, c: str = 'x') -> int:\n    \"\"\"Doc.\"\"\"\n    return a\n\nclass K:\n    def m(self, x):\n        pass\n";
        let facts = analyse(source);
        let f = &facts.functions[0];
        assert_eq!(
            (f.line, f.end_line, f.params, f.annotated_params),
            (1, 3, 3, 2)
        );
        assert!(f.annotated_return && f.docstring);
        let m = &facts.functions[1];
        assert_eq!(
            (m.class.as_deref(), m.params, m.trivial),
            (Some("K"), 1, true)
        );
    }

    #[test]
    fn imports_star_bare_except_and_main_guard() {
        let source = "import os.path\nfrom . import sibling\nfrom numpy import *\n\ntry:\n    x = 1\nexcept:\n    pass\n\nif __name__ == \"__main__\":\n    main()\n";
        let facts = analyse(source);
        let imports: Vec<(&str, bool)> = facts
            .imports
            .iter()
            .map(|i| (i.module.as_str(), i.relative))
            .collect();
        assert_eq!(imports, vec![("os", false), ("", true), ("numpy", false)]);
        assert_eq!(facts.star_imports, vec![3]);
        assert_eq!(facts.bare_excepts, vec![7]);
        assert!(facts.main_guard);
        assert_eq!(facts.top_level_statements, 0);
    }

    #[test]
    fn script_statements_at_module_level_are_counted() {
        let facts = analyse(
            "\"\"\"Doc.\"\"\"\nimport pandas as pd\nLIMIT = 10\ndf = pd.read_csv('x.csv')\nfor row in df:\n    print(row)\nprint(df)\n",
        );
        assert_eq!(facts.top_level_statements, 3);
        assert!(facts.docstring);
    }

    #[test]
    fn assertions_and_trivial_tests() {
        let source = "import pytest\n\ndef test_a():\n    assert f() == 1\n\ndef test_true():\n    assert True\n\ndef test_pass():\n    pass\n\ndef test_raises():\n    with pytest.raises(ValueError):\n        f()\n\nclass T(unittest.TestCase):\n    def test_m(self):\n        self.assertEqual(1, 1)\n\ndef test_mock(m):\n    m.assert_called_once_with(1)\n\ndef test_nothing():\n    f()\n";
        let facts = analyse(source);
        let summary: Vec<(&str, usize, bool)> = facts
            .functions
            .iter()
            .map(|f| (f.name.as_str(), f.assertions, f.trivial))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("test_a", 1, false),
                ("test_true", 1, true),
                ("test_pass", 0, true),
                ("test_raises", 1, false),
                ("test_m", 1, false),
                ("test_mock", 1, false),
                ("test_nothing", 0, false),
            ]
        );
    }

    #[test]
    fn fuzzer_found_inputs_do_not_crash() {
        // Once crashed Ruff's parser in IPython mode (found by tests/it/properties.rs).
        for source in ["\"\"{]\r/", "/x\n", ",f a b\n", "x = ?a\n"] {
            let facts = analyse(source);
            assert!(!facts.parses(), "{source:?}");
        }
    }

    #[test]
    fn a_dangling_decorator_never_ends_before_it_starts() {
        // Found by tests/it/properties.rs: error recovery made a definition
        // whose range ends before its (empty) name.
        let facts = analyse("# \n@{.. code-block:: python\n");
        assert!(facts.functions.iter().all(|f| f.line <= f.end_line));
    }

    #[test]
    fn generated_header() {
        assert!(
            analyse("# Generated by the protocol buffer compiler.  DO NOT EDIT!\nx = 1\n")
                .generated
        );
        assert!(!analyse("x = 1\n").generated);
    }

    #[test]
    fn a_test_asserts_through_a_helper_of_its_class() {
        let source = "class TestJob:\n    def tst_next_run(self, expected):\n        assert self.job.next_run == expected\n\n    def test_daily(self):\n        self.tst_next_run(3)\n\n    def test_silent(self):\n        print(1)\n";
        let facts = analyse(source);
        let test = |name: &str| {
            facts
                .functions
                .iter()
                .find(|f| f.name == name)
                .expect(name)
                .assertions
        };
        assert_eq!(test("test_daily"), 1);
        assert_eq!(test("test_silent"), 0);
    }
}
