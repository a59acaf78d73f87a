//! Test helpers: fixture repositories are copied to a temporary folder and,
//! where a test wants git, committed there with pinned dates (git cannot
//! commit a nested `.git`, so fixtures are plain folders in this repository).
#![allow(dead_code)]

pub mod git_http;

use std::io::Read;
use std::path::{Path, PathBuf};

use git2::{IndexAddOption, Repository, Signature, Time};
use tempfile::TempDir;

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// A temporary copy of `fixtures/<name>`, at `<tmp>/<last path component>`
/// so the repository name is stable.
pub struct Fixture {
    _dir: TempDir,
    pub path: PathBuf,
}

pub fn copy(name: &str) -> Fixture {
    let leaf = Path::new(name)
        .file_name()
        .expect("fixture name")
        .to_string_lossy()
        .into_owned();
    copy_as(name, &leaf)
}

/// A temporary copy of `fixtures/<name>` at `<tmp>/<leaf>`.
pub fn copy_as(name: &str, leaf: &str) -> Fixture {
    let source = fixtures_dir().join(name);
    assert!(source.is_dir(), "no fixture {name}");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(leaf);
    copy_tree(&source, &path);
    Fixture { _dir: dir, path }
}

/// A copy committed as a git repository: every file tracked (even ignored
/// ones, as a candidate who committed before writing `.gitignore` has them).
pub fn git(name: &str) -> Fixture {
    let fixture = copy(name);
    commit_all(&fixture.path, "Initial commit");
    fixture
}

/// Like [`git`], at `<tmp>/<leaf>`: the folder name is the repository name.
pub fn git_as(name: &str, leaf: &str) -> Fixture {
    let fixture = copy_as(name, leaf);
    commit_all(&fixture.path, "Initial commit");
    fixture
}

pub fn commit_all(path: &Path, message: &str) {
    commit_all_at(path, message, 1_700_000_000);
}

/// Commits everything with author and committer dates pinned to `time`.
pub fn commit_all_at(path: &Path, message: &str, time: i64) {
    let repo = Repository::open(path)
        .or_else(|_| Repository::init(path))
        .expect("git init");
    let mut index = repo.index().expect("index");
    index
        .add_all(["*"], IndexAddOption::FORCE, None)
        .expect("git add");
    index.write().expect("write index");
    let tree = repo
        .find_tree(index.write_tree().expect("tree"))
        .expect("find tree");
    let signature =
        Signature::new("Fixture", "fixture@example.com", &Time::new(time, 0)).expect("sig");
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    repo.commit(
        Some("HEAD"),
        &signature,
        &signature,
        message,
        &tree,
        &parents,
    )
    .expect("commit");
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

pub fn bin() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("portfolio-audit").expect("binary");
    cmd.env_remove("NO_COLOR").env_remove("GITHUB_ACTIONS");
    cmd
}

/// Runs the binary with `--format json` and parses the report.
pub fn json_report(path: &Path, extra: &[&str]) -> serde_json::Value {
    let output = bin()
        .arg(path)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("valid JSON")
}

pub fn finding<'a>(report: &'a serde_json::Value, rule: &str) -> &'a serde_json::Value {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == rule)
        .unwrap_or_else(|| panic!("no finding {rule}"))
}

/// A copy of `fixture` committed the way a project is written: its files
/// arrive a few per commit, commit `i` on day `day_of(i)` (pinned dates).
pub fn gradual_history(
    fixture: &str,
    leaf: &str,
    messages: &[&str],
    day_of: impl Fn(usize) -> i64,
) -> Fixture {
    let source = copy_as(fixture, "source");
    let repo = copy_as("readme-mixed-case", leaf);
    for entry in std::fs::read_dir(&repo.path).expect("read") {
        let path = entry.expect("entry").path();
        std::fs::remove_file(path).expect("empty the folder");
    }
    let mut files = Vec::new();
    collect_files(&source.path, &source.path, &mut files);
    files.sort();
    for (i, message) in messages.iter().enumerate() {
        let (from, to) = (
            i * files.len() / messages.len(),
            (i + 1) * files.len() / messages.len(),
        );
        for relative in &files[from..to] {
            let target = repo.path.join(relative);
            std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
            std::fs::copy(source.path.join(relative), target).expect("copy");
        }
        std::fs::write(repo.path.join("notes.txt"), format!("change {i}\n")).expect("write");
        commit_all_at(
            &repo.path,
            message,
            1_700_000_000 + day_of(i) * 86_400 + i as i64 * 60,
        );
    }
    repo
}

fn collect_files(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            collect_files(root, &path, out);
        } else {
            out.push(path.strip_prefix(root).expect("inside").to_path_buf());
        }
    }
}

/// `fixtures/good-package` with the history a careful candidate leaves:
/// twelve commits over five days with messages that say what changed.
pub fn well_made_package() -> Fixture {
    well_made_package_as("good-package")
}

/// [`well_made_package`] in a folder named `leaf` (the repository's name).
pub fn well_made_package_as(leaf: &str) -> Fixture {
    let messages = [
        "Add the tide table reader",
        "Add crossing window search",
        "Trim the safety margin off both ends",
        "Explain each window with the lowest water",
        "Add tests for the window search",
        "Write the README usage section",
        "Package with hatchling",
        "Run pytest in GitHub Actions",
        "Add type hints to the public API",
        "Configure ruff and fix its findings",
        "Add the MIT licence",
        "Release 0.3.1",
    ];
    gradual_history("good-package", leaf, &messages, |i| {
        (i * 5 / messages.len()) as i64
    })
}

/// A local HTTP "server" that accepts connections and never answers, for
/// clone timeouts. Returns its port; the thread lives as long as the test.
pub fn silent_server() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    port
}

/// `fixtures/readme-rst` with two commits (the second adds a LICENSE);
/// returns it and the two SHAs.
pub fn two_commit_repo(leaf: &str) -> (Fixture, String, String) {
    let repo = copy_as("readme-rst", leaf);
    commit_all_at(&repo.path, "Add the route finder", 1_700_000_000);
    let first = head_sha(&repo.path);
    std::fs::write(repo.path.join("LICENSE"), "MIT\n").expect("write");
    commit_all_at(&repo.path, "Add the MIT licence", 1_700_100_000);
    let second = head_sha(&repo.path);
    (repo, first, second)
}

pub fn head_sha(path: &Path) -> String {
    let repo = Repository::open(path).expect("open");
    repo.head()
        .expect("head")
        .target()
        .expect("oid")
        .to_string()
}

/// Starts `portfolio-audit batch LIST -o OUT -j 1 --quiet` in the background.
pub fn spawn_batch(list: &Path, out: &Path) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("portfolio-audit"))
        .arg("batch")
        .arg(list)
        .arg("-o")
        .arg(out)
        .args(["-j", "1", "--quiet"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn")
}

/// Waits until `results.jsonl` in `out` holds `lines` lines (or a minute passes).
pub fn wait_for_results(out: &Path, lines: usize) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::time::Instant::now() < deadline {
        let written = std::fs::read_to_string(out.join("results.jsonl"))
            .map(|t| t.lines().count())
            .unwrap_or(0);
        if written >= lines {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
}

pub struct Measured {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
    pub seconds: f64,
    pub rss_mb: f64,
}

/// Runs the binary and measures its wall time and peak RSS (wait4).
pub fn measured(args: &[&str], dir: &Path) -> Measured {
    measured_command(dir, args)
}

/// Runs the binary with `first` then `args` and measures it (wait4).
#[allow(
    clippy::zombie_processes,
    reason = "the child is reaped by wait4 below"
)]
pub fn measured_command(first: &Path, args: &[&str]) -> Measured {
    let started = std::time::Instant::now();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("portfolio-audit"))
        .arg(first)
        .args(args)
        .env_remove("GITHUB_ACTIONS")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdout_pipe = child.stdout.take().expect("stdout");
    let mut stderr_pipe = child.stderr.take().expect("stderr");
    let out_thread = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout_pipe.read_to_string(&mut text);
        text
    });
    let err_thread = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr_pipe.read_to_string(&mut text);
        text
    });
    // A hang (a FIFO read forever) becomes a killed run, not a stuck suite.
    let finished = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watchdog = {
        let finished = std::sync::Arc::clone(&finished);
        let pid = child.id() as i32;
        std::thread::spawn(move || {
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
            while !finished.load(std::sync::atomic::Ordering::SeqCst) {
                if std::time::Instant::now() > deadline {
                    // SAFETY: signals our own child, not yet reaped.
                    unsafe { libc::kill(pid, libc::SIGKILL) };
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        })
    };
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value to be filled by wait4.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child and fills `status` and `usage`.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    assert!(pid > 0, "wait4 failed");
    finished.store(true, std::sync::atomic::Ordering::SeqCst);
    let _ = watchdog.join();
    Measured {
        status: if libc::WIFEXITED(status) {
            libc::WEXITSTATUS(status)
        } else {
            -1
        },
        stdout: out_thread.join().expect("stdout thread"),
        stderr: err_thread.join().expect("stderr thread"),
        seconds: started.elapsed().as_secs_f64(),
        rss_mb: usage.ru_maxrss as f64 / 1024.0,
    }
}

/// Bounds per hostile case on a 2-core machine (tests/trust*.rs).
pub const MAX_SECONDS: f64 = 10.0;
pub const MAX_RSS_MB: f64 = 300.0;

/// Asserts a measured run stayed within [`MAX_SECONDS`] and [`MAX_RSS_MB`],
/// printing its figures (`--nocapture` shows them for docs/hostile.md).
pub fn within_bounds(case: &str, run: &Measured) {
    println!("{case}: {:.2} s, {:.0} MB", run.seconds, run.rss_mb);
    assert!(
        run.seconds < MAX_SECONDS,
        "{case}: took {:.1} s",
        run.seconds
    );
    assert!(run.rss_mb < MAX_RSS_MB, "{case}: peak {:.0} MB", run.rss_mb);
}

/// Runs git in `dir` with a fixed identity; its trimmed stdout.
pub fn run_git(dir: &Path, args: &[&str]) -> String {
    let output = std::process::Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=T", "-c", "user.email=t@example.com"])
        .args(args)
        .output()
        .expect("git");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

/// `portfolio-audit merge SHARD -o OUT`, measured; asserts exit 0 and the
/// bounds for `case`.
pub fn measured_merge(case: &str, shard: &Path, out: &Path) -> Measured {
    let run = measured_command(
        Path::new("merge"),
        &[
            shard.to_str().expect("utf8"),
            "-o",
            out.to_str().expect("utf8"),
        ],
    );
    assert_eq!(run.status, 0, "{case}: {}", run.stderr);
    within_bounds(case, &run);
    run
}

/// Makes `.git/objects/info/commit-graph` of the repository at `repo` a
/// FIFO: libgit2 blocks opening it for reading.
#[cfg(unix)]
pub fn fifo_commit_graph(repo: &Path) {
    mkfifo(&repo.join(".git/objects/info/commit-graph"));
}

/// A FIFO at `path` (its folder made first).
#[cfg(unix)]
pub fn mkfifo(path: &Path) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo");
    assert!(made.success(), "mkfifo {}", path.display());
}
