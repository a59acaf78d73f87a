//! Who the project is: its name, README, licence, kind, and whether it is a
//! command-line tool. Small path-based decisions used by [`super::gather`].

use std::path::Path;

use super::inventory::{EntryKind, GitInfo};
use super::scan::ScannedFile;
use super::{Location, ProjectKind, code, manifests};

pub(super) fn is_data(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".csv") || lower.ends_with(".tsv")
}

/// Docs, examples and tests talk about other people's data.
pub(super) fn is_auxiliary(path: &str) -> bool {
    path.split('/').rev().skip(1).any(|dir| {
        matches!(
            dir.to_ascii_lowercase().as_str(),
            "docs" | "doc" | "examples" | "example" | "tests" | "test" | "datasets" | "fixtures"
        )
    })
}

/// The README at the repository root, else at the Python project's root.
/// Markdown is preferred over reST, then plain text.
pub(super) fn find_readme<'a>(
    scanned: &'a [ScannedFile],
    project_root: &str,
) -> Option<&'a ScannedFile> {
    let rank = |name: &str| -> Option<u8> {
        let lower = name.to_ascii_lowercase();
        let (stem, ext) = lower.split_once('.').unwrap_or((lower.as_str(), ""));
        if stem != "readme" {
            return None;
        }
        match ext {
            "md" | "markdown" | "mdown" => Some(0),
            "rst" | "rest" => Some(1),
            "" | "txt" => Some(2),
            _ => None,
        }
    };
    let in_dir = |dir: &str| {
        scanned
            .iter()
            .filter(|f| f.kind == EntryKind::File && parent(&f.path) == dir)
            .filter_map(|f| Some((rank(f.path.rsplit('/').next()?)?, f)))
            .min_by_key(|(rank, f)| (*rank, f.path.clone()))
            .map(|(_, f)| f)
    };
    in_dir("").or_else(|| {
        (!project_root.is_empty())
            .then(|| in_dir(project_root))
            .flatten()
    })
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map(|(dir, _)| dir).unwrap_or("")
}

pub(super) fn is_license(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    ["LICENSE", "LICENCE", "COPYING", "UNLICENSE"]
        .iter()
        .any(|prefix| upper.starts_with(prefix))
}

pub(super) fn find_root_file(
    paths: &[&str],
    project_root: &str,
    accept: impl Fn(&str) -> bool,
) -> Option<String> {
    let at = |dir: &str| {
        paths
            .iter()
            .find(|p| parent(p) == dir && accept(p.rsplit('/').next().unwrap_or(p)))
            .map(|p| p.to_string())
    };
    at("").or_else(|| {
        (!project_root.is_empty())
            .then(|| at(project_root))
            .flatten()
    })
}

pub(super) fn repo_name(root: &Path, git: Option<&GitInfo>) -> String {
    match git.and_then(|g| g.origin_url.as_deref()) {
        Some(url) if !url.trim().is_empty() => crate::source::project_name(url),
        _ => crate::source::folder_name(root),
    }
}

pub(super) fn cli_signal(
    packaging: &manifests::Packaging,
    code: &code::CodeFacts,
    paths: &[&str],
) -> Option<Location> {
    if let Some(main) = paths
        .iter()
        .find(|p| p.ends_with("/__main__.py") || **p == "__main__.py")
    {
        return Some(Location {
            path: main.to_string(),
            line: None,
            note: "__main__.py".into(),
        });
    }
    if let (Some(script), Some(manifest)) = (packaging.entry_points.first(), &packaging.manifest) {
        return Some(Location {
            path: manifest.clone(),
            line: None,
            note: format!("entry point `{script}`"),
        });
    }
    code.source().find_map(|file| {
        let line = file.module.cli_import_line()?;
        file.module.main_guard.then(|| Location {
            path: file.path.clone(),
            line: Some(line),
            note: "argument parser with a __main__ guard".into(),
        })
    })
}

/// Desktop and game toolkits: a project built on one is an application.
const GUI_TOOLKITS: [&str; 9] = [
    "tkinter", "Tkinter", "pygame", "PyQt5", "PyQt6", "PySide2", "PySide6", "kivy", "wx",
];

const WEB_FRAMEWORKS: [&str; 10] = [
    "flask",
    "django",
    "fastapi",
    "streamlit",
    "dash",
    "starlette",
    "tornado",
    "gradio",
    "bottle",
    "pyramid",
];

/// The project's kind, from what its code imports, its manifests and files.
pub(super) fn project_kind(
    packaging: &manifests::Packaging,
    code: &code::CodeFacts,
    is_cli: bool,
    paths: &[&str],
    readme_imports: &[String],
) -> ProjectKind {
    // An installable package whose README shows its API imported is a
    // library, even when it also ships a command.
    let shows_api = readme_imports.iter().any(|m| code.own_modules.contains(m));
    let imports = |modules: &[&str]| {
        code.source()
            .flat_map(|f| &f.module.imports)
            .any(|i| modules.contains(&i.module.as_str()))
    };
    // What the code uses, not what a template requirements file lists.
    let web = imports(&WEB_FRAMEWORKS)
        || paths
            .iter()
            .any(|p| p.rsplit('/').next() == Some("manage.py"));
    let sources = code.source().count();
    if web {
        ProjectKind::WebApp
    } else if imports(&GUI_TOOLKITS) && !packaging.installable {
        // (An installable package that imports tkinter is a plugin or
        // library about it, such as a flake8 plugin.)
        ProjectKind::App
    } else if !code.notebooks.is_empty() && code.notebooks.len() >= sources {
        ProjectKind::Analysis
    } else if is_cli && !(packaging.installable && shows_api) {
        ProjectKind::Cli
    } else if packaging.installable {
        ProjectKind::Library
    } else if sources > 0 {
        ProjectKind::Scripts
    } else {
        ProjectKind::Unknown
    }
}
