//! The project's Python, sorted by what it is: the candidate's own source,
//! tests, vendored or generated code (inventoried but left out of code
//! quality figures), and notebooks.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::Location;
use super::manifests::Packaging;
use super::notebook::NotebookFacts;
use super::python::ModuleFacts;
use super::scan::ScannedFile;
use super::test_suite::Collector;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CodeScope {
    Source,
    Test,
    Vendored,
    Generated,
}

#[derive(Debug, Clone)]
pub struct PythonFile {
    pub path: String,
    pub scope: CodeScope,
    pub module: ModuleFacts,
}

#[derive(Debug, Clone)]
pub struct NotebookFile {
    pub path: String,
    pub size: u64,
    /// `None` when the notebook was too large or not valid JSON.
    pub facts: Option<NotebookFacts>,
}

#[derive(Debug, Clone, Default)]
pub struct CodeFacts {
    /// Every parsed Python file outside committed junk, sorted by path.
    pub python: Vec<PythonFile>,
    pub notebooks: Vec<NotebookFile>,
    /// Top-level modules and packages the project itself defines.
    pub own_modules: BTreeSet<String>,
    /// Where a linter, formatter or type checker is configured.
    pub linter: Option<Location>,
}

/// Top-level modules of the standard library, sorted (`rules/stdlib.txt`).
static STDLIB: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    let mut names: Vec<&str> = include_str!("../../rules/stdlib.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    names.sort_unstable();
    names
});

/// Whether `module` (a top-level name) ships with Python.
pub fn is_stdlib(module: &str) -> bool {
    STDLIB.binary_search(&module).is_ok()
}

impl CodeFacts {
    /// Each Python file the project wrote or generated (not vendored), with
    /// its module facts.
    pub fn unvendored_modules(&self) -> Vec<(&str, &super::python::ModuleFacts)> {
        self.python
            .iter()
            .filter(|f| f.scope != CodeScope::Vendored)
            .map(|f| (f.path.as_str(), &f.module))
            .collect()
    }

    /// Imports, with their file, of modules that are neither the standard
    /// library nor a file or folder of the repository: what a user must
    /// install. Sorted by module, then file and line.
    pub fn third_party_imports(&self) -> Vec<(&str, &super::python::Import)> {
        let files = self
            .python
            .iter()
            .map(|f| (f.path.as_str(), &f.module))
            .chain(
                self.notebooks
                    .iter()
                    .filter_map(|n| Some((n.path.as_str(), &n.facts.as_ref()?.code))),
            );
        // Scripts import their neighbours by name, at any depth.
        let local: BTreeSet<&str> = self
            .python
            .iter()
            .flat_map(|f| f.path.split('/'))
            .map(|part| part.trim_end_matches(".py"))
            .collect();
        let mut found: Vec<(&str, &super::python::Import)> = files
            .flat_map(|(path, module)| module.imports.iter().map(move |i| (path, i)))
            .filter(|(_, i)| {
                !i.relative && !is_stdlib(&i.module) && !local.contains(i.module.as_str())
            })
            .collect();
        found.sort_by(|a, b| (&a.1.module, a.0, a.1.line).cmp(&(&b.1.module, b.0, b.1.line)));
        found
    }

    /// The candidate's own source: not tests, vendored or generated code.
    pub fn source(&self) -> impl Iterator<Item = &PythonFile> {
        self.python.iter().filter(|f| f.scope == CodeScope::Source)
    }

    /// Functions and methods of the project's own source, with their file.
    pub fn source_functions(&self) -> impl Iterator<Item = (&str, &super::python::Function)> {
        self.source().flat_map(|f| {
            f.module
                .functions
                .iter()
                .map(move |func| (f.path.as_str(), func))
        })
    }

    pub fn tests(&self) -> impl Iterator<Item = &PythonFile> {
        self.python.iter().filter(|f| f.scope == CodeScope::Test)
    }

    /// Notebooks and no Python source of the project's own.
    pub fn notebook_only(&self) -> bool {
        !self.notebooks.is_empty() && self.source().next().is_none()
    }
}

/// Folders of code the candidate did not write.
const VENDORED_DIRS: [&str; 9] = [
    "vendor",
    "_vendor",
    "vendored",
    "third_party",
    "thirdparty",
    "extern",
    "external",
    "migrations",
    "site-packages",
];
/// A module this large is a data table, not code anyone wrote by hand.
pub const DATA_MODULE_BYTES: u64 = 200 * 1024;

/// Takes the parsed modules and notebooks out of the scan results.
pub fn gather(
    scanned: &mut [ScannedFile],
    is_junk: impl Fn(&str) -> bool,
    packaging: &Packaging,
    kept: &BTreeMap<String, String>,
    paths: &[&str],
) -> CodeFacts {
    let collector = Collector::new(&packaging.pytest_names);
    let mut facts = CodeFacts::default();
    for file in scanned.iter_mut().filter(|f| !is_junk(&f.path)) {
        if let Some(module) = file.python.take() {
            let scope = scope_of(&file.path, file.size, &module, &collector);
            facts.python.push(PythonFile {
                path: file.path.clone(),
                scope,
                module,
            });
        } else if file.path.to_ascii_lowercase().ends_with(".ipynb") {
            facts.notebooks.push(NotebookFile {
                path: file.path.clone(),
                size: file.size,
                facts: file.notebook.take(),
            });
        }
    }
    facts.own_modules = own_modules(&facts.python, &packaging.root);
    facts.linter = linter(kept, paths);
    facts
}

fn scope_of(path: &str, size: u64, module: &ModuleFacts, collector: &Collector) -> CodeScope {
    let dirs: Vec<&str> = path.split('/').rev().skip(1).collect();
    let name = path.rsplit('/').next().unwrap_or(path);
    if dirs.iter().any(|d| VENDORED_DIRS.contains(d)) {
        CodeScope::Vendored
    } else if module.generated || size > DATA_MODULE_BYTES {
        CodeScope::Generated
    } else if collector.is_test_module(path)
        || name == "conftest.py"
        || dirs
            .iter()
            .any(|d| matches!(*d, "tests" | "test" | "testing"))
    {
        CodeScope::Test
    } else {
        CodeScope::Source
    }
}

/// Packages (`pkg/__init__.py`) and modules at the repository root, in
/// `src/`, or at the Python project's root.
fn own_modules(python: &[PythonFile], project_root: &str) -> BTreeSet<String> {
    let roots: BTreeSet<String> = ["", "src"]
        .iter()
        .map(|r| r.to_string())
        .chain([project_root.to_string(), format!("{project_root}/src")])
        .collect();
    let parent = |path: &str| {
        path.rsplit_once('/')
            .map(|(d, _)| d.to_string())
            .unwrap_or_default()
    };
    python
        .iter()
        .filter(|f| f.scope == CodeScope::Source)
        .filter_map(|f| {
            let dir = parent(&f.path);
            let name = f.path.rsplit('/').next()?;
            if name == "__init__.py" {
                let package = dir.rsplit('/').next()?.to_string();
                roots.contains(&parent(&dir)).then_some(package)
            } else {
                roots
                    .contains(&dir)
                    .then(|| name.trim_end_matches(".py").to_string())
            }
        })
        .collect()
}

/// A pre-commit config whose only hooks are this tool's configures no
/// linter: anyone could add it to pass the rule.
fn only_this_tools_hooks(text: Option<&str>) -> bool {
    let Some(text) = text else {
        return false;
    };
    let ids: Vec<&str> = text
        .lines()
        .filter_map(|line| {
            let line = line.trim_start().trim_start_matches("- ").trim_start();
            line.strip_prefix("id:")
                .map(|id| id.trim().trim_matches(['"', '\'']))
        })
        .collect();
    !ids.is_empty() && ids.iter().all(|id| id.starts_with("portfolio-audit"))
}

const LINTER_FILES: [&str; 10] = [
    "ruff.toml",
    ".ruff.toml",
    ".flake8",
    ".pylintrc",
    "pylintrc",
    "mypy.ini",
    ".mypy.ini",
    ".pre-commit-config.yaml",
    ".isort.cfg",
    "pyrightconfig.json",
];
const LINTER_SECTIONS: [&str; 10] = [
    "[tool.ruff",
    "[tool.black",
    "[tool.mypy",
    "[tool.pylint",
    "[tool.isort",
    "[tool.pyright",
    "[flake8]",
    "[mypy]",
    "[pylint",
    "[isort]",
];

fn linter(kept: &BTreeMap<String, String>, paths: &[&str]) -> Option<Location> {
    let file = paths
        .iter()
        .filter(|p| LINTER_FILES.contains(&p.rsplit('/').next().unwrap_or(p)))
        .find(|p| !only_this_tools_hooks(kept.get(**p).map(String::as_str)))
        .map(|p| Location {
            path: p.to_string(),
            line: None,
            note: "linter configuration".into(),
        });
    file.or_else(|| {
        kept.iter().find_map(|(path, text)| {
            let name = path.rsplit('/').next().unwrap_or(path);
            if !matches!(name, "pyproject.toml" | "setup.cfg" | "tox.ini") {
                return None;
            }
            let (index, line) = text.lines().enumerate().find(|(_, l)| {
                LINTER_SECTIONS
                    .iter()
                    .any(|s| l.trim_start().starts_with(s))
            })?;
            Some(Location {
                path: path.clone(),
                line: Some(index + 1),
                note: line.trim().to_string(),
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pre_commit_config_of_only_this_tools_hook_is_no_linter() {
        let only_ours = "repos:\n  - repo: local\n    hooks:\n      - id: portfolio-audit\n        name: portfolio-audit\n";
        let with_ruff = "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    hooks:\n      - id: ruff\n      - id: portfolio-audit\n";
        let path = ".pre-commit-config.yaml";
        let kept = |text: &str| BTreeMap::from([(path.to_string(), text.to_string())]);
        assert!(linter(&kept(only_ours), &[path]).is_none());
        assert!(linter(&kept(with_ruff), &[path]).is_some());
    }
}
