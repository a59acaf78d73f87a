//! Network clones and fetches run the user's own `git`: it transfers and
//! indexes packs with every core (libgit2 indexes on one), it honours the
//! user's proxy and certificate settings, and it keeps TLS out of this
//! binary. Only http(s) is allowed, no prompt can hang the run, and
//! credentials in a URL reach git through a helper, never its command line.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::{CloneOptions, redact};
use crate::error::SourceError;

/// How long each phase of a transfer took, for `--timings`.
pub type Timings = Vec<(&'static str, Duration)>;

/// `git clone --bare` of `url` into `dir`.
pub(super) fn clone(url: &str, dir: &Path, options: &CloneOptions) -> Result<Timings, SourceError> {
    let mut args: Vec<String> = vec!["clone".into(), "--bare".into(), "--progress".into()];
    if let Some(depth) = options.depth {
        args.extend(["--depth".into(), depth.to_string()]);
    }
    args.extend([
        "--".into(),
        without_userinfo(url),
        dir.display().to_string(),
    ]);
    run(&args, url, options, "clone")
}

/// Fetches every branch and tag of `url` into the bare repository `dir`.
pub(super) fn fetch(url: &str, dir: &Path, options: &CloneOptions) -> Result<Timings, SourceError> {
    let mut args: Vec<String> = vec![
        "--git-dir".into(),
        dir.display().to_string(),
        "fetch".into(),
        "--progress".into(),
        "--prune".into(),
        "--no-write-fetch-head".into(),
    ];
    if let Some(depth) = options.depth {
        args.extend(["--depth".into(), depth.to_string()]);
    }
    args.extend([
        "--".into(),
        without_userinfo(url),
        "+refs/heads/*:refs/heads/*".into(),
        "+refs/tags/*:refs/tags/*".into(),
    ]);
    run(&args, url, options, "fetch")
}

/// The branch the remote's HEAD names (`refs/heads/main`), if it says.
/// Under the clone's own time limit: a server that trickles never holds it.
pub(super) fn default_branch(url: &str, options: &CloneOptions) -> Option<String> {
    let mut command = git(url, options);
    command.args([
        "ls-remote",
        "--symref",
        "--",
        &without_userinfo(url),
        "HEAD",
    ]);
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut pipe = child.stdout.take()?;
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = pipe.read_to_string(&mut text);
        let _ = sender.send(text);
    });
    let stdout = match receiver.recv_timeout(options.timeout) {
        Ok(text) => text,
        Err(_) => {
            kill_group(child.id());
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
    };
    let _ = child.wait();
    stdout
        .lines()
        .find_map(|line| line.strip_prefix("ref: ")?.strip_suffix("\tHEAD"))
        .filter(|name| name.starts_with("refs/heads/"))
        .map(str::to_string)
}

/// A `git` command confined to http(s), with no prompts, English progress
/// and the URL's credentials (if any) offered through a helper.
fn git(url: &str, options: &CloneOptions) -> Command {
    let mut command = Command::new("git");
    let low_speed_seconds = options.timeout.as_secs().max(1).to_string();
    // Its own process group, so that stopping it stops the helpers it
    // starts (`git-remote-https`) too.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    // `--max-repo-mb` bounds what git writes too: no file it unpacks or
    // receives grows past it (git is killed with SIGXFSZ).
    #[cfg(unix)]
    {
        let max = options.max_bytes;
        // SAFETY: only setrlimit, which is async-signal-safe, runs between
        // fork and exec.
        unsafe {
            std::os::unix::process::CommandExt::pre_exec(&mut command, move || {
                let limit = libc::rlimit {
                    rlim_cur: max,
                    rlim_max: max,
                };
                libc::setrlimit(libc::RLIMIT_FSIZE, &limit);
                Ok(())
            });
        }
    }
    command
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("LC_ALL", "C")
        // Nothing the user set up answers for an applicant's host: askpass
        // programs answer nothing, and credential helpers are reset.
        .env("GIT_ASKPASS", "true")
        .env("SSH_ASKPASS", "true")
        .env("SSH_ASKPASS_REQUIRE", "never")
        .args(["-c", "credential.helper="])
        .args(["-c", "protocol.allow=never"])
        .args(["-c", "protocol.https.allow=always"])
        .args(["-c", "protocol.http.allow=always"])
        // Objects over 16 MiB are streamed while the pack is indexed, not
        // held whole: 300 MB of zeros is a 300 KB object.
        .args(["-c", "core.bigFileThreshold=16m"])
        .args(["-c", "http.lowSpeedLimit=1"])
        .args(["-c", &format!("http.lowSpeedTime={low_speed_seconds}")])
        .stdin(Stdio::null())
        .stdout(Stdio::null());
    if let Some((user, password)) = credentials(url) {
        command
            .env("PORTFOLIO_AUDIT_GIT_USER", user)
            .env("PORTFOLIO_AUDIT_GIT_PASSWORD", password)
            .args(["-c", CREDENTIAL_HELPER]);
    }
    command
}

/// Answers git's credential requests from the environment.
const CREDENTIAL_HELPER: &str = "credential.helper=!f() { test \"$1\" = get && printf 'username=%s\\npassword=%s\\n' \"$PORTFOLIO_AUDIT_GIT_USER\" \"$PORTFOLIO_AUDIT_GIT_PASSWORD\"; }; f";

/// Process ids of git transfers still running, for the Ctrl-C handler.
static LIVE_TRANSFERS: Mutex<Vec<u32>> = Mutex::new(Vec::new());

/// Stops every git transfer still running (the Ctrl-C handler).
pub(super) fn stop_all() {
    #[cfg(unix)]
    if let Ok(live) = LIVE_TRANSFERS.lock() {
        for &pid in live.iter() {
            kill_group(pid);
        }
    }
}

/// Kills a transfer's whole process group: git and the helpers it started.
fn kill_group(pid: u32) {
    #[cfg(unix)]
    // SAFETY: signals the process group of a child this run started and has
    // not yet reaped, so the id cannot have been reused.
    unsafe {
        libc::kill(-(pid as libc::pid_t), libc::SIGKILL);
    }
    #[cfg(not(unix))]
    let _ = pid;
}

#[derive(Debug, Clone, Copy)]
enum Stop {
    TooLarge,
    TimedOut,
}

fn run(
    args: &[String],
    url: &str,
    options: &CloneOptions,
    verb: &str,
) -> Result<Timings, SourceError> {
    let started = Instant::now();
    let mut child = git(url, options)
        .args(args)
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            SourceError::Target(if e.kind() == std::io::ErrorKind::NotFound {
                format!(
                    "cannot {verb} {}: cloning a URL needs git on the PATH (or clone it yourself and audit the folder)",
                    redact(url)
                )
            } else {
                format!("cannot {verb} {}: cannot run git: {e}", redact(url))
            })
        })?;
    if let Ok(mut live) = LIVE_TRANSFERS.lock() {
        live.push(child.id());
    }
    let stderr = child.stderr.take().expect("stderr is piped");
    let (lines_in, lines) = mpsc::channel();
    let reader = std::thread::spawn(move || read_progress_lines(stderr, lines_in));

    let bar = options.progress.then(|| progress_bar(&redact(url)));
    let mut phases = Phases::new(started);
    let mut last_message = String::new();
    let mut stop = None;
    loop {
        match lines.recv_timeout(Duration::from_millis(100)) {
            Ok(line) => {
                let progress = Progress::parse(&line);
                phases.saw(&line, progress.as_ref());
                if let Some(progress) = &progress {
                    if progress.bytes.is_some_and(|b| b > options.max_bytes) {
                        stop = Some(Stop::TooLarge);
                    }
                    if let Some(bar) = &bar {
                        show(bar, progress);
                    }
                } else if is_message(&line) {
                    last_message = line;
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        if started.elapsed() > options.timeout {
            stop = Some(Stop::TimedOut);
        }
        if stop.is_some() {
            kill_group(child.id());
            let _ = child.kill();
            break;
        }
    }
    let status = child.wait();
    if let Ok(mut live) = LIVE_TRANSFERS.lock() {
        live.retain(|&pid| pid != child.id());
    }
    // A helper that outlived git could hold stderr open: only wait for the
    // reader when the transfer ended by itself.
    if stop.is_none() {
        let _ = reader.join();
    }
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let reason = match stop {
        Some(Stop::TooLarge) => Some(format!(
            "it is over the {} MB limit (--max-repo-mb)",
            options.max_bytes / 1_000_000
        )),
        Some(Stop::TimedOut) => Some(format!(
            "it took over {} s (--clone-timeout)",
            options.timeout.as_secs()
        )),
        None if status.as_ref().is_ok_and(|s| s.success()) => None,
        None => Some(git_reason(&last_message, url)),
    };
    match reason {
        Some(reason) => Err(SourceError::Target(format!(
            "cannot {verb} {}: {reason}",
            redact(url)
        ))),
        None => Ok(phases.finish()),
    }
}

/// git's own explanation, one line, with no credentials and nothing that
/// a terminal would interpret.
fn git_reason(message: &str, url: &str) -> String {
    let message = message
        .trim()
        .trim_start_matches("fatal: ")
        .trim_start_matches("error: ");
    let message = if message.is_empty() {
        "git failed".to_string()
    } else {
        message.replace(url, &redact(url))
    };
    crate::untrusted::escape::terminal(&message)
}

/// A line worth reporting when the transfer fails.
fn is_message(line: &str) -> bool {
    ["fatal:", "error:", "remote: error", "remote: fatal"]
        .iter()
        .any(|start| line.starts_with(start))
        || (line.starts_with("remote:") && !line.contains('%'))
}

/// Sends each line of git's stderr; progress lines end in `\r`.
fn read_progress_lines(mut stderr: impl Read, lines: mpsc::Sender<String>) {
    let mut pending = Vec::new();
    let mut buffer = [0u8; 8192];
    while let Ok(read) = stderr.read(&mut buffer) {
        if read == 0 {
            break;
        }
        for &byte in &buffer[..read] {
            if byte == b'\r' || byte == b'\n' {
                if !pending.is_empty() {
                    let line = String::from_utf8_lossy(&pending).into_owned();
                    if lines.send(line).is_err() {
                        return;
                    }
                    pending.clear();
                }
            } else if pending.len() < 4096 {
                pending.push(byte);
            }
        }
    }
    if !pending.is_empty() {
        let _ = lines.send(String::from_utf8_lossy(&pending).into_owned());
    }
}

/// One progress line: `Receiving objects:  45% (1234/5678), 12.00 MiB | 5.00 MiB/s`.
#[derive(Debug, PartialEq)]
struct Progress {
    phase: Phase,
    done: u64,
    total: u64,
    bytes: Option<u64>,
    rate: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Receiving,
    Resolving,
}

impl Progress {
    fn parse(line: &str) -> Option<Progress> {
        let (phase, rest) = if let Some(rest) = line.strip_prefix("Receiving objects:") {
            (Phase::Receiving, rest)
        } else if let Some(rest) = line.strip_prefix("Resolving deltas:") {
            (Phase::Resolving, rest)
        } else {
            return None;
        };
        let counts = &rest[rest.find('(')? + 1..];
        let (done, total) = counts[..counts.find(')')?].split_once('/')?;
        let (done, total) = (done.trim().parse().ok()?, total.trim().parse().ok()?);
        let after = rest.split_once("),").map(|(_, after)| after.trim());
        let (size, rate) = match after {
            Some(after) => match after.split_once('|') {
                Some((size, rate)) => (Some(size.trim()), Some(rate.trim())),
                None => (Some(after.trim_end_matches(", done.").trim()), None),
            },
            None => (None, None),
        };
        Some(Progress {
            phase,
            done,
            total,
            bytes: size.and_then(parse_size),
            rate: rate.map(|r| r.trim_end_matches(", done.").to_string()),
        })
    }
}

/// `12.00 MiB` → bytes.
fn parse_size(text: &str) -> Option<u64> {
    let (number, unit) = text.split_once(' ')?;
    let number: f64 = number.parse().ok()?;
    let scale = match unit.trim() {
        "bytes" | "byte" => 1.0,
        "KiB" => 1024.0,
        "MiB" => 1024.0 * 1024.0,
        "GiB" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    Some((number * scale) as u64)
}

/// When the transfer moved from phase to phase: connect (until the server
/// answers), transfer (objects received), resolve (deltas indexed).
struct Phases {
    started: Instant,
    answered: Option<Instant>,
    resolving: Option<Instant>,
}

impl Phases {
    fn new(started: Instant) -> Self {
        Phases {
            started,
            answered: None,
            resolving: None,
        }
    }

    fn saw(&mut self, line: &str, progress: Option<&Progress>) {
        let now = Instant::now();
        if self.answered.is_none() && (line.starts_with("remote:") || progress.is_some()) {
            self.answered = Some(now);
        }
        if self.resolving.is_none() && progress.is_some_and(|p| p.phase == Phase::Resolving) {
            self.resolving = Some(now);
        }
    }

    fn finish(self) -> Timings {
        let end = Instant::now();
        let answered = self.answered.unwrap_or(end);
        let resolving = self.resolving.unwrap_or(end).max(answered);
        vec![
            ("clone: connect", answered - self.started),
            ("clone: transfer", resolving - answered),
            ("clone: resolve", end - resolving),
        ]
    }
}

fn progress_bar(target: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(0);
    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        indicatif::ProgressStyle::with_template("{prefix} {bar:30} {pos}/{len} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_prefix(format!(
        "cloning {}",
        crate::untrusted::escape::terminal(target)
    ));
    bar
}

fn show(bar: &indicatif::ProgressBar, progress: &Progress) {
    bar.set_length(progress.total);
    bar.set_position(progress.done);
    bar.set_message(match progress.phase {
        Phase::Receiving => {
            let size = progress.bytes.map(|b| indicatif::HumanBytes(b).to_string());
            let rate = progress.rate.as_deref().unwrap_or("");
            format!("objects {} {rate}", size.unwrap_or_default())
        }
        Phase::Resolving => "resolving deltas".to_string(),
    });
}

/// The URL as git is given it: without its user information (which goes
/// through the helper), as the `url` crate parses it. URLs whose user
/// information cannot be told apart were refused when parsed.
fn without_userinfo(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) => {
            // Only a URL that cannot have a user (`file:`) refuses these.
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            parsed.into()
        }
        Err(_) => url.to_string(),
    }
}

/// The user and password a URL carries (`https://user:token@host/…`),
/// percent-decoded as git would.
fn credentials(url: &str) -> Option<(String, String)> {
    let parsed = url::Url::parse(url).ok()?;
    if parsed.username().is_empty() && parsed.password().is_none() {
        return None;
    }
    Some((
        super::percent_decode(parsed.username()),
        super::percent_decode(parsed.password().unwrap_or("")),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_lines_parse() {
        assert_eq!(
            Progress::parse("Receiving objects:  45% (1234/5678), 12.00 MiB | 5.00 MiB/s"),
            Some(Progress {
                phase: Phase::Receiving,
                done: 1234,
                total: 5678,
                bytes: Some(12 * 1024 * 1024),
                rate: Some("5.00 MiB/s".into()),
            })
        );
        let done = Progress::parse("Receiving objects: 100% (9/9), 1.20 KiB | 1.20 MiB/s, done.")
            .expect("done line");
        assert_eq!((done.done, done.bytes), (9, Some(1228)));
        assert_eq!(done.rate.as_deref(), Some("1.20 MiB/s"));
        let deltas = Progress::parse("Resolving deltas:  30% (3/10)").expect("deltas");
        assert_eq!(
            (deltas.phase, deltas.done, deltas.total),
            (Phase::Resolving, 3, 10)
        );
        assert!(Progress::parse("remote: Enumerating objects: 9, done.").is_none());
        assert!(Progress::parse("Receiving objects: garbage").is_none());
    }

    #[test]
    fn credentials_leave_the_url_and_are_decoded() {
        assert_eq!(
            credentials("https://ada:t%40ken@host/a/b.git"),
            Some(("ada".into(), "t@ken".into()))
        );
        assert_eq!(credentials("https://host/a@b"), None);
        assert_eq!(without_userinfo("https://host/a@b"), "https://host/a@b");
        assert_eq!(
            without_userinfo("https://ada:t%40k@host/a"),
            "https://host/a"
        );
        assert_eq!(redact("https://ada:tok@host/a.git"), "https://host/a.git");
        // A password with an unencoded `/`, `?` or `#` never shows.
        for url in [
            "https://ada:pa/ss@host/a.git",
            "https://ada:pa?ss@host/a.git",
            "https://ada:pa#ss@host/a.git",
            "https://ada:p@ss@host/a.git",
        ] {
            let shown = redact(url);
            assert!(
                !shown.contains("pa") && !shown.contains("ss@"),
                "{url} -> {shown}"
            );
        }
    }

    #[test]
    fn a_failure_reason_is_one_clean_line_without_credentials() {
        let url = "https://ada:tok@host/a.git";
        let reason = git_reason(
            "fatal: repository 'https://ada:tok@host/a.git/' not found\x1b[2J",
            url,
        );
        assert!(
            !reason.contains("tok") && !reason.contains('\x1b'),
            "{reason}"
        );
        assert!(reason.starts_with("repository"), "{reason}");
    }
}
