//! The file inventory: which files the audit is about.
//!
//! In a git work tree the index is the truth (what is committed counts, an
//! ignored `venv/` on disk does not). Outside git the tree is walked with the
//! `ignore` crate, honouring `.gitignore`. Symlinks are recorded, never followed.

use std::path::Path;
use std::sync::Mutex;

use crate::error::SourceError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Symlink,
    /// A gitlink: a submodule pointer, never entered.
    Submodule,
}

#[derive(Debug, Clone)]
pub struct Entry {
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
    pub entries: Vec<Entry>,
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
pub fn collect(root: &Path, rev: Option<&str>) -> Result<Inventory, SourceError> {
    let direct = git2::Repository::open(root).ok().filter(|repo| {
        repo.is_bare() || root.canonicalize().ok() == repo.path().canonicalize().ok()
    });
    if let Some(repo) = direct {
        return from_tree(&repo, rev);
    }
    if let Some(rev) = rev {
        let repo = git2::Repository::discover(root).map_err(|_| {
            SourceError::Git(format!(
                "--ref {rev}: {} is not in a git repository",
                root.display()
            ))
        })?;
        return from_tree(&repo, Some(rev));
    }
    let mut inventory = match git2::Repository::discover(root) {
        Ok(repo) if !repo.is_bare() => {
            let tracked = from_git_index(root, &repo)?;
            if tracked.entries.is_empty() {
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
        _ => walk(root),
    };
    inventory.entries.sort_by(|a, b| a.path.cmp(&b.path));
    inventory.entries.dedup_by(|a, b| a.path == b.path);
    inventory.warnings.sort();
    Ok(inventory)
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
        None => repo
            .head()
            .and_then(|head| head.peel_to_commit())
            .map_err(|_| {
                SourceError::Git("the repository has no commits (HEAD points nowhere)".into())
            })?,
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
    let _ = tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
        let Ok(name) = entry.name() else {
            inventory
                .warnings
                .push(format!("skipped a file whose name is not UTF-8 in {dir}"));
            return git2::TreeWalkResult::Ok;
        };
        let kind = match entry.filemode() as u32 {
            mode if mode & 0o170000 == GITLINK_MODE => EntryKind::Submodule,
            mode if mode & 0o170000 == SYMLINK_MODE => EntryKind::Symlink,
            _ if entry.kind() == Some(git2::ObjectType::Blob) => EntryKind::File,
            _ => return git2::TreeWalkResult::Ok,
        };
        inventory.entries.push(Entry {
            path: format!("{dir}{name}"),
            kind,
            blob: (kind == EntryKind::File).then(|| entry.id()),
        });
        git2::TreeWalkResult::Ok
    });
    let origin_url = origin_url(repo);
    inventory.git = Some(GitInfo {
        git_dir: repo.path().to_path_buf(),
        commit: Some(commit.id().to_string()),
        origin_url,
        shallow: repo.is_shallow(),
        prefix: String::new(),
    });
    inventory.entries.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(inventory)
}

fn from_git_index(root: &Path, repo: &git2::Repository) -> Result<Inventory, SourceError> {
    let workdir = repo.workdir().map(Path::to_path_buf).unwrap_or_default();
    let prefix = relative_prefix(root, &workdir);
    let index = repo
        .index()
        .map_err(|e| SourceError::Git(format!("cannot read the git index: {}", e.message())))?;
    let mut inventory = Inventory::default();
    for entry in index.iter() {
        let Ok(full) = std::str::from_utf8(&entry.path) else {
            inventory.warnings.push(format!(
                "skipped a tracked file whose name is not UTF-8: {}",
                String::from_utf8_lossy(&entry.path)
            ));
            continue;
        };
        let Some(path) = strip_prefix(full, &prefix) else {
            continue;
        };
        let kind = match entry.mode & 0o170000 {
            GITLINK_MODE => EntryKind::Submodule,
            SYMLINK_MODE => EntryKind::Symlink,
            _ => EntryKind::File,
        };
        inventory.entries.push(Entry {
            path: path.to_string(),
            kind,
            blob: None,
        });
    }
    let commit = repo
        .head()
        .ok()
        .and_then(|head| head.target())
        .map(|oid| oid.to_string());
    let origin_url = origin_url(repo);
    inventory.git = Some(GitInfo {
        git_dir: repo.path().to_path_buf(),
        commit,
        origin_url,
        shallow: repo.is_shallow(),
        prefix,
    });
    Ok(inventory)
}

fn origin_url(repo: &git2::Repository) -> Option<String> {
    repo.find_remote("origin")
        .ok()
        .and_then(|remote| remote.url().ok().map(str::to_string))
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

fn walk(root: &Path) -> Inventory {
    let found: Mutex<Vec<Entry>> = Mutex::new(Vec::new());
    let warnings: Mutex<Vec<String>> = Mutex::new(Vec::new());
    ignore::WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|e| e.file_name() != ".git")
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
    Inventory {
        entries: found.into_inner().unwrap_or_default(),
        git: None,
        from_objects: false,
        warnings: warnings.into_inner().unwrap_or_default(),
    }
}

fn record(
    root: &Path,
    entry: &ignore::DirEntry,
    found: &Mutex<Vec<Entry>>,
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
            Entry {
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
