//! Property-based fuzzing (cargo-fuzz needs a nightly toolchain, which this
//! machine cannot fetch): the readers never panic on any input, repository
//! text never becomes markup, a workflow command or a control sequence, and
//! the JSON report is byte-identical at any thread count.

use crate::common;

use std::collections::BTreeMap;

use portfolio_audit::audit::{AuditOptions, audit};
use portfolio_audit::facts::{manifests, notebook, python, readme};
use portfolio_audit::report::{github, html, json, markdown, text};
use portfolio_audit::rules::Catalog;
use portfolio_audit::untrusted::escape;
use proptest::prelude::*;

/// Cases per property: the default keeps `cargo test` short; set
/// `PROPTEST_CASES` for a longer fuzzing run.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

const ESC: char = '\u{1b}';
const RLO: char = '\u{202e}';

/// Fragments that exercise Markdown, reST, TOML, INI and JSON syntax.
const FRAGMENTS: &[&str] = &[
    "# ",
    "## ",
    "\n",
    "\n\n",
    "```",
    "```python\n",
    "~~~",
    "::",
    ".. image:: ",
    ".. code-block:: python\n",
    "=====",
    "-----",
    "[a](b)",
    "![i](j.png)",
    "<h1>",
    "</h1>",
    "<img src=\"x\">",
    "`code`",
    "> ",
    "- ",
    "1. ",
    "|a|b|",
    "\t",
    "    ",
    "pip install x",
    "python -m x",
    "[project]",
    "name = \"x\"",
    "dependencies = [",
    "\"a>=1\"",
    "]",
    "[tool.poetry.dependencies]",
    "=",
    "\"",
    "'",
    "{",
    "}",
    "[",
    ",",
    ":",
    "\u{0}",
    "\u{1b}[31m",
    "\u{202e}",
    "é",
    "日本",
    "\r\n",
    "\\",
    "%0A",
    "::error::",
    "<script>",
];

fn syntax_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(FRAGMENTS).prop_map(str::to_string),
            ".{0,12}"
        ],
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(256)))]

    #[test]
    fn readme_parsers_never_panic(text in syntax_soup(), any in ".{0,400}") {
        for name in ["README.md", "README.rst", "README", "README.txt"] {
            let parsed = readme::parse(name, &text);
            prop_assert!(parsed.words <= text.len());
            readme::parse(name, &any);
        }
    }

    #[test]
    fn notebook_reader_never_panics(text in syntax_soup(), bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = notebook::read(&text);
        let _ = notebook::read(&String::from_utf8_lossy(&bytes));
        let cells = format!("{{\"cells\": [{{\"cell_type\": \"code\", \"source\": {}}}]}}", serde_json::to_string(&text).unwrap_or_default());
        let _ = notebook::read(&cells);
    }

    #[test]
    fn manifest_readers_never_panic(text in syntax_soup()) {
        for name in ["pyproject.toml", "setup.cfg", "setup.py", "requirements.txt", "Pipfile", "environment.yml", "pytest.ini", "tox.ini"] {
            let kept: BTreeMap<String, String> = [(name.to_string(), text.clone())].into_iter().collect();
            let _ = manifests::gather(&kept, &mut Vec::new());
        }
    }

    #[test]
    fn python_facts_never_panic(text in syntax_soup()) {
        let facts = python::analyse(&text);
        prop_assert!(facts.functions.iter().all(|f| f.line <= f.end_line));
    }

    #[test]
    fn escaped_text_never_becomes_markup_or_a_command(text in ".{0,200}", soup in syntax_soup()) {
        for input in [text.as_str(), soup.as_str()] {
            let as_html = escape::html(input);
            prop_assert!(!as_html.contains('<') && !as_html.contains('>') && !as_html.contains('"'));
            let as_markdown = escape::markdown(input);
            prop_assert!(!as_markdown.contains('<') && !as_markdown.chars().any(|c| c.is_control()));
            let data = escape::workflow_data(input);
            let one_line = !data.contains('\n') && !data.contains('\r') && !data.contains(ESC);
            prop_assert!(one_line, "{:?}", data);
            let property = escape::workflow_property(input);
            prop_assert!(!property.contains(':') && !property.contains(','));
            let shown = escape::terminal(input);
            let plain = !shown.chars().any(|c| c.is_control() || c == RLO);
            prop_assert!(plain, "{:?}", shown);
        }
    }
}

/// File names that a repository may hold: hostile, but valid on Linux.
fn file_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_]{1,8}\\.py",
        "[a-zA-Z0-9 <>:,%!\\[\\]()#*]{1,12}\\.(py|md|txt|ipynb)",
        prop::sample::select(vec![
            "<script>x.py".to_string(),
            "::error::y.py".to_string(),
            "a\u{1b}[2Jb.py".to_string(),
            "\u{202e}gnp.py".to_string(),
            "test_%0Aone.py".to_string(),
        ]),
    ]
}

fn random_repository() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec((file_name(), syntax_soup()), 1..12)
}

fn write_repository(files: &[(String, String)], readme: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, content) in files {
        let _ = std::fs::write(dir.path().join(name), content);
    }
    std::fs::write(dir.path().join("README.md"), readme).expect("readme");
    common::commit_all(dir.path(), "Add files");
    dir
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(24)))]

    #[test]
    fn json_is_byte_identical_at_1_and_8_threads(files in random_repository(), readme in syntax_soup()) {
        let repo = write_repository(&files, &readme);
        let catalog = Catalog::embedded().expect("catalogue");
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
            pool.install(|| json::render(&audit(repo.path(), "repo", &catalog, &AuditOptions::default()).expect("audit")))
        };
        prop_assert_eq!(run(1), run(8));
    }

    #[test]
    fn repository_text_stays_inside_every_renderer(files in random_repository(), title in ".{0,60}") {
        let readme = format!("# {title} <script>alert(1)</script>\n\n{title} ::error::x %0A\n");
        let repo = write_repository(&files, &readme);
        let catalog = Catalog::embedded().expect("catalogue");
        let report = audit(repo.path(), "repo", &catalog, &AuditOptions::default()).expect("audit");
        for line in github::render(&report).lines() {
            prop_assert!(line.starts_with("::") && !line.contains(ESC), "{:?}", line);
            let command = line.split("::").nth(1).unwrap_or("");
            prop_assert!(command.starts_with("error") || command.starts_with("warning") || command.starts_with("notice"));
        }
        prop_assert!(!markdown::render(&report, None).contains("<script"));
        prop_assert!(!html::render(&report).contains("<script"));
        let shown = text::render(&report, &Default::default());
        let plain = !shown.contains(ESC) && !shown.contains(RLO);
        prop_assert!(plain, "terminal control reached the text report");
    }
}

/// Nested Python forms that overflowed the parser's stack; each wraps an
/// inner expression and keeps the source valid.
const NESTING_FORMS: &[(&str, &str)] = &[
    ("(", ")"),
    ("[", "]"),
    ("{1: ", "}"),
    ("(not ", ")"),
    ("(-", ")"),
    ("(lambda: ", ")"),
    ("f(", ")"),
    ("a + (", ")"),
    ("(", ").b"),
];

fn nested_python() -> impl Strategy<Value = (usize, String)> {
    prop::collection::vec(prop::sample::select(NESTING_FORMS), 0..2_000).prop_map(|forms| {
        let open: String = forms.iter().map(|(o, _)| *o).collect();
        let close: String = forms.iter().rev().map(|(_, c)| *c).collect();
        (forms.len(), format!("y = {open}x{close}\n"))
    })
}

/// YAML whose anchors each repeat the previous one `width` times.
fn alias_chain() -> impl Strategy<Value = (u64, String)> {
    (1u64..12, 1u32..9).prop_map(|(width, levels)| {
        let mut yaml = String::from("l0: &l0 x\n");
        for level in 1..=levels {
            let items = vec![format!("*l{}", level - 1); width as usize].join(", ");
            yaml.push_str(&format!("l{level}: &l{level} [{items}]\n"));
        }
        yaml.push_str("dependencies:\n  - numpy\n");
        (width.pow(levels), yaml)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(48)))]

    /// Any depth of any form: never a crash; beyond the gate's bound the
    /// file is a syntax problem, and shallow valid code parses.
    #[test]
    fn nesting_never_crashes_the_parser((depth, source) in nested_python()) {
        let facts = std::thread::Builder::new()
            .stack_size(portfolio_audit::audit::WORKER_STACK_BYTES)
            .spawn(move || python::analyse(&source))
            .expect("thread")
            .join()
            .expect("analyse");
        let too_deep = facts.syntax_errors.iter().any(|e| e.message.contains(python::TOO_DEEP));
        if depth > 1_000 {
            prop_assert!(too_deep, "depth {} was parsed", depth);
        }
        if depth <= 150 {
            prop_assert!(facts.syntax_errors.is_empty(), "depth {}: {:?}", depth, facts.syntax_errors);
        }
    }

    /// Alias expansion over the budget is a warning, under it the
    /// dependencies are read, and neither takes long.
    #[test]
    fn yaml_aliases_stay_within_budget((expansion, yaml) in alias_chain()) {
        let kept: BTreeMap<String, String> = [("environment.yml".to_string(), yaml)].into_iter().collect();
        let mut warnings = Vec::new();
        let started = std::time::Instant::now();
        let packaging = manifests::gather(&kept, &mut warnings);
        prop_assert!(started.elapsed().as_secs() < 5);
        let refused = warnings.iter().any(|w| w.contains("YAML aliases expand"));
        if expansion > 1_000_000 {
            prop_assert!(refused, "{} nodes read: {:?}", expansion, warnings);
        }
        if expansion < 10_000 {
            prop_assert!(!refused, "{:?}", warnings);
            prop_assert!(packaging.dependencies.iter().any(|d| d.name == "numpy"));
        }
    }
}
