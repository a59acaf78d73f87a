//! The CI gate as GitHub Actions runs it: annotations, job summary, step
//! outputs, SARIF, badge, exit codes, and owner exemptions.

use crate::common;

use std::path::Path;

use common::{bin, finding};
use regex::Regex;

/// One well-formed workflow command per line, outside the text report,
/// which `::stop-commands::` makes inert (the runner reads no command
/// until the token comes back).
fn assert_workflow_commands(stdout: &str) {
    let command = Regex::new(
        r"^::(error|warning|notice)(?: [a-z]+=[^,:\r\n]*(?:,[a-z]+=[^,:\r\n]*)*)?::[^\r\n]*$",
    )
    .expect("pattern");
    let mut stopped: Option<String> = None;
    for line in stdout.lines() {
        if let Some(token) = &stopped {
            if *line == format!("::{token}::") {
                stopped = None;
            }
            continue;
        }
        if let Some(token) = line.strip_prefix("::stop-commands::") {
            stopped = Some(token.to_string());
            continue;
        }
        if line.starts_with("::") {
            assert!(
                command.is_match(line),
                "malformed workflow command: {line:?}"
            );
        }
    }
    assert!(stopped.is_none(), "commands were never resumed");
}

struct ActionsRun {
    output: std::process::Output,
    summary: String,
    outputs: String,
}

fn actions_run(repo: &Path, args: &[&str]) -> ActionsRun {
    let dir = tempfile::tempdir().expect("tempdir");
    let summary = dir.path().join("summary.md");
    let outputs = dir.path().join("outputs.txt");
    std::fs::write(&summary, "earlier step\n").expect("write");
    let output = bin()
        .arg(repo)
        .args(args)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &outputs)
        .env("GITHUB_SERVER_URL", "https://github.com")
        .env("GITHUB_REPOSITORY", "me/project")
        .env("GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567")
        .output()
        .expect("run");
    ActionsRun {
        output,
        summary: std::fs::read_to_string(&summary).expect("summary"),
        outputs: std::fs::read_to_string(&outputs).unwrap_or_default(),
    }
}

#[test]
fn a_simulated_actions_run_annotates_summarises_and_sets_outputs() {
    let repo = common::git_as("titanic-dump", "ml-project");
    let run = actions_run(&repo.path, &["--min-score", "70", "--color", "never"]);
    assert_eq!(run.output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&run.output.stdout);
    assert_workflow_commands(&stdout);
    assert!(stdout.contains("::error file=README.md"), "{stdout}");
    assert!(stdout.contains("::notice title=portfolio-audit::portfolio-audit: score"));
    assert!(
        run.summary.starts_with("earlier step\n"),
        "the summary is appended to"
    );
    assert!(
        run.summary.contains("portfolio-audit: ml-project")
            && run.summary.contains("below the bar of 70")
    );
    assert!(run.summary.contains(
        "](https://github.com/me/project/blob/0123456789abcdef0123456789abcdef01234567/"
    ));
    assert!(
        run.outputs.contains("score=30.7\n") && run.outputs.contains("passed=false\n"),
        "{}",
        run.outputs
    );
    assert!(run.outputs.contains("verdict=weak\n") && run.outputs.contains("grade=F\n"));

    let passing = actions_run(&repo.path, &["--min-score", "10"]);
    assert_eq!(passing.output.status.code(), Some(0));
    assert!(passing.outputs.contains("passed=true\n"));
}

#[test]
fn committed_names_that_look_like_workflow_commands_are_not_run_inside_actions() {
    // A file named like a workflow command lands at the start of a report
    // line; the runner must read no command inside the text report.
    let fixture = common::copy("good-package");
    std::fs::write(
        fixture.path.join("::error title=pwned::owned.py"),
        "x = 1\n",
    )
    .expect("write");
    common::commit_all(&fixture.path, "Initial commit");
    let run = actions_run(&fixture.path, &["--color", "never", "--show", "all"]);
    let stdout = String::from_utf8_lossy(&run.output.stdout);
    let start = stdout.find("::stop-commands::").expect("commands stopped");
    let token = stdout[start + "::stop-commands::".len()..]
        .lines()
        .next()
        .expect("token");
    assert!(token.len() >= 16, "an unguessable token: {token}");
    let end = stdout
        .find(&format!("::{token}::"))
        .expect("commands resumed");
    assert!(start < end);
    // The report is inside; the tool's own annotations come after.
    assert!(stdout[start..end].contains("Score"));
    assert!(stdout[end..].contains("::notice title=portfolio-audit::"));
}

#[test]
fn machine_formats_stay_valid_inside_actions() {
    let repo = common::git_as("titanic-dump", "ml-project");
    for format in ["json", "sarif"] {
        let run = actions_run(&repo.path, &["--format", format]);
        let stdout = String::from_utf8_lossy(&run.output.stdout);
        assert!(
            serde_json::from_str::<serde_json::Value>(&stdout).is_ok(),
            "{format} is not valid JSON inside Actions: {stdout}"
        );
        assert!(!stdout.contains("::error"), "{format}");
        assert!(
            run.summary.contains("portfolio-audit: ml-project"),
            "{format}"
        );
        assert!(run.outputs.contains("score="), "{format}");
    }
}

#[test]
fn an_unknown_role_is_refused_before_any_clone() {
    // A URL nobody answers: refusing the role first means no clone starts.
    let output = bin()
        .args(["http://127.0.0.1:9/never/cloned.git", "--role", "astronaut"])
        .args(["--clone-timeout", "600"])
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown role `astronaut`"), "{stderr}");
}

#[test]
fn at_most_ten_annotations_per_level_and_a_notice_for_the_rest() {
    let repo = common::git_as("titanic-dump", "ml-project");
    let output = bin()
        .arg(&repo.path)
        .args(["--format", "github"])
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.lines().filter(|l| l.starts_with("::error")).count() <= 10);
    assert!(
        stdout
            .lines()
            .filter(|l| l.starts_with("::warning"))
            .count()
            <= 10
    );
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("::notice")).count(),
        1
    );
}

#[test]
fn a_shallow_checkout_gets_a_fetch_depth_warning() {
    let (repo, parent, _) = common::two_commit_repo("project");
    std::fs::write(repo.path.join(".git/shallow"), format!("{parent}\n")).expect("write");
    let run = actions_run(&repo.path, &[]);
    let stdout = String::from_utf8_lossy(&run.output.stdout);
    assert!(
        stdout.contains("::warning title=Shallow clone::") && stdout.contains("fetch-depth: 0"),
        "{stdout}"
    );
}

#[test]
fn hostile_names_and_titles_stay_inside_their_formats() {
    let repo = common::copy_as("readme-rst", "project");
    std::fs::write(
        repo.path.join("README.rst"),
        "::error::pwned, 100% <script>alert(1)</script>\n=================================================\n\nA project.\n",
    )
    .expect("write");
    for name in [
        "evil::error::x,y%0A copy.py",
        "line\nbreak copy.py",
        "<script>alert(2)<:script> copy.py",
    ] {
        std::fs::write(repo.path.join(name), "x = 1\n").expect("write");
    }
    common::commit_all(&repo.path, "Add files");
    let run = actions_run(&repo.path, &[]);
    let stdout = String::from_utf8_lossy(&run.output.stdout);
    assert_workflow_commands(&stdout);
    assert!(!run.summary.contains("<script>"), "{}", run.summary);
    let sarif = bin()
        .arg(&repo.path)
        .args(["--format", "sarif"])
        .output()
        .expect("run");
    let sarif: serde_json::Value = serde_json::from_slice(&sarif.stdout).expect("sarif json");
    assert!(
        sarif["runs"][0]["results"]
            .as_array()
            .is_some_and(|r| !r.is_empty())
    );
}

#[test]
fn exit_codes_are_the_same_in_every_format() {
    let repo = common::git_as("titanic-dump", "ml-project");
    for format in ["text", "json", "markdown", "sarif", "github", "badge"] {
        bin()
            .arg(&repo.path)
            .args(["--format", format, "--min-score", "90"])
            .assert()
            .code(1);
        bin()
            .arg(&repo.path)
            .args(["--format", format, "--min-score", "0"])
            .assert()
            .code(0);
        bin()
            .arg("/no/such/repo")
            .args(["--format", format])
            .assert()
            .code(2);
    }
}

/// The project's own schema of the SARIF it writes (never skipped).
fn sarif_output_schema() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/sarif-output.schema.json");
    let text = std::fs::read_to_string(&path).expect("schemas/sarif-output.schema.json");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

#[test]
fn the_own_sarif_schema_refuses_what_code_scanning_cannot_take() {
    let validator = sarif_output_schema();
    let repo = common::git_as("titanic-dump", "project");
    let out = bin()
        .arg(&repo.path)
        .args(["--format", "sarif", "--min-score", "0"])
        .output()
        .expect("run");
    let good: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(validator.is_valid(&good));
    let location = "/runs/0/results/0/locations/0/physicalLocation";
    for (pointer, bad) in [
        ("/version".to_string(), serde_json::json!("2.0.0")),
        ("/runs/0/results/0/level".into(), serde_json::json!("fatal")),
        (
            format!("{location}/artifactLocation/uri"),
            serde_json::json!("../outside.py"),
        ),
        (
            format!("{location}/artifactLocation/uri"),
            serde_json::json!("/etc/passwd"),
        ),
        (
            location.to_string(),
            serde_json::json!({
                "artifactLocation": { "uri": "a.py" },
                "region": { "startLine": 0 }
            }),
        ),
    ] {
        let mut sarif = good.clone();
        *sarif.pointer_mut(&pointer).expect("pointer") = bad.clone();
        assert!(!validator.is_valid(&sarif), "{pointer} = {bad} passed");
    }
}

fn sarif_schema() -> Option<jsonschema::Validator> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/sarif-schema-2.1.0.json");
    // OASIS's schema is not this project's to copy in: it is read from the
    // shared folder beside the clone. Under `.ci/run` its absence fails.
    let Ok(text) = std::fs::read_to_string(&path) else {
        assert!(
            std::env::var_os("PORTFOLIO_AUDIT_REQUIRE_SARIF_SCHEMA").is_none(),
            "the official SARIF schema is not at {}; CI must validate against it",
            path.display()
        );
        eprintln!(
            "warning: SARIF NOT validated against the official schema (not at {})",
            path.display()
        );
        return None;
    };
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema");
    Some(jsonschema::validator_for(&schema).expect("schema compiles"))
}

#[test]
fn sarif_validates_and_every_result_points_at_a_tracked_file() {
    let own = sarif_output_schema();
    let official = sarif_schema();
    for fixture in [
        "titanic-dump",
        "good-package",
        "monorepo",
        "library-with-titanic",
        "rules/LAY005/fail-loose-scripts",
    ] {
        let repo = common::git_as(fixture, "project");
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("audit.sarif");
        bin()
            .arg(&repo.path)
            .arg("--sarif")
            .arg(&file)
            .assert()
            .success();
        let sarif: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&file).expect("read")).expect("json");
        for validator in std::iter::once(&own).chain(&official) {
            let errors: Vec<String> = validator
                .iter_errors(&sarif)
                .map(|e| format!("{e} at {}", e.instance_path))
                .collect();
            assert!(errors.is_empty(), "{fixture}: {}", errors.join("\n"));
        }
        let run = &sarif["runs"][0];
        assert_eq!(
            run["tool"]["driver"]["rules"].as_array().map(Vec::len),
            Some(portfolio_audit::rules::REGISTRY.len()),
            "every rule, passing ones too"
        );
        // The help comes from the report itself, the same text as the catalogue's.
        let catalog = portfolio_audit::rules::Catalog::embedded().expect("catalogue");
        for rule in run["tool"]["driver"]["rules"].as_array().expect("rules") {
            let meta = catalog
                .rule(rule["id"].as_str().expect("id"))
                .expect("known rule");
            assert_eq!(rule["shortDescription"]["text"], meta.summary.as_str());
            let help = rule["help"]["text"].as_str().expect("help");
            assert!(help.contains(&meta.rationale), "{help}");
        }
        for result in run["results"].as_array().expect("results") {
            let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .expect("uri");
            assert!(
                repo.path.join(uri).is_file(),
                "{fixture}: {uri} is not a file"
            );
            assert!(result["partialFingerprints"].is_object());
        }
    }
}

#[test]
fn badge_is_an_svg_coloured_by_verdict() {
    let repo = common::git_as("titanic-dump", "ml-project");
    let dir = tempfile::tempdir().expect("tempdir");
    let badge = dir.path().join("badge.svg");
    bin()
        .arg(&repo.path)
        .args(["--format", "json"])
        .arg("--badge")
        .arg(&badge)
        .assert()
        .success();
    let svg = std::fs::read_to_string(&badge).expect("badge");
    assert!(
        svg.starts_with("<svg") && svg.contains("31 F") && svg.contains("#e05d44"),
        "{svg}"
    );
}

#[test]
fn owners_exempt_rules_with_a_reason_and_reviewers_can_ignore_that() {
    let repo = common::copy_as("good-package", "tidewatch");
    let pyproject = std::fs::read_to_string(repo.path.join("pyproject.toml")).expect("read");
    std::fs::write(
        repo.path.join("pyproject.toml"),
        format!("{pyproject}\n[tool.portfolio-audit]\nmin-score = 99\n\n[tool.portfolio-audit.exempt]\nGIT001 = \"history imported from a university GitLab that is gone\"\nDOC007 = \"\"\n"),
    )
    .expect("write");
    common::commit_all(&repo.path, "Initial commit");
    let output = bin()
        .arg(&repo.path)
        .args(["--format", "json"])
        .output()
        .expect("run");
    assert_eq!(
        output.status.code(),
        Some(1),
        "the owner's min-score applies"
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let exempt = finding(&report, "GIT001");
    assert_eq!(exempt["outcome"], "exempt");
    assert!(
        exempt["message"]
            .as_str()
            .unwrap_or("")
            .contains("university GitLab")
    );
    assert!(
        report["warnings"].to_string().contains("DOC007"),
        "an exemption needs a reason"
    );
    assert_eq!(report["min_score"], 99.0);

    let reviewer = bin()
        .arg(&repo.path)
        .args(["--format", "json", "--no-exemptions"])
        .output()
        .expect("run");
    assert_eq!(reviewer.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&reviewer.stdout).expect("json");
    assert_eq!(finding(&report, "GIT001")["outcome"], "fail");
    assert!(report["min_score"].is_null());

    let flags_win = bin()
        .arg(&repo.path)
        .args(["--format", "json", "--min-score", "10"])
        .output()
        .expect("run");
    assert_eq!(flags_win.status.code(), Some(0));
    let text = bin().arg(&repo.path).output().expect("run");
    assert!(String::from_utf8_lossy(&text.stdout).contains("[tool.portfolio-audit.exempt]"));
}

/// Owner settings fail closed: a misspelt key, an unknown rule or an
/// out-of-range bar stops the audit with one line naming the file and the
/// key, unless the reviewer switched owner settings off.
#[test]
fn owner_settings_with_mistakes_are_refused_not_dropped() {
    let cases = [
        ("min_score = 70\n", "min_score"),
        ("min-score = 170\n", "170"),
        (
            "[tool.portfolio-audit.exempt]\nLAY999 = \"no such rule\"\n",
            "LAY999",
        ),
        ("select = [\"NOPE\"]\n", "NOPE"),
    ];
    for (settings, named) in cases {
        let repo = common::copy_as("good-package", "tidewatch");
        let pyproject = std::fs::read_to_string(repo.path.join("pyproject.toml")).expect("read");
        std::fs::write(
            repo.path.join("pyproject.toml"),
            format!("{pyproject}\n[tool.portfolio-audit]\n{settings}"),
        )
        .expect("write");
        common::commit_all(&repo.path, "Initial commit");
        let output = bin().arg(&repo.path).output().expect("run");
        assert_eq!(output.status.code(), Some(2), "{settings}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains("pyproject.toml") && stderr.contains(named),
            "{settings}: {stderr}"
        );
        let reviewer = bin()
            .arg(&repo.path)
            .args(["--format", "json", "--no-exemptions"])
            .output()
            .expect("run");
        assert_eq!(reviewer.status.code(), Some(0), "{settings}");
    }
}

#[test]
fn an_untracked_settings_file_is_named_in_a_warning() {
    let repo = common::git_as("good-package", "tidewatch");
    std::fs::write(repo.path.join(".portfolio-audit.toml"), "min-score = 99\n").expect("write");
    let report = common::json_report(&repo.path, &[]);
    assert!(report["min_score"].is_null(), "untracked settings applied");
    assert!(
        report["warnings"]
            .to_string()
            .contains(".portfolio-audit.toml is not tracked by git"),
        "{}",
        report["warnings"]
    );
}

/// One severity everywhere: each finding's SARIF level and annotation
/// command are the JSON report's severity (a weight-2 failure was an error
/// in annotations and a warning in SARIF).
#[test]
fn sarif_annotations_and_json_agree_on_severity() {
    let repo = common::git_as("titanic-dump", "ml-project");
    let report = common::json_report(&repo.path, &[]);
    let sarif: serde_json::Value = serde_json::from_slice(
        &bin()
            .arg(&repo.path)
            .args(["--format", "sarif"])
            .output()
            .expect("run")
            .stdout,
    )
    .expect("sarif");
    let annotations = String::from_utf8_lossy(
        &bin()
            .arg(&repo.path)
            .args(["--format", "github"])
            .output()
            .expect("run")
            .stdout,
    )
    .into_owned();
    let mut compared = 0;
    for finding in report["findings"].as_array().expect("findings") {
        let Some(severity) = finding["severity"].as_str() else {
            continue;
        };
        let rule = finding["rule"].as_str().expect("rule");
        if let Some(result) = sarif["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .find(|r| r["ruleId"] == rule)
        {
            assert_eq!(result["level"], severity, "{rule} in SARIF");
            compared += 1;
        }
        let command = if severity == "note" {
            "notice"
        } else {
            severity
        };
        if let Some(line) = annotations
            .lines()
            .find(|l| l.contains(&format!("title={rule} ")))
        {
            assert!(line.starts_with(&format!("::{command} ")), "{rule}: {line}");
            compared += 1;
        }
    }
    assert!(compared >= 10, "only {compared} findings compared");
    let weight_two_failure = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .any(|f| f["weight"] == 2 && f["outcome"] == "fail" && f["severity"] == "error");
    assert!(weight_two_failure, "a failed weight-2 rule is an error");
}
