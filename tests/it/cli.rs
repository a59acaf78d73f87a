//! The command line as a user meets it: exit codes, one-line errors,
//! subcommands, colour and output files.

use crate::common;

use common::bin;
use predicates::prelude::*;

/// Exactly one line on stderr, starting with `error:` and naming the problem.
fn one_line_error(stderr: &[u8], needle: &str) {
    let text = String::from_utf8_lossy(stderr);
    assert_eq!(text.lines().count(), 1, "stderr: {text}");
    assert!(
        text.starts_with("error: ") && text.contains(needle),
        "stderr: {text}"
    );
}

#[test]
fn a_missing_path_is_exit_2_with_one_line() {
    let output = bin().arg("/no/such/project").output().expect("run");
    assert_eq!(output.status.code(), Some(2));
    one_line_error(&output.stderr, "/no/such/project");
}

#[test]
fn a_file_instead_of_a_folder_is_exit_2() {
    let fixture = common::copy("readme-rst");
    let output = bin()
        .arg(fixture.path.join("README.rst"))
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    one_line_error(&output.stderr, "not a folder");
}

#[test]
fn a_broken_rule_pack_is_exit_2() {
    let fixture = common::git("readme-rst");
    let pack = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        pack.path().join("rules.toml"),
        "[[rule]]\nid = \"DOC001\"\nweight = \"heavy\"\n",
    )
    .expect("write");
    let output = bin()
        .arg(&fixture.path)
        .arg("--rules")
        .arg(pack.path())
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    one_line_error(&output.stderr, "rules.toml");

    let missing = bin()
        .arg(&fixture.path)
        .args(["--rules", "/no/such/pack"])
        .output()
        .expect("run");
    assert_eq!(missing.status.code(), Some(2));
    one_line_error(&missing.stderr, "no such folder");
}

#[test]
fn a_rule_pack_changes_weights_and_topics() {
    let fixture = common::git_as("readme-rst", "pokedex");
    let pack = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        pack.path().join("rules.toml"),
        "[[rule]]\nid = \"DOC009\"\nweight = 3\n",
    )
    .expect("write");
    std::fs::write(
        pack.path().join("topics.toml"),
        "[[topic]]\nid = \"pokedex\"\nname = \"Pokédex\"\nwords = [\"pokedex\"]\n",
    )
    .expect("write");
    let report = common::json_report(
        &fixture.path,
        &["--rules", pack.path().to_str().expect("utf-8")],
    );
    assert_eq!(common::finding(&report, "DOC009")["weight"], 3);
    assert_eq!(report["facts"]["originality"]["topic"], "pokedex");
}

#[test]
fn an_unknown_selector_is_exit_2() {
    let fixture = common::git("readme-rst");
    let output = bin()
        .arg(&fixture.path)
        .args(["--select", "NOPE"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    one_line_error(&output.stderr, "NOPE");
}

#[test]
fn min_score_sets_the_exit_code() {
    let fixture = common::git("titanic-dump");
    bin()
        .arg(&fixture.path)
        .args(["--min-score", "70"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("below the minimum of 70"));
    bin()
        .arg(&fixture.path)
        .args(["--min-score", "5"])
        .assert()
        .code(0);
    bin()
        .arg(&fixture.path)
        .args(["--min-score", "500"])
        .assert()
        .code(2);
}

#[test]
fn text_report_leads_with_score_and_ends_with_top_fixes() {
    let fixture = common::git_as("titanic-dump", "ml-project");
    let output = bin().arg(&fixture.path).output().expect("run");
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("ml-project @ "), "{}", lines[0]);
    assert!(
        lines[1].starts_with("Score ") && lines[1].contains("Verdict WEAK"),
        "{}",
        lines[1]
    );
    assert!(
        !text.contains('\u{1b}'),
        "no colour when stdout is not a terminal"
    );
    // The first impression, in the order a reviewer notices things.
    let impression = text
        .find("A reviewer opening this repository sees")
        .expect("first impression");
    let sentence: String = text[impression..]
        .split("\n\n")
        .next()
        .unwrap_or("")
        .replace('\n', " ");
    let order: Vec<usize> = [
        "README",
        "no tests",
        "one upload",
        "overdone topic (titanic)",
        "junk",
    ]
    .iter()
    .map(|part| {
        sentence
            .find(part)
            .unwrap_or_else(|| panic!("{part} in {sentence}"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{sentence}");
    let fixes = text.find("Top fixes").expect("top fixes section");
    assert!(text[fixes..].contains("TST001 has-test-suite"));
    assert!(text.contains("✖ LAY001 no-committed-junk"));
    assert!(text.contains("→ .DS_Store"));
    // The exemption example is never the top fix nor an error-level failure.
    let hint = text
        .find("[tool.portfolio-audit.exempt]")
        .expect("exemption hint");
    let example = text[hint..].lines().nth(1).expect("example line").trim();
    let rule = example.split(' ').next().expect("rule id");
    let top = text[fixes..].lines().nth(1).expect("first fix");
    assert!(!top.contains(rule), "{rule} is the top fix: {top}");
}

#[test]
fn colour_always_and_never() {
    let fixture = common::git("readme-rst");
    let coloured = bin()
        .arg(&fixture.path)
        .args(["--color", "always"])
        .env("NO_COLOR", "1")
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&coloured.stdout).contains('\u{1b}'));
    let plain = bin()
        .arg(&fixture.path)
        .args(["--color", "never"])
        .output()
        .expect("run");
    assert!(!String::from_utf8_lossy(&plain.stdout).contains('\u{1b}'));
}

#[test]
fn output_file_receives_the_report() {
    let fixture = common::git("readme-rst");
    let out = tempfile::tempdir().expect("tempdir");
    let file = out.path().join("report.json");
    bin()
        .arg(&fixture.path)
        .args(["--format", "json", "-o"])
        .arg(&file)
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("wrote"));
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).expect("read")).expect("json");
    assert_eq!(report["schema_version"], 1);
}

#[test]
fn rules_lists_every_rule_in_three_formats() {
    let table = bin().arg("rules").output().expect("run");
    let table = String::from_utf8(table.stdout).expect("utf-8");
    assert!(table.contains("TST001") && table.contains("has-test-suite"));
    let json = bin()
        .args(["rules", "--format", "json"])
        .output()
        .expect("run");
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    let count = json["rules"].as_array().expect("rules").len();
    assert_eq!(count, portfolio_audit::rules::REGISTRY.len());
    let markdown = bin()
        .args(["rules", "--format", "markdown"])
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&markdown.stdout).contains("## ORI001"));
}

#[test]
fn explain_shows_rationale_and_fix() {
    bin().args(["explain", "DOC003"]).assert().success().stdout(
        predicate::str::contains("readme-has-install").and(predicate::str::contains("How to fix")),
    );
    bin()
        .args(["explain", "readme-has-install"])
        .assert()
        .success();
    let unknown = bin().args(["explain", "XYZ123"]).output().expect("run");
    assert_eq!(unknown.status.code(), Some(2));
    one_line_error(&unknown.stderr, "XYZ123");
}

#[test]
fn hostile_names_and_readme_text_cannot_drive_the_terminal() {
    let fixture = common::copy("readme-rst");
    std::fs::write(
        fixture.path.join("README.rst"),
        "\u{1b}]0;owned\u{7}Title\n=====\n",
    )
    .expect("write");
    std::fs::write(fixture.path.join("evil\u{1b}[2J copy.py"), "x = 1\n").expect("write");
    common::commit_all(&fixture.path, "Initial commit");
    let output = bin()
        .arg(&fixture.path)
        .args(["--color", "never"])
        .output()
        .expect("run");
    assert!(output.status.success());
    assert!(
        !output.stdout.contains(&0x1b),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn an_unknown_role_is_exit_2() {
    let fixture = common::git("readme-rst");
    let output = bin()
        .arg(&fixture.path)
        .args(["--role", "astronaut"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    one_line_error(&output.stderr, "astronaut");
}

#[test]
fn text_report_wraps_to_columns_and_every_format_carries_the_first_impression() {
    use unicode_width::UnicodeWidthStr;
    let fixture = common::git_as("titanic-dump", "ml-project");
    let output = bin()
        .arg(&fixture.path)
        .env("COLUMNS", "50")
        .output()
        .expect("run");
    let text = String::from_utf8(output.stdout).expect("utf-8");
    // Every line but the category bars (a fixed 49 columns with its score)
    // and the settings snippet fits; no word is lost.
    for line in text.lines() {
        let exempt = line.contains("weight ") && line.contains('░')
            || line.contains("█")
            || line.contains(" = \"why this rule");
        assert!(
            exempt || line.width() <= 50,
            "{line:?} is wider than 50 columns"
        );
    }
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains("the project is about Titanic survival prediction"));
    for format in ["markdown", "html", "json"] {
        let out = bin()
            .arg(&fixture.path)
            .args(["--format", format])
            .output()
            .expect("run");
        let shown = String::from_utf8_lossy(&out.stdout);
        assert!(
            shown.contains("A reviewer opening this repository sees"),
            "{format}"
        );
    }
}

#[test]
fn show_failures_lists_only_what_needs_work() {
    let fixture = common::git_as("titanic-dump", "ml-project");
    let run = |args: &[&str]| {
        let out = bin().arg(&fixture.path).args(args).output().expect("run");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let all = run(&[]);
    assert!(all.contains("✔ ORI002"), "piped output lists every rule");
    let failures = run(&["--show", "failures"]);
    assert!(
        !failures.contains("✔ ") && !failures.contains("– PKG002"),
        "{failures}"
    );
    assert!(failures.contains("✖ TST001") && failures.contains("✖ ORI001"));
    let hidden = all
        .lines()
        .filter(|l| l.starts_with("  ✔ ") || l.starts_with("  – "))
        .count();
    assert!(
        failures.contains(&format!("{hidden} passing or not applicable rules hidden")),
        "{failures}"
    );
    assert_eq!(run(&["--show", "all"]), all);
}

#[test]
fn html_groups_findings_failures_first_and_code_renders_as_code() {
    let fixture = common::git_as("titanic-dump", "ml-project");
    let run = |format: &str| {
        let out = bin()
            .arg(&fixture.path)
            .args(["--format", format])
            .output()
            .expect("run");
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let html = run("html");
    let to_fix = html.find("<h2>To fix (").expect("to-fix group");
    let passing = html.find("<h2>Passing (").expect("passing group");
    let other = html
        .find("<h2>Not applicable or exempt (")
        .expect("n/a group");
    assert!(to_fix < passing && passing < other);
    // The first fix listed is the report's top fix.
    let first = html[to_fix..].find("<li><code>TST001</code>");
    let second = html[to_fix..].find("<li><code>PKG001</code>");
    assert!(first < second && first.is_some(), "top fix first");
    // TST001's fix text holds `tests/`: a code element, not escaped backticks.
    assert!(html.contains("<code>tests/</code>"), "inline code in HTML");
    assert!(!html.contains("`tests/`"));
    let markdown = run("markdown");
    assert!(markdown.contains("`tests/`"), "a code span in Markdown");
    assert!(!markdown.contains("\\`tests/\\`"));
}

#[test]
fn rules_and_explain_wrap_to_columns() {
    use unicode_width::UnicodeWidthStr;
    let run = |args: &[&str], columns: &str| {
        let out = bin()
            .args(args)
            .env("COLUMNS", columns)
            .output()
            .expect("run");
        assert!(out.status.success());
        String::from_utf8(out.stdout).expect("utf-8")
    };
    let explained = run(&["explain", "TST001"], "50");
    assert!(explained.contains("How to fix"));
    for line in explained.lines() {
        assert!(line.width() <= 50, "{line:?}");
    }
    let table = run(&["rules"], "100");
    for line in table.lines() {
        assert!(line.width() <= 100, "{line:?}");
    }
    // Wrapping loses no word of a summary.
    assert!(
        table.replace(char::is_whitespace, "").contains(
            &"The project has test functions that pytest or unittest would collect."
                .replace(char::is_whitespace, "")
        )
    );
}

#[test]
fn an_error_quoting_a_hostile_name_reaches_the_terminal_escaped() {
    // A target name with a bidi override and an escape sequence, echoed by
    // the error, would reorder or restyle what the user reads.
    let output = bin()
        .arg("/no/such/\u{202e}gnp.py\u{1b}[2J")
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains('\u{202e}') && !stderr.contains('\u{1b}'),
        "{stderr:?}"
    );
    one_line_error(&output.stderr, "\\u{202e}gnp.py");
}

#[test]
fn the_summary_is_the_verdict_and_the_fixes_in_a_screenful() {
    // What a failing pre-commit hook prints: a piped report lists every
    // rule (70 lines and more); the summary stays under 40.
    let fixture = common::git("titanic-dump");
    let output = bin()
        .arg(&fixture.path)
        .args(["--color", "never", "--show", "summary", "--min-score", "60"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.lines().count() < 40, "{text}");
    assert!(
        text.contains("Verdict WEAK") && text.contains("Top fixes"),
        "{text}"
    );
    assert!(!text.contains("weight 25"), "no category listing: {text}");
    let full = bin()
        .arg(&fixture.path)
        .args(["--color", "never"])
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&full.stdout).contains("weight 25"));
}

#[test]
fn help_the_rule_list_and_the_job_post_block_fit_an_eighty_column_terminal() {
    // They were up to 150, 118 and 91 columns wide.
    let repo = common::git("good-package");
    let posting = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/job-posts/automation-tester.md")
        .display()
        .to_string();
    let target = repo.path.display().to_string();
    for args in [
        vec!["--help"],
        vec!["batch", "--help"],
        vec!["rules"],
        vec!["explain", "LAY001"],
        vec![&target, "--color", "never", "--job-post", &posting],
    ] {
        let output = bin()
            .args(&args)
            .env("COLUMNS", "80")
            .output()
            .expect("run");
        assert!(output.status.success(), "{args:?}");
        let text = String::from_utf8_lossy(&output.stdout);
        let widest = text
            .lines()
            .map(unicode_width::UnicodeWidthStr::width)
            .max()
            .unwrap_or(0);
        assert!(widest <= 80, "{args:?}: {widest} columns\n{text}");
    }
}
