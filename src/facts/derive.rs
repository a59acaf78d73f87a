//! Facts derived from the scanned files once the pass is over: the history's
//! warnings, committed junk, credentials and hard-coded keys, conflict
//! markers, the subject the originality check reads, and the file list.

use std::collections::{BTreeMap, BTreeSet};

use super::code::{CodeFacts, CodeScope};
use super::history::HistoryFacts;
use super::is_notebook;
use super::manifests::Packaging;
use super::project::find_readme;
use super::project::{is_auxiliary, is_data};
use super::readme::Readme;
use super::scan::ScannedFile;
use super::secrets::SecretHit;
use super::templates::{self, Template, TemplateMatch};
use super::{FileInfo, Location, hygiene, originality, readme, scope};

/// The history, with a warning for each part of it that could not be read.
pub(super) fn history(
    read: Result<HistoryFacts, String>,
    warnings: &mut Vec<String>,
) -> Option<HistoryFacts> {
    match read {
        Ok(history) => {
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
        Err(message) => {
            warnings.push(format!("git history not read: {message}"));
            None
        }
    }
}

/// Committed junk: paths, and folders ending in `/`.
pub(super) struct Junk(pub Vec<String>);

impl Junk {
    /// Whether `path` is junk or lies inside a junk folder.
    pub fn holds(&self, path: &str) -> bool {
        self.0
            .iter()
            .any(|j| path == j || (j.ends_with('/') && path.starts_with(j.as_str())))
    }
}

pub(super) struct Credentials {
    pub secrets: Vec<SecretHit>,
    pub hardcoded_keys: Vec<SecretHit>,
}

/// Credentials in the tree and the history, and keys hard-coded in the
/// author's own code. Key material inside a committed virtualenv or cache
/// is third-party test data: junk to remove, not the applicant's credential.
pub(super) fn credentials(
    scanned: &[ScannedFile],
    junk: &Junk,
    history: Option<&HistoryFacts>,
    code: &CodeFacts,
) -> Credentials {
    let mut secrets: Vec<SecretHit> = scanned
        .iter()
        .filter(|f| !junk.holds(&f.path))
        .flat_map(|f| f.secrets.iter().cloned())
        .collect();
    if let Some(history) = history {
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
        .filter(|f| matches!(f.scope, CodeScope::Test | CodeScope::Vendored))
        .map(|f| f.path.as_str())
        .collect();
    let mut hardcoded_keys: Vec<SecretHit> = scanned
        .iter()
        .filter(|f| !junk.holds(&f.path) && !not_own_code.contains(f.path.as_str()))
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
    Credentials {
        secrets,
        hardcoded_keys,
    }
}

pub(super) fn conflict_markers(scanned: &[ScannedFile]) -> Vec<Location> {
    scanned
        .iter()
        .filter_map(|f| {
            Some(Location {
                path: f.path.clone(),
                line: Some(f.conflict_line?),
                note: "merge-conflict marker".into(),
            })
        })
        .collect()
}

/// What the originality check reads the project's subject from.
pub(super) fn subject<'a>(
    seen: &Seen<'a>,
    name: &'a str,
    scanned: &'a [ScannedFile],
    junk: &Junk,
    is_library: bool,
) -> originality::Subject<'a> {
    let artefacts: Vec<&str> = seen
        .clean_paths
        .iter()
        .copied()
        .filter(|p| (is_notebook(p) || is_data(p)) && !is_auxiliary(p))
        .collect();
    let data_headers: Vec<(&str, &str)> = scanned
        .iter()
        .filter(|f| is_data(&f.path) && !junk.holds(&f.path) && !is_auxiliary(&f.path))
        .filter_map(|f| Some((f.path.as_str(), f.kept.as_deref()?)))
        .collect();
    let readme = seen.readme;
    originality::Subject {
        repo_name: name,
        readme_path: readme.map(|r| r.path.as_str()),
        readme_title: readme.and_then(|r| r.title.as_deref()),
        readme_opening: readme.and_then(|r| r.opening.as_deref()),
        artefacts,
        data_headers,
        is_library,
    }
}

/// The whole text of the files later steps interpret, junk and data left out.
pub(super) fn kept_texts(scanned: &[ScannedFile], junk: &Junk) -> BTreeMap<String, String> {
    scanned
        .iter()
        .filter(|f| !junk.holds(&f.path) && !is_data(&f.path))
        .filter_map(|f| Some((f.path.clone(), f.kept.clone()?)))
        .collect()
}

/// Paths outside junk, in path order.
pub(super) fn clean_paths(scanned: &[ScannedFile], junk: &Junk) -> Vec<String> {
    scanned
        .iter()
        .filter(|f| !junk.holds(&f.path))
        .map(|f| f.path.clone())
        .collect()
}

/// The README, parsed; a warning when it was found but not read.
pub(super) fn readme(
    scanned: &[ScannedFile],
    packaging: &Packaging,
    warnings: &mut Vec<String>,
) -> Option<Readme> {
    find_readme(scanned, &packaging.root).map(|file| {
        if file.kept.is_none() {
            warnings.push(format!(
                "{}: README not read ({:?})",
                file.path, file.status
            ));
        }
        readme::parse(&file.path, file.kept.as_deref().unwrap_or(""))
    })
}

/// What a reader of the repository sees at once: its kept texts, its paths
/// outside junk (sorted) and its README.
pub(super) struct Seen<'a> {
    pub kept: &'a BTreeMap<String, String>,
    pub clean_paths: &'a [&'a str],
    pub readme: Option<&'a Readme>,
}

impl Seen<'_> {
    pub fn readme_text(&self) -> &str {
        self.readme
            .and_then(|r| self.kept.get(&r.path))
            .map_or("", String::as_str)
    }

    /// A documentation folder or site, or a detailed README.
    pub fn documented(&self) -> bool {
        scope::documented(self.clean_paths, self.readme_text())
            || self
                .readme
                .is_some_and(|r| r.quality == readme::Quality::Detailed)
    }

    /// The course or tutorial template the project was started from.
    pub fn template(&self, templates: &[Template]) -> Option<TemplateMatch> {
        templates::detect(
            self.readme
                .and_then(|r| Some((r.path.as_str(), self.kept.get(&r.path)?.as_str()))),
            |path| self.clean_paths.binary_search(&path).is_ok(),
            templates,
        )
    }
}

/// Every scanned file with its size, read status and whether it is junk or
/// stored through Git LFS (`.gitattributes`).
pub(super) fn file_infos(
    scanned: &[ScannedFile],
    junk: &Junk,
    kept: &BTreeMap<String, String>,
) -> Vec<FileInfo> {
    let lfs = kept
        .get(".gitattributes")
        .map(|text| hygiene::lfs_patterns(text))
        .unwrap_or_else(globset::GlobSet::empty);
    scanned
        .iter()
        .map(|f| FileInfo {
            lfs: lfs.is_match(&f.path),
            junk: junk.holds(&f.path),
            path: f.path.clone(),
            kind: f.kind,
            size: f.size,
            status: f.status,
            content_hash: f.content_hash,
        })
        .collect()
}
