//! The confined reader (`src/confine.rs`): on Linux an audit runs in a
//! worker that can read nothing outside its target, and is killed at its
//! time limit. Each case builds its hostile input at test time.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::{self, bin};

/// A bare repository at `dir` whose only commit brings `file`.
fn bare_with(dir: &Path, file: &str) -> String {
    let work = tempfile::tempdir().expect("tempdir");
    std::fs::write(work.path().join(file), "OUTSIDE = 1\n").expect("write");
    common::commit_all(work.path(), "Outside work");
    common::run_git(
        Path::new("/"),
        &[
            "clone",
            "-q",
            "--bare",
            &work.path().to_string_lossy(),
            &dir.to_string_lossy(),
        ],
    );
    common::head_sha(dir)
}

/// A bare repository that has no objects of its own: its HEAD names a
/// commit of `outside`, and its alternates point there.
fn borrowing(target: &Path, outside: &Path, head: &str) {
    for folder in ["objects/info", "refs/heads"] {
        std::fs::create_dir_all(target.join(folder)).expect("mkdir");
    }
    std::fs::write(target.join("HEAD"), "ref: refs/heads/main\n").expect("write");
    std::fs::write(target.join("refs/heads/main"), format!("{head}\n")).expect("write");
    std::fs::write(
        target.join("objects/info/alternates"),
        format!("{}\n", outside.join("objects").display()),
    )
    .expect("write");
}

fn run(target: &Path, extra_env: &[(&str, &str)]) -> (Option<i32>, String, String) {
    let mut command = bin();
    command
        .arg(target)
        .args(["--format", "json", "--timings"])
        .env(portfolio_audit::source::boundary::SIMULATE_A_HOLE, "1");
    for (key, value) in extra_env {
        command.env(key, value);
    }
    let output = command.output().expect("run");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_worker_reads_nothing_outside_the_target_even_through_a_hole_in_the_checks() {
    let work = tempfile::tempdir().expect("tempdir");
    let outside = work.path().join("outside.git");
    let head = bare_with(&outside, "OUTSIDE_ONLY.py");
    let target = work.path().join("applicant.git");
    borrowing(&target, &outside, &head);

    // The hole is real: in process, with the user-space check skipped,
    // libgit2 follows the alternates and lists the outside file.
    let (code, stdout, _) = run(&target, &[("PORTFOLIO_AUDIT_IN_PROCESS", "1")]);
    assert_eq!(code, Some(0));
    assert!(
        stdout.contains("OUTSIDE_ONLY.py"),
        "the scenario reads outside"
    );

    // Confined, the same hole reads nothing: the kernel refuses.
    let (code, stdout, stderr) = run(&target, &[]);
    assert!(
        stderr.contains("confined: Landlock"),
        "this Linux must confine the worker: {stderr}"
    );
    assert!(!stdout.contains("OUTSIDE_ONLY"), "{stdout}");
    assert!(!stderr.contains("OUTSIDE_ONLY"), "{stderr}");
    assert_eq!(code, Some(2), "{stderr}");
}

#[test]
fn the_worker_cannot_open_a_file_outside_through_a_symlinked_readme_either() {
    // The scan's own check (open with O_NOFOLLOW) is the first wall; the
    // kernel is the second: a worker that tried would be refused.
    let work = tempfile::tempdir().expect("tempdir");
    let secret = work.path().join("secret.txt");
    std::fs::write(&secret, "OUTSIDE-SECRET-TEXT\n").expect("write");
    let target = work.path().join("project");
    std::fs::create_dir_all(&target).expect("mkdir");
    std::fs::write(target.join("app.py"), "print(1)\n").expect("write");
    std::os::unix::fs::symlink(&secret, target.join("README.md")).expect("symlink");
    common::commit_all(&target, "Initial commit");
    let (code, stdout, stderr) = run(&target, &[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!stdout.contains("OUTSIDE-SECRET-TEXT"));
}

#[test]
fn a_fifo_where_libgit2_reads_costs_the_time_limit_and_no_more() {
    // A FIFO as the commit-graph: libgit2 blocks opening it for reading,
    // inside a call nothing can interrupt; the parent kills the worker.
    let fixture = common::git("good-package");
    common::fifo_commit_graph(&fixture.path);
    let started = Instant::now();
    // The user-space walk refuses a FIFO in the git folder; switched off,
    // the worker's time limit is the wall that holds.
    let output = bin()
        .arg(&fixture.path)
        .args(["--format", "json", "--timeout", "3"])
        .env(portfolio_audit::source::boundary::SIMULATE_A_HOLE, "1")
        .timeout(Duration::from_secs(60))
        .output()
        .expect("run");
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("ran past its 3 s limit"), "{stderr}");
    assert!(took < Duration::from_secs(6), "a 3 s limit took {took:?}");
}

#[test]
fn in_a_batch_a_stuck_target_costs_its_time_limit_and_the_others_are_audited() {
    // Two targets that block libgit2 and one good one, at --timeout 3: each
    // stuck worker is killed at its limit, with no grace period added.
    let work = tempfile::tempdir().expect("tempdir");
    let mut lines = Vec::new();
    let mut fixtures = Vec::new();
    for label in ["stuck1", "stuck2"] {
        let fixture = common::git("good-package");
        common::fifo_commit_graph(&fixture.path);
        lines.push(format!("{label},{}", fixture.path.display()));
        fixtures.push(fixture);
    }
    let good = common::well_made_package();
    lines.push(format!("good,{}", good.path.display()));
    let list = work.path().join("list.txt");
    std::fs::write(&list, lines.join("\n")).expect("write");
    let out = work.path().join("out");
    let started = Instant::now();
    let output = bin()
        .args(["batch"])
        .arg(&list)
        .arg("-o")
        .arg(&out)
        .args(["-j", "2", "--timeout", "3", "--quiet"])
        .env(portfolio_audit::source::boundary::SIMULATE_A_HOLE, "1")
        .timeout(Duration::from_secs(120))
        .output()
        .expect("run");
    let took = started.elapsed();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        took < Duration::from_secs(15),
        "two 3 s limits took {took:?}"
    );
    let results = std::fs::read_to_string(out.join("results.jsonl")).expect("results");
    let lines: Vec<serde_json::Value> = results
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let status = |label: &str| {
        lines
            .iter()
            .find(|l| l["label"] == label)
            .map(|l| (l["status"].clone(), l["error"].clone()))
            .expect("a line")
    };
    for label in ["stuck1", "stuck2"] {
        let (state, error) = status(label);
        assert_eq!(state, "error");
        assert!(
            error.as_str().unwrap_or("").contains("timed out after 3 s"),
            "{error}"
        );
    }
    assert_eq!(status("good").0, "ok");
    assert!(
        std::fs::read_to_string(out.join("ranking.csv"))
            .expect("ranking")
            .contains("good")
    );
}
