//! The verdict decision of `rules/categories.toml` (`[[scoring.cap]]` and
//! `flaws_for_weak`): what a reviewer will not overlook whatever the score.
//! Each gate has a project that scores in a higher band, changed from the
//! well-made package (strong) in one way, and the report gives the gate's
//! reason.

use std::path::Path;

use crate::common::{self, Fixture, finding, json_report};
use portfolio_audit::rules::Catalog;

/// The reason the catalogue gives for the gate on exactly these conditions.
fn reason(when: &[&str]) -> String {
    let catalog = Catalog::embedded().expect("catalogue");
    catalog
        .scoring
        .cap
        .iter()
        .find(|cap| cap.when == when)
        .map(|cap| cap.reason.clone())
        .unwrap_or_else(|| panic!("no gate on {when:?}"))
}

/// The well-made package (strong), changed by `change`, committed a day later.
fn changed(leaf: &str, change: impl FnOnce(&Path)) -> Fixture {
    let fixture = common::well_made_package_as(leaf);
    change(&fixture.path);
    common::commit_all_at(
        &fixture.path,
        "Change the project",
        1_700_000_000 + 6 * 86_400,
    );
    fixture
}

fn write(root: &Path, relative: &str, text: &str) {
    std::fs::write(root.join(relative), text).expect("write");
}

fn remove(root: &Path, relative: &str) {
    let path = root.join(relative);
    if path.is_dir() {
        std::fs::remove_dir_all(path).expect("remove folder");
    } else {
        std::fs::remove_file(path).expect("remove file");
    }
}

/// A README with what, install and run steps, and `extra` after them.
fn readme(extra: &str) -> String {
    format!(
        "# tidewatch\n\ntidewatch finds the windows when the tide is low enough to walk \
         out to the tidal islands of a bay, with daylight and a safety margin. It reads \
         the prediction tables coastal agencies publish and explains each window.\n\n\
         ## Installation\n\n```bash\npip install .\n```\n\n## Usage\n\n```bash\n\
         tidewatch data/station.csv --max-height 0.4\n```\n{extra}"
    )
}

fn credential(root: &Path) {
    write(
        root,
        "src/tidewatch/settings.py",
        &format!("GITHUB_TOKEN = \"ghp_{}\"\n", "b".repeat(36)),
    );
}

/// Keeps only `core.py` of the package: a small, tidy project.
fn small(root: &Path) {
    for module in [
        "cli",
        "daylight",
        "interpolate",
        "planner",
        "report",
        "stations",
    ] {
        remove(root, &format!("src/tidewatch/{module}.py"));
        let test = root.join(format!("tests/test_{module}.py"));
        if test.exists() {
            remove(root, &format!("tests/test_{module}.py"));
        }
    }
    let pyproject = std::fs::read_to_string(root.join("pyproject.toml")).expect("read");
    write(
        root,
        "pyproject.toml",
        &pyproject.replace(
            "[project.scripts]\ntidewatch = \"tidewatch.cli:main\"\n",
            "",
        ),
    );
}

fn assert_gated(report: &serde_json::Value, when: &[&str], verdict: &str, band: f64) {
    let score = report["score"].as_f64().expect("score");
    assert!(
        score >= band,
        "the score {score} alone would give more than {verdict}"
    );
    assert_eq!(report["verdict"], verdict);
    let note = report["verdict_note"].as_str().unwrap_or("");
    assert!(note.contains(&reason(when)), "{note}");
    for condition in when.iter().filter(|c| !c.contains(':')) {
        assert_eq!(finding(report, condition)["outcome"], "fail", "{condition}");
    }
}

#[test]
fn the_well_made_package_is_strong_with_nothing_holding_it() {
    let report = json_report(&common::well_made_package().path, &[]);
    assert_eq!(report["verdict"], "strong");
    assert_eq!(report["verdict_note"], serde_json::Value::Null);
    assert_eq!(report["facts"]["scope"]["size"], "moderate");
}

#[test]
fn a_live_credential_keeps_a_project_from_strong() {
    let report = json_report(&changed("tidewatch", credential).path, &[]);
    assert_gated(&report, &["LAY002"], "fair", 75.0);
    assert_eq!(report["verdict_note"], reason(&["LAY002"]).as_str());
    assert_eq!(report["top_fixes"][0], "LAY002");
}

#[test]
fn a_readme_without_run_instructions_keeps_a_project_from_strong() {
    let fixture = changed("tidewatch", |root| {
        write(
            root,
            "README.md",
            "# tidewatch\n\ntidewatch finds the windows when the tide is low enough to walk \
             out to the tidal islands of a bay, with daylight and a safety margin.\n\n\
             ## Installation\n\n```bash\npip install .\n```\n\n## Tests\n\n```bash\npytest\n```\n",
        )
    });
    let report = json_report(&fixture.path, &[]);
    assert_gated(&report, &["DOC004"], "fair", 75.0);
}

#[test]
fn a_readme_without_install_steps_keeps_an_app_from_strong() {
    let fixture = changed("tidewatch", |root| {
        write(
            root,
            "README.md",
            &readme("").replace("## Installation\n\n```bash\npip install .\n```\n\n", ""),
        )
    });
    let report = json_report(&fixture.path, &[]);
    assert_gated(&report, &["DOC003"], "fair", 75.0);
}

#[test]
fn a_package_that_sends_readers_to_its_docs_is_not_held_by_the_install_gate() {
    let fixture = changed("tidewatch", |root| {
        write(
            root,
            "README.md",
            &readme("\nThe full guide is in the [documentation](https://tidewatch.readthedocs.io/en/latest/).\n\n\
                     ## Tests\n\n```bash\npytest\n```\n")
            .replace("## Installation\n\n```bash\npip install .\n```\n\n", ""),
        )
    });
    let report = json_report(&fixture.path, &[]);
    // The rubric's field stays honest: the README has no install steps.
    assert_eq!(finding(&report, "DOC003")["outcome"], "fail");
    assert_eq!(report["verdict"], "strong", "{}", report["verdict_note"]);
}

#[test]
fn a_readme_that_does_not_say_what_the_project_is_keeps_it_from_strong() {
    let fixture = changed("tidewatch", |root| {
        write(
            root,
            "README.md",
            "# tidewatch\n\n## Installation\n\n```bash\npip install .\n```\n\n## Usage\n\n\
             ```bash\ntidewatch data/station.csv --max-height 0.4\n```\n",
        )
    });
    let report = json_report(&fixture.path, &[]);
    assert_gated(&report, &["DOC002"], "fair", 75.0);
}

#[test]
fn no_readme_keeps_a_project_from_strong() {
    let fixture = changed("tidewatch", |root| remove(root, "README.md"));
    let report = json_report(&fixture.path, &[]);
    assert_eq!(report["verdict"], "fair");
    assert!(
        report["verdict_note"]
            .as_str()
            .unwrap_or("")
            .contains(&reason(&["DOC001"]))
    );
}

#[test]
fn tests_nobody_runs_keep_a_project_from_strong_unless_the_readme_gives_the_command() {
    let unrun = changed("tidewatch", |root| {
        remove(root, ".github");
        write(root, "README.md", &readme(""));
    });
    let report = json_report(&unrun.path, &[]);
    assert_gated(&report, &["TST004"], "fair", 75.0);
    let documented = changed("tidewatch", |root| {
        remove(root, ".github");
        write(
            root,
            "README.md",
            &readme("\n## Tests\n\n```bash\npytest\n```\n"),
        );
    });
    let report = json_report(&documented.path, &[]);
    assert_eq!(finding(&report, "TST004")["outcome"], "fail");
    assert_eq!(report["verdict"], "strong", "{}", report["verdict_note"]);
}

#[test]
fn a_one_upload_history_keeps_a_project_from_strong() {
    let report = json_report(&common::git("good-package").path, &[]);
    assert_gated(&report, &["GIT001"], "fair", 75.0);
}

#[test]
fn an_overdone_topic_keeps_a_project_from_strong() {
    let fixture = changed("titanic-survival", |_| {});
    let report = json_report(&fixture.path, &[]);
    assert_gated(&report, &["ORI001"], "fair", 75.0);
}

#[test]
fn a_small_tidy_project_is_fair() {
    let report = json_report(&changed("tidewatch", small).path, &[]);
    assert_gated(&report, &["scope:small"], "fair", 75.0);
    assert_eq!(report["facts"]["scope"]["size"], "small");
    assert_eq!(report["verdict_note"], reason(&["scope:small"]).as_str());
}

#[test]
fn no_tests_keep_a_larger_project_from_strong() {
    let report = json_report(
        &changed("tidewatch", |root| remove(root, "tests")).path,
        &[],
    );
    assert_gated(&report, &["TST001"], "fair", 75.0);
}

#[test]
fn a_small_project_without_tests_is_weak() {
    let fixture = changed("tidewatch", |root| {
        small(root);
        remove(root, "tests");
    });
    let report = json_report(&fixture.path, &[]);
    assert_gated(&report, &["TST001", "scope:small"], "weak", 50.0);
    assert_eq!(report["grade"], "F", "the grade follows the verdict");
}

#[test]
fn an_overdone_topic_done_plainly_is_weak() {
    let fixture = changed("titanic-survival", |root| remove(root, "tests"));
    let report = json_report(&fixture.path, &[]);
    assert_gated(&report, &["TST001", "ORI001"], "weak", 50.0);
}

#[test]
fn no_tests_and_a_one_upload_history_make_a_tidy_project_weak() {
    let fixture = common::copy("good-package");
    remove(&fixture.path, "tests");
    common::commit_all(&fixture.path, "Add files via upload");
    let report = json_report(&fixture.path, &[]);
    assert_gated(&report, &["TST001", "GIT001"], "weak", 50.0);
    assert_eq!(report["grade"], "F", "the grade follows the verdict");
}

#[test]
fn a_live_credential_and_no_tests_make_a_project_weak() {
    let fixture = changed("tidewatch", |root| {
        remove(root, "tests");
        credential(root);
    });
    let report = json_report(&fixture.path, &[]);
    assert_gated(&report, &["LAY002", "TST001"], "weak", 50.0);
}

#[test]
fn no_tests_and_no_declared_dependencies_make_a_project_weak() {
    let fixture = changed("tidewatch", |root| {
        remove(root, "tests");
        remove(root, "pyproject.toml");
        write(root, "src/tidewatch/fetch.py", "import requests\n");
    });
    let report = json_report(&fixture.path, &[]);
    assert_gated(&report, &["TST001", "PKG001"], "weak", 50.0);
}

/// Three flaws, none of which alone nor any two of which make a project
/// weak: they add up in a moderate project; two add up in a small one.
#[test]
fn flaws_add_up_by_scope() {
    let no_run_steps = |root: &Path| {
        let text = readme("").replace(
            "## Usage\n\n```bash\ntidewatch data/station.csv --max-height 0.4\n```\n",
            "",
        );
        write(root, "README.md", &text);
    };
    let two = changed("tidewatch", |root| {
        no_run_steps(root);
        credential(root);
    });
    let report = json_report(&two.path, &[]);
    assert_eq!(report["verdict"], "fair", "a moderate project carries two");
    let three = changed("titanic-survival", |root| {
        no_run_steps(root);
        credential(root);
    });
    let report = json_report(&three.path, &[]);
    assert_eq!(report["verdict"], "weak");
    let note = report["verdict_note"].as_str().unwrap_or("");
    assert!(
        note.starts_with("flaws add up in a moderate project:"),
        "{note}"
    );
    for flaw in ["a live credential", "no run steps", "an overdone topic"] {
        assert!(note.contains(flaw), "{flaw}: {note}");
    }
    let small_two = changed("tidewatch", |root| {
        small(root);
        no_run_steps(root);
        credential(root);
    });
    let report = json_report(&small_two.path, &[]);
    assert_eq!(
        report["verdict"], "weak",
        "a small project does not carry two"
    );
}

#[test]
fn every_gate_in_the_catalogue_is_tested_here() {
    let catalog = Catalog::embedded().expect("catalogue");
    let tested: [&[&str]; 16] = [
        &["LAY002"],
        &["DOC001"],
        &["DOC002"],
        &["DOC003"],
        &["DOC004"],
        &["TST001"],
        &["TST004"],
        &["GIT001"],
        &["ORI001"],
        &["scope:small"],
        &["TST001", "scope:small"],
        &["TST001", "GIT001"],
        &["TST001", "ORI001"],
        &["LAY002", "TST001"],
        &["TST001", "PKG001"],
        // tests/it/history.rs: a_dotenv_committed_then_deleted_is_a_secret_in_history
        &["LAY009"],
    ];
    for cap in &catalog.scoring.cap {
        assert!(
            tested.iter().any(|t| *t == cap.when),
            "the gate on {:?} has no test in tests/it/gates.rs",
            cap.when
        );
    }
}
