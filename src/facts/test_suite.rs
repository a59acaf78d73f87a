//! The test suite, first cut: test modules by name (pytest's and unittest's
//! conventions, plus configured `python_files`) holding `def test…` functions.

use std::collections::BTreeMap;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Serialize;

use super::Location;
use super::manifests::Packaging;
use super::python::PythonSummary;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TestFile {
    pub path: String,
    pub functions: usize,
    pub first_line: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct TestFacts {
    /// Test modules holding at least one test function, sorted.
    pub files: Vec<TestFile>,
    pub functions: usize,
    /// Named like test modules, but holding no test function.
    pub empty_modules: Vec<String>,
    /// Look like tests but are not: benchmarks, test folders without Python.
    pub not_tests: Vec<Location>,
    /// How the tests are meant to be run: pytest/tox/nox config, a make target.
    pub runner: Option<Location>,
    /// pytest declared as a dependency, or a conftest.py: pytest in use, not configured.
    pub runner_hint: Option<Location>,
}

/// Default test module names: pytest's `test_*.py` and `*_test.py`, and
/// unittest discovery's `test*.py`.
const DEFAULT_TEST_FILES: [&str; 2] = ["test*.py", "*_test.py"];
/// Folders whose `test_*.py` files are benchmarks or fixtures, not tests.
const NOT_TEST_DIRS: [&str; 4] = ["bench", "benchmark", "benchmarks", "asv_bench"];

pub fn gather(
    python: &[(&str, &PythonSummary)],
    kept: &BTreeMap<String, String>,
    packaging: &Packaging,
    all_paths: &[&str],
) -> TestFacts {
    let patterns = test_file_globs(&packaging.python_files);
    let mut facts = TestFacts::default();
    for (path, summary) in python {
        let name = path.rsplit('/').next().unwrap_or(path);
        if !patterns.is_match(name) {
            continue;
        }
        if path
            .split('/')
            .rev()
            .skip(1)
            .any(|dir| NOT_TEST_DIRS.contains(&dir))
        {
            facts.not_tests.push(at(path, "a benchmark, not a test"));
            continue;
        }
        match summary.test_functions.first() {
            Some(first) => {
                facts.functions += summary.test_functions.len();
                facts.files.push(TestFile {
                    path: path.to_string(),
                    functions: summary.test_functions.len(),
                    first_line: *first,
                });
            }
            None => facts.empty_modules.push(path.to_string()),
        }
    }
    facts.not_tests.extend(test_dirs_without_python(all_paths));
    facts.runner = runner(kept, packaging);
    facts.runner_hint = runner_hint(packaging, all_paths);
    facts
}

/// `tests/` or `test/` folders that hold files but no Python.
fn test_dirs_without_python(paths: &[&str]) -> Vec<Location> {
    let mut dirs: BTreeMap<&str, bool> = BTreeMap::new();
    for path in paths {
        let mut prefix_end = 0;
        for part in path.split('/') {
            let end = prefix_end + part.len();
            if end >= path.len() {
                break;
            }
            if part == "tests" || part == "test" {
                let has_python = dirs.entry(&path[..end]).or_insert(false);
                *has_python |= path.ends_with(".py");
            }
            prefix_end = end + 1;
        }
    }
    dirs.into_iter()
        .filter(|(_, has_python)| !has_python)
        .map(|(dir, _)| at(&format!("{dir}/"), "a test folder with no Python in it"))
        .collect()
}

fn test_file_globs(configured: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for pattern in DEFAULT_TEST_FILES
        .iter()
        .copied()
        .chain(configured.iter().map(String::as_str))
    {
        if let Ok(glob) = Glob::new(pattern) {
            builder.add(glob);
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

fn runner(kept: &BTreeMap<String, String>, packaging: &Packaging) -> Option<Location> {
    if let Some(path) = &packaging.pytest_config {
        return Some(at(path, "pytest configuration"));
    }
    for (path, text) in kept {
        let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
        let found = match name.as_str() {
            "tox.ini" => {
                (text.contains("[tox]") || text.contains("[testenv")).then_some("tox environments")
            }
            "noxfile.py" => Some("nox sessions"),
            "makefile" => text
                .lines()
                .any(|l| {
                    l.starts_with("test:") || l.starts_with("tests:") || l.starts_with("check:")
                })
                .then_some("make test target"),
            "pyproject.toml" => (text.contains("[tool.tox]")
                || text.contains("[tool.hatch.envs.test"))
            .then_some("test environments in pyproject.toml"),
            _ => None,
        };
        if let Some(note) = found {
            return Some(at(path, note));
        }
    }
    None
}

fn runner_hint(packaging: &Packaging, all_paths: &[&str]) -> Option<Location> {
    if let Some(path) = all_paths
        .iter()
        .find(|p| p.rsplit('/').next() == Some("conftest.py"))
    {
        return Some(at(path, "conftest.py"));
    }
    packaging
        .dependencies
        .iter()
        .find(|d| d.name.eq_ignore_ascii_case("pytest"))
        .map(|d| Location {
            path: d.source.clone(),
            line: d.line,
            note: "pytest declared as a dependency".into(),
        })
}

fn at(path: &str, note: &str) -> Location {
    Location {
        path: path.to_string(),
        line: None,
        note: note.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(lines: &[usize]) -> PythonSummary {
        PythonSummary {
            test_functions: lines.to_vec(),
            ..PythonSummary::default()
        }
    }

    #[test]
    fn counts_only_test_modules_and_skips_benchmarks() {
        let with_tests = summary(&[3, 9]);
        let without = summary(&[]);
        let one = summary(&[1]);
        let python = vec![
            ("tests/test_api.py", &with_tests),
            ("pkg/model_test.py", &one),
            ("test_model.py", &without),
            ("bench/test_speed.py", &one),
            ("pkg/helpers.py", &with_tests),
        ];
        let facts = gather(&python, &BTreeMap::new(), &Packaging::default(), &[]);
        let files: Vec<&str> = facts.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(files, vec!["tests/test_api.py", "pkg/model_test.py"]);
        assert_eq!(facts.functions, 3);
        assert_eq!(facts.empty_modules, vec!["test_model.py"]);
    }

    #[test]
    fn configured_python_files_are_test_modules() {
        let one = summary(&[1]);
        let packaging = Packaging {
            python_files: vec!["check_*.py".into()],
            pytest_config: Some("pyproject.toml".into()),
            ..Packaging::default()
        };
        let facts = gather(
            &[("checks/check_io.py", &one)],
            &BTreeMap::new(),
            &packaging,
            &[],
        );
        assert_eq!(facts.functions, 1);
        assert_eq!(facts.runner.map(|r| r.path), Some("pyproject.toml".into()));
    }
}
