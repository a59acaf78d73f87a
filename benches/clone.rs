//! Clone speed against git's own, over smart HTTP on 127.0.0.1.
//!
//!     cargo bench --bench clone -- /path/to/a/repository [runs]
//!
//! Serves the repository with `git http-backend` (the test suite's server),
//! then times, side by side in one run: `git clone --bare` of its URL; the
//! audit of the same URL (clone phases from `--timings`, and the whole run
//! with its peak RSS, git's included); and the audit of the repository as
//! a `file://` URL against its plain path, which must cost the same, since a
//! `file://` target is read in place. Medians of the runs are printed.

#[path = "../tests/common/git_http.rs"]
#[allow(dead_code)]
mod git_http;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const BINARY: &str = env!("CARGO_BIN_EXE_portfolio-audit");

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let Some(repo) = args.first().map(PathBuf::from) else {
        eprintln!("usage: cargo bench --bench clone -- /path/to/a/repository [runs]");
        std::process::exit(2);
    };
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(3);
    let repo = repo.canonicalize().expect("repository path");
    let url = git_http::url_of(&repo);
    let scratch = tempfile::tempdir().expect("scratch folder");

    let mut git_clone = Vec::new();
    let mut audit_clone = Vec::new();
    let mut audit_total = Vec::new();
    let mut phases: Vec<Vec<(String, f64)>> = Vec::new();
    let mut peak_rss_kib = 0;
    for run in 0..runs {
        let into = scratch.path().join(format!("git-{run}.git"));
        let started = Instant::now();
        let status = Command::new("git")
            .args(["clone", "--bare", "--quiet", &url])
            .arg(&into)
            .status()
            .expect("git clone");
        assert!(status.success(), "git clone failed");
        git_clone.push(started.elapsed());
        std::fs::remove_dir_all(&into).expect("remove");

        let started = Instant::now();
        let output = Command::new(BINARY)
            .args([&url, "--format", "json", "--timings", "--quiet"])
            .env("TMPDIR", scratch.path())
            .output()
            .expect("audit");
        audit_total.push(started.elapsed());
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        peak_rss_kib = peak_rss_kib.max(children_peak_rss_kib());
        let timings = parse_timings(&String::from_utf8_lossy(&output.stderr));
        audit_clone.push(Duration::from_secs_f64(
            timings
                .iter()
                .filter(|(step, _)| step.starts_with("clone:"))
                .map(|(_, ms)| ms / 1e3)
                .sum(),
        ));
        phases.push(timings);
    }
    let git = median(&git_clone);
    let ours = median(&audit_clone);
    println!("repository: {}", repo.display());
    println!("git clone --bare over http:   {:>8.2} s", git.as_secs_f64());
    println!(
        "portfolio-audit's clone:      {:>8.2} s  ({:.2}x git)",
        ours.as_secs_f64(),
        ours.as_secs_f64() / git.as_secs_f64()
    );
    for step in ["clone: connect", "clone: transfer", "clone: resolve"] {
        let times: Vec<Duration> = phases
            .iter()
            .filter_map(|t| t.iter().find(|(s, _)| s == step))
            .map(|(_, ms)| Duration::from_secs_f64(ms / 1e3))
            .collect();
        println!("  {step:<26} {:>8.2} s", median(&times).as_secs_f64());
    }
    println!(
        "whole audit of the URL:       {:>8.2} s, peak RSS {} MiB (git's included)",
        median(&audit_total).as_secs_f64(),
        peak_rss_kib / 1024
    );

    let file_url = format!("file://{}", repo.display());
    let in_place = time_audits(&file_url, runs, scratch.path());
    let plain = time_audits(&repo.display().to_string(), runs, scratch.path());
    println!(
        "audit of file:// URL:         {:>8.2} s  (plain path {:.2} s, {:.2}x)",
        in_place.as_secs_f64(),
        plain.as_secs_f64(),
        in_place.as_secs_f64() / plain.as_secs_f64()
    );
}

fn time_audits(target: &str, runs: usize, tmp: &Path) -> Duration {
    let times: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            let output = Command::new(BINARY)
                .args([target, "--format", "json", "--quiet"])
                .env("TMPDIR", tmp)
                .output()
                .expect("audit");
            assert!(output.status.success(), "audit of {target} failed");
            started.elapsed()
        })
        .collect();
    median(&times)
}

/// `clone: transfer      1234.56 ms` lines of `--timings`.
fn parse_timings(stderr: &str) -> Vec<(String, f64)> {
    stderr
        .lines()
        .filter_map(|line| {
            let line = line.trim_end().strip_suffix(" ms")?;
            let split = line.rfind(' ')?;
            let ms: f64 = line[split..].trim().parse().ok()?;
            Some((line[..split].trim().to_string(), ms))
        })
        .collect()
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}

/// The largest peak RSS among the children waited for so far, in KiB.
fn children_peak_rss_kib() -> i64 {
    // SAFETY: getrusage fills the struct it is given.
    unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage.ru_maxrss
    }
}
