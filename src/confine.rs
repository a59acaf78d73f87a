//! The reader of an untrusted target, confined. On Linux the audit runs in
//! a worker: the tool itself, started again with the same arguments. Before
//! it opens anything of the target, the worker drops to read-only access to
//! the target through Landlock (no other file, no network where the
//! kernel's ABI can say so) and to memory and CPU limits; the parent kills
//! it when its wall-clock time is up, so a libgit2 call that blocks or
//! spins costs exactly the limit. The worker writes nothing: its standard
//! output and the files it would write come back to the parent over a pipe,
//! as records. The user-space checks of `source::boundary` stay, as the
//! second wall.
//!
//! Elsewhere (macOS, Windows) the audit runs in process, as before, and
//! `--timings` says it was not confined.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::SourceError;

/// Address space a confined audit may use: sympy's audit peaks near 300 MB;
/// thread stacks and allocator arenas reserve far more than they touch.
pub const DEFAULT_MEMORY_BYTES: u64 = 8 << 30;

/// Wall-clock time of one confined audit, unless the user says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(600);

/// The environment that makes a started copy of the tool a worker.
const WORKER: &str = "PORTFOLIO_AUDIT_WORKER";
const READ: &str = "PORTFOLIO_AUDIT_WORKER_READ_";
const MEMORY: &str = "PORTFOLIO_AUDIT_WORKER_MEMORY";
const CPU: &str = "PORTFOLIO_AUDIT_WORKER_CPU";
const ROOT: &str = "PORTFOLIO_AUDIT_WORKER_ROOT";
const REV: &str = "PORTFOLIO_AUDIT_WORKER_REV";
const TERMINAL: &str = "PORTFOLIO_AUDIT_WORKER_STDOUT_TERMINAL";
const THREADS: &str = "PORTFOLIO_AUDIT_WORKER_THREADS";

/// What the parent has prepared for the worker: the folder to read (a
/// clone, for a URL), the revision, and what the user's terminal is.
#[derive(Debug, Clone)]
pub struct Request {
    pub root: PathBuf,
    pub rev: Option<String>,
    pub stdout_terminal: bool,
    /// Threads for the worker's scan (a batch shares its own among audits).
    pub threads: Option<usize>,
}

/// What the worker may read and how long and large it may grow.
#[derive(Debug, Clone)]
pub struct Confinement {
    /// Folders and files the worker may read, and nothing else.
    pub read_only: Vec<PathBuf>,
    pub timeout: Duration,
    /// Address space (`RLIMIT_AS`).
    pub memory_bytes: u64,
}

/// What the confined reader may read: the target, and the git directory
/// its audit uses when that lies outside it (a linked worktree's, or the
/// enclosing work tree's for a sub-folder of the user's own repository),
/// once the user-space checks have accepted it. `confined` (batch) allows
/// the target alone.
pub fn readable(root: &std::path::Path, confined: bool) -> Result<Vec<PathBuf>, SourceError> {
    use crate::source::boundary::{self, GitPlace};
    use std::path::Path;
    let root = root
        .canonicalize()
        .map_err(|e| SourceError::Target(format!("cannot read {}: {e}", root.display())))?;
    let mut paths = vec![root.clone()];
    match boundary::locate(&root, confined)? {
        GitPlace::Linked { git_dir, .. } => {
            // `.git/worktrees/X` shares the main git directory's objects.
            let shared = git_dir
                .parent()
                .filter(|p| p.file_name().is_some_and(|n| n == "worktrees"))
                .and_then(Path::parent);
            paths.push(shared.map_or(git_dir.clone(), Path::to_path_buf));
        }
        GitPlace::Absent if !confined => {
            let enclosing = root
                .ancestors()
                .skip(1)
                .map(|dir| dir.join(".git"))
                .find(|dot_git| dot_git.exists());
            if let Some(dot_git) = enclosing.filter(|d| d.is_dir()) {
                boundary::check_git_dir(&dot_git, dot_git.parent().unwrap_or(&root))?;
                paths.push(dot_git);
            }
        }
        _ => {}
    }
    Ok(paths)
}

/// A file the worker would write, for the parent to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileWrite {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub append: bool,
}

/// What an audit prints and writes, kept until it has finished: in process
/// it is written out at once; in a worker it goes to the parent.
#[derive(Debug, Default)]
pub struct Outbox {
    pub stdout: Vec<u8>,
    pub writes: Vec<FileWrite>,
}

impl Outbox {
    pub fn print(&mut self, text: &str) {
        self.stdout.extend_from_slice(text.as_bytes());
    }

    pub fn write(&mut self, path: PathBuf, bytes: Vec<u8>) {
        self.writes.push(FileWrite {
            path,
            bytes,
            append: false,
        });
    }

    pub fn append(&mut self, path: PathBuf, bytes: Vec<u8>) {
        self.writes.push(FileWrite {
            path,
            bytes,
            append: true,
        });
    }
}

/// How a worker ended.
#[derive(Debug)]
pub enum Ended {
    /// It exited with `code`; `outbox` is what it printed and would write,
    /// `confined` what held it.
    Exited {
        code: u8,
        outbox: Outbox,
        confined: String,
    },
    /// Killed at the wall-clock limit.
    TimedOut,
    /// Ended by a signal: its memory or CPU limit, or a crash.
    Killed(String),
}

/// Workers running now, for [`stop_all`].
static LIVE: std::sync::Mutex<Vec<u32>> = std::sync::Mutex::new(Vec::new());

/// A worker's place in [`LIVE`] while it runs.
struct Live(u32);

impl Live {
    fn register(pid: u32) -> Live {
        if let Ok(mut live) = LIVE.lock() {
            live.push(pid);
        }
        Live(pid)
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        if let Ok(mut live) = LIVE.lock() {
            live.retain(|&pid| pid != self.0);
        }
    }
}

/// Kills every running worker (Ctrl-C, SIGTERM, SIGHUP): none outlives the
/// tool.
pub fn stop_all() {
    #[cfg(unix)]
    if let Ok(live) = LIVE.lock() {
        for &pid in live.iter() {
            // SAFETY: signals a child this process started and has not yet
            // reaped (it leaves `LIVE` only after it was waited for).
            unsafe {
                libc::kill(pid as libc::pid_t, libc::SIGKILL);
            }
        }
    }
}

/// Whether this platform confines a worker.
pub fn supported() -> bool {
    cfg!(target_os = "linux")
}

/// Starts `command` (the tool itself) as a confined worker, gives it
/// `stdin`, and waits at most the confinement's timeout.
pub fn run_worker(
    confinement: &Confinement,
    mut command: Command,
    request: &Request,
    stdin: Option<Vec<u8>>,
) -> Result<Ended, String> {
    command
        .env(WORKER, "1")
        .env(MEMORY, confinement.memory_bytes.to_string())
        .env(ROOT, &request.root);
    if let Some(rev) = &request.rev {
        command.env(REV, rev);
    }
    if request.stdout_terminal {
        command.env(TERMINAL, "1");
    }
    if let Some(threads) = request.threads {
        command.env(THREADS, threads.to_string());
    }
    // A backstop to the wall clock: CPU seconds across every thread.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
    command.env(
        CPU,
        (confinement.timeout.as_secs().saturating_mul(cores) + 10).to_string(),
    );
    for (index, path) in confinement.read_only.iter().enumerate() {
        command.env(format!("{READ}{index}"), path);
    }
    command
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot start the audit worker: {e}"))?;
    let _live = Live::register(child.id());
    if let (Some(bytes), Some(mut pipe)) = (stdin, child.stdin.take()) {
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        });
    }
    // Read on its own thread, so a worker writing more than the pipe holds
    // never blocks, and the clock is kept here.
    let mut pipe = child.stdout.take().ok_or("the worker has no output pipe")?;
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let read = pipe.read_to_end(&mut bytes).map(|_| bytes);
        let _ = sender.send(read);
    });
    let deadline = Instant::now() + confinement.timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Ok(Ended::TimedOut);
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("waiting for the audit worker: {e}")),
        }
    };
    let Some(code) = status.code() else {
        return Ok(Ended::Killed(signal_name(&status)));
    };
    let bytes = receiver
        .recv_timeout(Duration::from_secs(5))
        .map_err(|_| "the worker's output stayed open after it ended".to_string())?
        .map_err(|e| format!("reading the worker's output: {e}"))?;
    let (outbox, confined) = decode(&bytes)?;
    Ok(Ended::Exited {
        code: u8::try_from(code).unwrap_or(2),
        outbox,
        confined,
    })
}

#[cfg(unix)]
fn signal_name(status: &std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match status.signal() {
        Some(libc::SIGKILL) => "killed (its memory limit, or the system)".into(),
        Some(libc::SIGXCPU) => "its CPU-time limit".into(),
        Some(libc::SIGSEGV) => "a crash (SIGSEGV)".into(),
        Some(libc::SIGABRT) => "an abort (SIGABRT, often memory)".into(),
        Some(other) => format!("signal {other}"),
        None => "an unknown signal".into(),
    }
}

#[cfg(not(unix))]
fn signal_name(_: &std::process::ExitStatus) -> String {
    "an unknown signal".into()
}

/// This process, when it was started as a worker: what it reads and may
/// read.
#[derive(Debug, Clone)]
pub struct Worker {
    root: PathBuf,
    rev: Option<String>,
    stdout_terminal: bool,
    threads: Option<usize>,
    read_only: Vec<PathBuf>,
    memory_bytes: u64,
    cpu_seconds: u64,
}

impl Worker {
    pub fn from_env() -> Option<Worker> {
        std::env::var_os(WORKER)?;
        let number = |name: &str, default: u64| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(default)
        };
        let read_only = (0..)
            .map_while(|i| std::env::var_os(format!("{READ}{i}")))
            .map(|p: OsString| PathBuf::from(p))
            .collect();
        Some(Worker {
            root: std::env::var_os(ROOT).map(PathBuf::from)?,
            rev: std::env::var(REV).ok(),
            stdout_terminal: std::env::var_os(TERMINAL).is_some(),
            threads: std::env::var(THREADS).ok().and_then(|t| t.parse().ok()),
            read_only,
            memory_bytes: number(MEMORY, DEFAULT_MEMORY_BYTES),
            cpu_seconds: number(CPU, DEFAULT_TIMEOUT.as_secs() + 10),
        })
    }

    pub fn root(&self) -> &std::path::Path {
        &self.root
    }

    pub fn rev(&self) -> Option<String> {
        self.rev.clone()
    }

    /// Threads the parent gave this worker's scan.
    pub fn threads(&self) -> Option<usize> {
        self.threads
    }

    /// Whether the user's standard output (the parent's) is a terminal.
    pub fn stdout_terminal(&self) -> bool {
        self.stdout_terminal
    }

    /// Drops to the limits and the read-only view; returns what holds the
    /// process now, for `--timings`.
    pub fn enter(&self) -> String {
        #[cfg(unix)]
        {
            limit(libc::RLIMIT_AS, self.memory_bytes);
            limit(libc::RLIMIT_CPU, self.cpu_seconds);
        }
        #[cfg(target_os = "linux")]
        {
            match landlock_read_only(&self.read_only) {
                Ok(status) => status,
                Err(err) => format!("not confined: Landlock failed ({err})"),
            }
        }
        #[cfg(not(target_os = "linux"))]
        {
            "not confined: no Landlock on this platform".to_string()
        }
    }

    /// Sends what the audit printed and would write to the parent.
    pub fn send(&self, outbox: &Outbox, confined: &str) -> std::io::Result<()> {
        let mut out = std::io::stdout().lock();
        record(&mut out, STATUS, b"", confined.as_bytes())?;
        record(&mut out, STDOUT, b"", &outbox.stdout)?;
        for write in &outbox.writes {
            let tag = if write.append { APPEND } else { WRITE };
            record(&mut out, tag, &path_bytes(&write.path), &write.bytes)?;
        }
        out.flush()
    }
}

#[cfg(unix)]
fn limit(resource: libc::__rlimit_resource_t, value: u64) {
    let limit = libc::rlimit {
        rlim_cur: value,
        rlim_max: value,
    };
    // SAFETY: a plain system call on a valid struct.
    unsafe { libc::setrlimit(resource, &limit) };
}

/// Landlock: read-only beneath the allowed paths, nothing else, and no TCP
/// connect or bind where the kernel's ABI handles network rules.
#[cfg(target_os = "linux")]
fn landlock_read_only(paths: &[PathBuf]) -> Result<String, String> {
    use landlock::{
        ABI, Access, AccessFs, AccessNet, Ruleset, RulesetAttr, RulesetCreatedAttr, RulesetStatus,
        path_beneath_rules,
    };
    let abi = ABI::V5;
    let status = Ruleset::default()
        .handle_access(AccessFs::from_all(abi))
        .and_then(|r| r.handle_access(AccessNet::from_all(abi)))
        .and_then(|r| r.create())
        .and_then(|r| r.add_rules(path_beneath_rules(paths, AccessFs::from_read(abi))))
        .and_then(|r| r.restrict_self())
        .map_err(|e| e.to_string())?;
    Ok(match status.ruleset {
        RulesetStatus::FullyEnforced => "confined: Landlock, read-only target, no network".into(),
        RulesetStatus::PartiallyEnforced => {
            "confined: Landlock, partly (this kernel's ABI lacks some rules)".into()
        }
        RulesetStatus::NotEnforced => "not confined: this kernel has no Landlock".into(),
    })
}

const STATUS: u8 = 0;
const STDOUT: u8 = 1;
const WRITE: u8 = 2;
const APPEND: u8 = 3;

#[cfg(unix)]
fn path_bytes(path: &std::path::Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    path.as_os_str().as_bytes().to_vec()
}

#[cfg(not(unix))]
fn path_bytes(path: &std::path::Path) -> Vec<u8> {
    path.to_string_lossy().as_bytes().to_vec()
}

#[cfg(unix)]
fn path_from(bytes: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(OsString::from_vec(bytes))
}

#[cfg(not(unix))]
fn path_from(bytes: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&bytes).into_owned())
}

/// A record: its tag, then a name and a body, each after its length.
fn record(out: &mut impl Write, tag: u8, name: &[u8], body: &[u8]) -> std::io::Result<()> {
    out.write_all(&[tag])?;
    out.write_all(&(name.len() as u64).to_le_bytes())?;
    out.write_all(name)?;
    out.write_all(&(body.len() as u64).to_le_bytes())?;
    out.write_all(body)
}

fn decode(mut bytes: &[u8]) -> Result<(Outbox, String), String> {
    fn field(bytes: &mut &[u8]) -> Result<Vec<u8>, String> {
        let truncated = || "a truncated record from the audit worker".to_string();
        let (len, rest) = bytes.split_first_chunk::<8>().ok_or_else(truncated)?;
        let len = usize::try_from(u64::from_le_bytes(*len)).map_err(|_| truncated())?;
        if rest.len() < len {
            return Err(truncated());
        }
        let (value, rest) = rest.split_at(len);
        *bytes = rest;
        Ok(value.to_vec())
    }
    let mut outbox = Outbox::default();
    let mut confined = String::new();
    while let Some((&tag, rest)) = bytes.split_first() {
        bytes = rest;
        let name = field(&mut bytes)?;
        let body = field(&mut bytes)?;
        match tag {
            STATUS => confined = String::from_utf8_lossy(&body).into_owned(),
            STDOUT => outbox.stdout.extend_from_slice(&body),
            WRITE | APPEND => outbox.writes.push(FileWrite {
                path: path_from(name),
                bytes: body,
                append: tag == APPEND,
            }),
            _ => return Err(format!("an unknown record {tag} from the audit worker")),
        }
    }
    Ok((outbox, confined))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip() {
        let mut outbox = Outbox::default();
        outbox.print("report\n");
        outbox.write(PathBuf::from("out/report.sarif"), b"{}".to_vec());
        outbox.append(PathBuf::from("summary.md"), b"# x\n".to_vec());
        let mut bytes = Vec::new();
        record(&mut bytes, STATUS, b"", b"confined").expect("write");
        record(&mut bytes, STDOUT, b"", &outbox.stdout).expect("write");
        for w in &outbox.writes {
            let tag = if w.append { APPEND } else { WRITE };
            record(&mut bytes, tag, &path_bytes(&w.path), &w.bytes).expect("write");
        }
        let (back, confined) = decode(&bytes).expect("decode");
        assert_eq!(confined, "confined");
        assert_eq!(back.stdout, b"report\n");
        assert_eq!(back.writes, outbox.writes);
        assert!(decode(&bytes[..bytes.len() - 1]).is_err(), "a cut record");
    }
}
