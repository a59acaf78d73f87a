//! The trust boundary, as an attacker would test it: each hostile input is
//! built here at test time, and each test fails if its fix is reverted.
//! Reads outside the target, leaked credentials, lost or overwritten batch
//! results, and inputs that would kill, stall or balloon the process.

use crate::common;

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{bin, commit_all, measured, run_git, within_bounds};

/// A repository elsewhere whose files, functions and messages must never
/// show up in an audit of another target.
fn elsewhere(root: &Path) -> PathBuf {
    let dir = root.join("elsewhere");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(
        dir.join("pyproject.toml"),
        "[project]\nname = \"leaky\"\ndependencies = [\"leakedpackage>=1\"]\n",
    )
    .expect("write");
    std::fs::write(
        dir.join("secret_module.py"),
        "def elsewhere_function():\n    return 1\n",
    )
    .expect("write");
    commit_all(&dir, "ELSEWHERE commit message");
    dir
}

fn leaks(text: &str) -> bool {
    text.contains("leakedpackage")
        || text.contains("elsewhere_function")
        || text.contains("ELSEWHERE commit")
        || text.contains("secret_module")
}

/// A small project of the target's own.
fn project(dir: &Path) {
    std::fs::create_dir_all(dir).expect("mkdir");
    std::fs::write(dir.join("README.md"), "# Mine\n\nA tool of my own.\n").expect("write");
    std::fs::write(dir.join("mine.py"), "def mine():\n    return 2\n").expect("write");
}

fn sha1_hex(bytes: &[u8], scratch: &Path) -> Vec<u8> {
    let file = scratch.join("to-hash");
    std::fs::write(&file, bytes).expect("write");
    let out = Command::new("sha1sum")
        .arg(&file)
        .output()
        .expect("sha1sum");
    let hex = String::from_utf8_lossy(&out.stdout);
    (0..20)
        .map(|i| u8::from_str_radix(&hex[i * 2..i * 2 + 2], 16).expect("hex"))
        .collect()
}

/// A version-2 git index listing `paths` (any bytes, unchecked) with `oid`.
fn raw_index(paths: &[&str], oid: &[u8], scratch: &Path) -> Vec<u8> {
    let mut paths: Vec<&str> = paths.to_vec();
    paths.sort();
    let mut data = b"DIRC".to_vec();
    data.extend(2u32.to_be_bytes());
    data.extend((paths.len() as u32).to_be_bytes());
    for path in paths {
        let start = data.len();
        data.extend([0u8; 24]); // ctime, mtime, dev, ino
        data.extend(0o100644u32.to_be_bytes());
        data.extend([0u8; 12]); // uid, gid, size
        data.extend(oid);
        data.extend((path.len().min(0xfff) as u16).to_be_bytes());
        data.extend(path.as_bytes());
        let len = data.len() - start;
        let padding = 8 - (len % 8);
        data.extend(std::iter::repeat_n(0u8, padding));
    }
    let checksum = sha1_hex(&data, scratch);
    data.extend(checksum);
    data
}

#[test]
fn index_paths_outside_the_root_are_refused() {
    let tmp = tempfile::tempdir().expect("tmp");
    let outside = elsewhere(tmp.path());
    let target = tmp.path().join("target");
    project(&target);
    commit_all(&target, "Add my tool");
    let oid = run_git(&target, &["hash-object", "-w", "mine.py"]);
    let oid: Vec<u8> = (0..20)
        .map(|i| u8::from_str_radix(&oid[i * 2..i * 2 + 2], 16).expect("hex"))
        .collect();
    // libgit2 reads an absolute entry, so the tool's own check must refuse
    // it; it rejects the whole index for `..` or `.git` entries, and the
    // audit must go on from the disk rather than die.
    let absolute = format!("{}/pyproject.toml", outside.display());
    let cases: [(&str, String); 3] = [
        (absolute.as_str(), format!("refused the entry `{absolute}`")),
        (
            "../elsewhere/secret_module.py",
            "audited the files on disk instead".to_string(),
        ),
        (
            "sub/.git/config",
            "audited the files on disk instead".to_string(),
        ),
    ];
    for (hostile, expected) in &cases {
        let index = raw_index(&[hostile, "mine.py", "README.md"], &oid, tmp.path());
        std::fs::write(target.join(".git/index"), index).expect("write index");
        let run = measured(&["--format", "json"], &target);
        assert_eq!(run.status, 0, "{hostile}: {}", run.stderr);
        assert!(
            !leaks(&run.stdout),
            "{hostile} read outside: {}",
            run.stdout
        );
        let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
        let warnings = report["warnings"].to_string();
        assert!(
            warnings.contains(expected.as_str()),
            "{hostile}: {warnings}"
        );
        assert!(
            report["facts"]["python_files"].as_u64() >= Some(1),
            "{hostile}: the target's own files are still audited"
        );
        within_bounds("hostile index", &run);
    }
}

fn refused(case: &str, target: &Path) {
    let run = measured(&["--format", "json"], target);
    assert_eq!(run.status, 2, "{case}: {}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{case}: {}", run.stderr);
    assert!(!leaks(&run.stdout) && !leaks(&run.stderr), "{case}");
    within_bounds(case, &run);
}

#[test]
fn git_directories_outside_the_target_are_refused() {
    let tmp = tempfile::tempdir().expect("tmp");
    let outside = elsewhere(tmp.path());
    let outside_git = outside.join(".git");

    let gitdir_file = tmp.path().join("gitdir-file");
    project(&gitdir_file);
    std::fs::write(
        gitdir_file.join(".git"),
        format!("gitdir: {}\n", outside_git.display()),
    )
    .expect("write");
    refused("a .git file naming another repository", &gitdir_file);

    let linked = tmp.path().join("dot-git-link");
    project(&linked);
    symlink(&outside_git, linked.join(".git")).expect("symlink");
    refused("a .git symlink", &linked);

    for part in ["objects", "refs"] {
        let target = tmp.path().join(format!("linked-{part}"));
        project(&target);
        commit_all(&target, "Mine");
        let own = target.join(".git").join(part);
        std::fs::remove_dir_all(&own).expect("rm");
        symlink(outside_git.join(part), &own).expect("symlink");
        refused(&format!("a symlinked {part}/"), &target);
    }

    let borrowing = tmp.path().join("alternates");
    project(&borrowing);
    commit_all(&borrowing, "Mine");
    std::fs::write(
        borrowing.join(".git/objects/info/alternates"),
        format!("{}\n", outside_git.join("objects").display()),
    )
    .expect("write");
    refused("objects/info/alternates", &borrowing);

    let including = tmp.path().join("include");
    project(&including);
    commit_all(&including, "Mine");
    let config = including.join(".git/config");
    let mut text = std::fs::read_to_string(&config).expect("config");
    text.push_str(&format!(
        "[include]\n\tpath = {}\n",
        outside_git.join("config").display()
    ));
    std::fs::write(&config, text).expect("write");
    refused("include.path in the config", &including);
}

#[test]
fn a_linked_worktree_is_audited_alone_and_refused_in_batch() {
    let tmp = tempfile::tempdir().expect("tmp");
    let main = tmp.path().join("main");
    project(&main);
    run_git(&main, &["init", "-q"]);
    run_git(&main, &["add", "-A"]);
    run_git(&main, &["commit", "-qm", "Add my tool"]);
    let worktree = tmp.path().join("wt");
    run_git(
        &main,
        &[
            "worktree",
            "add",
            "-q",
            worktree.to_str().expect("utf8"),
            "-b",
            "side",
        ],
    );

    let report = common::json_report(&worktree, &[]);
    assert!(report["target"]["commit"].is_string(), "{report}");
    let warnings = report["warnings"].to_string();
    assert!(
        warnings.contains("a linked worktree") && warnings.contains("worktrees"),
        "{warnings}"
    );

    let list = tmp.path().join("list.txt");
    std::fs::write(&list, format!("wt,{}\n", worktree.display())).expect("write");
    let out = tmp.path().join("out");
    bin()
        .args(["batch", list.to_str().expect("utf8"), "-o"])
        .arg(&out)
        .args(["--quiet", "-j", "1"])
        .assert()
        .success();
    let results = std::fs::read_to_string(out.join("results.jsonl")).expect("results");
    assert!(results.contains("\"status\":\"error\""), "{results}");
    assert!(results.contains("outside the target"), "{results}");
}

/// Runs a one-target batch into `out` and returns the path of its report.
fn one_target_batch(tmp: &Path, label: &str, out: &Path) -> PathBuf {
    let repo = tmp.join(format!("repo-{label}"));
    project(&repo);
    commit_all(&repo, "Add my tool");
    let list = tmp.join(format!("list-{label}.txt"));
    std::fs::write(&list, format!("{label},{}\n", repo.display())).expect("write");
    bin()
        .args(["batch", list.to_str().expect("utf8"), "-o"])
        .arg(out)
        .args(["--quiet", "-j", "1"])
        .assert()
        .success();
    out.join("reports")
}

#[test]
fn merge_copies_only_reports_inside_each_shard() {
    let tmp = tempfile::tempdir().expect("tmp");
    let shard = tmp.path().join("s1");
    one_target_batch(tmp.path(), "ada", &shard);
    let secret = tmp.path().join("secret.json");
    std::fs::write(&secret, "TOP-SECRET-CONTENT").expect("write");
    let fifo = shard.join("reports/fifo.json");
    common::mkfifo(&fifo);
    let line = |label: &str, report: &str| {
        format!(
            "{{\"label\":\"{label}\",\"target\":\"t-{label}\",\"status\":\"ok\",\"score\":50.0,\"report\":\"{report}\"}}\n"
        )
    };
    let mut results = std::fs::read_to_string(shard.join("results.jsonl")).expect("read");
    results.push_str(&line("abs", &secret.display().to_string()));
    results.push_str("this line is not JSON\n");
    results.push_str(&line("dots", "reports/../../secret.json"));
    results.push_str(&line("pipe", "reports/fifo.json"));
    std::fs::write(shard.join("results.jsonl"), results).expect("write");

    let out = tmp.path().join("merged");
    let run = common::measured_merge("merge of a hostile shard", &shard, &out);
    for entry in walk(&out) {
        let text = std::fs::read_to_string(&entry).unwrap_or_default();
        assert!(
            !text.contains("TOP-SECRET"),
            "{} holds the secret",
            entry.display()
        );
    }
    assert!(
        run.stderr.contains("line 3: not a result"),
        "{}",
        run.stderr
    );
    for label in ["abs", "dots"] {
        assert!(
            run.stderr.contains(&format!("{label}'s report")),
            "{label}: {}",
            run.stderr
        );
    }
    assert!(run.stderr.contains("pipe's report"), "{}", run.stderr);
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read").flatten() {
        let path = entry.path();
        if entry.file_type().expect("type").is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
fn merge_never_writes_into_its_inputs() {
    let tmp = tempfile::tempdir().expect("tmp");
    let s1 = tmp.path().join("s1");
    let s2 = tmp.path().join("s2");
    let reports = one_target_batch(tmp.path(), "ada", &s1);
    one_target_batch(tmp.path(), "bob", &s2);
    let before = std::fs::read(reports.join("ada--repo-ada.json")).expect("report");
    let (s1_arg, s2_arg) = (s1.to_str().expect("utf8"), s2.to_str().expect("utf8"));
    let inside = s1.join("merged");
    for out in [
        s1_arg,
        s2_arg,
        inside.to_str().expect("utf8"),
        tmp.path().to_str().expect("utf8"),
    ] {
        let output = bin()
            .args(["merge", s1_arg, s2_arg, "-o", out])
            .output()
            .expect("run");
        assert_eq!(output.status.code(), Some(2), "-o {out}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("overlaps"), "{stderr}");
    }
    assert_eq!(
        std::fs::read(reports.join("ada--repo-ada.json")).expect("report"),
        before
    );

    // Read-only shards merge: nothing is opened for writing.
    for shard in [&s1, &s2] {
        chmod_tree(shard, 0o555, 0o444);
    }
    let out = tmp.path().join("merged");
    bin()
        .args(["merge", s1_arg, s2_arg, "-o"])
        .arg(&out)
        .assert()
        .success();
    for shard in [&s1, &s2] {
        chmod_tree(shard, 0o755, 0o644);
    }
    let ranking = std::fs::read_to_string(out.join("ranking.csv")).expect("ranking");
    assert!(
        ranking.contains("ada") && ranking.contains("bob"),
        "{ranking}"
    );
}

fn chmod_tree(dir: &Path, dirs: u32, files: u32) {
    use std::os::unix::fs::PermissionsExt;
    for file in walk(dir) {
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(files)).expect("chmod");
    }
    for sub in [dir.join("reports"), dir.to_path_buf()] {
        std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(dirs)).expect("chmod");
    }
}

#[test]
fn resume_never_overwrites_a_finished_report() {
    let tmp = tempfile::tempdir().expect("tmp");
    let first = tmp.path().join("first");
    project(&first);
    commit_all(&first, "First project");
    // Another project in a folder of the same name: with labels `a b` and
    // `a_b` the two report names collide.
    let second = tmp.path().join("other/first");
    std::fs::create_dir_all(&second).expect("mkdir");
    std::fs::write(second.join("README.md"), "# Second\n").expect("write");
    commit_all(&second, "Second project");
    let out = tmp.path().join("out");
    let list = tmp.path().join("list.txt");
    std::fs::write(&list, format!("a b,{}\n", first.display())).expect("write");
    let run = || {
        bin()
            .args(["batch", list.to_str().expect("utf8"), "-o"])
            .arg(&out)
            .args(["--quiet", "-j", "1"])
            .assert()
            .success();
    };
    run();
    let finished = std::fs::read(out.join("reports/a_b--first.json")).expect("first report");
    std::fs::write(
        &list,
        format!("a b,{}\na_b,{}\n", first.display(), second.display()),
    )
    .expect("write");
    run();
    assert_eq!(
        std::fs::read(out.join("reports/a_b--first.json")).expect("report"),
        finished,
        "a finished report was rewritten"
    );
    let results = std::fs::read_to_string(out.join("results.jsonl")).expect("results");
    let reports: Vec<String> = results
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json")["report"].to_string())
        .collect();
    assert_eq!(reports.len(), 2, "{results}");
    assert_ne!(reports[0], reports[1], "two lines share one report file");
}

#[test]
fn credentials_in_urls_are_never_shown_or_stored() {
    let port = common::silent_server();
    let tmp = tempfile::tempdir().expect("tmp");
    let token = "ghp_TOKEN1234567890secret";
    let url = format!("https://someone:{token}@127.0.0.1:{port}/owner/project.git");
    let cache = tmp.path().join("cache");
    let out = tmp.path().join("out");
    let list = tmp.path().join("list.txt");
    std::fs::write(&list, format!("{url}\nada,{url}\n")).expect("write");
    let batch = bin()
        .args(["batch", list.to_str().expect("utf8"), "-o"])
        .arg(&out)
        .args(["--quiet", "--timeout", "2", "--cache"])
        .arg(&cache)
        .output()
        .expect("run");
    assert!(
        batch.status.success(),
        "{}",
        String::from_utf8_lossy(&batch.stderr)
    );
    assert!(!String::from_utf8_lossy(&batch.stderr).contains(token));
    let results = std::fs::read_to_string(out.join("results.jsonl")).expect("results");
    assert!(results.contains("127.0.0.1"), "{results}");
    for file in walk(&out).into_iter().chain(walk(&cache)) {
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap_or_default()).into_owned();
        assert!(!text.contains(token), "{} holds the token", file.display());
        assert!(
            !file.display().to_string().contains(token),
            "{}",
            file.display()
        );
    }
    let single = bin()
        .args([url.as_str(), "--clone-timeout", "2", "--cache"])
        .arg(&cache)
        .output()
        .expect("run");
    assert_eq!(single.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&single.stderr);
    assert!(
        !stderr.contains(token) && stderr.contains("127.0.0.1"),
        "{stderr}"
    );
}

/// Writes `name` with `source` into a fresh folder and audits it.
fn audit_one_file(case: &str, name: &str, source: &[u8]) -> serde_json::Value {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::write(tmp.path().join(name), source).expect("write");
    let run = measured(&["--format", "json", "-j", "2"], tmp.path());
    assert_eq!(run.status, 0, "{case}: {}", run.stderr);
    within_bounds(case, &run);
    serde_json::from_str(&run.stdout).expect("json")
}

#[test]
fn deeply_nested_python_is_refused_before_the_parser() {
    let n = 40_000;
    let cases: Vec<(&str, String)> = vec![
        ("operands", format!("x = {}\n", vec!["a"; n].join("+"))),
        (
            "brackets",
            format!("x = {}1{}\n", "[".repeat(n), "]".repeat(n)),
        ),
        (
            "dicts",
            format!("x = {}1{}\n", "{1: ".repeat(n), "}".repeat(n)),
        ),
        ("not", format!("x = {}1\n", "not ".repeat(n))),
        ("unary", format!("x = {}1\n", "-".repeat(n))),
        ("attributes", format!("x = a{}\n", ".b".repeat(n))),
        ("calls", format!("x = f{}\n", "()".repeat(n))),
        ("lambdas", format!("x = {}1\n", "lambda: ".repeat(n))),
        ("a million parentheses", "(".repeat(1_000_000)),
    ];
    for (case, source) in cases {
        let report = audit_one_file(case, "deep.py", source.as_bytes());
        let warnings = report["warnings"].to_string();
        assert!(
            warnings.contains("deep.py: nested deeper"),
            "{case}: {warnings}"
        );
    }
    let cell = serde_json::json!({
        "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null,
                   "source": [format!("x = {}1\n", "-".repeat(n))]}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5
    });
    let report = audit_one_file("notebook", "deep.ipynb", cell.to_string().as_bytes());
    assert!(
        report["warnings"]
            .to_string()
            .contains("deep.ipynb: nested deeper"),
        "{report}"
    );
}

#[test]
fn yaml_alias_bombs_are_refused() {
    let mut bomb = String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
    let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
    let mut previous = "a";
    for name in names {
        bomb.push_str(&format!(
            "{name}: &{name} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n"
        ));
        previous = name;
    }
    bomb.push_str("dependencies:\n  - numpy\n");
    assert!(bomb.len() < 1024, "{} bytes", bomb.len());
    let report = audit_one_file("YAML alias bomb", "environment.yml", bomb.as_bytes());
    let warnings = report["warnings"].to_string();
    assert!(
        warnings.contains("environment.yml: YAML aliases expand"),
        "{warnings}"
    );
}

#[test]
fn a_hundred_thousand_dependencies_are_found_in_linear_time() {
    let names: Vec<String> = (0..100_000).map(|i| format!("p{i}")).collect();
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}>=1\"")).collect();
    let manifests = [
        (
            "pyproject.toml",
            format!(
                "[project]\nname = \"x\"\ndependencies = [\n{}\n]\n",
                quoted.join(",\n")
            ),
        ),
        (
            "Pipfile",
            format!(
                "[packages]\n{}\n",
                names
                    .iter()
                    .map(|n| format!("{n} = \"*\""))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        ),
        (
            "environment.yml",
            format!(
                "dependencies:\n{}\n",
                names
                    .iter()
                    .map(|n| format!("  - {n}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        ),
    ];
    for (name, text) in manifests {
        assert!(text.len() < 2 * 1024 * 1024, "{name}: {} bytes", text.len());
        let report = audit_one_file(name, name, text.as_bytes());
        let dependencies = report["facts"]["packaging"]["dependencies"]
            .as_u64()
            .unwrap_or_default();
        assert!(dependencies >= 100_000, "{name}: {dependencies}");
    }
}

#[test]
fn control_files_that_never_end_are_refused() {
    let tmp = tempfile::tempdir().expect("tmp");
    // Walk mode: the ignore files are links to /dev/zero, or FIFOs.
    for (case, name) in [("zero", ".gitignore"), ("zero-ignore", ".ignore")] {
        let dir = tmp.path().join(case);
        project(&dir);
        symlink("/dev/zero", dir.join(name)).expect("symlink");
        let run = measured(&["--format", "json"], &dir);
        assert_eq!(run.status, 0, "{case}: {}", run.stderr);
        within_bounds(case, &run);
    }
    let fifo_ignore = tmp.path().join("fifo-ignore");
    project(&fifo_ignore);
    common::mkfifo(&fifo_ignore.join(".gitignore"));
    let run = measured(&["--format", "json"], &fifo_ignore);
    assert_eq!(run.status, 0, "{}", run.stderr);
    within_bounds("FIFO .gitignore", &run);
    assert!(run.stdout.contains("not a regular file"), "{}", run.stdout);

    // Git control files: refused with one line, never waited on.
    for file in ["config", "index", "info/exclude", "HEAD"] {
        let dir = tmp.path().join(format!("fifo-{}", file.replace('/', "-")));
        project(&dir);
        commit_all(&dir, "Mine");
        let path = dir.join(".git").join(file);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        let _ = std::fs::remove_file(&path);
        common::mkfifo(&path);
        let run = measured(&["--format", "json"], &dir);
        assert_eq!(run.status, 2, "{file}: {}", run.stderr);
        assert!(
            run.stderr.contains("not a regular file"),
            "{file}: {}",
            run.stderr
        );
        within_bounds(file, &run);
    }
}

#[test]
fn over_cap_blobs_are_never_inflated() {
    let tmp = tempfile::tempdir().expect("tmp");
    let repo = tmp.path().join("zeros");
    project(&repo);
    run_git(&repo, &["init", "-q"]);
    // A 1 GiB blob of zeros, written straight into the object database
    // (loose objects compress it to about 1 MB).
    let blob = Command::new("sh")
        .current_dir(&repo)
        .args([
            "-c",
            "head -c 1073741824 /dev/zero | git hash-object -w --stdin",
        ])
        .output()
        .expect("hash-object");
    let oid = String::from_utf8_lossy(&blob.stdout).trim().to_string();
    assert_eq!(oid.len(), 40, "{}", String::from_utf8_lossy(&blob.stderr));
    run_git(&repo, &["add", "-A"]);
    // As a `.env` too, deleted in the next commit: history's secrets scan
    // must size it from the header, not inflate it.
    for name in ["data.csv", "big.py", ".env"] {
        run_git(
            &repo,
            &[
                "update-index",
                "--add",
                "--cacheinfo",
                &format!("100644,{oid},{name}"),
            ],
        );
    }
    run_git(&repo, &["commit", "-qm", "Add zeros"]);
    run_git(&repo, &["rm", "-q", "--cached", ".env"]);
    run_git(&repo, &["commit", "-qm", "Drop the env file"]);
    let run = measured(&["--format", "json", "--ref", "HEAD"], &repo);
    assert_eq!(run.status, 0, "{}", run.stderr);
    within_bounds("1 GiB zero blobs read from objects", &run);
    assert!(run.stdout.contains("big.py: 1024.0 MiB"), "{}", run.stdout);
}

#[test]
fn a_timed_out_target_is_stopped_and_the_batch_finishes() {
    let tmp = tempfile::tempdir().expect("tmp");
    // 400 paths naming one 1.7 MB Python blob: a 300 KB repository whose
    // audit takes seconds even in a release build.
    let slow = tmp.path().join("slow.git");
    run_git(
        tmp.path(),
        &["init", "-q", "--bare", slow.to_str().expect("utf8")],
    );
    let source: String = (0..30_000)
        .map(|i| format!("def f{i}(a, b):\n    return [a + b for _ in range({i})]\n"))
        .collect();
    let big = tmp.path().join("big.py");
    std::fs::write(&big, source).expect("write");
    let blob = run_git(&slow, &["hash-object", "-w", big.to_str().expect("utf8")]);
    let listing: String = (0..400)
        .map(|i| format!("100644 blob {blob}\tm{i}.py\n"))
        .collect();
    let listing_file = tmp.path().join("listing");
    std::fs::write(&listing_file, listing).expect("write");
    let tree = Command::new("git")
        .current_dir(&slow)
        .arg("mktree")
        .stdin(std::fs::File::open(&listing_file).expect("listing"))
        .output()
        .expect("mktree");
    let tree = String::from_utf8_lossy(&tree.stdout).trim().to_string();
    let commit = run_git(&slow, &["commit-tree", &tree, "-m", "Slow to audit"]);
    run_git(&slow, &["update-ref", "refs/heads/main", &commit]);
    run_git(&slow, &["symbolic-ref", "HEAD", "refs/heads/main"]);
    let quick = tmp.path().join("quick");
    project(&quick);
    let list = tmp.path().join("list.txt");
    std::fs::write(
        &list,
        format!("slow,{}\nquick,{}\n", slow.display(), quick.display()),
    )
    .expect("write");
    let out = tmp.path().join("out");
    let started = std::time::Instant::now();
    bin()
        .args(["batch", list.to_str().expect("utf8"), "-o"])
        .arg(&out)
        .args(["--quiet", "-j", "2", "--timeout", "1"])
        .assert()
        .success();
    let took = started.elapsed().as_secs_f64();
    let results = std::fs::read_to_string(out.join("results.jsonl")).expect("results");
    assert!(results.contains("timed out after 1 s"), "{results}");
    assert!(
        results.contains("\"label\":\"quick\",\"target\"") && results.contains("\"status\":\"ok\""),
        "{results}"
    );
    assert!(out.join("ranking.csv").is_file());
    // The cancelled audit stops at its next file instead of running on.
    assert!(took < 20.0, "the batch took {took:.1} s");
}
