//! Inputs small on disk that once grew large in time or memory: a deep tree,
//! a README of tiny paragraphs, big notebooks read in parallel, a version-4
//! index, a truncated zlib stream, a blob that compresses a thousandfold.
//! Each is built at test time and measured (`case: time, peak RSS`).

use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::{self, measured, measured_command, within_bounds};

/// Feeds a `git fast-import` stream into a new bare repository.
fn fast_import(bare: &Path, stream: &[u8]) {
    common::run_git(
        bare.parent().expect("parent"),
        &["init", "-q", "--bare", "x.git"],
    );
    std::fs::rename(bare.parent().expect("parent").join("x.git"), bare).expect("rename");
    let mut child = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(bare)
        .stdin(Stdio::piped())
        .spawn()
        .expect("fast-import");
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), stream).expect("feed");
    assert!(child.wait().expect("wait").success(), "fast-import");
}

/// Five commits, each changing one file at the bottom of `levels` folders.
fn deep_history(levels: usize) -> Vec<u8> {
    let path = format!("{}/x.py", vec!["d"; levels].join("/"));
    let mut stream = Vec::new();
    for day in 1..=5 {
        let data = format!("X = {day}\n");
        stream.extend_from_slice(
            format!(
                "commit refs/heads/main\ncommitter A <a@example.org> {} +0000\ndata 6\nday {day}\nM 100644 inline {path}\ndata {}\n{data}\n",
                1_700_000_000 + day * 86_400,
                data.len()
            )
            .as_bytes(),
        );
    }
    stream
}

#[test]
fn a_fifty_thousand_level_tree_is_listed_in_linear_time() {
    // Every level used to re-format and re-check the whole path: 19 s.
    let work = tempfile::tempdir().expect("tempdir");
    let bare = work.path().join("deep.git");
    fast_import(&bare, &deep_history(50_000));
    std::fs::write(bare.join("HEAD"), "ref: refs/heads/main\n").expect("HEAD");
    let run = measured(&["--format", "json"], &bare);
    within_bounds("a 50,000-level tree, 5 commits", &run);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("deeper than 1000 levels were not listed"),
        "the cut is said"
    );
}

#[test]
fn a_readme_of_eighty_thousand_paragraphs_is_read_in_linear_time() {
    // Each short 'Installation' paragraph used to search every block for
    // a link on its line: 29 s for Markdown, 15 s for reST.
    let cases = [
        (
            "README.md",
            "# Tool\n\n".to_string() + &"Installation\n\n".repeat(80_000),
        ),
        (
            "README.rst",
            "Tool\n====\n\n".to_string() + &"Installation\n\n".repeat(40_000),
        ),
    ];
    for (name, text) in cases {
        let work = tempfile::tempdir().expect("tempdir");
        std::fs::write(work.path().join(name), text).expect("write");
        let run = measured(&["--format", "json"], work.path());
        within_bounds(&format!("{name} of tiny paragraphs"), &run);
        assert_eq!(run.status, 0, "{}", run.stderr);
    }
}

/// `count` notebooks of 18 MB, mostly output lines, written as a stream:
/// a child's peak RSS counts the test process's pages at fork, so the test
/// never holds them.
fn write_big_notebooks(folder: &Path, count: usize) {
    use std::io::Write;
    let first = folder.join("n0.ipynb");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&first).expect("create"));
    out.write_all(br#"{"cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, "source": ["print(1)\n"], "outputs": [{"output_type": "stream", "name": "stdout", "text": ["#)
        .expect("write");
    for i in 0..1_500_000 {
        let comma = if i == 0 { "" } else { ", " };
        write!(out, "{comma}\"{i}\\n\"").expect("write");
    }
    out.write_all(br#"]}]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}"#)
        .expect("write");
    out.flush().expect("flush");
    drop(out);
    let size = std::fs::metadata(&first).expect("size").len();
    assert!(size > 16 << 20 && size < 20 << 20, "{size}");
    for i in 1..count {
        std::fs::copy(&first, folder.join(format!("n{i}.ipynb"))).expect("copy");
    }
}

#[test]
fn big_notebooks_read_in_parallel_share_one_memory_budget() {
    // Eight 18 MB notebooks (under the 20 MiB cap) at -j 8 took 890 MB:
    // outputs were built as JSON values, and each thread's heap kept them.
    let work = tempfile::tempdir().expect("tempdir");
    write_big_notebooks(work.path(), 8);
    let run = measured(&["--format", "json", "-j", "8"], work.path());
    within_bounds("8 notebooks of 18 MB at -j 8", &run);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.rss_mb < 150.0, "peak {:.0} MB", run.rss_mb);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    assert_eq!(report["facts"]["notebooks"], 8);
    assert!(
        !report["warnings"].to_string().contains("ipynb"),
        "every notebook read: {}",
        report["warnings"]
    );
}

#[test]
fn an_index_that_expands_past_its_size_is_refused() {
    // 20,000 paths of 4 KB share their prefixes in a version-4 index of
    // 1.4 MB; libgit2 expanded it to 560 MB.
    let repo = common::git_as("readme-rst", "long-index");
    let blob = common::run_git(&repo.path, &["hash-object", "-w", "README.rst"]);
    let folder = vec!["d".repeat(200); 19].join("/");
    let mut child = Command::new("git")
        .args(["update-index", "--index-info"])
        .current_dir(&repo.path)
        .stdin(Stdio::piped())
        .spawn()
        .expect("update-index");
    // Streamed, so the test process never holds the 80 MB.
    let mut feed = std::io::BufWriter::new(child.stdin.take().expect("stdin"));
    for i in 0..20_000 {
        std::io::Write::write_all(
            &mut feed,
            format!("100644 {blob}\t{folder}/f{i:06}.py\n").as_bytes(),
        )
        .expect("feed");
    }
    drop(feed);
    assert!(child.wait().expect("wait").success());
    common::run_git(&repo.path, &["update-index", "--index-version", "4"]);
    let run = measured(&["--format", "json"], &repo.path);
    within_bounds("a version-4 index expanding to 80 MB", &run);
    assert_eq!(run.status, 2, "refused: {}", run.stderr);
    assert!(
        run.stderr.contains("MiB of paths; refused"),
        "{}",
        run.stderr
    );
    // An ordinary version-4 index is read as before.
    let plain = common::git_as("readme-rst", "plain-index-v4");
    common::run_git(&plain.path, &["update-index", "--index-version", "4"]);
    let run = measured(&["--format", "json"], &plain.path);
    assert_eq!(run.status, 0, "{}", run.stderr);
}

/// Cuts a loose object's zlib stream in half.
fn truncate_object(git_dir: &Path, id: &str) {
    let object = git_dir.join("objects").join(&id[..2]).join(&id[2..]);
    let bytes = std::fs::read(&object).expect("object");
    let mut permissions = std::fs::metadata(&object).expect("meta").permissions();
    #[allow(clippy::permissions_set_readonly_false, reason = "a test's own file")]
    permissions.set_readonly(false);
    std::fs::set_permissions(&object, permissions).expect("chmod");
    std::fs::write(&object, &bytes[..bytes.len() / 2]).expect("truncate");
}

#[cfg(target_os = "linux")]
#[test]
fn a_truncated_zlib_stream_costs_the_time_limit_and_no_more() {
    // libgit2 spins forever inflating it; the confined worker is killed.
    let code: String = (0..20_000)
        .map(|i| format!("x{i} = {}\n", i * 7919 % 10_007))
        .collect();
    for held_by in ["the tree", "history only"] {
        let repo = common::git_as("readme-rst", "zlib");
        let file = if held_by == "the tree" {
            "big.py"
        } else {
            ".env"
        };
        std::fs::write(repo.path.join(file), &code).expect("write");
        common::run_git(&repo.path, &["add", "-f", file]);
        common::run_git(&repo.path, &["commit", "-q", "-m", "Add it"]);
        let id = common::run_git(&repo.path, &["rev-parse", &format!("HEAD:{file}")]);
        if held_by == "history only" {
            common::run_git(&repo.path, &["rm", "-q", "--cached", file]);
            common::run_git(&repo.path, &["commit", "-q", "-m", "Forget it"]);
        }
        truncate_object(&repo.path.join(".git"), &id);
        let git_dir = repo.path.join(".git");
        let run = measured(&["--format", "json", "--timeout", "3"], &git_dir);
        within_bounds(&format!("a truncated zlib object, {held_by}"), &run);
        assert_eq!(run.status, 2, "{held_by}: {}", run.stderr);
        assert!(
            run.stderr.contains("3 s limit"),
            "{held_by}: {}",
            run.stderr
        );
        assert!(run.seconds < 6.0, "{held_by}: {:.1} s", run.seconds);
    }
}

#[test]
fn a_blob_that_compresses_a_thousandfold_is_cloned_in_bounded_memory() {
    // 300 MB of zeros is a 300 KB object; git held it whole in memory to
    // index the pack.
    let served = tempfile::tempdir().expect("tempdir");
    let repo = served.path().join("bomb");
    std::fs::create_dir_all(&repo).expect("mkdir");
    let zeros = std::fs::File::create(repo.join("zeros.bin")).expect("create");
    zeros.set_len(300_000_000).expect("sparse zeros");
    std::fs::write(repo.join("app.py"), "print('hi')\n").expect("write");
    common::commit_all(&repo, "Add a big file");
    let url = common::git_http::url_of(&repo);
    let run = measured_command(Path::new(&url), &["--format", "json", "--max-repo-mb", "5"]);
    within_bounds("a 300 MB zero blob, cloned", &run);
    assert!(run.rss_mb < 150.0, "peak {:.0} MB", run.rss_mb);
}
