//! Batch throughput: builds 200 small synthetic repositories and prints
//! repositories per second at -j 1 and -j 2.
//!
//!     cargo bench --bench batch [-- COUNT]

use std::path::Path;
use std::time::Instant;

use portfolio_audit::audit::AuditOptions;
use portfolio_audit::batch::{self, BatchOptions, list::ListEntry};
use portfolio_audit::rules::Catalog;
use portfolio_audit::source::CloneOptions;

fn main() {
    let count: usize = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .find_map(|a| a.parse().ok())
        .unwrap_or(200);
    let work = tempfile::tempdir().expect("tempdir");
    let started = Instant::now();
    let entries: Vec<ListEntry> = (0..count)
        .map(|i| {
            let dir = work.path().join(format!("repo{i:03}"));
            synthetic_repo(&dir, i);
            ListEntry {
                label: format!("applicant{i:03}"),
                target: dir.display().to_string(),
                source: dir.display().to_string(),
                line: i + 1,
            }
        })
        .collect();
    println!(
        "built {count} repositories in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let catalog = Catalog::embedded().expect("catalogue");
    for jobs in [1, 2] {
        let out = work.path().join(format!("out-j{jobs}"));
        let options = BatchOptions {
            out,
            threads: jobs,
            clone_jobs: jobs,
            force: true,
            retry_failed: false,
            quiet: true,
            shard: None,
            time_limit: std::time::Duration::from_secs(600),
            clone: CloneOptions::default(),
            audit: AuditOptions::default(),
            // In process: the audits' own cost. The binary's batch starts a
            // confined worker per target on Linux (a few ms each).
            worker: None,
        };
        let started = Instant::now();
        let summary = batch::run(&entries, &catalog, &options).expect("batch");
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "-j {jobs}: {} audited in {seconds:.2} s = {:.0} repositories/s",
            summary.audited,
            summary.audited as f64 / seconds
        );
    }
}

/// A small Python project with a README, a package, tests and ten commits.
fn synthetic_repo(dir: &Path, seed: usize) {
    std::fs::create_dir_all(dir.join("pkg")).expect("mkdir");
    std::fs::create_dir_all(dir.join("tests")).expect("mkdir");
    let repo = git2::Repository::init(dir).expect("init");
    let signature = |i: i64| {
        git2::Signature::new(
            "Dev",
            "dev@example.com",
            &git2::Time::new(1_700_000_000 + i * 86_400, 0),
        )
        .expect("sig")
    };
    let mut parent: Option<git2::Oid> = None;
    for step in 0..10 {
        std::fs::write(
            dir.join("README.md"),
            format!("# Project {seed}\n\nA small tool that does step {step} of something useful for its users.\n\n## Install\n\n```\npip install .\n```\n"),
        )
        .expect("write");
        std::fs::write(
            dir.join("pkg/__init__.py"),
            format!("\"\"\"Package {seed}.\"\"\"\n\n\ndef add(a: int, b: int) -> int:\n    \"\"\"Add.\"\"\"\n    return a + b + {step}\n"),
        )
        .expect("write");
        std::fs::write(
            dir.join("tests/test_pkg.py"),
            format!(
                "from pkg import add\n\n\ndef test_add():\n    assert add(1, 2) == {}\n",
                3 + step
            ),
        )
        .expect("write");
        std::fs::write(
            dir.join("pyproject.toml"),
            format!("[project]\nname = \"p{seed}\"\nversion = \"0.{step}\"\n"),
        )
        .expect("write");
        let mut index = repo.index().expect("index");
        index
            .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
            .expect("add");
        index.write().expect("write index");
        let tree = repo
            .find_tree(index.write_tree().expect("tree"))
            .expect("tree");
        let parents: Vec<git2::Commit> = parent
            .iter()
            .map(|p| repo.find_commit(*p).expect("parent"))
            .collect();
        let parents: Vec<&git2::Commit> = parents.iter().collect();
        let sig = signature(step);
        parent = Some(
            repo.commit(
                Some("HEAD"),
                &sig,
                &sig,
                &format!("Implement step {step} of the tool"),
                &tree,
                &parents,
            )
            .expect("commit"),
        );
    }
}
