//! Remote and git-database targets: file:// clones, bare mirrors, `.git`
//! folders, `--ref`, the clone cache, and failures that leave nothing behind.

use crate::common;

use std::path::Path;

use common::{bin, finding};

fn two_commits() -> (common::Fixture, String, String) {
    common::two_commit_repo("routefind")
}

fn head(path: &Path) -> String {
    common::head_sha(path)
}

fn url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Runs the binary with TMPDIR pointing at a fresh folder; returns the
/// output and whether that folder is empty afterwards.
fn run_isolated(args: &[&str]) -> (std::process::Output, bool) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let output = bin()
        .args(args)
        .env("TMPDIR", tmp.path())
        .output()
        .expect("run");
    let empty = std::fs::read_dir(tmp.path())
        .expect("read")
        .next()
        .is_none();
    (output, empty)
}

fn report_of(output: &std::process::Output) -> serde_json::Value {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("json")
}

#[test]
fn a_file_url_is_cloned_audited_and_cleaned_up() {
    let (repo, _, second) = two_commits();
    let target = url(&repo.path);
    let (output, empty) = run_isolated(&[&target, "--format", "json"]);
    let report = report_of(&output);
    assert_eq!(report["target"]["input"], target);
    assert_eq!(report["target"]["name"], "routefind");
    assert_eq!(report["target"]["commit"], second);
    assert_eq!(report["target"]["shallow"], false);
    assert_eq!(report["facts"]["readme"]["path"], "README.rst");
    assert_eq!(report["facts"]["history"]["commits"], 2);
    assert!(empty, "the temporary clone was left behind");
}

#[test]
fn a_bare_mirror_and_a_git_folder_are_read_from_their_objects() {
    let (repo, _, second) = two_commits();
    let mirror_dir = tempfile::tempdir().expect("tempdir");
    let mirror = mirror_dir.path().join("routefind.git");
    git2::build::RepoBuilder::new()
        .bare(true)
        .clone(&url(&repo.path), &mirror)
        .expect("mirror");
    for target in [mirror.clone(), repo.path.join(".git")] {
        let output = bin()
            .arg(&target)
            .args(["--format", "json"])
            .output()
            .expect("run");
        let report = report_of(&output);
        assert_eq!(report["target"]["commit"], second, "{}", target.display());
        assert_eq!(report["facts"]["license"]["path"], "LICENSE");
        assert_eq!(report["facts"]["readme"]["has_install"], true);
    }
}

#[test]
fn ref_audits_an_older_commit() {
    let (repo, first, _) = two_commits();
    let output = bin()
        .arg(&repo.path)
        .args(["--format", "json", "--ref", &first[..10]])
        .output()
        .expect("run");
    let report = report_of(&output);
    assert_eq!(report["target"]["commit"], first);
    assert!(
        report["facts"]["license"].is_null(),
        "the licence came in the second commit"
    );
    assert_eq!(report["facts"]["history"]["commits"], 1);
    assert_eq!(finding(&report, "DOC009")["outcome"], "fail");
}

#[test]
fn dead_urls_unknown_refs_and_non_repositories_are_one_line_exit_2() {
    let (repo, _, _) = two_commits();
    let plain = tempfile::tempdir().expect("tempdir");
    let not_a_repo = url(plain.path());
    let repo_path = repo.path.display().to_string();
    for args in [
        vec!["file:///no/such/repository.git".to_string()],
        vec![not_a_repo],
        vec![repo_path.clone(), "--ref".into(), "no-such-branch".into()],
        vec![url(&repo.path), "--ref".into(), "no-such-tag".into()],
        vec![
            plain.path().display().to_string(),
            "--ref".into(),
            "main".into(),
        ],
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (output, empty) = run_isolated(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.starts_with("error: "), "{stderr}");
        assert!(empty, "{args:?} left a temporary folder behind");
    }
}

#[test]
fn the_cache_is_fetched_into_on_later_runs() {
    let (repo, _, second) = two_commits();
    let cache = tempfile::tempdir().expect("cache");
    let target = url(&repo.path);
    let cache_arg = cache.path().display().to_string();
    let run = || {
        report_of(
            &bin()
                .args([target.as_str(), "--format", "json", "--cache", &cache_arg])
                .output()
                .expect("run"),
        )
    };
    assert_eq!(run()["target"]["commit"], second);
    std::fs::write(repo.path.join("CHANGES.md"), "# Changes\n").expect("write");
    common::commit_all_at(&repo.path, "Start a changelog", 1_700_200_000);
    let third = head(&repo.path);
    assert_eq!(run()["target"]["commit"], third);
    let entries: Vec<String> = std::fs::read_dir(cache.path())
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".git"))
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
}

#[test]
fn a_missing_blob_is_a_warning() {
    let (repo, _, _) = two_commits();
    let git = git2::Repository::open(&repo.path).expect("open");
    let tree = git.head().expect("head").peel_to_tree().expect("tree");
    let blob = tree.get_name("main.py").expect("main.py").id().to_string();
    std::fs::remove_file(
        repo.path
            .join(".git/objects")
            .join(&blob[..2])
            .join(&blob[2..]),
    )
    .expect("remove blob");
    let output = bin()
        .arg(repo.path.join(".git"))
        .args(["--format", "json"])
        .output()
        .expect("run");
    let report = report_of(&output);
    let warnings = report["warnings"].to_string();
    assert!(
        warnings.contains("main.py: blob") && warnings.contains("missing"),
        "{warnings}"
    );
}

#[test]
fn a_server_that_never_answers_times_out_and_leaves_nothing() {
    let port = common::silent_server();
    let target = format!("http://127.0.0.1:{port}/project.git");
    let started = std::time::Instant::now();
    let (output, empty) = run_isolated(&[&target, "--clone-timeout", "2"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        started.elapsed().as_secs() < 30,
        "took {:?}",
        started.elapsed()
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot clone"));
    assert!(empty);
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_a_clone_removes_the_temporary_folder() {
    let port = common::silent_server();
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("portfolio-audit"))
        .arg(format!("http://127.0.0.1:{port}/project.git"))
        .env("TMPDIR", tmp.path())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::fs::read_dir(tmp.path())
        .expect("read")
        .next()
        .is_none()
        && std::time::Instant::now() < deadline
    {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    // SAFETY: sends SIGINT to our own child process.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(130));
    assert!(
        std::fs::read_dir(tmp.path())
            .expect("read")
            .next()
            .is_none()
    );
}

#[test]
fn a_depth_one_clone_is_shallow_and_not_failed() {
    let (repo, _, second) = two_commits();
    let clones = tempfile::tempdir().expect("tempdir");
    let shallow = clones.path().join("routefind");
    let git = std::process::Command::new("git")
        .args(["clone", "--quiet", "--depth", "1"])
        .arg(url(&repo.path))
        .arg(&shallow)
        .status();
    if !git.is_ok_and(|s| s.success()) {
        eprintln!("skipped: no git binary to make a --depth 1 clone");
        return;
    }
    let report = report_of(
        &bin()
            .arg(&shallow)
            .args(["--format", "json"])
            .output()
            .expect("run"),
    );
    assert_eq!(report["target"]["commit"], second);
    assert_eq!(report["target"]["shallow"], true);
    assert_eq!(finding(&report, "GIT001")["outcome"], "not_applicable");
}
