//! The file inventory: which files the audit is about.
//!
//! In a git work tree the index is the truth (what is committed counts, an
//! ignored `venv/` on disk does not). Outside git the tree is walked with the
//! `ignore` crate, honouring `.gitignore`. Symlinks are recorded, never followed.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex};

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::error::SourceError;
use crate::source::boundary::{self, GitPlace};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Symlink,
    /// A gitlink: a submodule pointer, never entered.
    Submodule,
}

#[derive(Debug, Clone)]
pub struct InventoryEntry {
    /// Relative to the audited root, `/`-separated.
    pub path: String,
    pub kind: EntryKind,
    /// The blob to read, when the audit reads a commit's tree rather than
    /// the work tree.
    pub blob: Option<git2::Oid>,
}

#[derive(Debug, Clone, Default)]
pub struct GitInfo {
    /// The repository's `.git` folder (or the bare repository itself).
    pub git_dir: std::path::PathBuf,
    pub commit: Option<String>,
    pub origin_url: Option<String>,
    pub shallow: bool,
    /// The audited folder inside the work tree (`backend/`), or empty.
    pub prefix: String,
}

#[derive(Debug, Default)]
pub struct Inventory {
    pub entries: Vec<InventoryEntry>,
    pub git: Option<GitInfo>,
    /// Set when contents come from the object database (a bare repository,
    /// a `.git` folder, or `--ref`), not from files on disk.
    pub from_objects: bool,
    pub warnings: Vec<String>,
}

const GITLINK_MODE: u32 = 0o160000;
const SYMLINK_MODE: u32 = 0o120000;

/// Lists the files under `root`, sorted by path. With `rev`, or when `root`
/// is a bare repository or a `.git` folder, the files are those of that
/// commit's tree (HEAD by default), read from the object database.
///
/// The git directory is checked against the trust boundary first
/// ([`boundary::locate`]); `confined` (batch audits) also refuses linked
/// worktrees and never looks for an enclosing repository.
pub fn collect(root: &Path, rev: Option<&str>, confined: bool) -> Result<Inventory, SourceError> {
    trust_repository_owners();
    let place = boundary::locate(root, confined)?;
    let open = || {
        git2::Repository::open(root).map_err(|e| {
            SourceError::Git(format!(
                "{} is a git repository but cannot be opened: {}",
                root.display(),
                e.message()
            ))
        })
    };
    let mut notes = Vec::new();
    let repo = match &place {
        GitPlace::TargetIsGitDir => return from_tree(&open()?, rev),
        GitPlace::Inside(_) => Some(open()?),
        GitPlace::Linked { git_dir, what } => {
            notes.push(format!(
                "git: the target is {what}; its git directory lies outside the target, at {}",
                git_dir.display()
            ));
            Some(open()?)
        }
        // An audited sub-folder of the user's own work tree (never in batch).
        GitPlace::Absent if !confined => enclosing_repository(root, &mut notes)?,
        GitPlace::Absent => None,
    };
    if let Some(rev) = rev {
        let repo = repo.ok_or_else(|| {
            SourceError::Git(format!(
                "--ref {rev}: {} is not in a git repository",
                root.display()
            ))
        })?;
        let mut inventory = from_tree(&repo, Some(rev))?;
        inventory.warnings.extend(notes);
        return Ok(inventory);
    }
    let mut inventory = match repo {
        Some(repo) => {
            let tracked = match from_git_index(root, &repo) {
                Ok(tracked) => tracked,
                // libgit2 refuses an index holding `..` or `.git` entries:
                // one broken file, so the audit goes on from the disk.
                Err(problem) => {
                    let mut walked = walk(root);
                    walked.git = Some(git_info(&repo, String::new()));
                    walked.warnings.push(format!(
                        "{problem}; audited the files on disk instead (ignore rules applied)"
                    ));
                    walked
                }
            };
            if tracked.entries.is_empty() && tracked.warnings.is_empty() {
                // Nothing committed yet: judge what is on disk rather than nothing.
                let mut walked = walk(root);
                walked.git = tracked.git;
                walked
                    .warnings
                    .push("git tracks no file here yet; audited the files on disk instead".into());
                walked
            } else {
                tracked
            }
        }
        None => walk(root),
    };
    inventory.warnings.extend(notes);
    inventory.entries.sort_by(|a, b| a.path.cmp(&b.path));
    inventory.entries.dedup_by(|a, b| a.path == b.path);
    inventory.warnings.sort();
    Ok(inventory)
}

/// The tool never runs anything a repository's config names (no hooks, no
/// filters, no includes), so reading a repository another user owns (CI
/// containers, shared clones) is safe: libgit2's ownership check is off.
///
/// The binary calls this first thing in `main`, before any thread starts;
/// [`collect`] calls it too for library users, where the `Once` makes it a
/// no-op after the first call.
pub fn trust_repository_owners() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: libgit2's global options are not synchronised with its
        // other calls. The binary sets this in `main` before any thread or
        // libgit2 call; a library user's first audit sets it before that
        // audit opens a repository, and `Once` keeps later calls out.
        unsafe {
            let _ = git2::opts::set_verify_owner_validation(false);
            // Every object read would be hashed again to check its id, a
            // tenth of a long history's walk; git itself does not, and the
            // audit trusts no content for being well-formed.
            git2::opts::strict_hash_verification(false);
            // The user's own git configuration has no say in an audit, and
            // a confined worker may not read it: no system, XDG, global or
            // program-data config is looked for.
            for level in [
                git2::ConfigLevel::System,
                git2::ConfigLevel::XDG,
                git2::ConfigLevel::Global,
                git2::ConfigLevel::ProgramData,
            ] {
                let _ = git2::opts::set_search_path(level, "");
            }
        }
    });
}

/// The work tree a sub-folder sits in, found without letting libgit2 look:
/// the nearest `.git` above must be a folder that passes the boundary
/// checks. A `.git` file there (a `gitdir:` naming a git directory
/// elsewhere) is not followed: the sub-folder is audited as a folder, and
/// a note says so.
fn enclosing_repository(
    root: &Path,
    notes: &mut Vec<String>,
) -> Result<Option<git2::Repository>, SourceError> {
    let Ok(root) = root.canonicalize() else {
        return Ok(None);
    };
    let Some(dot_git) = root
        .ancestors()
        .skip(1)
        .map(|dir| dir.join(".git"))
        .find(|dot_git| std::fs::symlink_metadata(dot_git).is_ok())
    else {
        return Ok(None);
    };
    let work_tree = dot_git.parent().unwrap_or(&root);
    if !std::fs::symlink_metadata(&dot_git).is_ok_and(|m| m.is_dir()) {
        notes.push(format!(
            "git: {} is not a folder (a `gitdir:` file or a link); the target is audited as a folder, without its history",
            dot_git.display()
        ));
        return Ok(None);
    }
    boundary::check_git_dir(&dot_git, work_tree)?;
    Ok(git2::Repository::open(work_tree)
        .ok()
        .filter(|repo| !repo.is_bare()))
}

/// The files of a commit's tree, read from the object database.
fn from_tree(repo: &git2::Repository, rev: Option<&str>) -> Result<Inventory, SourceError> {
    let commit = match rev {
        Some(rev) => repo
            .revparse_single(rev)
            .and_then(|object| object.peel_to_commit())
            .map_err(|_| {
                SourceError::Git(format!(
                    "unknown --ref `{rev}`: no such branch, tag or commit"
                ))
            })?,
        None => {
            let head = repo.head().map_err(|_| {
                SourceError::Git("the repository has no commits (HEAD points nowhere)".into())
            })?;
            head.peel_to_commit().map_err(|e| {
                SourceError::Git(format!(
                    "HEAD ({}) cannot be read as a commit: {}",
                    head.target().map(|o| o.to_string()).unwrap_or_default(),
                    e.message()
                ))
            })?
        }
    };
    let tree = commit.tree().map_err(|e| {
        SourceError::Git(format!(
            "cannot read the tree of {}: {}",
            commit.id(),
            e.message()
        ))
    })?;
    let mut inventory = Inventory {
        from_objects: true,
        ..Inventory::default()
    };
    walk_tree(repo, &tree, &mut inventory);
    inventory.entries.sort_by(|a, b| a.path.cmp(&b.path));
    let origin_url = origin_url(repo);
    inventory.git = Some(GitInfo {
        git_dir: repo.path().to_path_buf(),
        commit: Some(commit.id().to_string()),
        origin_url,
        shallow: repo.is_shallow(),
        prefix: String::new(),
    });
    Ok(inventory)
}

fn from_git_index(root: &Path, repo: &git2::Repository) -> Result<Inventory, SourceError> {
    let workdir = repo.workdir().map(Path::to_path_buf).unwrap_or_default();
    let prefix = relative_prefix(root, &workdir);
    let index = repo
        .index()
        .map_err(|e| SourceError::Git(format!("cannot read the git index: {}", e.message())))?;
    let mut inventory = Inventory::default();
    let mut too_long = 0usize;
    for (listed, entry) in index.iter().enumerate() {
        if listed == MAX_ENTRIES {
            inventory.warnings.push(format!(
                "git index: more than {MAX_ENTRIES} entries; the rest were not listed"
            ));
            break;
        }
        let Ok(full) = std::str::from_utf8(&entry.path) else {
            inventory.warnings.push(format!(
                "skipped a tracked file whose name is not UTF-8: {}",
                String::from_utf8_lossy(&entry.path)
            ));
            continue;
        };
        if full.len() > MAX_PATH_BYTES {
            too_long += 1;
            continue;
        }
        if !boundary::is_safe_relative(full) {
            inventory.warnings.push(format!(
                "git index: refused the entry `{}` (an absolute path, `..` or `.git` component); not read",
                crate::untrusted::escape::terminal(full)
            ));
            continue;
        }
        let Some(path) = strip_prefix(full, &prefix) else {
            continue;
        };
        let kind = match entry.mode & 0o170000 {
            GITLINK_MODE => EntryKind::Submodule,
            SYMLINK_MODE => EntryKind::Symlink,
            _ => EntryKind::File,
        };
        inventory.entries.push(InventoryEntry {
            path: path.to_string(),
            kind,
            blob: None,
        });
    }
    if too_long > 0 {
        inventory.warnings.push(format!(
            "git index: {too_long} paths longer than {MAX_PATH_BYTES} bytes were not listed"
        ));
    }
    inventory.git = Some(git_info(repo, prefix));
    Ok(inventory)
}

fn git_info(repo: &git2::Repository, prefix: String) -> GitInfo {
    let commit = repo
        .head()
        .ok()
        .and_then(|head| head.target())
        .map(|oid| oid.to_string());
    GitInfo {
        git_dir: repo.path().to_path_buf(),
        commit,
        origin_url: origin_url(repo),
        shallow: repo.is_shallow(),
        prefix,
    }
}

/// Entries listed from a commit's tree or the index at most: a few
/// kilobytes of objects can describe a tree of billions of paths (each
/// level naming the next twice), so the listing stops here and says so.
/// Real portfolio projects hold a few thousand files.
pub const MAX_ENTRIES: usize = 200_000;

/// Deepest folder listed from a git tree. Git itself refuses to check out
/// trees deeper than 2,048 levels; real projects stay within a few dozen.
pub const MAX_TREE_DEPTH: usize = 1_000;

/// Longest path listed from a git tree, and the bytes of paths listed in
/// all: together with [`MAX_ENTRIES`] they bound a hostile tree's memory.
pub const MAX_PATH_BYTES: usize = 4_096;
const MAX_LISTED_PATH_BYTES: usize = 64 << 20;

/// Lists a commit's tree. A subtree that cannot be read (a missing or
/// malformed object) loses only its own files, with a warning; libgit2's
/// own walk would stop at the first one. A name a malformed tree repeats
/// is listed once. Each name is checked once, as it is met: the walk is
/// linear in the listed bytes however deep the tree.
fn walk_tree(repo: &git2::Repository, tree: &git2::Tree, inventory: &mut Inventory) {
    let mut pending: Vec<(String, usize, git2::Tree)> = vec![(String::new(), 0, tree.clone())];
    let (mut listed, mut listed_bytes, mut repeats) = (0usize, 0usize, 0usize);
    let (mut too_deep, mut too_long) = (false, false);
    while let Some((dir, depth, tree)) = pending.pop() {
        let mut names = HashSet::new();
        for entry in tree.iter() {
            listed += 1;
            listed_bytes += dir.len() + entry.name_bytes().len();
            if listed > MAX_ENTRIES || listed_bytes > MAX_LISTED_PATH_BYTES {
                inventory.warnings.push(if listed > MAX_ENTRIES {
                    format!("git tree: more than {MAX_ENTRIES} entries; the rest were not listed")
                } else {
                    format!(
                        "git tree: more than {} MiB of paths; the rest were not listed",
                        MAX_LISTED_PATH_BYTES >> 20
                    )
                });
                pending.clear();
                break;
            }
            if !names.insert(entry.name_bytes().to_vec()) {
                repeats += 1;
                continue;
            }
            let Ok(name) = entry.name() else {
                inventory
                    .warnings
                    .push(format!("skipped a file whose name is not UTF-8 in {dir}"));
                continue;
            };
            if !boundary::is_safe_name(name) {
                inventory.warnings.push(format!(
                    "git tree: refused the entry `{}{}` (an unsafe path)",
                    crate::untrusted::escape::terminal(&dir),
                    crate::untrusted::escape::terminal(name)
                ));
                continue;
            }
            if dir.len() + name.len() > MAX_PATH_BYTES {
                too_long = true;
                continue;
            }
            let path = format!("{dir}{name}");
            let kind = match entry.filemode() as u32 {
                mode if mode & 0o170000 == GITLINK_MODE => EntryKind::Submodule,
                mode if mode & 0o170000 == SYMLINK_MODE => EntryKind::Symlink,
                _ if entry.kind() == Some(git2::ObjectType::Tree) => {
                    if depth + 1 >= MAX_TREE_DEPTH {
                        too_deep = true;
                        continue;
                    }
                    match repo.find_tree(entry.id()) {
                        Ok(subtree) => pending.push((format!("{path}/"), depth + 1, subtree)),
                        Err(err) => inventory.warnings.push(format!(
                            "git tree: the folder `{}` could not be read ({}); its files are missing",
                            crate::untrusted::escape::terminal(&path),
                            err.message()
                        )),
                    }
                    continue;
                }
                _ if entry.kind() == Some(git2::ObjectType::Blob) => EntryKind::File,
                _ => continue,
            };
            inventory.entries.push(InventoryEntry {
                path,
                kind,
                blob: (kind == EntryKind::File).then(|| entry.id()),
            });
        }
    }
    if repeats > 0 {
        inventory.warnings.push(format!(
            "git tree: {repeats} repeated entries (a malformed tree) were counted once"
        ));
    }
    if too_deep {
        inventory.warnings.push(format!(
            "git tree: folders deeper than {MAX_TREE_DEPTH} levels were not listed"
        ));
    }
    if too_long {
        inventory.warnings.push(format!(
            "git tree: paths longer than {MAX_PATH_BYTES} bytes were not listed"
        ));
    }
}

fn origin_url(repo: &git2::Repository) -> Option<String> {
    repo.find_remote("origin")
        .ok()
        .and_then(|remote| remote.url().ok().map(crate::source::redact))
}

/// The audited folder relative to the work tree root, `/`-terminated, or empty.
fn relative_prefix(root: &Path, workdir: &Path) -> String {
    let (Ok(root), Ok(workdir)) = (root.canonicalize(), workdir.canonicalize()) else {
        return String::new();
    };
    match root.strip_prefix(&workdir) {
        Ok(rel) if !rel.as_os_str().is_empty() => {
            let mut s = rel.to_string_lossy().replace('\\', "/");
            s.push('/');
            s
        }
        _ => String::new(),
    }
}

fn strip_prefix<'a>(path: &'a str, prefix: &str) -> Option<&'a str> {
    if prefix.is_empty() {
        Some(path)
    } else {
        path.strip_prefix(prefix)
    }
}

/// Walks a folder outside git. `.gitignore` and `.ignore` files are read by
/// this module (bounded regular files, never through a link: one pointing
/// at `/dev/zero` or a FIFO would exhaust memory or hang), not by the
/// walker, and applied deepest first as git does.
fn walk(root: &Path) -> Inventory {
    let found: Mutex<Vec<InventoryEntry>> = Mutex::new(Vec::new());
    let warnings: Arc<Mutex<Vec<String>>> = Arc::default();
    let rules = IgnoreRules {
        root: root.to_path_buf(),
        by_dir: Mutex::default(),
        warnings: Arc::clone(&warnings),
    };
    ignore::WalkBuilder::new(root)
        .standard_filters(false)
        .follow_links(false)
        .filter_entry(move |e| e.file_name() != ".git" && !rules.ignored(e))
        .build_parallel()
        .run(|| {
            Box::new(|result| {
                match result {
                    Ok(entry) => record(root, &entry, &found, &warnings),
                    Err(err) => push(&warnings, format!("walk: {err}")),
                }
                ignore::WalkState::Continue
            })
        });
    let warnings = std::mem::take(&mut *warnings.lock().unwrap_or_else(|e| e.into_inner()));
    Inventory {
        entries: found.into_inner().unwrap_or_default(),
        git: None,
        from_objects: false,
        warnings,
    }
}

/// The ignore files of each folder met so far, read once each.
struct IgnoreRules {
    root: std::path::PathBuf,
    by_dir: Mutex<HashMap<std::path::PathBuf, Option<Arc<Gitignore>>>>,
    warnings: Arc<Mutex<Vec<String>>>,
}

/// Ignore files larger than this are not read.
const MAX_IGNORE_FILE_BYTES: u64 = 1024 * 1024;

impl IgnoreRules {
    fn ignored(&self, entry: &ignore::DirEntry) -> bool {
        let path = entry.path();
        let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
        let mut dir = path.parent();
        while let Some(current) = dir {
            if !current.starts_with(&self.root) {
                break;
            }
            if let Some(rules) = self.rules_of(current) {
                match rules.matched(path, is_dir) {
                    ignore::Match::Ignore(_) => return true,
                    ignore::Match::Whitelist(_) => return false,
                    ignore::Match::None => {}
                }
            }
            dir = current.parent();
        }
        false
    }

    fn rules_of(&self, dir: &Path) -> Option<Arc<Gitignore>> {
        if let Some(known) = self.by_dir.lock().ok()?.get(dir) {
            return known.clone();
        }
        let mut builder = GitignoreBuilder::new(dir);
        let mut any = false;
        for name in [".gitignore", ".ignore"] {
            let file = dir.join(name);
            if std::fs::symlink_metadata(&file).is_err() {
                continue;
            }
            match boundary::read_control(&file, MAX_IGNORE_FILE_BYTES) {
                Ok(bytes) => {
                    for line in String::from_utf8_lossy(&bytes).lines() {
                        let _ = builder.add_line(None, line);
                        any = true;
                    }
                }
                Err(err) => push(
                    &self.warnings,
                    format!("{err}; its patterns were not applied"),
                ),
            }
        }
        let rules = any.then(|| builder.build().ok().map(Arc::new)).flatten();
        if let Ok(mut by_dir) = self.by_dir.lock() {
            by_dir.insert(dir.to_path_buf(), rules.clone());
        }
        rules
    }
}

fn record(
    root: &Path,
    entry: &ignore::DirEntry,
    found: &Mutex<Vec<InventoryEntry>>,
    warnings: &Mutex<Vec<String>>,
) {
    let Some(file_type) = entry.file_type() else {
        return;
    };
    let kind = if file_type.is_symlink() {
        EntryKind::Symlink
    } else if file_type.is_file() {
        EntryKind::File
    } else {
        return;
    };
    let Ok(rel) = entry.path().strip_prefix(root) else {
        return;
    };
    match rel.to_str() {
        Some(rel) => push(
            found,
            InventoryEntry {
                path: rel.replace('\\', "/"),
                kind,
                blob: None,
            },
        ),
        None => push(
            warnings,
            format!(
                "skipped a file whose name is not UTF-8: {}",
                rel.to_string_lossy()
            ),
        ),
    }
}

fn push<T>(list: &Mutex<Vec<T>>, item: T) {
    if let Ok(mut list) = list.lock() {
        list.push(item);
    }
}
