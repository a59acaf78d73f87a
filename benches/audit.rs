//! Audit speed against its floor on a real repository.
//!
//!     cargo bench --bench audit -- /path/to/a/clone [runs]
//!
//! The floor is the least any audit must do: list the tracked files from the
//! git index and read every one of them in parallel. The audit does that plus
//! everything else (README, manifests, secrets, rules, scoring, JSON). Both
//! are timed warm (the first run of each is discarded) and the median and the
//! best of the runs are printed; the goal is an audit within 2× of the floor.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use portfolio_audit::audit::{AuditOptions, audit, audit_timed};
use portfolio_audit::report::json;
use portfolio_audit::rules::Catalog;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let Some(repo) = args
        .first()
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("PORTFOLIO_AUDIT_BENCH_REPO").map(PathBuf::from))
    else {
        eprintln!("usage: cargo bench --bench audit -- /path/to/a/git/clone [runs]");
        eprintln!("       (or set PORTFOLIO_AUDIT_BENCH_REPO); nothing to measure, skipping");
        return;
    };
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(7).max(1);
    let catalog = Catalog::embedded().expect("catalogue");
    let options = AuditOptions::default();

    let (files, bytes) = floor(&repo, false);
    println!(
        "repository: {} ({} tracked files, {:.1} MB), {} threads, {runs} runs",
        repo.display(),
        files,
        bytes as f64 / 1e6,
        rayon::current_num_threads()
    );
    let floor_times = time(runs, || {
        floor(&repo, false);
    });
    let parse_floor_times = time(runs, || {
        floor(&repo, true);
    });
    let audit_times = time(runs, || {
        let report = audit(&repo, "bench", &catalog, &options).expect("audit");
        std::hint::black_box(json::render(&report));
    });
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    let single_times = time(runs.min(3), || {
        one_thread.install(|| {
            let report = audit(&repo, "bench", &catalog, &options).expect("audit");
            std::hint::black_box(json::render(&report));
        })
    });
    report_line("floor: git index + parallel read", &floor_times);
    report_line("floor: ... + parse every .py", &parse_floor_times);
    report_line("audit (all threads)", &audit_times);
    report_line("audit (1 thread)", &single_times);
    let (_, steps) = audit_timed(&repo, "bench", &catalog, &options).expect("audit");
    let steps: Vec<String> = steps
        .iter()
        .map(|(step, took)| format!("{step} {:.1} ms", took.as_secs_f64() * 1e3))
        .collect();
    println!("one audit, by step: {}", steps.join(", "));
    println!(
        "audit / read floor (median): {:.2}x; audit / read+parse floor: {:.2}x",
        median(&audit_times).as_secs_f64() / median(&floor_times).as_secs_f64(),
        median(&audit_times).as_secs_f64() / median(&parse_floor_times).as_secs_f64()
    );
    history_against_git_log(&repo, runs.min(3));
    let python: Vec<(PathBuf, u64)> = tracked(&repo)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .map(|p| {
            let size = std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0);
            (p, size)
        })
        .collect();
    let texts: Vec<String> = python
        .iter()
        .filter_map(|(p, _)| std::fs::read_to_string(p).ok())
        .collect();
    let parse_times = time(runs.min(3), || {
        texts.par_iter().for_each(|t| {
            std::hint::black_box(portfolio_audit::facts::python::analyse(t));
        });
    });
    let mb = python.iter().map(|(_, s)| *s).sum::<u64>() as f64 / 1e6;
    let seconds = median(&parse_times).as_secs_f64();
    println!(
        "parsing + facts of {} .py files ({mb:.1} MB), in memory: {:.1} ms, {:.0} files/s, {:.1} MB/s",
        texts.len(),
        seconds * 1e3,
        texts.len() as f64 / seconds,
        mb / seconds
    );
}

fn tracked(repo: &Path) -> Vec<PathBuf> {
    let git = git2::Repository::open(repo).expect("a git work tree");
    let index = git.index().expect("index");
    index
        .iter()
        .filter(|e| e.mode & 0o170000 == 0o100000)
        .filter_map(|e| std::str::from_utf8(&e.path).ok().map(|p| repo.join(p)))
        .collect()
}

/// Lists the index and reads every tracked regular file, parsing the Python
/// ones when asked; returns (files, bytes).
fn floor(repo: &Path, parse: bool) -> (usize, u64) {
    let paths = tracked(repo);
    let bytes = paths
        .par_iter()
        .map(|path| {
            let mut buffer = Vec::new();
            let read = std::fs::File::open(path)
                .and_then(|mut f| f.read_to_end(&mut buffer))
                .map(|n| n as u64)
                .unwrap_or(0);
            if parse
                && path.extension().is_some_and(|e| e == "py")
                && let Ok(text) = std::str::from_utf8(&buffer)
            {
                std::hint::black_box(portfolio_audit::facts::python::parse_only(text));
            }
            read
        })
        .sum();
    (paths.len(), bytes)
}

fn time(runs: usize, mut work: impl FnMut()) -> Vec<Duration> {
    work();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .collect();
    times.sort();
    times
}

fn median(times: &[Duration]) -> Duration {
    times[times.len() / 2]
}

fn report_line(label: &str, times: &[Duration]) {
    println!(
        "{label:<36} median {:>8.1} ms   best {:>8.1} ms",
        median(times).as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3
    );
}

/// The history pass beside `git log --format=%H%an%ae%at` on the same
/// repository (skipped where no `git` binary is installed).
fn history_against_git_log(repo: &Path, runs: usize) {
    let git_dir = git2::Repository::open(repo)
        .expect("repository")
        .path()
        .to_path_buf();
    let files = tracked(repo).len();
    let mut commits = 0;
    let ours = time(runs, || {
        let facts = portfolio_audit::facts::history::gather(
            &git_dir,
            None,
            files,
            "",
            None,
            portfolio_audit::facts::history::WALK_LIMIT,
        )
        .expect("history");
        commits = facts.commits;
    });
    let log = time(runs, || {
        let output = std::process::Command::new("git")
            .arg("-C")
            .arg(repo)
            .args(["log", "--format=%H%an%ae%at"])
            .output();
        std::hint::black_box(output.ok());
    });
    report_line(&format!("history pass ({commits} commits)"), &ours);
    report_line("git log --format=%H%an%ae%at", &log);
    println!(
        "history / git log (median): {:.2}x",
        median(&ours).as_secs_f64() / median(&log).as_secs_f64()
    );
}
