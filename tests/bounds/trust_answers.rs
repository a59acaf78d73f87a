//! Silent wrong answers, as an attacker or an unlucky setup produces them:
//! repositories owned by another user, malformed git objects, a clone cache
//! shared between applicants, a git server's escape sequences, two runs on
//! one output folder, quadratic duplicate checks and inputs that are not a
//! project. Every input is built here at test time.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Measured, bin, commit_all, measured, measured_command, run_git, within_bounds};

/// Writes `bytes` as a loose object of `kind` without git's checks.
fn literal_object(repo: &Path, kind: &str, bytes: &[u8]) -> String {
    let file = repo.join(".git/literal-object");
    std::fs::write(&file, bytes).expect("write");
    let oid = run_git(
        repo,
        &[
            "hash-object",
            "-t",
            kind,
            "--literally",
            "-w",
            file.to_str().expect("utf8"),
        ],
    );
    std::fs::remove_file(file).expect("remove");
    oid
}

fn hex_bytes(oid: &str) -> Vec<u8> {
    (0..oid.len() / 2)
        .map(|i| u8::from_str_radix(&oid[i * 2..i * 2 + 2], 16).expect("hex"))
        .collect()
}

fn json(run: &Measured) -> serde_json::Value {
    assert_eq!(run.status, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("json")
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn chown_to_nobody(dir: &Path) -> bool {
    Command::new("chown")
        .args(["-R", "65534:65534"])
        .arg(dir)
        .status()
        .is_ok_and(|s| s.success())
}

/// Item 13: libgit2 refuses a repository another user owns; the tool reads
/// it anyway (it never runs anything the repository names), from its work
/// tree and as a bare mirror, and never falls back to a folder walk.
#[test]
fn a_repository_owned_by_another_user_keeps_its_git_facts() {
    if !is_root() {
        eprintln!("skipped: changing a repository's owner needs root");
        return;
    }
    let repo = common::git_as("good-package", "theirs");
    let bare = repo.path.with_file_name("theirs-mirror.git");
    run_git(
        repo.path.parent().expect("parent"),
        &[
            "clone",
            "-q",
            "--bare",
            repo.path.to_str().expect("utf8"),
            bare.to_str().expect("utf8"),
        ],
    );
    assert!(chown_to_nobody(&repo.path) && chown_to_nobody(&bare));
    for target in [&repo.path, &bare] {
        let report = json(&measured(&["--format", "json"], target));
        assert_eq!(
            report["facts"]["history"]["commits"],
            1,
            "{}: {}",
            target.display(),
            report["warnings"]
        );
        let warnings = report["warnings"].to_string();
        assert!(!warnings.contains("on disk"), "{warnings}");
    }
    let bare_report = json(&measured(&["--format", "json"], &bare));
    let walked_internals = bare_report["findings"].to_string().contains("objects/");
    assert!(!walked_internals, "a bare repository audited as a folder");
}

/// Item 14: a tree listing one test 5,000 times, a tree whose subtree is
/// missing, and a commit with 65,536 parents: each is a warning, and the
/// figures count what is really there.
#[test]
fn malformed_objects_become_warnings_and_truthful_figures() {
    let tmp = tempfile::tempdir().expect("tmp");
    let repo = tmp.path().join("malformed");
    std::fs::create_dir_all(&repo).expect("mkdir");
    std::fs::write(repo.join("README.md"), "# Malformed\n").expect("write");
    commit_all(&repo, "Start");
    let test = "def test_one():\n    assert 1 + 1 == 2\n";
    std::fs::write(repo.join("t.py"), test).expect("write");
    let blob = run_git(&repo, &["hash-object", "-w", "t.py"]);
    std::fs::remove_file(repo.join("t.py")).expect("remove");

    let mut repeated = Vec::new();
    for _ in 0..5_000 {
        repeated.extend(b"100644 test_one.py\0");
        repeated.extend(hex_bytes(&blob));
    }
    let tests_tree = literal_object(&repo, "tree", &repeated);
    let top = mktree(&repo, &format!("040000 tree {tests_tree}\ttests\n"));
    let duplicated = run_git(&repo, &["commit-tree", &top, "-m", "Duplicated entries"]);
    let run = measured(&["--ref", &duplicated, "--format", "json"], &repo);
    let report = json(&run);
    assert_eq!(report["facts"]["tests"]["functions"], 1, "{report}");
    assert!(
        report["warnings"]
            .to_string()
            .contains("4999 repeated entries"),
        "{}",
        report["warnings"]
    );
    within_bounds("duplicate tree entries", &run);

    let broken = mktree_missing(
        &repo,
        &format!(
            "040000 tree {}\tsrc\n100644 blob {blob}\ttest_kept.py\n",
            "1".repeat(40)
        ),
    );
    let missing = run_git(&repo, &["commit-tree", &broken, "-m", "Missing subtree"]);
    let report = json(&measured(&["--ref", &missing, "--format", "json"], &repo));
    assert!(
        report["warnings"]
            .to_string()
            .contains("the folder `src` could not be read"),
        "{}",
        report["warnings"]
    );
    assert_eq!(report["facts"]["tests"]["functions"], 1, "{report}");

    let head = run_git(&repo, &["rev-parse", "HEAD"]);
    let tree = run_git(&repo, &["rev-parse", "HEAD^{tree}"]);
    let mut commit = format!("tree {tree}\n");
    for _ in 0..65_536 {
        commit.push_str(&format!("parent {head}\n"));
    }
    commit.push_str("author T <t@example.com> 1700000000 +0000\n");
    commit.push_str("committer T <t@example.com> 1700000000 +0000\n\nMany parents\n");
    let many = literal_object(&repo, "commit", commit.as_bytes());
    let run = measured(&["--ref", &many, "--format", "json"], &repo);
    let report = json(&run);
    assert!(
        report["warnings"]
            .to_string()
            .contains("commits could not be read"),
        "{}",
        report["warnings"]
    );
    within_bounds("65,536 parents", &run);

    // A tree bomb: each of 24 levels names the next twice, 33 million paths
    // from a few kilobytes.
    let mut level = mktree(
        &repo,
        &format!("100644 blob {blob}\ta.txt\n100644 blob {blob}\tb.txt\n"),
    );
    for _ in 0..24 {
        level = mktree(
            &repo,
            &format!("040000 tree {level}\ta\n040000 tree {level}\tb\n"),
        );
    }
    let bomb = run_git(&repo, &["commit-tree", &level, "-m", "Tree bomb"]);
    let run = measured(&["--ref", &bomb, "--format", "json"], &repo);
    let warnings = json(&run)["warnings"].to_string();
    assert!(
        warnings.contains("entries; the rest were not listed"),
        "{warnings}"
    );
    assert!(
        warnings.contains("more files than the tool walks"),
        "{warnings}"
    );
    within_bounds("tree bomb", &run);
}

fn mktree(repo: &Path, listing: &str) -> String {
    mktree_with(repo, listing, &[])
}

fn mktree_missing(repo: &Path, listing: &str) -> String {
    mktree_with(repo, listing, &["--missing"])
}

fn mktree_with(repo: &Path, listing: &str, flags: &[&str]) -> String {
    use std::io::Write;
    let mut child = Command::new("git")
        .current_dir(repo)
        .arg("mktree")
        .args(flags)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("mktree");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(listing.as_bytes())
        .expect("write");
    let output = child.wait_with_output().expect("mktree");
    assert!(output.status.success(), "mktree {listing}");
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

/// Cached targets are network URLs: a `file://` one is read in place.
fn url(path: &Path) -> String {
    common::git_http::url_of(path)
}

fn audit_cached(target: &str, cache: &Path) -> serde_json::Value {
    let output = bin()
        .args([target, "--format", "json", "--cache"])
        .arg(cache)
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{target}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("json")
}

fn cache_entries(cache: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(cache)
        .expect("read")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "git"))
        .collect();
    entries.sort();
    entries
}

/// Item 15: names that a lossy key would merge get their own entries; an
/// entry a killed clone left broken is cloned again; a renamed default
/// branch is followed.
#[test]
fn the_clone_cache_keeps_applicants_apart_and_recovers() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dotted = tmp.path().join("alice.proj");
    let underscored = tmp.path().join("alice_proj");
    for (dir, line) in [(&dotted, "dotted"), (&underscored, "underscored")] {
        std::fs::create_dir_all(dir).expect("mkdir");
        std::fs::write(dir.join("README.md"), format!("# {line}\n")).expect("write");
        commit_all(dir, &format!("The {line} project"));
    }
    let cache = tmp.path().join("cache");
    for dir in [&dotted, &underscored] {
        let report = audit_cached(&url(dir), &cache);
        assert_eq!(report["target"]["commit"], common::head_sha(dir));
    }
    assert_eq!(cache_entries(&cache).len(), 2);

    // A clone killed half way: the entry's branches are gone.
    for entry in cache_entries(&cache) {
        std::fs::remove_dir_all(entry.join("refs/heads")).expect("remove");
        std::fs::create_dir(entry.join("refs/heads")).expect("mkdir");
        let _ = std::fs::remove_file(entry.join("packed-refs"));
    }
    let report = audit_cached(&url(&dotted), &cache);
    assert_eq!(report["target"]["commit"], common::head_sha(&dotted));

    // The upstream renames its default branch and moves on.
    let branch = run_git(&dotted, &["symbolic-ref", "--short", "HEAD"]);
    run_git(&dotted, &["branch", "-m", &branch, "trunk-renamed"]);
    std::fs::write(dotted.join("CHANGES.md"), "# Changes\n").expect("write");
    run_git(&dotted, &["add", "CHANGES.md"]);
    run_git(&dotted, &["commit", "-q", "-m", "Start a changelog"]);
    let report = audit_cached(&url(&dotted), &cache);
    assert_eq!(report["target"]["commit"], common::head_sha(&dotted));
}

/// Item 15: one URL listed under three labels, cloned at once into one cache.
#[test]
fn one_url_three_times_at_once_shares_the_cache_safely() {
    let tmp = tempfile::tempdir().expect("tmp");
    let repo = tmp.path().join("shared");
    std::fs::create_dir_all(&repo).expect("mkdir");
    std::fs::write(repo.join("README.md"), "# Shared\n").expect("write");
    commit_all(&repo, "Shared work");
    let target = url(&repo);
    let list = tmp.path().join("list.txt");
    std::fs::write(&list, format!("a1,{target}\na2,{target}\na3,{target}\n")).expect("list");
    let out = tmp.path().join("out");
    let cache = tmp.path().join("cache");
    let run = measured_command(
        Path::new("batch"),
        &[
            list.to_str().expect("utf8"),
            "-o",
            out.to_str().expect("utf8"),
            "-j",
            "3",
            "--quiet",
            "--cache",
            cache.to_str().expect("utf8"),
        ],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let results = std::fs::read_to_string(out.join("results.jsonl")).expect("results");
    assert_eq!(results.matches("\"status\":\"ok\"").count(), 3, "{results}");
    assert_eq!(cache_entries(&cache).len(), 1);
}

/// Item 16: a git server's error text is escaped before it reaches stderr.
#[test]
fn a_git_servers_escape_sequences_never_reach_the_terminal() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        let pkt = |b: &[u8]| [format!("{:04x}", b.len() + 4).into_bytes(), b.to_vec()].concat();
        let body = [
            pkt(b"# service=git-upload-pack\n"),
            b"0000".to_vec(),
            pkt(b"ERR \x1b]0;pwned\x07\x1b[2JAudit passed"),
        ]
        .concat();
        for mut stream in listener.incoming().flatten() {
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/x-git-upload-pack-advertisement\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(&[head.into_bytes(), body.clone()].concat());
        }
    });
    let output = bin()
        .arg(format!("http://127.0.0.1:{port}/applicant/project.git"))
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    let stderr = &output.stderr;
    assert!(
        !stderr.contains(&0x1b) && !stderr.contains(&0x07),
        "{stderr:?}"
    );
    let text = String::from_utf8_lossy(stderr);
    assert!(text.contains("remote error"), "{text}");
    assert_eq!(text.lines().count(), 1, "{text}");
}

/// Item 17: a second batch on a folder a running batch holds exits 2
/// naming the holder, and the first run's results survive.
#[test]
fn a_second_run_on_a_held_output_folder_is_refused() {
    let tmp = tempfile::tempdir().expect("tmp");
    let port = common::silent_server();
    let list = tmp.path().join("list.txt");
    std::fs::write(&list, format!("slow,http://127.0.0.1:{port}/a/b.git\n")).expect("list");
    let out = tmp.path().join("out");
    let mut first = Command::new(assert_cmd::cargo::cargo_bin("portfolio-audit"))
        .arg("batch")
        .arg(&list)
        .arg("-o")
        .arg(&out)
        .args(["--quiet", "--timeout", "30"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let lock = out.join(".portfolio-audit.lock");
    let pid = first.id().to_string();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while std::fs::read_to_string(&lock).unwrap_or_default() != pid {
        assert!(std::time::Instant::now() < deadline, "no lock was taken");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let second = bin()
        .arg("batch")
        .arg(&list)
        .arg("-o")
        .arg(&out)
        .args(["--quiet", "--force"])
        .output()
        .expect("run");
    let _ = first.kill();
    let _ = first.wait();
    assert_eq!(second.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains(&pid), "{stderr}");
}

/// Item 18: two applicants with 65,535 root commits each (one shared) are
/// compared in linear time, at the end of a merge.
#[test]
fn duplicate_detection_is_linear_in_roots() {
    let tmp = tempfile::tempdir().expect("tmp");
    let shard = tmp.path().join("shard");
    std::fs::create_dir_all(shard.join("reports")).expect("mkdir");
    let mut lines = String::new();
    for (label, base) in [("ann", 0u64), ("ben", 1_000_000u64)] {
        let mut roots: Vec<String> = (0..65_534).map(|i| format!("{:040x}", base + i)).collect();
        roots.push("f".repeat(40));
        let line = serde_json::json!({
            "label": label, "target": format!("/applicants/{label}"), "status": "ok",
            "score": 50.0, "grade": "D", "verdict": "weak", "categories": {},
            "top_fixes": [], "report": format!("reports/{label}.json"),
            "fingerprint": {"roots": roots, "code": []},
        });
        lines.push_str(&format!("{line}\n"));
    }
    std::fs::write(shard.join("results.jsonl"), lines).expect("results");
    let out = tmp.path().join("merged");
    common::measured_merge("65,535 roots each", &shard, &out);
    let duplicates = std::fs::read_to_string(out.join("duplicates.json")).expect("duplicates");
    assert!(
        duplicates.contains("ann") && duplicates.contains("ben"),
        "{duplicates}"
    );
}

/// Item 19: an empty folder is audited but says so and passes nothing; an
/// unreadable target and a selection that leaves no rule are exit 2.
#[test]
fn input_that_is_not_a_project() {
    let tmp = tempfile::tempdir().expect("tmp");
    let empty = tmp.path().join("empty");
    std::fs::create_dir_all(&empty).expect("mkdir");
    let report = json(&measured(&["--format", "json"], &empty));
    assert!(
        report["verdict_note"]
            .as_str()
            .is_some_and(|n| n.contains("no files")),
        "{report}"
    );
    let passes = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["outcome"] == "pass")
        .count();
    assert_eq!(passes, 0, "{}", report["findings"]);

    let selection = measured(&["--select", "LAY", "--ignore", "LAY"], &empty);
    assert_eq!(selection.status, 2, "{}", selection.stderr);
    assert!(
        selection.stderr.contains("leave no rule"),
        "{}",
        selection.stderr
    );

    if !is_root() {
        eprintln!("skipped the unreadable-target case: it needs root to switch user");
        return;
    }
    let locked = tmp.path().join("locked");
    std::fs::create_dir_all(&locked).expect("mkdir");
    std::fs::write(locked.join("app.py"), "print(1)\n").expect("write");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    let binary = assert_cmd::cargo::cargo_bin("portfolio-audit");
    let output = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(&binary)
        .arg(&locked)
        .output();
    let Ok(output) = output else {
        eprintln!("skipped the unreadable-target case: no setpriv");
        return;
    };
    if String::from_utf8_lossy(&output.stderr).contains("setpriv") {
        eprintln!("skipped the unreadable-target case: setpriv could not switch user");
        return;
    }
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot read"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}
