//! The single parallel pass: every inventoried file is opened at most once,
//! scanned for what every rule needs, and only the few files that later steps
//! interpret as a whole (README, manifests, CI configs…) keep their text.

use std::collections::{BTreeSet, HashSet};
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::decode::{Decoded, decode};
use super::inventory::{EntryKind, InventoryEntry};
use super::read_budget::{Held, ReadBudget};
use super::{hygiene, notebook, python, secrets};
use crate::untrusted::files::open_no_follow;

/// Limits on what the pass reads from an untrusted tree.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Files larger than this are inventoried but not read.
    pub max_file_bytes: u64,
    /// Notebooks larger than this are listed but not read (their outputs
    /// make them big).
    pub max_notebook_bytes: u64,
    /// Files beyond this many (in path order) are listed but not read.
    pub max_files_read: usize,
}

/// The defaults of `--max-file-size` and `--max-notebook-size` (MiB) and
/// `--max-files`.
pub const DEFAULT_MAX_FILE_MIB: f64 = 2.0;
pub const DEFAULT_MAX_NOTEBOOK_MIB: f64 = 20.0;
pub const DEFAULT_MAX_FILES: usize = 200_000;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: (DEFAULT_MAX_FILE_MIB * 1_048_576.0) as u64,
            max_notebook_bytes: (DEFAULT_MAX_NOTEBOOK_MIB * 1_048_576.0) as u64,
            max_files_read: DEFAULT_MAX_FILES,
        }
    }
}

/// Smaller code files (empty `__init__.py`, stubs) say nothing about who
/// wrote a project.
const NON_TRIVIAL_BYTES: usize = 256;

/// Bytes read from the start of a data file to learn its column names.
const DATA_HEAD_BYTES: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadStatus {
    Text,
    /// Not valid UTF-8; read with replacement characters.
    Lossy,
    Binary,
    TooLarge,
    /// A symlink, a submodule, or a file that vanished or could not be opened.
    NotRead,
}

#[derive(Debug, Clone)]
pub struct ScannedFile {
    pub path: String,
    pub kind: EntryKind,
    pub size: u64,
    pub status: ReadStatus,
    pub secrets: Vec<secrets::SecretHit>,
    pub hardcoded_keys: Vec<secrets::SecretHit>,
    pub conflict_line: Option<usize>,
    pub python: Option<python::ModuleFacts>,
    pub notebook: Option<notebook::NotebookFacts>,
    /// Whole text of files interpreted later; the header line of data files.
    pub kept: Option<String>,
    /// Content hash of non-trivial code (Python, notebooks), to spot the same
    /// project submitted twice.
    pub content_hash: Option<u64>,
}

impl ScannedFile {
    /// An inventoried entry that has not been read (yet).
    fn unread(entry: &InventoryEntry) -> Self {
        ScannedFile {
            path: entry.path.clone(),
            kind: entry.kind,
            size: 0,
            status: ReadStatus::NotRead,
            secrets: Vec::new(),
            hardcoded_keys: Vec::new(),
            conflict_line: None,
            python: None,
            notebook: None,
            kept: None,
            content_hash: None,
        }
    }
}

/// Where file contents come from.
enum Source<'a> {
    /// The work tree on disk, never following a symlink.
    Disk {
        root: &'a Path,
        unsafe_dirs: &'a HashSet<String>,
    },
    /// A commit's blobs in the object database (one repository per worker).
    Objects(Option<&'a git2::Repository>),
}

/// What reading one entry gave.
enum Loaded<'a> {
    Bytes(u64, Vec<u8>, Option<Held<'a>>),
    TooLarge(u64),
    Symlink,
    Failed(String),
}

/// Scans `entries` in parallel, from the work tree under `root`, or from the
/// object database of `objects` (a git dir) when given. Output order is
/// input order.
pub fn scan(
    root: &Path,
    entries: &[InventoryEntry],
    limits: Limits,
    objects: Option<&Path>,
    cancel: Option<&AtomicBool>,
) -> (Vec<ScannedFile>, Vec<String>) {
    let (entries, unread) = entries.split_at(entries.len().min(limits.max_files_read));
    // Notebooks share one budget of a notebook cap (at least 16 MiB).
    let notebooks = ReadBudget::new(limits.max_notebook_bytes.max(16 << 20));
    let pass = Pass {
        limits,
        cancel,
        notebooks: &notebooks,
    };
    let results: Vec<(ScannedFile, Option<String>)> = match objects {
        Some(git_dir) => entries
            .par_iter()
            .map_init(
                || git2::Repository::open(git_dir).ok(),
                |repo, entry| scan_one(&Source::Objects(repo.as_ref()), entry, &pass),
            )
            .collect(),
        None => {
            let unsafe_dirs = symlinked_dirs(root, entries);
            entries
                .par_iter()
                .map(|entry| {
                    let source = Source::Disk {
                        root,
                        unsafe_dirs: &unsafe_dirs,
                    };
                    scan_one(&source, entry, &pass)
                })
                .collect()
        }
    };
    let mut warnings = Vec::new();
    let mut files: Vec<ScannedFile> = results
        .into_iter()
        .map(|(file, warning)| {
            warnings.extend(warning);
            file
        })
        .collect();
    if !unread.is_empty() {
        warnings.push(format!(
            "{} files beyond the first {} were listed but not read (--max-files)",
            unread.len(),
            limits.max_files_read
        ));
        files.extend(unread.iter().map(ScannedFile::unread));
    }
    (files, warnings)
}

/// Folders of the listed paths that are not real folders on disk (a symlink
/// swapped in for a directory): nothing below them is read.
fn symlinked_dirs(root: &Path, entries: &[InventoryEntry]) -> HashSet<String> {
    let mut dirs = BTreeSet::new();
    for entry in entries {
        let mut path = entry.path.as_str();
        while let Some((parent, _)) = path.rsplit_once('/') {
            if !dirs.insert(parent.to_string()) {
                break;
            }
            path = parent;
        }
    }
    dirs.into_iter()
        .filter(|dir| {
            !std::fs::symlink_metadata(root.join(dir))
                .map(|m| m.file_type().is_dir())
                .unwrap_or(false)
        })
        .collect()
}

fn under_unsafe_dir(path: &str, unsafe_dirs: &HashSet<String>) -> bool {
    if unsafe_dirs.is_empty() {
        return false;
    }
    let mut path = path;
    while let Some((parent, _)) = path.rsplit_once('/') {
        if unsafe_dirs.contains(parent) {
            return true;
        }
        path = parent;
    }
    false
}

/// What every file's scan shares.
struct Pass<'a> {
    limits: Limits,
    cancel: Option<&'a AtomicBool>,
    notebooks: &'a ReadBudget,
}

fn scan_one(source: &Source, entry: &InventoryEntry, pass: &Pass) -> (ScannedFile, Option<String>) {
    let limits = pass.limits;
    let mut file = ScannedFile::unread(entry);
    if entry.kind != EntryKind::File || pass.cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
        return (file, None);
    }
    let role = FileRole::of(&entry.path);
    let budget = (role == FileRole::Notebook).then_some(pass.notebooks);
    let cap = match role {
        FileRole::Data => DATA_HEAD_BYTES as u64,
        FileRole::Notebook => limits.max_notebook_bytes,
        _ => limits.max_file_bytes,
    };
    // Data files are always read, up to their header.
    let skip_over = if role == FileRole::Data {
        u64::MAX
    } else {
        cap
    };
    // Held until this file is analysed (the end of this function).
    let _held: Option<Held>;
    let bytes = match load(source, entry, cap, skip_over, limits.max_file_bytes, budget) {
        Loaded::Bytes(size, bytes, held) => {
            file.size = size;
            _held = held;
            bytes
        }
        Loaded::Symlink => {
            file.kind = EntryKind::Symlink;
            return (file, None);
        }
        Loaded::Failed(warning) => return (file, Some(warning)),
        Loaded::TooLarge(size) => {
            file.size = size;
            file.status = ReadStatus::TooLarge;
            // Skipping code or a README changes what the audit sees: say so.
            let warning = matches!(role, FileRole::Python | FileRole::Notebook | FileRole::Kept)
                .then(|| {
                    format!(
                        "{}: {:.1} MiB, over the {:.1} MiB read limit; not read",
                        entry.path,
                        size as f64 / 1_048_576.0,
                        cap as f64 / 1_048_576.0
                    )
                });
            return (file, warning);
        }
    };
    if matches!(role, FileRole::Python | FileRole::Notebook) && bytes.len() >= NON_TRIVIAL_BYTES {
        file.content_hash = Some(crate::hash::fnv1a(&bytes));
    }
    let (text, warning) = match decode(bytes) {
        Decoded::Text(text) => {
            file.status = ReadStatus::Text;
            (text, None)
        }
        Decoded::Lossy(text) => {
            file.status = ReadStatus::Lossy;
            let warning = (role != FileRole::Data).then(|| {
                format!(
                    "{}: not valid UTF-8; read with replacement characters",
                    entry.path
                )
            });
            (text, warning)
        }
        Decoded::Binary => {
            file.status = ReadStatus::Binary;
            if role == FileRole::Python {
                let warning = format!(
                    "{}: binary content in a Python file; not parsed",
                    entry.path
                );
                return (file, Some(warning));
            }
            return (file, None);
        }
    };
    if role == FileRole::Data {
        file.kept = text.lines().next().map(str::to_string);
        return (file, warning);
    }
    let warning = analyse(&mut file, role, text, warning);
    (file, warning)
}

/// What every rule needs from a file's text: credentials, keys, conflict
/// markers, its Python or notebook facts, and the text itself when later
/// steps interpret it. The file's warning: the decoding's, unless the code
/// could not be read at all.
fn analyse(
    file: &mut ScannedFile,
    role: FileRole,
    text: String,
    mut warning: Option<String>,
) -> Option<String> {
    file.secrets = secrets::scan(&file.path, &text);
    file.hardcoded_keys = secrets::hardcoded_keys(&file.path, &text);
    file.conflict_line = hygiene::conflict_marker_line(&text);
    match role {
        FileRole::Python => {
            let facts = python::analyse(&text);
            warning = warning.or_else(|| too_deep_warning(&file.path, &facts));
            file.python = Some(facts);
        }
        FileRole::Notebook => match notebook::read(&text) {
            Ok(facts) => {
                warning = warning.or_else(|| too_deep_warning(&file.path, &facts.code));
                file.notebook = Some(facts);
            }
            Err(message) => warning = Some(format!("{}: {message}", file.path)),
        },
        _ => {}
    }
    if role.keeps_text() {
        file.kept = Some(text);
    }
    warning
}

/// A file refused by the nesting gate is a syntax problem and a warning.
fn too_deep_warning(path: &str, facts: &python::ModuleFacts) -> Option<String> {
    facts
        .syntax_errors
        .iter()
        .any(|e| e.message.starts_with(python::TOO_DEEP))
        .then(|| format!("{path}: {}; not parsed", python::TOO_DEEP))
}

/// Reads up to `cap` bytes of an entry; entries larger than `skip_over` are
/// not read at all, nor blobs over `max_blob` (they would be inflated whole).
/// With a `budget`, the bytes to be read are held from it first.
fn load<'a>(
    source: &Source,
    entry: &InventoryEntry,
    cap: u64,
    skip_over: u64,
    max_blob: u64,
    budget: Option<&'a ReadBudget>,
) -> Loaded<'a> {
    match source {
        Source::Objects(repo) => {
            let (Some(repo), Some(oid)) = (repo, entry.blob) else {
                return Loaded::Failed(format!(
                    "{}: the repository could not be opened",
                    entry.path
                ));
            };
            // The header gives the size without inflating the blob: an
            // over-cap blob (a 1 GiB file of zeros) is never decompressed.
            // Data files are read for their header line only, so from
            // objects they are skipped when over the whole-file cap too.
            let header = repo.odb().and_then(|odb| odb.read_header(oid));
            let mut expected = cap;
            if let Ok((size, _)) = header {
                let size = size as u64;
                if size > skip_over || (skip_over == u64::MAX && size > max_blob) {
                    return Loaded::TooLarge(size);
                }
                expected = size.min(cap);
            }
            let held = budget.map(|budget| budget.hold(expected));
            match repo.find_blob(oid) {
                Ok(blob) => {
                    let size = blob.size() as u64;
                    if size > skip_over {
                        return Loaded::TooLarge(size);
                    }
                    let end = blob.content().len().min(cap as usize);
                    Loaded::Bytes(size, blob.content()[..end].to_vec(), held)
                }
                Err(_) => Loaded::Failed(format!(
                    "{}: blob {} is missing from the object database (a partial clone?); not read",
                    entry.path,
                    &oid.to_string()[..12]
                )),
            }
        }
        Source::Disk { root, unsafe_dirs } => {
            if under_unsafe_dir(&entry.path, unsafe_dirs) {
                return Loaded::Failed(format!(
                    "{}: a parent folder is not a real folder; not read",
                    entry.path
                ));
            }
            let handle = match open_no_follow(&root.join(&entry.path)) {
                Ok(handle) => handle,
                Err(err) if err.raw_os_error() == Some(libc::ELOOP) => return Loaded::Symlink,
                Err(err) => {
                    return Loaded::Failed(format!(
                        "{}: tracked but not readable on disk ({})",
                        entry.path,
                        err.kind()
                    ));
                }
            };
            let size = match handle.metadata() {
                Ok(meta) if meta.is_file() => meta.len(),
                _ => {
                    return Loaded::Failed(format!("{}: not a regular file; not read", entry.path));
                }
            };
            if size > skip_over {
                return Loaded::TooLarge(size);
            }
            let held = budget.map(|budget| budget.hold(size.min(cap)));
            match read_capped(handle, size.min(cap), cap) {
                Ok(bytes) => Loaded::Bytes(size, bytes, held),
                Err(err) => Loaded::Failed(format!(
                    "{}: could not be read ({})",
                    entry.path,
                    err.kind()
                )),
            }
        }
    }
}

/// Reads at most `cap` bytes; `expected` sizes the buffer.
fn read_capped(file: std::fs::File, expected: u64, cap: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(expected as usize + 1);
    file.take(cap).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// What later steps do with a file, decided from its path alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRole {
    Python,
    /// A Jupyter notebook, read as JSON.
    Notebook,
    /// A data table: only its header line is read.
    Data,
    /// Interpreted as a whole after the pass (README, manifests, CI…).
    Kept,
    Other,
}

impl FileRole {
    pub fn of(path: &str) -> FileRole {
        let name = path.rsplit('/').next().unwrap_or(path);
        let lower = name.to_ascii_lowercase();
        let depth = path.matches('/').count();
        if lower.ends_with(".py") || lower.ends_with(".pyw") {
            // setup.py and noxfile.py are kept whole too.
            return if depth <= 3 && (lower == "setup.py" || lower == "noxfile.py") {
                FileRole::Kept
            } else {
                FileRole::Python
            };
        }
        if lower.ends_with(".csv") || lower.ends_with(".tsv") {
            return FileRole::Data;
        }
        if lower.ends_with(".ipynb") {
            return FileRole::Notebook;
        }
        if super::ci::provider_of(path).is_some() {
            return FileRole::Kept;
        }
        let kept_anywhere_shallow = depth <= 3
            && (lower.starts_with("readme")
                || matches!(
                    lower.as_str(),
                    "pyproject.toml"
                        | "setup.cfg"
                        | "pipfile"
                        | "environment.yml"
                        | "environment.yaml"
                        | "pytest.ini"
                        | "tox.ini"
                        | "makefile"
                        | ".gitignore"
                        | ".gitattributes"
                        | ".portfolio-audit.toml"
                        | ".pre-commit-config.yaml"
                        | "package.json"
                )
                || super::manifests::is_requirements_path(path));
        if kept_anywhere_shallow {
            FileRole::Kept
        } else {
            FileRole::Other
        }
    }

    fn keeps_text(self) -> bool {
        self == FileRole::Kept
    }
}
