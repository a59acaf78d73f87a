//! Facts: the only layer that reads the disk.
//!
//! One parallel pass over the inventory ([`scan`]) feeds a cheap sequential
//! step that interprets the few files kept whole. The result, [`RepoFacts`],
//! is immutable and is all that rules see.

pub mod ci;
pub mod code;
pub mod decode;
mod derive;
pub mod history;
pub mod hygiene;
pub mod inventory;
pub mod lines;
pub mod manifests;
pub mod notebook;
pub mod originality;
pub mod owner;
mod project;
pub mod python;
mod read_budget;
pub mod readme;
pub mod scan;
pub mod scope;
pub mod secrets;
pub mod skills;
pub mod templates;
pub mod test_suite;
pub mod tree_diff;

use std::path::Path;

use serde::Serialize;

use crate::error::SourceError;
pub use inventory::{EntryKind, GitInfo};
use project::{cli_signal, find_root_file, is_license, project_kind, repo_name};
pub use scan::{Limits, ReadStatus};

/// A place in the repository that a fact or finding points at.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub note: String,
}

#[derive(Debug, Clone)]
pub struct FileInfo {
    pub path: String,
    pub kind: EntryKind,
    pub size: u64,
    pub status: ReadStatus,
    /// Stored through Git LFS (`.gitattributes`), so its size is not in git.
    pub lfs: bool,
    /// Inside committed junk (a virtualenv, `__pycache__/`…).
    pub junk: bool,
    /// Content hash of non-trivial code files.
    pub content_hash: Option<u64>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProjectKind {
    Library,
    Cli,
    WebApp,
    /// A desktop or game application (tkinter, pygame, Qt).
    App,
    Analysis,
    Scripts,
    #[default]
    Unknown,
}

impl ProjectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProjectKind::Library => "library",
            ProjectKind::Cli => "cli",
            ProjectKind::WebApp => "web-app",
            ProjectKind::App => "app",
            ProjectKind::Analysis => "analysis",
            ProjectKind::Scripts => "scripts",
            ProjectKind::Unknown => "unknown",
        }
    }
}

/// `Default` is an empty repository, the base of hand-built facts in tests.
#[derive(Debug, Clone, Default)]
pub struct RepoFacts {
    /// The repository's name: from the origin remote, else the folder.
    pub name: String,
    pub git: Option<GitInfo>,
    /// Every inventoried file, sorted by path.
    pub files: Vec<FileInfo>,
    pub python_files: usize,
    pub notebooks: usize,
    pub readme: Option<readme::Readme>,
    pub license: Option<String>,
    pub gitignore: Option<String>,
    pub packaging: manifests::Packaging,
    pub ci: ci::CiFacts,
    pub tests: test_suite::TestFacts,
    pub junk: Vec<String>,
    pub secrets: Vec<secrets::SecretHit>,
    /// Keys and tokens assigned literals in the applicant's own code and
    /// settings (not tests, not vendored code).
    pub hardcoded_keys: Vec<secrets::SecretHit>,
    pub conflict_markers: Vec<Location>,
    pub sloppy_names: Vec<String>,
    pub originality: originality::Originality,
    /// Parsed Python and notebooks, by scope.
    pub code: code::CodeFacts,
    /// The owner's `[tool.portfolio-audit]` settings, if any.
    pub owner: Option<owner::OwnerConfig>,
    /// The commit record; `None` outside git.
    pub history: Option<history::HistoryFacts>,
    /// Skills the project shows, in the skill list's order.
    pub skills: Vec<skills::SkillFound>,
    /// An unedited template or tutorial the project still is, if any.
    pub template: Option<templates::TemplateMatch>,
    /// How much the project does.
    pub scope: scope::Scope,
    /// What makes the project look like a command-line tool, if anything.
    pub cli_signal: Option<Location>,
    pub project_kind: ProjectKind,
    pub warnings: Vec<String>,
    /// Wall time of each step; never part of the report.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

impl RepoFacts {
    pub fn has_file(&self, path: &str) -> bool {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .is_ok()
    }

    /// Whether `dir` (no trailing slash) holds any inventoried file.
    pub fn has_dir(&self, dir: &str) -> bool {
        let prefix = format!("{dir}/");
        let start = self
            .files
            .partition_point(|f| f.path.as_str() < prefix.as_str());
        self.files
            .get(start)
            .is_some_and(|f| f.path.starts_with(&prefix))
    }
}

pub struct GatherOptions<'a> {
    pub limits: Limits,
    /// Audit this branch, tag or commit instead of the work tree.
    pub rev: Option<&'a str>,
    pub topics: &'a [originality::Topic],
    pub templates: &'a [templates::Template],
    pub skills: &'a [skills::Skill],
    pub scope: &'a scope::ScopeThresholds,
    /// A batch audit: nothing outside the target, not even an enclosing
    /// repository or a linked worktree's git directory.
    pub confined: bool,
    /// Set by the caller to stop the audit early (a batch timeout).
    pub cancel: Option<&'a std::sync::atomic::AtomicBool>,
}

fn is_python(path: &str) -> bool {
    path.ends_with(".py") || path.ends_with(".pyw")
}

fn is_notebook(path: &str) -> bool {
    path.to_ascii_lowercase().ends_with(".ipynb")
}

/// The owner's settings file at the repository root.
const SETTINGS_FILE: &str = ".portfolio-audit.toml";

/// A settings file on disk that git does not track: the audit reads what
/// git tracks, so the owner must hear that it was left out.
fn untracked_settings(
    root: &Path,
    entries: &[inventory::InventoryEntry],
    from_index: bool,
) -> bool {
    from_index
        && !entries.iter().any(|e| e.path == SETTINGS_FILE)
        && std::fs::symlink_metadata(root.join(SETTINGS_FILE)).is_ok_and(|m| m.is_file())
}

/// Reads the repository at `root` once and returns everything rules need.
pub fn gather(root: &Path, options: &GatherOptions) -> Result<RepoFacts, SourceError> {
    check_root(root)?;
    let started = std::time::Instant::now();
    let inventory = inventory::collect(root, options.rev, options.confined)?;
    let inventoried = started.elapsed();
    let read = read_files_and_history(root, &inventory, options);
    let scanned_at = started.elapsed();
    let mut warnings = inventory.warnings;
    warnings.extend(read.warnings);
    if untracked_settings(
        root,
        &inventory.entries,
        inventory.git.is_some() && !inventory.from_objects,
    ) {
        warnings.push(format!(
            "{SETTINGS_FILE} is not tracked by git, so its settings are not applied; commit it to use them"
        ));
    }
    let history = read.history.and_then(|h| derive::history(h, &mut warnings));
    let mut facts = interpret(root, inventory.git, read.files, warnings, history, options);
    facts.warnings.sort();
    facts.warnings.dedup();
    let mut timings = vec![
        ("inventory", inventoried),
        ("scan", scanned_at - inventoried),
    ];
    // Beside the scan, not after it.
    timings.extend(read.history_took.map(|took| ("history", took)));
    timings.push(("interpret", started.elapsed() - scanned_at));
    facts.timings = timings;
    Ok(facts)
}

/// Everything the facts say, interpreted from the scanned files, the kept
/// texts and the history.
fn interpret(
    root: &Path,
    git: Option<GitInfo>,
    mut scanned: Vec<scan::ScannedFile>,
    mut warnings: Vec<String>,
    history: Option<history::HistoryFacts>,
    options: &GatherOptions,
) -> RepoFacts {
    let paths: Vec<&str> = scanned.iter().map(|f| f.path.as_str()).collect();
    let junk = derive::Junk(hygiene::junk(&paths));
    let kept = derive::kept_texts(&scanned, &junk);
    let packaging = manifests::gather(&kept, &mut warnings);
    let owner = owner::read(
        kept.get(SETTINGS_FILE).map(String::as_str),
        kept.get("pyproject.toml").map(String::as_str),
        &mut warnings,
    );
    let readme = derive::readme(&scanned, &packaging, &mut warnings);
    let clean_paths = derive::clean_paths(&scanned, &junk);
    let clean_paths: Vec<&str> = clean_paths.iter().map(String::as_str).collect();
    let code = code::gather(
        &mut scanned,
        |path| junk.holds(path),
        &packaging,
        &kept,
        &clean_paths,
    );
    let modules = code.unvendored_modules();
    let tests = test_suite::gather(&modules, &kept, &packaging, &clean_paths, &code.own_modules);
    let ci = ci::gather(kept.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    let credentials = derive::credentials(&scanned, &junk, history.as_ref(), &code);

    let name = repo_name(root, git.as_ref());
    let cli_signal = cli_signal(&packaging, &code, &clean_paths);
    let readme_imports = readme.as_ref().map_or(&[][..], |r| &r.imports_shown[..]);
    let project_kind = project_kind(
        &packaging,
        &code,
        cli_signal.is_some(),
        &clean_paths,
        readme_imports,
    );
    let mut signals = skills::signals(&code, &tests, &packaging, history.as_ref());
    signals.npm = skills::npm_packages(&kept, &clean_paths, &mut warnings);
    let skills = skills::detect(&code, &packaging, &clean_paths, options.skills, &signals);
    let seen = derive::Seen {
        kept: &kept,
        clean_paths: &clean_paths,
        readme: readme.as_ref(),
    };
    let scope = scope::measure(
        &code,
        &scope::ScopeContext {
            packaging: &packaging,
            skills: &skills,
            cli: cli_signal.is_some(),
            offers_api: matches!(project_kind, ProjectKind::Library | ProjectKind::Cli),
            authors: history.as_ref().map_or(0, |h| h.authors),
            published: scope::published(seen.readme_text()),
            documented: seen.documented(),
        },
        options.scope,
    );
    let template = seen.template(options.templates);
    let is_library = packaging.installable && project_kind != ProjectKind::Analysis;
    let subject = derive::subject(&seen, &name, &scanned, &junk, is_library);
    let originality = originality::detect(&subject, options.topics);
    let files = derive::file_infos(&scanned, &junk, &kept);
    RepoFacts {
        license: find_root_file(&clean_paths, &packaging.root, is_license),
        gitignore: find_root_file(&clean_paths, &packaging.root, |n| n == ".gitignore"),
        sloppy_names: hygiene::sloppy_names(&clean_paths),
        files,
        conflict_markers: derive::conflict_markers(&scanned),
        python_files: clean_paths.iter().filter(|p| is_python(p)).count(),
        notebooks: clean_paths.iter().filter(|p| is_notebook(p)).count(),
        junk: junk.0,
        name,
        git,
        readme,
        packaging,
        ci,
        tests,
        secrets: credentials.secrets,
        hardcoded_keys: credentials.hardcoded_keys,
        originality,
        code,
        owner,
        history,
        skills,
        template,
        scope,
        cli_signal,
        project_kind,
        warnings,
        timings: Vec::new(),
    }
}

/// The audited folder must exist, be a folder and be readable.
fn check_root(root: &Path) -> Result<(), SourceError> {
    match std::fs::metadata(root) {
        Err(_) => return Err(SourceError::NotFound(root.display().to_string())),
        Ok(meta) if !meta.is_dir() => {
            return Err(SourceError::NotADirectory(root.display().to_string()));
        }
        Ok(_) => {}
    }
    std::fs::read_dir(root).map(|_| ()).map_err(|err| {
        SourceError::Target(format!("cannot read {}: {}", root.display(), err.kind()))
    })
}

/// What the one parallel pass over the files and the history walk beside
/// it gave.
struct Read {
    files: Vec<scan::ScannedFile>,
    warnings: Vec<String>,
    history: Option<Result<history::HistoryFacts, String>>,
    history_took: Option<std::time::Duration>,
}

/// Scans the inventoried files in parallel while the (sequential) history
/// walk runs beside it.
fn read_files_and_history(
    root: &Path,
    inventory: &inventory::Inventory,
    options: &GatherOptions,
) -> Read {
    let ((files, warnings), history) = rayon::join(
        || {
            let objects = inventory.git.as_ref().filter(|_| inventory.from_objects);
            scan::scan(
                root,
                &inventory.entries,
                options.limits,
                objects.map(|g| g.git_dir.as_path()),
                options.cancel,
            )
        },
        || {
            let git = inventory.git.as_ref()?;
            let rev = git.commit.as_deref().filter(|_| inventory.from_objects);
            let began = std::time::Instant::now();
            let authored = inventory
                .entries
                .iter()
                .filter(|e| tree_diff::is_authored_path(&e.path))
                .count();
            let gathered = history::gather(
                &git.git_dir,
                rev,
                authored,
                &git.prefix,
                options.cancel,
                history::WALK_LIMIT,
            );
            Some((gathered, began.elapsed()))
        },
    );
    let (history, history_took) = history.unzip();
    Read {
        files,
        warnings,
        history,
        history_took,
    }
}
