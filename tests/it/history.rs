//! Git history: repositories built at test time with pinned dates, so the
//! SHAs in the evidence are stable.

use crate::common;

use common::{finding, json_report};

const DAY: i64 = 86_400;
const START: i64 = 1_700_000_000;

/// A copy of `fixture` committed `messages.len()` times; commit `i` lands on
/// day `day_of(i)` and changes `notes.txt`.
fn history(fixture: &str, messages: &[&str], day_of: impl Fn(usize) -> i64) -> common::Fixture {
    let repo = common::copy_as(fixture, "project");
    for (i, message) in messages.iter().enumerate() {
        std::fs::write(repo.path.join("notes.txt"), format!("change {i}\n")).expect("write");
        common::commit_all_at(&repo.path, message, START + day_of(i) * DAY + i as i64 * 60);
    }
    repo
}

#[test]
fn one_upload_commit_is_a_dump() {
    let repo = history("good-package", &["Add files via upload"], |_| 0);
    let report = json_report(&repo.path, &[]);
    let dump = finding(&report, "GIT001");
    assert_eq!(dump["outcome"], "fail", "{dump:#}");
    assert!(
        dump["evidence"][0]["note"]
            .as_str()
            .unwrap_or("")
            .contains("Add files via upload")
    );
    assert_eq!(finding(&report, "GIT002")["outcome"], "fail");
    assert_eq!(report["facts"]["history"]["commits"], 1);
}

#[test]
fn two_commits_are_a_dump_on_one_day_or_two() {
    // Calibration: a reviewer calls a project that arrived in two commits an
    // upload, not a history, whether they were a day apart or eleven.
    let repo = history(
        "good-package",
        &["Add files via upload", "Update README.md"],
        |_| 0,
    );
    let report = json_report(&repo.path, &[]);
    assert_eq!(finding(&report, "GIT001")["outcome"], "fail");
    let spread = history("good-package", &["Start the reader", "Add tests"], |i| {
        11 * i as i64
    });
    let report = json_report(&spread.path, &[]);
    let found = finding(&report, "GIT001");
    assert_eq!(found["outcome"], "fail");
    assert!(
        found["message"]
            .as_str()
            .unwrap_or("")
            .contains("uploaded, not grown")
    );
}

#[test]
fn fifteen_commits_over_six_days_with_real_messages_pass() {
    let messages = [
        "Add the tide table reader",
        "Parse ISO timestamps in the reader",
        "Add crossing window search",
        "Trim the safety margin off both ends",
        "Drop windows shorter than the margin",
        "Explain each window with the lowest water",
        "Add tests for the window search",
        "Test margins and short windows",
        "Write the README usage section",
        "Package with hatchling",
        "Run pytest in GitHub Actions",
        "Add type hints to the public API",
        "Document the interpolation in the README",
        "Configure ruff and fix its findings",
        "Release 0.3.1",
    ];
    let repo = common::gradual_history("good-package", "project", &messages, |i| {
        (i * 6 / 15) as i64
    });
    let report = json_report(&repo.path, &[]);
    assert_eq!(report["facts"]["history"]["commits"], 15);
    assert_eq!(report["facts"]["history"]["active_days"], 6);
    assert_eq!(
        finding(&report, "GIT001")["outcome"],
        "pass",
        "{:#}",
        finding(&report, "GIT001")
    );
    assert_eq!(finding(&report, "GIT002")["outcome"], "pass");
}

#[test]
fn a_history_whose_code_arrived_in_one_commit_is_a_dump() {
    // Five commits over five days, but after the first only notes change.
    let messages = [
        "Add the whole project",
        "Fix a typo in the notes",
        "Tweak the notes",
        "More notes",
        "Bump the notes",
    ];
    let repo = history("good-package", &messages, |i| i as i64);
    let report = json_report(&repo.path, &[]);
    let found = finding(&report, "GIT001");
    assert_eq!(found["outcome"], "fail", "{found:#}");
    assert!(
        found["message"]
            .as_str()
            .unwrap_or("")
            .contains("the code arrived in 1 commit"),
        "{found:#}"
    );
}

#[test]
fn a_big_first_commit_then_touch_ups_is_an_upload_and_a_move_brings_nothing() {
    // A reviewer's "dump": the project arrived in its first commit and the
    // few commits after it only touch it up.
    let repo = history("good-package", &["Add the whole project"], |_| 0);
    let module = repo.path.join("src/tidewatch/extra.py");
    for day in 1..=4 {
        std::fs::write(&module, format!("LIMIT = {day}\n")).expect("write");
        common::commit_all_at(
            &repo.path,
            &format!("Tune the limit, take {day}"),
            START + day * DAY,
        );
    }
    // Moving the package is not new content: the largest commit stays the first.
    std::fs::rename(repo.path.join("src"), repo.path.join("lib")).expect("move");
    let git = |args: &[&str]| common::run_git(&repo.path, args);
    git(&["add", "-A"]);
    common::commit_all_at(&repo.path, "Move the package to lib/", START + 5 * DAY);
    let report = json_report(&repo.path, &[]);
    let found = finding(&report, "GIT001");
    assert_eq!(found["outcome"], "fail", "{found:#}");
    let message = found["message"].as_str().unwrap_or("");
    assert!(message.contains("one commit brought"), "{message}");
    let note = found["evidence"][0]["note"].as_str().unwrap_or("");
    assert!(note.contains("Add the whole project"), "{note}");
    // Its share is of what the project became: the first commit's files
    // over today's, not of its own tree (which is always all of it).
    assert!(
        note.contains("of the project)") && !note.contains("100%"),
        "{note}"
    );
}

#[test]
fn a_project_that_grew_from_a_small_first_commit_is_not_an_upload() {
    // The first commit holds all of its own tree but little of what the
    // project became: a grown history, whatever its first commit.
    let repo = history("good-package", &["Add the tide reader"], |_| 0);
    for (day, name) in ["extra", "more", "again", "last"].iter().enumerate() {
        let module = repo.path.join(format!("src/tidewatch/{name}_a.py"));
        for part in ["a", "b", "c", "d", "e", "f"] {
            std::fs::write(
                module.with_file_name(format!("{name}_{part}.py")),
                "X = 1\n",
            )
            .expect("write");
        }
        common::commit_all_at(
            &repo.path,
            &format!("Add the {name} modules"),
            START + (day as i64 + 1) * DAY,
        );
    }
    let report = json_report(&repo.path, &[]);
    let found = finding(&report, "GIT001");
    assert_ne!(found["outcome"], "fail", "{found:#}");
}

#[test]
fn ten_update_commits_fail_the_messages_rule_with_those_commits() {
    let messages = ["update"; 10];
    let repo = history("good-package", &messages, |i| i as i64);
    let report = json_report(&repo.path, &[]);
    let found = finding(&report, "GIT002");
    assert_eq!(found["outcome"], "fail");
    let evidence = found["evidence"].as_array().expect("evidence");
    assert_eq!(evidence.len(), 10);
    assert!(
        evidence
            .iter()
            .all(|e| e["note"].as_str().unwrap_or("").ends_with("\"update\""))
    );
    // Pinned dates make the SHAs stable from run to run.
    let again = history("good-package", &messages, |i| i as i64);
    assert_eq!(
        json_report(&again.path, &[])["findings"],
        report["findings"]
    );
}

#[test]
fn a_shallow_clone_is_not_applicable_with_a_hint() {
    let repo = history(
        "good-package",
        &["Add reader", "Add tests", "Add docs"],
        |i| i as i64,
    );
    let git = git2::Repository::open(&repo.path).expect("open");
    let head = git.head().expect("head").peel_to_commit().expect("commit");
    let parent = head.parent_id(0).expect("parent");
    std::fs::write(repo.path.join(".git/shallow"), format!("{parent}\n")).expect("write shallow");
    let report = json_report(&repo.path, &[]);
    assert_eq!(report["target"]["shallow"], true);
    assert_eq!(report["facts"]["history"]["shallow"], true);
    for rule in ["GIT001", "GIT002"] {
        let found = finding(&report, rule);
        assert_eq!(found["outcome"], "not_applicable");
        assert!(
            found["message"]
                .as_str()
                .unwrap_or("")
                .contains("fetch-depth: 0")
        );
    }
}

#[test]
fn bots_are_set_apart() {
    let repo = history(
        "good-package",
        &["Add the reader", "Add the window search", "Document usage"],
        |i| i as i64,
    );
    let git = git2::Repository::open(&repo.path).expect("open");
    let bot = git2::Signature::new(
        "dependabot[bot]",
        "49699333+dependabot[bot]@users.noreply.github.com",
        &git2::Time::new(START + 9 * DAY, 0),
    )
    .expect("sig");
    let head = git.head().expect("head").peel_to_commit().expect("commit");
    git.commit(
        Some("HEAD"),
        &bot,
        &bot,
        "Bump requests from 2.31 to 2.32",
        &head.tree().expect("tree"),
        &[&head],
    )
    .expect("commit");
    let report = json_report(&repo.path, &[]);
    assert_eq!(report["facts"]["history"]["bot_commits"], 1);
    assert_eq!(report["facts"]["history"]["authors"], 1);
}

#[test]
fn a_dotenv_committed_then_deleted_is_a_secret_in_history() {
    let repo = history("good-package", &["Start the reader"], |_| 0);
    std::fs::write(
        repo.path.join(".env"),
        "FLASK_APP=tides.py\nAPI_KEY=live-3f9a2c1b7d\n",
    )
    .expect("write");
    common::commit_all_at(&repo.path, "Add settings", START + DAY);
    std::fs::remove_file(repo.path.join(".env")).expect("remove");
    common::run_git(&repo.path, &["add", "-A"]);
    common::commit_all_at(&repo.path, "Delete .env", START + 2 * DAY);
    let report = json_report(&repo.path, &[]);
    let secrets = report["facts"]["secrets"].as_array().expect("secrets");
    assert_eq!(secrets.len(), 1, "{secrets:?}");
    assert_eq!(secrets[0]["path"], ".env");
    assert_eq!(secrets[0]["line"], 2, "the API key, not FLASK_APP");
    let commit = secrets[0]["commit"].as_str().expect("a commit");
    // The tree is clean; history is not.
    assert_eq!(finding(&report, "LAY002")["outcome"], "pass");
    let found = finding(&report, "LAY009");
    assert_eq!(found["outcome"], "fail");
    assert!(
        found["fix"].as_str().unwrap_or("").contains(commit),
        "{found:#}"
    );
    assert!(
        !report.to_string().contains("live-3f9a2c1b7d"),
        "the value never leaks"
    );
    assert_eq!(report["top_fixes"][0], "LAY009");
    let note = report["verdict_note"].as_str().unwrap_or("");
    assert!(
        note.contains("a credential left in the git history holds the verdict at fair"),
        "{note}"
    );
}

#[test]
fn a_value_many_commits_repeat_is_one_finding_from_its_first_commit() {
    // A template's .env edited in many commits: the same key each time.
    let repo = history("good-package", &["Start the reader"], |_| 0);
    let mut first = None;
    for i in 0..6 {
        std::fs::write(
            repo.path.join(".env"),
            format!("API_KEY=live-3f9a2c1b7d\nPORT={}\n", 8000 + i),
        )
        .expect("write");
        common::commit_all_at(
            &repo.path,
            &format!("Tune the port, take {i}"),
            START + (i + 1) * DAY,
        );
        first.get_or_insert_with(|| common::head_sha(&repo.path));
    }
    std::fs::remove_file(repo.path.join(".env")).expect("remove");
    common::run_git(&repo.path, &["add", "-A"]);
    common::commit_all_at(&repo.path, "Stop tracking .env", START + 8 * DAY);
    let report = json_report(&repo.path, &[]);
    let secrets = report["facts"]["secrets"].as_array().expect("secrets");
    assert_eq!(secrets.len(), 1, "{secrets:?}");
    let first = first.expect("first commit");
    assert_eq!(secrets[0]["commit"].as_str(), Some(&first[..7]));
}

#[test]
fn a_settings_key_replaced_by_the_environment_stays_in_history() {
    let repo = history("good-package", &["Start the reader"], |_| 0);
    let settings = repo.path.join("src/tidewatch/settings.py");
    std::fs::write(
        &settings,
        "SECRET_KEY = 'django-insecure-8f#k2l$x9q!w7e3r5t1y6u0i4o'\nDEBUG = False\n",
    )
    .expect("write");
    common::commit_all_at(&repo.path, "Add settings", START + DAY);
    std::fs::write(
        &settings,
        "import os\n\nSECRET_KEY = os.environ['SECRET_KEY']\nDEBUG = False\n",
    )
    .expect("write");
    common::commit_all_at(
        &repo.path,
        "Read the key from the environment",
        START + 2 * DAY,
    );
    let report = json_report(&repo.path, &[]);
    assert_eq!(
        finding(&report, "LAY010")["outcome"],
        "pass",
        "the tree is clean"
    );
    let found = finding(&report, "LAY009");
    assert_eq!(found["outcome"], "fail", "{found:#}");
    let secrets = report["facts"]["secrets"].as_array().expect("secrets");
    assert_eq!(secrets.len(), 1, "{secrets:?}");
    assert_eq!(secrets[0]["path"], "src/tidewatch/settings.py");
    assert!(
        !report.to_string().contains("8f#k2l"),
        "the value never leaks"
    );
}

#[test]
fn a_credential_older_than_two_hundred_commits_is_still_found() {
    // The history scan once stopped at the newest 200 commits.
    let repo = history("good-package", &["Start the reader"], |_| 0);
    std::fs::write(repo.path.join(".env"), "API_KEY=live-3f9a2c1b7d\n").expect("write");
    common::commit_all_at(&repo.path, "Add settings", START + DAY);
    std::fs::remove_file(repo.path.join(".env")).expect("remove");
    common::run_git(&repo.path, &["add", "-A"]);
    common::commit_all_at(&repo.path, "Delete .env", START + 2 * DAY);
    for i in 0..250 {
        std::fs::write(repo.path.join("NOTES.md"), format!("# Notes\n\nTake {i}\n"))
            .expect("write");
        common::commit_all_at(
            &repo.path,
            &format!("Note take {i}"),
            START + 3 * DAY + i * 600,
        );
    }
    let report = json_report(&repo.path, &[]);
    let secrets = report["facts"]["secrets"].as_array().expect("secrets");
    assert_eq!(secrets.len(), 1, "{secrets:?}");
    assert_eq!(secrets[0]["path"], ".env");
    assert_eq!(finding(&report, "LAY009")["outcome"], "fail");
}
