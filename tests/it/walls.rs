//! The user-space wall around a target's git folder (`source::boundary`),
//! which fails closed: every case here was read through on main before, is
//! built at test time, and must end in exit 2 with one line naming what was
//! refused, with nothing of the outside reaching the output.

use std::path::{Path, PathBuf};

use crate::common::{self, Fixture, bin};

/// A repository outside the target, with a file and an origin of its own.
fn outsider(work: &Path) -> PathBuf {
    let outside = work.join("outsider");
    std::fs::create_dir_all(&outside).expect("mkdir");
    std::fs::write(outside.join("OUTSIDE_ONLY.py"), "X = 1\n").expect("write");
    common::commit_all(&outside, "Outside work");
    common::run_git(
        &outside,
        &[
            "remote",
            "add",
            "origin",
            "https://example.org/outsider-origin",
        ],
    );
    outside
}

/// The applicant's repository: the good package, committed.
fn applicant() -> Fixture {
    common::git_as("good-package", "applicant")
}

fn refused(target: &Path, what: &str) {
    let output = bin()
        .timeout(std::time::Duration::from_secs(30))
        .arg(target)
        .args(["--format", "json"])
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{what}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{what}: one line: {stderr}");
    for leak in ["OUTSIDE_ONLY", "outsider-origin"] {
        assert!(
            !stdout.contains(leak) && !stderr.contains(leak),
            "{what}: {stderr}"
        );
    }
}

/// Runs a batch of `list` (one `label target` per line) in `work/out`
/// with `extra` flags, killed after a minute; its output and folder.
fn batch(work: &Path, list: &str, extra: &[&str]) -> (std::process::Output, PathBuf) {
    let list_file = work.join("list.txt");
    std::fs::write(&list_file, list).expect("list");
    let out = work.join("out");
    let output = bin()
        .timeout(std::time::Duration::from_secs(60))
        .arg("batch")
        .arg(&list_file)
        .arg("-o")
        .arg(&out)
        .args(extra)
        .output()
        .expect("run");
    (output, out)
}

fn config_with(target: &Path, bytes: &[u8]) {
    let config = target.join(".git/config");
    let mut text = std::fs::read(&config).expect("config");
    text.extend_from_slice(bytes);
    std::fs::write(config, text).expect("write");
}

#[test]
fn includes_hidden_from_a_line_check_are_refused() {
    let work = tempfile::tempdir().expect("tempdir");
    let outside = outsider(work.path());
    let include = format!("path = {}\n", outside.join(".git/config").display());
    let cases: [(&str, Vec<u8>); 4] = [
        (
            "a byte-order mark",
            [b"\xef\xbb\xbf[include]\n\t".as_slice(), include.as_bytes()].concat(),
        ),
        (
            "two headers on a line",
            [b"[core][include]\n\t".as_slice(), include.as_bytes()].concat(),
        ),
        (
            "a bare CR",
            [b"[core]\r[include]\r\t".as_slice(), include.as_bytes()].concat(),
        ),
        (
            "spaces in the brackets",
            [b"[ include ]\n\t".as_slice(), include.as_bytes()].concat(),
        ),
    ];
    for (what, bytes) in cases {
        let target = applicant();
        config_with(&target.path, &bytes);
        refused(&target.path, what);
    }
}

#[test]
fn a_worktree_config_that_includes_is_refused() {
    let work = tempfile::tempdir().expect("tempdir");
    let outside = outsider(work.path());
    let target = applicant();
    let target = &target.path;
    config_with(target, b"[extensions]\n\tworktreeConfig = true\n");
    std::fs::write(
        target.join(".git/config.worktree"),
        format!(
            "[include]\n\tpath = {}\n",
            outside.join(".git/config").display()
        ),
    )
    .expect("write");
    refused(target, "config.worktree");
}

#[test]
fn a_commondir_naming_another_repository_is_refused() {
    let work = tempfile::tempdir().expect("tempdir");
    let outside = outsider(work.path());
    let target = work.path().join("empty.git");
    std::fs::create_dir_all(target.join("objects")).expect("mkdir");
    std::fs::create_dir_all(target.join("refs")).expect("mkdir");
    std::fs::write(target.join("HEAD"), "ref: refs/heads/main\n").expect("write");
    std::fs::write(
        target.join("commondir"),
        format!("{}\n", outside.join(".git").display()),
    )
    .expect("write");
    refused(&target, "commondir");
    let url = format!("file://{}", target.display());
    let output = bin()
        .arg(&url)
        .args(["--format", "json"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2), "as a file:// URL");
    assert!(!String::from_utf8_lossy(&output.stdout).contains("OUTSIDE_ONLY"));
    // In a batch, as a path and as a URL: failed rows, nothing of the
    // other repository in any output.
    let list = format!("as-path {}\nas-url {url}\n", target.display());
    let (_, out) = batch(work.path(), &list, &[]);
    let results = std::fs::read_to_string(out.join("results.jsonl")).expect("results");
    assert_eq!(
        results.matches("\"status\":\"error\"").count(),
        2,
        "{results}"
    );
    for file in ["results.jsonl", "ranking.csv", "index.html"] {
        let text = std::fs::read_to_string(out.join(file)).expect(file);
        assert!(
            !text.contains("OUTSIDE_ONLY") && !text.contains("outsider-origin"),
            "{file}: {text}"
        );
    }
}

#[test]
fn a_password_the_url_cannot_separate_is_never_shown_or_stored_in_a_batch() {
    // `https://ada:pa/ss@host/…`: the password's `/` ends the authority, so
    // the user information cannot be told from the path. It reached stderr,
    // results.jsonl, index.html and git's command line.
    let work = tempfile::tempdir().expect("tempdir");
    let (output, out) = batch(
        work.path(),
        "ada https://ada:hunter/2pass@127.0.0.1:9/x.git\nbob https://bob:open?sesame@127.0.0.1:9/y.git\n",
        &[],
    );
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let mut seen = vec![("stderr", stderr)];
    for file in ["results.jsonl", "ranking.csv", "index.html"] {
        seen.push((
            file,
            std::fs::read_to_string(out.join(file)).unwrap_or_default(),
        ));
    }
    for (place, text) in seen {
        assert!(
            !text.contains("hunter") && !text.contains("2pass") && !text.contains("sesame"),
            "{place}: {text}"
        );
    }
    let results = std::fs::read_to_string(out.join("results.jsonl")).expect("results");
    assert!(results.contains("percent-encode"), "{results}");
}

#[test]
fn an_alternate_that_borrows_again_is_refused() {
    let work = tempfile::tempdir().expect("tempdir");
    let outside = outsider(work.path());
    let target = applicant();
    let target = &target.path;
    // An inside store whose own alternates name the outside one.
    let inside = target.join("vendor-store");
    std::fs::create_dir_all(inside.join("info")).expect("mkdir");
    std::fs::write(
        inside.join("info/alternates"),
        format!("{}\n", outside.join(".git/objects").display()),
    )
    .expect("write");
    std::fs::create_dir_all(target.join(".git/objects/info")).expect("mkdir");
    std::fs::write(
        target.join(".git/objects/info/alternates"),
        format!("{}\n", inside.display()),
    )
    .expect("write");
    refused(target, "nested alternates");
}

#[test]
fn symlinks_and_fifos_anywhere_in_the_git_folder_are_refused() {
    let work = tempfile::tempdir().expect("tempdir");
    let outside = outsider(work.path());
    let secret = work.path().join("secret.txt");
    std::fs::write(&secret, "OUTSIDE_ONLY first line\n").expect("write");
    // A ref that is a symlink to an outside file.
    let target = applicant();
    let root = &target.path;
    std::fs::create_dir_all(root.join(".git/refs/heads/sub")).expect("mkdir");
    std::os::unix::fs::symlink(&secret, root.join(".git/refs/heads/sub/x")).expect("link");
    refused(root, "a symlinked ref");
    // A loose object that is a symlink to another repository's object.
    let target = applicant();
    let root = &target.path;
    let head = common::head_sha(&outside);
    let object = outside
        .join(".git/objects")
        .join(&head[..2])
        .join(&head[2..]);
    let into = root.join(".git/objects/ff");
    std::fs::create_dir_all(&into).expect("mkdir");
    std::os::unix::fs::symlink(&object, into.join("0".repeat(38))).expect("link");
    refused(root, "a symlinked object");
    // A FIFO where libgit2 would block.
    let target = applicant();
    let root = &target.path;
    common::fifo_commit_graph(root);
    refused(root, "a FIFO commit-graph");
}

#[test]
fn many_junk_entries_do_not_turn_the_symlink_check_off() {
    // 20,001 junk files used to end the scan before the packs were looked at.
    let work = tempfile::tempdir().expect("tempdir");
    let outside = outsider(work.path());
    let target = applicant();
    let target = &target.path;
    let junk = target.join(".git/objects/aa");
    std::fs::create_dir_all(&junk).expect("mkdir");
    for i in 0..20_001 {
        std::fs::write(junk.join(format!("{i:038}")), b"").expect("write");
    }
    common::run_git(&outside, &["gc", "-q"]);
    let pack_dir = outside.join(".git/objects/pack");
    let pack = std::fs::read_dir(&pack_dir)
        .expect("packs")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "pack"))
        .expect("a pack");
    let into = target.join(".git/objects/pack");
    std::fs::create_dir_all(&into).expect("mkdir");
    std::os::unix::fs::symlink(&pack, into.join("pack-outside.pack")).expect("link");
    refused(target, "a symlinked pack behind 20,001 junk files");
}

#[test]
fn a_sub_folder_is_never_read_through_an_enclosing_gitdir_file() {
    // `archive/.git` is a `gitdir:` file naming another repository; the
    // audited `archive/backend` must not become that repository.
    let work = tempfile::tempdir().expect("tempdir");
    let outside = outsider(work.path());
    let archive = work.path().join("archive");
    std::fs::create_dir_all(archive.join("backend")).expect("mkdir");
    std::fs::write(archive.join("backend/app.py"), "print('hi')\n").expect("write");
    std::fs::write(
        archive.join(".git"),
        format!("gitdir: {}\n", outside.join(".git").display()),
    )
    .expect("write");
    let output = bin()
        .arg(archive.join("backend"))
        .args(["--format", "json"])
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for leak in ["OUTSIDE_ONLY", "outsider-origin"] {
        assert!(!stdout.contains(leak), "{stdout}");
    }
    assert!(stdout.contains("audited as a folder"), "the report says so");
}

#[test]
fn a_fifo_wherever_libgit2_reads_is_refused_at_once() {
    // Each of these hung the audit: libgit2 blocks opening a FIFO.
    for place in [
        "objects/pack/multi-pack-index",
        "objects/ab/00000000000000000000000000000000000000",
        "refs/heads/waiting",
        "packed-refs",
        "included.cfg",
    ] {
        let target = applicant();
        let git = target.path.join(".git");
        if place == "packed-refs" {
            let _ = std::fs::remove_file(git.join(place));
        }
        common::mkfifo(&git.join(place));
        if place == "included.cfg" {
            config_with(
                &target.path,
                format!("[include]\n\tpath = {}\n", git.join(place).display()).as_bytes(),
            );
        }
        let started = std::time::Instant::now();
        refused(&target.path, place);
        assert!(started.elapsed().as_secs() < 10, "{place}: at once");
    }
    // The enclosing repository of an audited sub-folder, whose config is a
    // FIFO: refused at once, naming it.
    let work = tempfile::tempdir().expect("tempdir");
    let archive = work.path().join("archive");
    std::fs::create_dir_all(archive.join("backend")).expect("mkdir");
    std::fs::write(archive.join("backend/app.py"), "print('hi')\n").expect("write");
    common::run_git(&archive, &["init", "-q"]);
    std::fs::remove_file(archive.join(".git/config")).expect("rm");
    common::mkfifo(&archive.join(".git/config"));
    let output = bin()
        .timeout(std::time::Duration::from_secs(30))
        .arg(archive.join("backend"))
        .args(["--format", "json"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("config is not a regular file"), "{stderr}");
}

#[test]
fn a_file_url_to_a_fifo_laden_repository_ends_within_the_batch_timeout() {
    // A `file://` target was opened before the boundary check, and in batch
    // `--timeout` did not cover that step: no ranking was written.
    let target = applicant();
    common::fifo_commit_graph(&target.path);
    let good = applicant();
    let work = tempfile::tempdir().expect("tempdir");
    let list = format!(
        "stuck file://{}\ngood {}\n",
        target.path.join(".git").display(),
        good.path.display()
    );
    let started = std::time::Instant::now();
    let (output, out) = batch(work.path(), &list, &["--timeout", "5"]);
    assert!(started.elapsed().as_secs() < 20, "within the timeout");
    let ranking = std::fs::read_to_string(out.join("ranking.csv")).expect("a ranking");
    assert!(ranking.contains("good"), "{ranking}");
    assert!(
        ranking.contains("commit-graph is not a regular file"),
        "the failed applicant is kept with its reason: {ranking}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("1 failed"), "{stderr}");
}
