//! Facts: the only layer that reads the disk.
//!
//! One parallel pass over the inventory ([`scan`]) feeds a cheap sequential
//! step that interprets the few files kept whole. The result, [`RepoFacts`],
//! is immutable and is all that rules see.

pub mod ci;
pub mod code;
pub mod decode;
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

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;

use crate::error::SourceError;
pub use inventory::{EntryKind, GitInfo};
use project::{
    cli_signal, find_readme, find_root_file, is_auxiliary, is_data, is_license, project_kind,
    repo_name,
};
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
    match std::fs::metadata(root) {
        Err(_) => return Err(SourceError::NotFound(root.display().to_string())),
        Ok(meta) if !meta.is_dir() => {
            return Err(SourceError::NotADirectory(root.display().to_string()));
        }
        Ok(_) => {}
    }
    if let Err(err) = std::fs::read_dir(root) {
        return Err(SourceError::Target(format!(
            "cannot read {}: {}",
            root.display(),
            err.kind()
        )));
    }
    let started = std::time::Instant::now();
    let inventory = inventory::collect(root, options.rev, options.confined)?;
    let inventoried = started.elapsed();
    // The history walk is sequential; it runs beside the parallel scan.
    let (scanned, history) = rayon::join(
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
    let (history, history_took) = match history {
        Some((gathered, took)) => (Some(gathered), Some(took)),
        None => (None, None),
    };
    let (mut scanned, scan_warnings) = scanned;
    let scanned_at = started.elapsed();
    let mut warnings = inventory.warnings;
    warnings.extend(scan_warnings);
    if untracked_settings(
        root,
        &inventory.entries,
        inventory.git.is_some() && !inventory.from_objects,
    ) {
        warnings.push(format!(
            "{SETTINGS_FILE} is not tracked by git, so its settings are not applied; commit it to use them"
        ));
    }
    let history = match history {
        Some(Ok(history)) => {
            if history.unreadable_commits > 0 {
                warnings.push(format!(
                    "git history: {} commits could not be read (malformed or missing objects); the figures leave them out",
                    history.unreadable_commits
                ));
            }
            if history.unmeasured_commits > 0 {
                warnings.push(format!(
                    "git history: {} commits change more files than the tool walks; the largest commit leaves them out",
                    history.unmeasured_commits
                ));
            }
            Some(history)
        }
        Some(Err(message)) => {
            warnings.push(format!("git history not read: {message}"));
            None
        }
        None => None,
    };

    let paths: Vec<&str> = scanned.iter().map(|f| f.path.as_str()).collect();
    let junk = hygiene::junk(&paths);
    let is_junk = |path: &str| {
        junk.iter()
            .any(|j| path == j || (j.ends_with('/') && path.starts_with(j.as_str())))
    };
    let kept: BTreeMap<String, String> = scanned
        .iter()
        .filter(|f| !is_junk(&f.path) && !is_data(&f.path))
        .filter_map(|f| Some((f.path.clone(), f.kept.clone()?)))
        .collect();
    let lfs = kept
        .get(".gitattributes")
        .map(|text| hygiene::lfs_patterns(text))
        .unwrap_or_else(globset::GlobSet::empty);

    let packaging = manifests::gather(&kept, &mut warnings);
    let owner = owner::read(
        kept.get(SETTINGS_FILE).map(String::as_str),
        kept.get("pyproject.toml").map(String::as_str),
        &mut warnings,
    );
    let readme = find_readme(&scanned, &packaging.root).map(|file| {
        if file.kept.is_none() {
            warnings.push(format!(
                "{}: README not read ({:?})",
                file.path, file.status
            ));
        }
        readme::parse(&file.path, file.kept.as_deref().unwrap_or(""))
    });
    let clean_paths: Vec<String> = scanned
        .iter()
        .filter(|f| !is_junk(&f.path))
        .map(|f| f.path.clone())
        .collect();
    let clean_paths: Vec<&str> = clean_paths.iter().map(String::as_str).collect();
    let code = code::gather(&mut scanned, is_junk, &packaging, &kept, &clean_paths);
    let modules: Vec<(&str, &python::ModuleFacts)> = code
        .python
        .iter()
        .filter(|f| f.scope != code::CodeScope::Vendored)
        .map(|f| (f.path.as_str(), &f.module))
        .collect();
    let tests = test_suite::gather(&modules, &kept, &packaging, &clean_paths, &code.own_modules);
    let ci = ci::gather(kept.iter().map(|(p, t)| (p.as_str(), t.as_str())));

    // Key material inside a committed virtualenv or cache is third-party
    // test data: junk to remove, not the applicant's credential.
    let mut secrets: Vec<secrets::SecretHit> = scanned
        .iter()
        .filter(|f| !is_junk(&f.path))
        .flat_map(|f| f.secrets.iter().cloned())
        .collect();
    if let Some(history) = &history {
        // A value the tree still holds is the tree's finding, once.
        let in_tree: BTreeSet<(String, u64)> = secrets
            .iter()
            .map(|s| (s.path.clone(), s.fingerprint))
            .collect();
        secrets.extend(
            history
                .secrets
                .iter()
                .filter(|s| !in_tree.contains(&(s.path.clone(), s.fingerprint)))
                .cloned(),
        );
    }
    secrets.sort_by(|a, b| (&a.path, a.line, &a.commit).cmp(&(&b.path, b.line, &b.commit)));
    let not_own_code: BTreeSet<&str> = code
        .python
        .iter()
        .filter(|f| matches!(f.scope, code::CodeScope::Test | code::CodeScope::Vendored))
        .map(|f| f.path.as_str())
        .collect();
    let mut hardcoded_keys: Vec<secrets::SecretHit> = scanned
        .iter()
        .filter(|f| !is_junk(&f.path) && !not_own_code.contains(f.path.as_str()))
        .filter(|f| {
            !f.path
                .split('/')
                .any(|part| matches!(part, "test" | "tests"))
        })
        .flat_map(|f| f.hardcoded_keys.iter().cloned())
        // A recognised credential on the same line is LAY002's already.
        .filter(|k| !secrets.iter().any(|s| s.path == k.path && s.line == k.line))
        .collect();
    hardcoded_keys.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    let conflict_markers = scanned
        .iter()
        .filter_map(|f| {
            Some(Location {
                path: f.path.clone(),
                line: Some(f.conflict_line?),
                note: "merge-conflict marker".into(),
            })
        })
        .collect();

    let name = repo_name(root, inventory.git.as_ref());
    let python_files = clean_paths.iter().filter(|p| is_python(p)).count();
    let notebooks = clean_paths.iter().filter(|p| is_notebook(p)).count();
    let cli_signal = cli_signal(&packaging, &code, &clean_paths);
    let readme_imports = readme.as_ref().map_or(&[][..], |r| &r.imports_shown[..]);
    let project_kind = project_kind(
        &packaging,
        &code,
        cli_signal.is_some(),
        &clean_paths,
        readme_imports,
    );
    let originality = {
        let artefacts: Vec<&str> = clean_paths
            .iter()
            .copied()
            .filter(|p| (is_notebook(p) || is_data(p)) && !is_auxiliary(p))
            .collect();
        let data_headers: Vec<(&str, &str)> = scanned
            .iter()
            .filter(|f| is_data(&f.path) && !is_junk(&f.path) && !is_auxiliary(&f.path))
            .filter_map(|f| Some((f.path.as_str(), f.kept.as_deref()?)))
            .collect();
        originality::detect(
            &originality::Subject {
                repo_name: &name,
                readme_path: readme.as_ref().map(|r| r.path.as_str()),
                readme_title: readme.as_ref().and_then(|r| r.title.as_deref()),
                readme_opening: readme.as_ref().and_then(|r| r.opening.as_deref()),
                artefacts,
                data_headers,
                is_library: packaging.installable && project_kind != ProjectKind::Analysis,
            },
            options.topics,
        )
    };

    let skills = skills::detect(&code, &packaging, &clean_paths, options.skills);
    let readme_text = readme
        .as_ref()
        .and_then(|r| kept.get(&r.path))
        .map_or("", String::as_str);
    let scope = scope::measure(
        &code,
        &scope::ScopeContext {
            packaging: &packaging,
            skills: &skills,
            cli: cli_signal.is_some(),
            offers_api: matches!(project_kind, ProjectKind::Library | ProjectKind::Cli),
            authors: history.as_ref().map_or(0, |h| h.authors),
            published: scope::published(readme_text),
            documented: scope::documented(&clean_paths, readme_text)
                || readme
                    .as_ref()
                    .is_some_and(|r| r.quality == readme::Quality::Detailed),
        },
        options.scope,
    );
    let template = templates::detect(
        readme
            .as_ref()
            .and_then(|r| Some((r.path.as_str(), kept.get(&r.path)?.as_str()))),
        |path| clean_paths.binary_search(&path).is_ok(),
        options.templates,
    );

    let files: Vec<FileInfo> = scanned
        .iter()
        .map(|f| FileInfo {
            lfs: lfs.is_match(&f.path),
            junk: is_junk(&f.path),
            path: f.path.clone(),
            kind: f.kind,
            size: f.size,
            status: f.status,
            content_hash: f.content_hash,
        })
        .collect();
    warnings.sort();
    warnings.dedup();
    let mut timings = vec![
        ("inventory", inventoried),
        ("scan", scanned_at - inventoried),
    ];
    // Beside the scan, not after it.
    timings.extend(history_took.map(|took| ("history", took)));
    timings.push(("interpret", started.elapsed() - scanned_at));
    Ok(RepoFacts {
        license: find_root_file(&clean_paths, &packaging.root, is_license),
        gitignore: find_root_file(&clean_paths, &packaging.root, |n| n == ".gitignore"),
        sloppy_names: hygiene::sloppy_names(&clean_paths),
        junk,
        name,
        git: inventory.git,
        files,
        python_files,
        notebooks,
        readme,
        packaging,
        ci,
        tests,
        secrets,
        hardcoded_keys,
        conflict_markers,
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
        timings,
    })
}
