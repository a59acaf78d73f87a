//! Repository hygiene read from paths: committed junk, sloppy file names,
//! Git LFS patterns; and merge-conflict markers read from text.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::Regex;

/// Folders that are never source: caches, tool state, dependency installs.
const JUNK_DIRS: &[&str] = &[
    "__pycache__",
    ".ipynb_checkpoints",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
    ".tox",
    ".nox",
    ".eggs",
    ".idea",
    ".vscode",
    "logs",
    "node_modules",
    "htmlcov",
];

/// `get-pip.py` is pip's bootstrap script, 2 MB of someone else's code.
const JUNK_FILES: &[&str] = &[
    ".DS_Store",
    "Thumbs.db",
    "desktop.ini",
    ".coverage",
    "get-pip.py",
];
/// Compiled files, logs, editor swap files and local databases (a reviewer
/// reads a committed `app.db` as state that belongs outside git).
const JUNK_EXTENSIONS: &[&str] = &[
    ".pyc", ".pyo", ".log", ".swp", ".swo", ".db", ".sqlite", ".sqlite3",
];

/// Tracked junk, compacted: a junk folder is listed once (`venv/`), not file
/// by file. Sorted.
pub fn junk(paths: &[&str]) -> Vec<String> {
    let mut venvs = virtualenv_roots(paths);
    venvs.extend(front_end_builds(paths));
    let mut found = BTreeSet::new();
    for path in paths {
        if let Some(root) = venvs.iter().find(|root| path.starts_with(root.as_str())) {
            found.insert(root.clone());
            continue;
        }
        if let Some(dir) = junk_dir(path) {
            found.insert(dir);
            continue;
        }
        let name = path.rsplit('/').next().unwrap_or(path);
        if is_junk_file(name) {
            found.insert(path.to_string());
        }
    }
    found.into_iter().collect()
}

/// A folder whose files are nobody's work on the project: a cache, tool
/// state, an environment, a build or a third-party library.
pub fn is_unauthored_dir(name: &str) -> bool {
    JUNK_DIRS.contains(&name)
        || name.ends_with(".egg-info")
        || THIRD_PARTY_DIRS.contains(&name)
        || matches!(name, "venv" | ".venv")
}

/// A file that is junk by its name alone (`.DS_Store`, `app.log`, `x.pyc`).
pub fn is_junk_file(name: &str) -> bool {
    JUNK_FILES.contains(&name)
        || JUNK_EXTENSIONS.iter().any(|ext| name.ends_with(ext))
        || is_editor_backup(name)
}

/// `notes.txt~`: an editor's backup copy.
fn is_editor_backup(name: &str) -> bool {
    name.len() > 1 && name.ends_with('~')
}

/// The build output of a web front end: `dist/` or `build/` beside a
/// `package.json`, `/`-terminated.
fn front_end_builds(paths: &[&str]) -> Vec<String> {
    let mut builds: Vec<String> = paths
        .iter()
        .filter_map(|path| path.strip_suffix("package.json"))
        .filter(|dir| dir.is_empty() || dir.ends_with('/'))
        .flat_map(|dir| [format!("{dir}dist/"), format!("{dir}build/")])
        .filter(|build| paths.iter().any(|p| p.starts_with(build.as_str())))
        .collect();
    builds.sort();
    builds.dedup();
    builds
}

/// Folders holding `pyvenv.cfg` or an `activate` script, `/`-terminated.
fn virtualenv_roots(paths: &[&str]) -> Vec<String> {
    let mut roots: Vec<String> = paths
        .iter()
        .filter_map(|path| {
            let root = path
                .strip_suffix("pyvenv.cfg")
                .or_else(|| path.strip_suffix("bin/activate"))
                .or_else(|| path.strip_suffix("Scripts/activate"))?;
            (root.is_empty() || root.ends_with('/')).then(|| root.to_string())
        })
        .filter(|root| !root.is_empty())
        .collect();
    roots.sort();
    roots.dedup();
    roots
}

/// The first junk folder on a path, `/`-terminated.
fn junk_dir(path: &str) -> Option<String> {
    let components: Vec<&str> = path.split('/').collect();
    let folders = &components[..components.len().saturating_sub(1)];
    for (index, name) in folders.iter().enumerate() {
        let is_build_output = index == 0
            && ((*name == "dist" && is_distribution(path))
                || (*name == "build" && is_build_tree(path)));
        if JUNK_DIRS.contains(name) || name.ends_with(".egg-info") || is_build_output {
            return Some(format!("{}/", components[..=index].join("/")));
        }
    }
    None
}

fn is_distribution(path: &str) -> bool {
    path.ends_with(".whl") || path.ends_with(".tar.gz") || path.ends_with(".egg")
}

fn is_build_tree(path: &str) -> bool {
    path.starts_with("build/lib")
        || path.starts_with("build/bdist")
        || path.starts_with("build/temp.")
}

static SLOPPY_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^untitled\d*\.ipynb$",
        r"|\scopy\b|\bcopy\s*(\(\d+\))?\.[a-z0-9]+$",
        r"|(?:^|[_\-. ])final(?:[_\-. ]|$)",
        r"|[_\-. ]v\d+\.[a-z0-9]+$|[_\-]v\d+[_\-]",
        r"|\s",
    ))
    .expect("sloppy name pattern")
});

/// Files whose names look like a desktop, not a codebase: `Untitled.ipynb`,
/// `model copy.py`, `final_v2.py`, names with spaces.
pub fn sloppy_names(paths: &[&str]) -> Vec<String> {
    paths
        .iter()
        .filter(|path| !is_third_party(path))
        .filter(|path| {
            let name = path.rsplit('/').next().unwrap_or(path);
            SLOPPY_NAME.is_match(name)
        })
        .map(|path| path.to_string())
        .collect()
}

/// Folders of code someone else wrote, shipped inside the repository.
const THIRD_PARTY_DIRS: [&str; 8] = [
    "vendor",
    "_vendor",
    "vendored",
    "third_party",
    "thirdparty",
    "node_modules",
    "bower_components",
    "site-packages",
];

/// A file someone else wrote, shipped inside the repository: a vendored
/// library or a front-end package (`static/vendor/fontawesome-free/...`).
pub fn is_third_party(path: &str) -> bool {
    path.split('/')
        .rev()
        .skip(1)
        .any(|dir| THIRD_PARTY_DIRS.contains(&dir))
}

/// Line of the first `<<<<<<<` of a complete conflict block, if any.
pub fn conflict_marker_line(text: &str) -> Option<usize> {
    memchr::memmem::find(text.as_bytes(), b"<<<<<<<")?;
    let mut open = None;
    let mut middle = false;
    for (index, line) in text.lines().enumerate() {
        if line.starts_with("<<<<<<< ") || line == "<<<<<<<" {
            open = Some(index + 1);
            middle = false;
        } else if open.is_some() && line == "=======" {
            middle = true;
        } else if middle && (line.starts_with(">>>>>>> ") || line == ">>>>>>>") {
            return open;
        }
    }
    None
}

/// Patterns that `.gitattributes` sends through Git LFS.
pub fn lfs_patterns(gitattributes: &str) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for line in gitattributes.lines() {
        let mut parts = line.split_whitespace();
        let Some(pattern) = parts.next() else {
            continue;
        };
        if pattern.starts_with('#') || !parts.any(|attr| attr == "filter=lfs") {
            continue;
        }
        let pattern = match pattern.strip_prefix('/') {
            Some(anchored) => anchored.to_string(),
            None if !pattern.contains('/') => format!("**/{pattern}"),
            None => pattern.to_string(),
        };
        if let Ok(glob) = Glob::new(&pattern) {
            builder.add(glob);
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn junk_is_compacted_to_folders() {
        let paths = [
            "pkg/__pycache__/a.cpython-311.pyc",
            "pkg/__pycache__/b.cpython-311.pyc",
            "notes/.DS_Store",
            "venv/pyvenv.cfg",
            "venv/lib/python3.11/site.py",
            "pkg/core.py",
            "run.log",
            "dist/pkg-1.0-py3-none-any.whl",
            "build/scripts.py",
        ];
        assert_eq!(
            junk(&paths),
            vec![
                "dist/",
                "notes/.DS_Store",
                "pkg/__pycache__/",
                "run.log",
                "venv/"
            ]
        );
    }

    #[test]
    fn local_databases_swap_files_and_editor_folders_are_junk() {
        // Calibration: a reviewer flags a committed `backend/data.db`,
        // `test.db`, `.swp` files and `.vscode/`.
        let paths = [
            "backend/data.db",
            "test.db",
            "src/.app.py.swp",
            ".vscode/settings.json",
            "data/prices.csv",
            "src/database.py",
        ];
        assert_eq!(
            junk(&paths),
            vec![".vscode/", "backend/data.db", "src/.app.py.swp", "test.db"]
        );
    }

    #[test]
    fn sloppy_names_are_spotted() {
        let paths = [
            "Untitled1.ipynb",
            "model copy.py",
            "final_v2.py",
            "analysis_final.ipynb",
            "src/finalize.py",
            "report v3.docx",
            "app/models.py",
        ];
        assert_eq!(
            sloppy_names(&paths),
            vec![
                "Untitled1.ipynb",
                "model copy.py",
                "final_v2.py",
                "analysis_final.ipynb",
                "report v3.docx"
            ]
        );
    }

    #[test]
    fn conflict_blocks_need_all_three_markers() {
        assert_eq!(
            conflict_marker_line("a\n<<<<<<< HEAD\nx\n=======\ny\n>>>>>>> main\n"),
            Some(2)
        );
        assert_eq!(conflict_marker_line("Title\n=======\n"), None);
    }

    #[test]
    fn lfs_patterns_match_like_git() {
        let set =
            lfs_patterns("*.h5 filter=lfs diff=lfs merge=lfs -text\n/data/*.bin filter=lfs\n");
        assert!(set.is_match("models/weights.h5"));
        assert!(set.is_match("data/x.bin"));
        assert!(!set.is_match("other/data/x.bin"));
    }
}
