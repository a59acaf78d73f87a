//! The verdict gates of `rules/categories.toml` (`[[scoring.cap]]`): what a
//! reviewer will not overlook whatever the score. Each gate has a project
//! that scores in a higher band, and the report gives the gate's reason.

use crate::common::{self, finding, json_report};
use portfolio_audit::rules::Catalog;

/// The reason the catalogue gives for the gate on exactly these rules.
fn reason(rules: &[&str]) -> String {
    let catalog = Catalog::embedded().expect("catalogue");
    catalog
        .scoring
        .cap
        .iter()
        .find(|cap| cap.when_failing == rules)
        .map(|cap| cap.reason.clone())
        .unwrap_or_else(|| panic!("no gate on {rules:?}"))
}

fn assert_gated(report: &serde_json::Value, rules: &[&str], verdict: &str, band: f64) {
    let score = report["score"].as_f64().expect("score");
    assert!(
        score >= band,
        "the score {score} alone would give more than {verdict}"
    );
    assert_eq!(report["verdict"], verdict);
    assert_eq!(report["verdict_note"], reason(rules).as_str());
    for rule in rules {
        assert_eq!(finding(report, rule)["outcome"], "fail", "{rule}");
    }
}

#[test]
fn a_live_credential_keeps_a_project_from_strong() {
    let fixture = common::copy("good-package");
    std::fs::write(
        fixture.path.join("src/tidewatch/settings.py"),
        format!("GITHUB_TOKEN = \"ghp_{}\"\n", "b".repeat(36)),
    )
    .expect("write");
    common::commit_all(&fixture.path, "Initial commit");
    let report = json_report(&fixture.path, &[]);
    assert_gated(&report, &["LAY002"], "fair", 75.0);
    assert_eq!(report["top_fixes"][0], "LAY002");
}

#[test]
fn a_readme_without_run_instructions_keeps_a_project_from_strong() {
    let fixture = common::copy("good-package");
    std::fs::write(
        fixture.path.join("README.md"),
        "# tidewatch\n\ntidewatch finds the windows when the tide is low enough to walk \
         out to the tidal islands of a bay, with daylight and a safety margin.\n\n\
         ## Installation\n\n```bash\npip install .\n```\n",
    )
    .expect("write");
    common::commit_all(&fixture.path, "Initial commit");
    let report = json_report(&fixture.path, &[]);
    assert_gated(&report, &["DOC004"], "fair", 75.0);
}

#[test]
fn an_overdone_topic_keeps_a_project_from_strong() {
    let fixture = common::git_as("good-package", "titanic-survival");
    let report = json_report(&fixture.path, &[]);
    assert_gated(&report, &["ORI001"], "fair", 75.0);
}

#[test]
fn no_tests_and_a_one_upload_history_make_a_tidy_project_weak() {
    let fixture = common::copy("good-package");
    std::fs::remove_dir_all(fixture.path.join("tests")).expect("remove tests");
    common::commit_all(&fixture.path, "Add files via upload");
    let report = json_report(&fixture.path, &[]);
    assert_gated(&report, &["TST001", "GIT001"], "weak", 50.0);
    assert_eq!(report["grade"], "F", "the grade follows the verdict");
}

#[test]
fn a_live_credential_and_no_tests_make_a_project_weak() {
    let fixture = common::copy("good-package");
    std::fs::remove_dir_all(fixture.path.join("tests")).expect("remove tests");
    std::fs::write(
        fixture.path.join("src/tidewatch/settings.py"),
        format!("GITHUB_TOKEN = \"ghp_{}\"\n", "c".repeat(36)),
    )
    .expect("write");
    common::commit_all_at(&fixture.path, "Start the tide reader", 1_700_000_000);
    std::fs::write(
        fixture.path.join("NOTES.md"),
        "Plans for the next release.\n",
    )
    .expect("write");
    common::commit_all_at(&fixture.path, "Write down the plans", 1_700_400_000);
    let report = json_report(&fixture.path, &[]);
    assert_gated(&report, &["LAY002", "TST001"], "weak", 50.0);
}

#[test]
fn no_tests_and_no_declared_dependencies_make_a_project_weak() {
    let fixture = common::copy("good-package");
    std::fs::remove_dir_all(fixture.path.join("tests")).expect("remove tests");
    // A plain script folder: no manifest, and an import that needs installing.
    std::fs::remove_file(fixture.path.join("pyproject.toml")).expect("remove manifest");
    std::fs::write(
        fixture.path.join("src/tidewatch/fetch.py"),
        "import requests\n",
    )
    .expect("write");
    for day in 0..4 {
        std::fs::write(
            fixture.path.join("src/tidewatch/version.py"),
            format!("V = {day}\n"),
        )
        .expect("write");
        common::commit_all_at(
            &fixture.path,
            &format!("Work on the reader, day {day}"),
            1_700_000_000 + day * 86_400,
        );
    }
    let report = json_report(&fixture.path, &[]);
    assert_gated(&report, &["TST001", "PKG001"], "weak", 50.0);
}

#[test]
fn every_gate_in_the_catalogue_is_tested_here() {
    let catalog = Catalog::embedded().expect("catalogue");
    let tested = [
        vec!["LAY002"],
        vec!["DOC004"],
        vec!["ORI001"],
        vec!["TST001", "GIT001"],
        vec!["LAY002", "TST001"],
        vec!["TST001", "PKG001"],
        // tests/it/history.rs: a_dotenv_committed_then_deleted_is_a_secret_in_history
        vec!["LAY009"],
    ];
    for cap in &catalog.scoring.cap {
        assert!(
            tested.iter().any(|t| *t == cap.when_failing),
            "the gate on {:?} has no test in tests/it/gates.rs",
            cap.when_failing
        );
    }
}
