//! Remote and git-database targets: http clones from a local smart-HTTP
//! server, `file://` URLs, bare mirrors and `.git` folders read in place,
//! `--ref`, `--depth`, the clone cache, progress and timings, and failures
//! that leave nothing behind.

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
fn an_http_url_is_cloned_audited_and_cleaned_up() {
    let (repo, _, second) = two_commits();
    let target = common::git_http::url_of(&repo.path);
    let (output, empty) = run_isolated(&[&target, "--format", "json", "--timings"]);
    let report = report_of(&output);
    assert_eq!(report["target"]["input"], target);
    assert_eq!(report["target"]["name"], "routefind");
    assert_eq!(report["target"]["commit"], second);
    assert_eq!(report["target"]["shallow"], false);
    assert_eq!(report["facts"]["readme"]["path"], "README.rst");
    assert_eq!(report["facts"]["history"]["commits"], 2);
    assert!(empty, "the temporary clone was left behind");
    let stderr = String::from_utf8_lossy(&output.stderr);
    for phase in [
        "clone: connect",
        "clone: transfer",
        "clone: resolve",
        "scan",
    ] {
        assert!(stderr.contains(phase), "--timings lacks {phase}: {stderr}");
    }
}

#[test]
fn a_file_url_is_read_in_place_never_copied() {
    let (repo, _, second) = two_commits();
    // Uncommitted work is not what the URL names: the commit is audited.
    std::fs::write(repo.path.join("scratch.py"), "print(1)\n").expect("write");
    let target = url(&repo.path);
    let (output, empty) = run_isolated(&[&target, "--format", "json", "--timings"]);
    let report = report_of(&output);
    assert_eq!(report["target"]["input"], target);
    assert_eq!(report["target"]["name"], "routefind");
    assert_eq!(report["target"]["commit"], second);
    let committed = report_of(
        &bin()
            .arg(repo.path.join(".git"))
            .args(["--format", "json"])
            .output()
            .expect("run"),
    );
    assert_eq!(
        report["facts"]["python_files"],
        committed["facts"]["python_files"]
    );
    assert!(empty, "a file:// target was copied to the temporary folder");
    assert!(!String::from_utf8_lossy(&output.stderr).contains("clone:"));
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
    let target = common::git_http::url_of(&repo.path);
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
    interrupted_during_a_clone(libc::SIGINT);
}

#[cfg(unix)]
#[test]
fn sigterm_and_sighup_during_a_clone_clean_up_like_ctrl_c() {
    interrupted_during_a_clone(libc::SIGTERM);
    interrupted_during_a_clone(libc::SIGHUP);
}

#[cfg(unix)]
fn interrupted_during_a_clone(signal: i32) {
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
    // SAFETY: signals our own child process.
    unsafe {
        libc::kill(child.id() as i32, signal);
    }
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(130), "signal {signal}");
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

/// A repository of `commits` commits, each changing one file.
fn many_commits(commits: usize) -> common::Fixture {
    let repo = common::copy_as("readme-rst", "longhistory");
    commit_series(&repo.path, commits);
    repo
}

/// Adds `commits` commits to the repository at `path` with `git fast-import`.
fn commit_series(path: &Path, commits: usize) {
    use std::io::Write;
    let status = std::process::Command::new("git")
        .args(["init", "-q", "-b", "main"])
        .arg(path)
        .status()
        .expect("git init");
    assert!(status.success());
    let mut stream = Vec::new();
    for i in 0..commits {
        let message = format!("Step {i}: tune the route weights");
        let content = format!("WEIGHT = {i}\n");
        write!(
            stream,
            "commit refs/heads/main\ncommitter Ada <ada@example.com> {} +0000\ndata {}\n{message}\nM 644 inline weights.py\ndata {}\n{content}\n",
            1_600_000_000 + i * 3600,
            message.len(),
            content.len()
        )
        .expect("write");
    }
    let mut child = std::process::Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(path)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("fast-import");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&stream)
        .expect("feed");
    assert!(child.wait().expect("wait").success());
}

#[test]
fn depth_fetches_the_newest_commits_and_the_history_rules_say_so() {
    let repo = many_commits(12);
    let target = common::git_http::url_of(&repo.path);
    let (output, empty) = run_isolated(&[&target, "--format", "json", "--depth", "5"]);
    let report = report_of(&output);
    assert_eq!(report["target"]["shallow"], true);
    assert_eq!(report["facts"]["history"]["commits"], 5);
    let git001 = finding(&report, "GIT001");
    assert_eq!(git001["outcome"], "not_applicable");
    assert!(git001["message"].as_str().unwrap_or("").contains("shallow"));
    assert!(empty);
    let full = report_of(
        &bin()
            .args([&target, "--format", "json"])
            .output()
            .expect("run"),
    );
    assert_eq!(full["target"]["shallow"], false);
    assert_eq!(full["facts"]["history"]["commits"], 12);
}

/// A `file://` URL of a long history is read in place: nothing is copied,
/// and the walk stops at its documented limit.
#[test]
fn a_file_url_of_sixteen_thousand_commits_is_not_copied() {
    let repo = many_commits(16_000);
    let (output, empty) = run_isolated(&[&url(&repo.path), "--format", "json"]);
    let report = report_of(&output);
    assert!(empty, "the repository was copied");
    assert_eq!(report["facts"]["history"]["truncated"], true);
}

/// Clone progress goes to a terminal, never to a pipe or a log.
#[cfg(unix)]
#[test]
fn clone_progress_appears_on_a_terminal_and_not_on_a_pipe() {
    let repo = many_commits(400);
    let target = common::git_http::url_of(&repo.path);
    let piped = bin()
        .args([&target, "--format", "json"])
        .output()
        .expect("run");
    assert!(piped.status.success());
    let piped_stderr = String::from_utf8_lossy(&piped.stderr);
    assert!(!piped_stderr.contains("cloning"), "{piped_stderr}");

    let on_terminal = |extra: &[&str]| -> String {
        let (mut master, mut slave) = (0, 0);
        // SAFETY: openpty writes two descriptors this test then owns.
        let opened = unsafe {
            libc::openpty(
                &mut master,
                &mut slave,
                std::ptr::null_mut(),
                std::ptr::null(),
                std::ptr::null(),
            )
        };
        assert_eq!(opened, 0, "openpty");
        // SAFETY: both descriptors are open and owned by nothing else.
        let (master, slave) = unsafe {
            use std::os::fd::FromRawFd;
            (
                std::fs::File::from_raw_fd(master),
                std::os::fd::OwnedFd::from_raw_fd(slave),
            )
        };
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("portfolio-audit"))
            .args([target.as_str(), "--format", "json"])
            .args(extra)
            .env("TERM", "xterm-256color")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::from(slave))
            .spawn()
            .expect("spawn");
        let reader = std::thread::spawn(move || {
            use std::io::Read;
            let mut master = master;
            let mut seen = Vec::new();
            let mut buffer = [0u8; 4096];
            // Reading the terminal's far side ends with EIO once the child exits.
            while let Ok(read) = master.read(&mut buffer) {
                if read == 0 {
                    break;
                }
                seen.extend_from_slice(&buffer[..read]);
            }
            String::from_utf8_lossy(&seen).into_owned()
        });
        assert!(child.wait().expect("wait").success());
        reader.join().expect("reader")
    };
    let shown = on_terminal(&[]);
    assert!(shown.contains("cloning"), "{shown:?}");
    assert!(shown.contains("longhistory"), "{shown:?}");
    let quiet = on_terminal(&["--quiet"]);
    assert!(!quiet.contains("cloning"), "{quiet:?}");
}

#[test]
fn a_cached_target_whose_server_stalls_is_stopped_by_the_clone_timeout() {
    // A re-run's `ls-remote` had no time limit: a server sending a byte a
    // second held it for as long as it liked.
    let (repo, _, _) = two_commits();
    let parent = repo.path.parent().expect("parent");
    let name = repo.path.file_name().expect("name").to_string_lossy();
    let (port, passes) = common::git_http::stalling_proxy(common::git_http::serve(parent));
    let target = format!("http://127.0.0.1:{port}/{name}");
    let cache = tempfile::tempdir().expect("cache");
    let cache_arg = cache.path().display().to_string();
    let args = [
        target.as_str(),
        "--format",
        "json",
        "--cache",
        &cache_arg,
        "--clone-timeout",
        "3",
    ];
    let first = bin().args(args).output().expect("run");
    assert_eq!(first.status.code(), Some(0), "cached once");
    // The fetch goes through (one kept-alive connection); `ls-remote`,
    // which follows it, meets the stalling server.
    passes.store(1, std::sync::atomic::Ordering::SeqCst);
    let started = std::time::Instant::now();
    let again = bin()
        .args(args)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("run");
    let seconds = started.elapsed().as_secs_f64();
    assert!(seconds < 15.0, "stopped near its limit: {seconds:.1} s");
    assert_eq!(
        again.status.code(),
        Some(0),
        "audited from the fetched cache: {}",
        String::from_utf8_lossy(&again.stderr)
    );
}

#[test]
fn nothing_the_user_set_up_answers_for_an_applicants_host() {
    // The user's askpass program and credential helper would hand an
    // applicant's server the user's own passwords.
    let port = common::git_http::password_server();
    let home = tempfile::tempdir().expect("home");
    let marker = home.path().join("asked");
    let askpass = home.path().join("askpass.sh");
    std::fs::write(
        &askpass,
        format!("#!/bin/sh\ntouch {}\necho secret\n", marker.display()),
    )
    .expect("write");
    std::os::unix::fs::PermissionsExt::set_mode(
        &mut std::fs::metadata(&askpass).expect("meta").permissions(),
        0o755,
    );
    std::fs::set_permissions(
        &askpass,
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .expect("chmod");
    let config = home.path().join("gitconfig");
    std::fs::write(
        &config,
        format!(
            "[credential]\n\thelper = \"!f() {{ touch {}; echo password=secret; }}; f\"\n",
            marker.display()
        ),
    )
    .expect("write");
    let output = bin()
        .arg(format!("http://127.0.0.1:{port}/private"))
        .args(["--format", "json", "--clone-timeout", "10"])
        .env("GIT_ASKPASS", &askpass)
        .env("SSH_ASKPASS", &askpass)
        .env("GIT_CONFIG_GLOBAL", &config)
        .env("HOME", home.path())
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        !marker.exists(),
        "the user's askpass or credential helper was asked"
    );
}

#[test]
fn a_url_the_parser_rejects_is_one_line_exit_2_without_its_password() {
    // The WHATWG parser decides what a URL is before git sees it.
    for url in [
        "https://ada:s3cret-token@host:99999/x.git",
        "https://ada:s3cret-token@/x.git",
    ] {
        let output = bin()
            .arg(url)
            .args(["--format", "json"])
            .output()
            .expect("run");
        assert_eq!(output.status.code(), Some(2), "{url}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(!stderr.contains("s3cret"), "{stderr}");
        assert!(
            stderr.contains("not a valid URL") || stderr.contains("names no host"),
            "{stderr}"
        );
    }
}
