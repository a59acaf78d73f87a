//! Targets: a folder on disk, a bare repository or `.git` folder, a
//! `file://` URL (read in place from its object database, never copied), or
//! a network URL (`https://…`, `gh:owner/repo[@ref]`) cloned by git into a
//! temporary folder that is removed afterwards (on error and on Ctrl-C too),
//! or into a cache folder that later runs fetch into.
//!
//! Clones are bare: nothing from the audited repository is checked out, so no
//! hostile path, symlink or hook ever touches the disk; the audit reads the
//! commit's tree from the object database. No submodules, no LFS downloads.

pub mod boundary;
mod git_cli;

pub use git_cli::Timings;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use crate::error::SourceError;

/// What the user asked to audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Path(PathBuf),
    /// A `file://` URL: a git repository on this machine, read in place.
    LocalGit(PathBuf),
    Url {
        url: String,
        /// A ref given in the target itself (`gh:owner/repo@v1`).
        rev: Option<String>,
    },
}

impl Target {
    pub fn parse(input: &str) -> Result<Target, SourceError> {
        if let Some(rest) = input.strip_prefix("gh:") {
            let (repo, rev) = match rest.split_once('@') {
                Some((repo, rev)) => (repo, Some(rev.to_string())),
                None => (rest, None),
            };
            let valid = |part: &str| {
                !part.is_empty()
                    && part != "."
                    && part != ".."
                    && part
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
            };
            return match repo.split_once('/') {
                Some((owner, name)) if valid(owner) && valid(name) => Ok(Target::Url {
                    url: format!(
                        "https://github.com/{owner}/{}.git",
                        name.trim_end_matches(".git")
                    ),
                    rev,
                }),
                _ => Err(SourceError::Target(format!(
                    "`{input}` is not gh:owner/repo[@ref]"
                ))),
            };
        }
        let lower = input.to_ascii_lowercase();
        if lower.starts_with("file://") {
            let path = &input["file://".len()..];
            let path = path.strip_prefix("localhost").unwrap_or(path);
            return Ok(Target::LocalGit(PathBuf::from(percent_decode(path))));
        }
        if lower.starts_with("https://") || lower.starts_with("http://") {
            if ambiguous_credentials(input) {
                return Err(SourceError::Target(format!(
                    "`{}`: the URL's user information cannot be told from its path; \
                     percent-encode `/`, `?`, `#` and `@` in a password (%2F, %3F, %23, %40)",
                    redact(input)
                )));
            }
            // A real parser decides what the URL is before git sees it.
            let parsed = url::Url::parse(input).map_err(|err| {
                SourceError::Target(format!("`{}` is not a valid URL: {err}", redact(input)))
            })?;
            if parsed.host_str().is_none_or(str::is_empty) {
                return Err(SourceError::Target(format!(
                    "`{}` names no host",
                    redact(input)
                )));
            }
            return Ok(Target::Url {
                url: input.to_string(),
                rev: None,
            });
        }
        if lower.starts_with("ssh://") || lower.starts_with("git@") || lower.starts_with("git://") {
            return Err(SourceError::Target(format!(
                "`{}`: only https://, file:// and gh:owner/repo targets can be cloned",
                redact(input)
            )));
        }
        Ok(Target::Path(PathBuf::from(input)))
    }
}

/// Limits on a clone, and how it shows itself.
#[derive(Debug, Clone)]
pub struct CloneOptions {
    /// Keep clones here and fetch into them on later runs.
    pub cache: Option<PathBuf>,
    pub max_bytes: u64,
    pub timeout: Duration,
    /// Fetch only the newest N commits (a shallow clone).
    pub depth: Option<u32>,
    /// Draw the transfer's progress on stderr.
    pub progress: bool,
}

/// Megabytes a clone may transfer (`--max-repo-mb`).
pub const DEFAULT_MAX_CLONE_MB: u64 = 1000;
/// Seconds a clone may take (`--clone-timeout`).
pub const DEFAULT_CLONE_SECONDS: u64 = 300;
/// Seconds an audit may take, clone included in batch (`--timeout`).
pub const DEFAULT_AUDIT_SECONDS: u64 = 600;

impl Default for CloneOptions {
    fn default() -> Self {
        CloneOptions {
            cache: None,
            max_bytes: DEFAULT_MAX_CLONE_MB * 1_000_000,
            timeout: Duration::from_secs(DEFAULT_CLONE_SECONDS),
            depth: None,
            progress: false,
        }
    }
}

/// A target ready to audit: a folder or git dir, the temporary clone
/// (removed when this is dropped) if there is one, and how long the
/// transfer's phases took.
pub struct Prepared {
    pub root: PathBuf,
    pub rev: Option<String>,
    pub timings: Timings,
    _clone: Option<TempClone>,
}

pub fn prepare(target: &Target, options: &CloneOptions) -> Result<Prepared, SourceError> {
    let local = |root: &Path| Prepared {
        root: root.to_path_buf(),
        rev: None,
        timings: Vec::new(),
        _clone: None,
    };
    match target {
        Target::Path(path) => Ok(local(path)),
        Target::LocalGit(path) => {
            // A work tree's `.git` holds what was committed; the audit reads that.
            let git_dir = path.join(".git");
            let root = if git_dir.is_dir() {
                git_dir
            } else {
                path.clone()
            };
            if !crate::source::boundary::looks_like_git_dir(&root) {
                let problem = if path.exists() {
                    "not a git repository"
                } else {
                    "no such repository"
                };
                return Err(SourceError::Target(format!(
                    "file://{}: {problem}",
                    path.display()
                )));
            }
            // The trust boundary before anything opens it: libgit2 runs
            // later, in the confined worker.
            let inside = root
                .canonicalize()
                .map_err(|e| SourceError::Target(format!("file://{}: {e}", path.display())))?;
            crate::source::boundary::check_git_dir(&root, &inside)?;
            Ok(local(&root))
        }
        Target::Url { url, rev } => {
            if let Some(cache) = &options.cache {
                std::fs::create_dir_all(cache).map_err(|e| {
                    SourceError::Target(format!("cannot create the cache folder: {e}"))
                })?;
                let dir = cache.join(cache_name(url));
                // One process or thread writes an entry at a time.
                let _entry = crate::lock::lock(&dir.with_extension("lock")).map_err(|e| {
                    SourceError::Target(format!("cannot lock the cache entry: {e}"))
                })?;
                let timings = fetch_or_clone(url, &dir, options)?;
                return Ok(Prepared {
                    root: dir,
                    rev: rev.clone(),
                    timings,
                    _clone: None,
                });
            }
            let temp = TempClone::new()?;
            let dir = temp.path().join(format!("{}.git", repo_name(url)));
            let timings = git_cli::clone(url, &dir, options)?;
            Ok(Prepared {
                root: dir,
                rev: rev.clone(),
                timings,
                _clone: Some(temp),
            })
        }
    }
}

/// The repository's name from its URL (`…/owner/project.git` → `project`).
pub fn repo_name(url: &str) -> String {
    let last = url
        .trim_end_matches('/')
        .rsplit(['/', ':'])
        .next()
        .unwrap_or("");
    name_component(last.strip_suffix(".git").unwrap_or(last))
}

/// A path component made safe to show and to use in a file name.
fn name_component(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if clean.is_empty() || clean.chars().all(|c| c == '.') {
        "repository".into()
    } else {
        clean
    }
}

/// Folder names that say nothing about whose project it is: the folder
/// above names it instead (`ada/repo`, `ada/.git`, `ada/main.git`).
const GENERIC_FOLDERS: &[&str] = &["", "repo", "repository", "main", "master", "mirror"];

/// A local project's name from its folder: `project.git` → `project`; a
/// `.git` folder or one with a generic name takes its parent's name.
pub fn folder_name(path: &Path) -> String {
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let mut names = path
        .ancestors()
        .filter_map(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned());
    let Some(first) = names.next() else {
        return "repository".into();
    };
    let stem = first.strip_suffix(".git").unwrap_or(&first);
    if GENERIC_FOLDERS.contains(&stem.to_ascii_lowercase().as_str())
        && let Some(parent) = names.next()
    {
        return name_component(&parent);
    }
    name_component(stem)
}

/// What a project is called in reports and batch labels: `owner/name` for
/// a hosted repository (`https://github.com/psf/requests.git`,
/// `git@github.com:psf/requests.git`), where the owner is the applicant;
/// the last component for a local path or `file://` URL.
pub fn project_name(url: &str) -> String {
    let url = url.trim_end_matches('/');
    let path = if let Some((scheme, rest)) = url.split_once("://") {
        if scheme == "file" {
            return repo_name(url);
        }
        rest.split_once('/').map_or("", |(_, path)| path)
    } else if let Some((host, path)) = url.split_once(':')
        && host.contains('@')
    {
        path
    } else {
        return repo_name(url);
    };
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    match segments.as_slice() {
        [.., owner, name] => format!(
            "{}/{}",
            name_component(owner),
            name_component(name.strip_suffix(".git").unwrap_or(name))
        ),
        _ => repo_name(url),
    }
}

/// `scheme://user:token@host/…` without its user information: what is
/// shown and stored of a URL (the clone itself may use the credentials).
/// Fails closed: where the user information cannot be told from the path
/// ([`ambiguous_credentials`]), everything before the last `@` goes, so a
/// password holding an unencoded `/`, `?` or `#` never shows.
pub fn redact(input: &str) -> String {
    let Some((scheme, rest)) = input.split_once("://") else {
        return input.to_string();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let cut = if ambiguous_credentials(input) {
        rest.rfind('@')
    } else {
        rest[..authority_end].rfind('@')
    };
    match cut {
        Some(at) => format!("{scheme}://{}", &rest[at + 1..]),
        None => input.to_string(),
    }
}

/// A URL whose user information cannot be told apart from its host and
/// path: an `@` after the first `/`, `?` or `#`, with a `:` before it
/// (`https://ada:pa/ss@host/x`). Refused rather than guessed at.
fn ambiguous_credentials(url: &str) -> bool {
    let Some((_, rest)) = url.split_once("://") else {
        return false;
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    if rest[..authority_end].contains('@') {
        return false;
    }
    rest.rfind('@')
        .is_some_and(|at| at > authority_end && rest[..at].contains(':'))
}

/// A URL as the cache compares it: no credentials, scheme and host in lower
/// case, no trailing `/` or `.git`.
fn normalise_url(url: &str) -> String {
    let url = redact(url);
    let (scheme, rest) = url.split_once("://").unwrap_or(("", &url));
    let host_end = rest.find('/').unwrap_or(rest.len());
    let path = rest[host_end..].trim_end_matches('/');
    let path = path.strip_suffix(".git").unwrap_or(path);
    format!(
        "{}://{}{}",
        scheme.to_ascii_lowercase(),
        rest[..host_end].to_ascii_lowercase(),
        path
    )
}

/// The cache folder for a URL: its name for people, and a hash of the
/// normalised URL so that no two URLs share an entry (`alice.proj` and
/// `alice_proj` once did).
fn cache_name(url: &str) -> String {
    let normal = normalise_url(url);
    let hash = crate::hash::fnv1a(normal.as_bytes());
    format!("{}-{hash:016x}.git", repo_name(&normal))
}

/// Updates the cached clone of `url` at `dir`, or clones it afresh when the
/// entry is missing, belongs to another URL, or was left half-written.
fn fetch_or_clone(url: &str, dir: &Path, options: &CloneOptions) -> Result<Timings, SourceError> {
    let usable = git2::Repository::open_bare(dir).ok().filter(|repo| {
        let origin = repo
            .find_remote("origin")
            .ok()
            .and_then(|r| r.url().ok().map(normalise_url));
        origin.as_deref() == Some(normalise_url(url).as_str())
            && repo.head().and_then(|h| h.peel_to_commit()).is_ok()
    });
    let Some(repo) = usable else {
        // Clone beside the entry and move it into place, so a clone killed
        // half way never leaves a poisoned entry behind.
        let partial = dir.with_extension("partial");
        let _ = std::fs::remove_dir_all(&partial);
        let timings = git_cli::clone(url, &partial, options)?;
        let _ = std::fs::remove_dir_all(dir);
        std::fs::rename(&partial, dir).map_err(|e| {
            SourceError::Target(format!("cannot store the clone in the cache: {e}"))
        })?;
        return Ok(timings);
    };
    let timings = git_cli::fetch(url, dir, options)?;
    // Follow the remote's default branch (it may have been renamed).
    if let Some(branch) = git_cli::default_branch(url, options)
        && repo.find_reference(&branch).is_ok()
    {
        let _ = repo.set_head(&branch);
    }
    Ok(timings)
}

/// `%2F` → `/`: URLs spell some bytes of paths and credentials this way.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Temporary clone folders still on disk, for the Ctrl-C handler.
static LIVE_CLONES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// A temporary folder for one clone, removed on drop and by [`remove_all`].
struct TempClone {
    dir: Option<tempfile::TempDir>,
}

impl TempClone {
    fn new() -> Result<Self, SourceError> {
        let dir = tempfile::Builder::new()
            .prefix("portfolio-audit-")
            .tempdir()
            .map_err(|e| SourceError::Target(format!("cannot create a temporary folder: {e}")))?;
        if let Ok(mut live) = LIVE_CLONES.lock() {
            live.push(dir.path().to_path_buf());
        }
        Ok(TempClone { dir: Some(dir) })
    }

    fn path(&self) -> &Path {
        self.dir.as_ref().map_or(Path::new(""), |d| d.path())
    }
}

impl Drop for TempClone {
    fn drop(&mut self) {
        if let Some(dir) = self.dir.take() {
            if let Ok(mut live) = LIVE_CLONES.lock() {
                live.retain(|p| p != dir.path());
            }
            let _ = dir.close();
        }
    }
}

/// Set once Ctrl-C began cleaning up: a transfer that fails from then on
/// failed because it was stopped, not on its own.
static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether the run was interrupted (the error path then exits 130 too).
pub fn interrupted() -> bool {
    INTERRUPTED.load(std::sync::atomic::Ordering::SeqCst)
}

/// Stops every transfer and removes every temporary clone still on disk
/// (the Ctrl-C handler).
pub fn remove_all() {
    INTERRUPTED.store(true, std::sync::atomic::Ordering::SeqCst);
    git_cli::stop_all();
    if let Ok(live) = LIVE_CLONES.lock() {
        for dir in live.iter() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_whose_credentials_cannot_be_separated_is_refused_and_never_shown() {
        for url in ["https://ada:pa/ss@host/a.git", "https://ada:pa#ss@host/a"] {
            let err = Target::parse(url).expect_err(url).to_string();
            assert!(err.contains("percent-encode"), "{err}");
            assert!(!err.contains("pa/ss") && !err.contains("pa#ss"), "{err}");
        }
        // Encoded, it is fine; a path with an `@` and no credentials too.
        assert!(Target::parse("https://ada:pa%2Fss@host/a.git").is_ok());
        assert!(Target::parse("https://host/a@b").is_ok());
    }

    #[test]
    fn targets_parse() {
        assert_eq!(
            Target::parse("gh:psf/requests@v2.32.0").expect("gh"),
            Target::Url {
                url: "https://github.com/psf/requests.git".into(),
                rev: Some("v2.32.0".into())
            }
        );
        assert!(matches!(
            Target::parse("https://gitlab.com/a/b").expect("url"),
            Target::Url { .. }
        ));
        assert!(matches!(
            Target::parse("./project").expect("path"),
            Target::Path(_)
        ));
        assert!(Target::parse("gh:../etc").is_err());
        assert!(Target::parse("git@github.com:a/b.git").is_err());
    }

    #[test]
    fn names_from_urls() {
        assert_eq!(repo_name("https://github.com/psf/requests.git"), "requests");
        assert_eq!(repo_name("file:///tmp/x/project/"), "project");
        assert_eq!(repo_name("https://host/.."), "repository");
        assert_eq!(
            project_name("https://github.com/psf/requests.git"),
            "psf/requests"
        );
        assert_eq!(
            project_name("git@github.com:psf/requests.git"),
            "psf/requests"
        );
        assert_eq!(
            project_name("https://gitlab.com/group/sub/tool/"),
            "sub/tool"
        );
        assert_eq!(project_name("https://host.example/solo.git"), "solo");
        assert_eq!(project_name("file:///tmp/x/project/"), "project");
        assert_eq!(project_name("/srv/applicants/ada/project"), "project");
        let tmp = tempfile::tempdir().expect("tmp");
        for (folder, expected) in [
            ("ada/repo", "ada"),
            ("bob/.git", "bob"),
            ("cy/main.git", "cy"),
            ("dee/weather-cli.git", "weather-cli"),
            ("eve/tool", "tool"),
        ] {
            let path = tmp.path().join(folder);
            std::fs::create_dir_all(&path).expect("mkdir");
            assert_eq!(folder_name(&path), expected, "{folder}");
        }
        assert_eq!(
            cache_name("https://github.com/psf/requests.git"),
            cache_name("HTTPS://GitHub.com/psf/requests/")
        );
        assert_ne!(
            cache_name("https://host/alice/a.proj"),
            cache_name("https://host/alice/a_proj")
        );
        assert!(cache_name("https://u:tok@host/p.git").starts_with("p-"));
        assert_eq!(
            redact("https://user:s3cret@host/a/b.git"),
            "https://host/a/b.git"
        );
        assert_eq!(redact("https://host/a@b"), "https://host/a@b");
    }
}
