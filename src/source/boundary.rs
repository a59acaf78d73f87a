//! The trust boundary around a target's git directory, checked before
//! libgit2 opens anything: files and objects come only from inside the
//! target, and every control file libgit2 would read is a bounded regular
//! file (a FIFO would hang it, `/dev/zero` would exhaust memory).
//!
//! The one accepted exception, for a single local audit, is a linked
//! worktree or a submodule checkout, whose `.git` file points at
//! `…/.git/worktrees/X` or `…/.git/modules/X`; the report says where that
//! git directory is. Batch audits (`confined`) refuse it.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::SourceError;

/// Where a target's git directory is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitPlace {
    /// No git directory at the target itself.
    Absent,
    /// The target is a bare repository or a `.git` folder.
    TargetIsGitDir,
    /// `<target>/.git`, a folder (or a `.git` file naming a folder) inside the target.
    Inside(PathBuf),
    /// A linked worktree or submodule checkout: its git directory lies outside.
    Linked {
        git_dir: PathBuf,
        what: &'static str,
    },
}

/// Control files larger than these are refused rather than read.
const MAX_CONTROL_BYTES: u64 = 1024 * 1024;
/// An index of a million files is about 100 MiB.
const MAX_INDEX_BYTES: u64 = 128 * 1024 * 1024;

fn refuse(message: String) -> SourceError {
    SourceError::Git(message)
}

/// Set, it skips [`check_git_dir`]: a hole in this first wall, for the tests
/// that show the confined worker (`crate::confine`) still reads nothing
/// outside the target. It only ever weakens the tool for whoever sets it.
pub const SIMULATE_A_HOLE: &str = "PORTFOLIO_AUDIT_TEST_SKIP_GIT_CHECKS";

/// Finds the target's git directory and checks it, or says why it is refused.
pub fn locate(root: &Path, confined: bool) -> Result<GitPlace, SourceError> {
    let canonical_root = root
        .canonicalize()
        .map_err(|e| SourceError::Target(format!("cannot read {}: {e}", root.display())))?;
    if looks_like_git_dir(root) {
        check_git_dir(root, &canonical_root)?;
        return Ok(GitPlace::TargetIsGitDir);
    }
    let dot_git = root.join(".git");
    let Ok(meta) = std::fs::symlink_metadata(&dot_git) else {
        return Ok(GitPlace::Absent);
    };
    if meta.file_type().is_symlink() {
        return Err(refuse(format!(
            "{} is a symbolic link; a git directory must lie inside the target",
            dot_git.display()
        )));
    }
    if meta.is_dir() {
        check_git_dir(&dot_git, &canonical_root)?;
        return Ok(GitPlace::Inside(dot_git));
    }
    if !meta.is_file() {
        return Err(refuse(format!(
            "{} is not a file or folder",
            dot_git.display()
        )));
    }
    let named = read_gitdir_file(&dot_git)?;
    let named = if named.is_absolute() {
        named
    } else {
        root.join(named)
    };
    let git_dir = named.canonicalize().map_err(|e| {
        refuse(format!(
            "{} names {}, which cannot be read: {e}",
            dot_git.display(),
            named.display()
        ))
    })?;
    if git_dir.starts_with(&canonical_root) {
        check_git_dir(&git_dir, &canonical_root)?;
        return Ok(GitPlace::Inside(git_dir));
    }
    match linked_kind(&git_dir) {
        Some(what) if !confined => {
            let common = common_dir(&git_dir)?;
            let enclosing = common.parent().unwrap_or(&common).to_path_buf();
            check_git_dir(&git_dir, &enclosing)?;
            check_git_dir(&common, &enclosing)?;
            Ok(GitPlace::Linked { git_dir, what })
        }
        Some(what) => Err(refuse(format!(
            "{} is {what} whose git directory lies outside the target ({}); batch audits read only inside each target",
            root.display(),
            git_dir.display()
        ))),
        None => Err(refuse(format!(
            "{} points at {}, outside the target; a git directory must lie inside the target",
            dot_git.display(),
            git_dir.display()
        ))),
    }
}

/// A bare repository or `.git` folder: `HEAD` and `objects/` right here.
pub fn looks_like_git_dir(dir: &Path) -> bool {
    let kind = |name: &str| std::fs::symlink_metadata(dir.join(name)).ok();
    kind("HEAD").is_some() && kind("objects").is_some() && kind("refs").is_some()
}

/// `…/.git/worktrees/X` or `…/.git/modules/X[/…]`.
fn linked_kind(git_dir: &Path) -> Option<&'static str> {
    let parts: Vec<&str> = git_dir
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect();
    let n = parts.len();
    if n >= 3 && parts[n - 2] == "worktrees" && parts[n - 3] == ".git" {
        return Some("a linked worktree");
    }
    parts
        .windows(2)
        .any(|w| w == [".git", "modules"])
        .then_some("a submodule checkout")
}

/// The main git directory a linked one shares objects and refs with.
fn common_dir(git_dir: &Path) -> Result<PathBuf, SourceError> {
    let file = git_dir.join("commondir");
    if std::fs::symlink_metadata(&file).is_err() {
        return Ok(git_dir.to_path_buf());
    }
    let text = read_control(&file, MAX_CONTROL_BYTES)?;
    let named = PathBuf::from(String::from_utf8_lossy(&text).trim());
    let named = if named.is_absolute() {
        named
    } else {
        git_dir.join(named)
    };
    named
        .canonicalize()
        .map_err(|e| refuse(format!("{}: {e}", file.display())))
}

fn read_gitdir_file(dot_git: &Path) -> Result<PathBuf, SourceError> {
    let text = read_control(dot_git, 4096)?;
    let text = String::from_utf8_lossy(&text);
    let named = text
        .lines()
        .next()
        .and_then(|line| line.strip_prefix("gitdir:"))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .ok_or_else(|| refuse(format!("{} is not a `gitdir:` file", dot_git.display())))?;
    Ok(PathBuf::from(named))
}

/// Checks a git directory before libgit2 reads it: control files are
/// bounded regular files, nothing it reads is a symlink, alternates stay
/// inside `allowed`, and the config includes nothing.
pub fn check_git_dir(git_dir: &Path, allowed: &Path) -> Result<(), SourceError> {
    if std::env::var_os(SIMULATE_A_HOLE).is_some() {
        return Ok(());
    }
    for name in ["objects", "refs"] {
        let path = git_dir.join(name);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(refuse(format!(
                    "{} is a symbolic link; git data must lie inside the target",
                    path.display()
                )));
            }
            _ => {}
        }
    }
    for (name, cap) in [
        ("HEAD", MAX_CONTROL_BYTES),
        ("config", MAX_CONTROL_BYTES),
        ("commondir", MAX_CONTROL_BYTES),
        ("gitdir", MAX_CONTROL_BYTES),
        ("shallow", 64 * MAX_CONTROL_BYTES),
        ("packed-refs", 64 * MAX_CONTROL_BYTES),
        ("index", MAX_INDEX_BYTES),
        ("info/exclude", MAX_CONTROL_BYTES),
        ("info/grafts", MAX_CONTROL_BYTES),
        ("objects/info/alternates", MAX_CONTROL_BYTES),
    ] {
        check_control(&git_dir.join(name), cap)?;
    }
    walk_git_dir(git_dir)?;
    check_index_header(&git_dir.join("index"))?;
    // A `commondir` names the git directory whose objects and refs this one
    // uses: it is the target's only when it lies inside.
    let commondir = git_dir.join("commondir");
    if std::fs::symlink_metadata(&commondir).is_ok() {
        let common = common_dir(git_dir)?;
        if !common.starts_with(allowed) {
            return Err(refuse(format!(
                "{} names {}, outside the target; refused",
                commondir.display(),
                common.display()
            )));
        }
    }
    let alternates = git_dir.join("objects/info/alternates");
    if std::fs::symlink_metadata(&alternates).is_ok() {
        let text = read_control(&alternates, MAX_CONTROL_BYTES)?;
        for line in String::from_utf8_lossy(&text).lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let named = git_dir.join("objects").join(line);
            let inside = named.canonicalize().is_ok_and(|p| p.starts_with(allowed));
            if !inside {
                return Err(refuse(format!(
                    "{} borrows objects from {line}, outside the target",
                    alternates.display()
                )));
            }
            // libgit2 follows an alternate's own alternates: refused, not
            // checked a level at a time.
            let nested = named.join("info/alternates");
            if std::fs::symlink_metadata(&nested).is_ok() {
                return Err(refuse(format!(
                    "{} borrows from {line}, which borrows again ({}); nested alternates are refused",
                    alternates.display(),
                    nested.display()
                )));
            }
        }
    }
    // `config.worktree` is read too when `extensions.worktreeConfig` is on.
    for name in ["config", "config.worktree"] {
        let config = git_dir.join(name);
        if std::fs::symlink_metadata(&config).is_ok() {
            let text = read_control(&config, MAX_CONTROL_BYTES)?;
            if has_include(&text) {
                return Err(refuse(format!(
                    "{} includes other config files (include.path); config includes are never read",
                    config.display()
                )));
            }
        }
    }
    Ok(())
}

/// Entries an index may list: libgit2 expands all of them in memory before
/// the inventory's own cap (`--max-files`) applies, and a version-4 index
/// compresses paths, so its size on disk says little.
const MAX_INDEX_ENTRIES: u32 = 1_000_000;

/// Path bytes a version-4 index may expand to. Its entries store each path
/// as a cut of the previous one plus a suffix, so a 1.4 MB index of 20,000
/// long paths made libgit2 hold 560 MB. A real index of 200,000 files
/// expands to about 12 MB.
const MAX_INDEX_PATH_BYTES: u64 = 64 << 20;

/// Reads the index's header (`DIRC`, version, entry count) and refuses an
/// index that would expand past [`MAX_INDEX_ENTRIES`] entries or
/// [`MAX_INDEX_PATH_BYTES`] of paths, or is not one.
fn check_index_header(index: &Path) -> Result<(), SourceError> {
    if std::fs::symlink_metadata(index).is_err() {
        return Ok(());
    }
    check_control(index, MAX_INDEX_BYTES)?;
    let cannot_read = |e: std::io::Error| refuse(format!("cannot read {}: {e}", index.display()));
    let mut file = crate::untrusted::files::open_no_follow(index).map_err(cannot_read)?;
    let mut bytes = Vec::with_capacity(12);
    (&mut file)
        .take(12)
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    if bytes.len() < 12 {
        return Err(refuse(format!(
            "{} is too short to be a git index",
            index.display()
        )));
    }
    let number =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let version = number(4);
    if &bytes[..4] != b"DIRC" || !(2..=4).contains(&version) {
        return Err(refuse(format!(
            "{} is not a git index (version 2 to 4)",
            index.display()
        )));
    }
    let entries = number(8);
    if entries > MAX_INDEX_ENTRIES {
        return Err(refuse(format!(
            "{} lists {entries} entries, over the {MAX_INDEX_ENTRIES} an audit expands; refused",
            index.display()
        )));
    }
    let path_bytes = if version == 4 {
        file.take(MAX_INDEX_BYTES)
            .read_to_end(&mut bytes)
            .map_err(cannot_read)?;
        v4_path_bytes(&bytes, entries)
    } else {
        // Paths are stored whole: what is not the fixed part of an entry.
        let size = file.metadata().map_err(cannot_read)?.len();
        size.saturating_sub(12 + 62 * u64::from(entries))
    };
    if path_bytes > MAX_INDEX_PATH_BYTES {
        return Err(refuse(format!(
            "{} expands to more than {} MiB of paths; refused",
            index.display(),
            MAX_INDEX_PATH_BYTES >> 20
        )));
    }
    Ok(())
}

/// The bytes of every path a version-4 index expands to, counted without
/// building them, stopping once past [`MAX_INDEX_PATH_BYTES`]. A malformed
/// tail ends the count (libgit2 then refuses the index itself).
fn v4_path_bytes(index: &[u8], entries: u32) -> u64 {
    // ctime, mtime, dev, ino, mode, uid, gid, size, object id, flags.
    const FIXED: usize = 62;
    const EXTENDED_FLAG: u16 = 0x4000;
    let (mut at, mut previous, mut total) = (12usize, 0u64, 0u64);
    for _ in 0..entries {
        let Some(flags) = index.get(at + FIXED - 2..at + FIXED) else {
            break;
        };
        at += FIXED;
        if u16::from_be_bytes([flags[0], flags[1]]) & EXTENDED_FLAG != 0 {
            at += 2;
        }
        // git's offset varint: how many bytes to cut from the previous path.
        let mut cut = 0u64;
        loop {
            let Some(&byte) = index.get(at) else {
                return total;
            };
            at += 1;
            cut = (cut << 7) | u64::from(byte & 0x7f);
            if byte & 0x80 == 0 {
                break;
            }
            cut += 1;
            if cut > u64::from(u32::MAX) {
                return total;
            }
        }
        let Some(suffix) = index
            .get(at..)
            .and_then(|rest| rest.iter().position(|&b| b == 0))
        else {
            return total;
        };
        at += suffix + 1;
        previous = previous.saturating_sub(cut) + suffix as u64;
        total += previous;
        if total > MAX_INDEX_PATH_BYTES {
            break;
        }
    }
    total
}

/// Entries of a git directory walked before libgit2 opens it; past this
/// the target is refused, never half-checked.
const MAX_GIT_DIR_ENTRIES: usize = 2_000_000;

/// Walks the whole git directory, following nothing: every entry must be a
/// folder or a regular file. A symlink (to another repository's objects, a
/// ref naming an outside file) or a FIFO, socket or device (which would
/// block or flood libgit2) refuses the target.
fn walk_git_dir(git_dir: &Path) -> Result<(), SourceError> {
    let mut pending = vec![git_dir.to_path_buf()];
    let mut seen = 0usize;
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir)
            .map_err(|e| refuse(format!("cannot read {}: {e}", dir.display())))?;
        for entry in entries {
            let entry = entry.map_err(|e| refuse(format!("cannot read {}: {e}", dir.display())))?;
            seen += 1;
            if seen > MAX_GIT_DIR_ENTRIES {
                return Err(refuse(format!(
                    "{} holds more than {MAX_GIT_DIR_ENTRIES} entries; refused rather than checked in part",
                    git_dir.display()
                )));
            }
            let kind = entry
                .file_type()
                .map_err(|e| refuse(format!("cannot read {}: {e}", entry.path().display())))?;
            if kind.is_dir() {
                pending.push(entry.path());
            } else if kind.is_symlink() {
                return Err(refuse(format!(
                    "{} is a symbolic link; git data must lie inside the target",
                    entry.path().display()
                )));
            } else if !kind.is_file() && !is_fsmonitor_socket(&entry) {
                return Err(refuse(format!(
                    "{} is not a regular file (a FIFO, socket or device); refused",
                    entry.path().display()
                )));
            }
        }
    }
    Ok(())
}

/// git's file-system monitor (macOS, Windows) keeps a socket in the git
/// directory; libgit2 never opens it.
fn is_fsmonitor_socket(entry: &std::fs::DirEntry) -> bool {
    entry.file_name() == "fsmonitor--daemon.ipc"
}

/// Any `[include]` or `[includeIf …]` section, however written: after a
/// byte-order mark, after another header on the same line (`[core][include]`),
/// after a bare CR, or with spaces inside the brackets. Fails closed: the
/// word anywhere in a section header refuses the config.
fn has_include(config: &[u8]) -> bool {
    let lower: String = String::from_utf8_lossy(config)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{feff}')
        .flat_map(char::to_lowercase)
        .collect();
    lower.contains("[include")
}

/// A control file that exists must be a regular file (not a link, FIFO or
/// device) of at most `cap` bytes.
fn check_control(path: &Path, cap: u64) -> Result<(), SourceError> {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return Ok(());
    };
    if !meta.is_file() {
        return Err(refuse(format!(
            "{} is not a regular file (a link, FIFO or device); refused",
            path.display()
        )));
    }
    if meta.len() > cap {
        return Err(refuse(format!(
            "{} is {} bytes, over the {cap}-byte limit; refused",
            path.display(),
            meta.len()
        )));
    }
    Ok(())
}

/// Reads a control file after [`check_control`], never following a link
/// and never blocking on a FIFO swapped in after the check.
pub fn read_control(path: &Path, cap: u64) -> Result<Vec<u8>, SourceError> {
    check_control(path, cap)?;
    let file = crate::untrusted::files::open_no_follow(path)
        .map_err(|e| refuse(format!("cannot read {}: {e}", path.display())))?;
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return Err(refuse(format!("{} is not a regular file", path.display())));
    }
    let mut bytes = Vec::new();
    file.take(cap)
        .read_to_end(&mut bytes)
        .map_err(|e| refuse(format!("cannot read {}: {e}", path.display())))?;
    Ok(bytes)
}

/// An index or tree path that is safe to join onto the root: relative, no
/// `..`, `.` or `.git` component, no empty component, no NUL or backslash.
pub fn is_safe_relative(path: &str) -> bool {
    !path.starts_with('/') && path.split('/').all(is_safe_name)
}

/// One component of such a path: a tree walk checks each new name once
/// rather than the whole path at every level (a 50,000-level tree made
/// that quadratic).
pub fn is_safe_name(name: &str) -> bool {
    !name.is_empty()
        && !name.contains(['/', '\\', '\0'])
        && name != "."
        && name != ".."
        && !name.eq_ignore_ascii_case(".git")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        for bad in [
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a/.git/config",
            ".GIT/config",
            "a//b",
            "a\\..\\b",
            "",
            "./a",
        ] {
            assert!(!is_safe_relative(bad), "{bad}");
        }
        for good in [
            "a",
            "src/pkg/__init__.py",
            ".github/workflows/ci.yml",
            "..a/b",
        ] {
            assert!(is_safe_relative(good), "{good}");
        }
    }

    #[test]
    fn includes_are_spotted() {
        assert!(has_include(
            b"[core]\n\tbare = false\n[include]\n\tpath = /x\n"
        ));
        assert!(has_include(b"  [includeIf \"gitdir:/\"]\n"));
        assert!(!has_include(b"[core]\n\tbare = false\n"));
        // Hidden from a line-by-line check: a byte-order mark, two headers
        // on one line, a bare CR, spaces inside the brackets.
        assert!(has_include(b"\xef\xbb\xbf[include]\n\tpath = /x\n"));
        assert!(has_include(b"[core][include]\n\tpath = /x\n"));
        assert!(has_include(b"[core]\r[include]\r\tpath = /x\r"));
        assert!(has_include(b"[ Include ]\n\tpath = /x\n"));
    }

    #[test]
    fn linked_git_dirs_are_recognised() {
        assert_eq!(
            linked_kind(Path::new("/home/a/repo/.git/worktrees/wt")),
            Some("a linked worktree")
        );
        assert_eq!(
            linked_kind(Path::new("/home/a/repo/.git/modules/lib")),
            Some("a submodule checkout")
        );
        assert_eq!(linked_kind(Path::new("/elsewhere/.git")), None);
    }
}
