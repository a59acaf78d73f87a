//! The test suite as pytest or unittest would collect it, from parsed code:
//! test modules by name (defaults plus pytest's `python_files`), `test*`
//! functions, methods of `Test*` classes and of `unittest.TestCase`
//! subclasses; each test's assertions, and whether it is trivial.

use std::collections::{BTreeMap, BTreeSet};

use globset::{Glob, GlobSet, GlobSetBuilder};

use super::Location;
use super::manifests::{Packaging, PytestNames};
use super::python::ModuleFacts;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestFile {
    pub path: String,
    pub functions: usize,
    pub first_line: usize,
    /// The module imports the project's own code.
    pub imports_project: bool,
}

#[derive(Debug, Clone, Default)]
pub struct TestFacts {
    /// Test modules holding at least one collected test, sorted.
    pub files: Vec<TestFile>,
    pub functions: usize,
    pub with_assertions: usize,
    /// Tests whose body is only `pass`, `...` or `assert True`.
    pub trivial: Vec<Location>,
    /// Non-trivial tests with no assertion at all.
    pub without_assertions: Vec<Location>,
    /// Named like test modules, but holding no test.
    pub empty_modules: Vec<String>,
    /// Modules whose tests the runners' default collection misses
    /// (`user_tests.py`, plain `test_` functions in `tests.py`); their tests
    /// are counted, since the author meant them as tests.
    pub uncollected: Vec<Location>,
    /// Look like tests but are not: benchmarks, test folders without Python.
    pub not_tests: Vec<Location>,
    /// How the tests are meant to be run: pytest/tox/nox config, a make target.
    pub runner: Option<Location>,
    /// pytest declared as a dependency, or a conftest.py: pytest in use, not configured.
    pub runner_hint: Option<Location>,
}

/// pytest's default `python_files`.
const PYTEST_FILES: [&str; 2] = ["test_*.py", "*_test.py"];
/// unittest discovery's default pattern (Django's test runner uses it too).
const UNITTEST_FILES: &str = "test*.py";
/// Folders whose `test_*.py` files are benchmarks, not tests.
const NOT_TEST_DIRS: [&str; 4] = ["bench", "benchmark", "benchmarks", "asv_bench"];

/// How pytest and unittest would pick test modules, classes and functions.
pub struct Collector {
    pytest_files: GlobSet,
    unittest_files: GlobSet,
    classes: Vec<String>,
    functions: Vec<String>,
}

impl Collector {
    pub fn new(names: &PytestNames) -> Self {
        let defaults: Vec<String> = PYTEST_FILES.iter().map(|s| s.to_string()).collect();
        let files = if names.python_files.is_empty() {
            &defaults
        } else {
            &names.python_files
        };
        let or_default = |configured: &[String], default: &str| {
            if configured.is_empty() {
                vec![default.to_string()]
            } else {
                configured.to_vec()
            }
        };
        Collector {
            pytest_files: globs(files),
            unittest_files: globs(&[UNITTEST_FILES.to_string()]),
            classes: or_default(&names.python_classes, "Test"),
            functions: or_default(&names.python_functions, "test"),
        }
    }

    /// Whether a runner would import this module looking for tests.
    pub fn is_test_module(&self, path: &str) -> bool {
        let name = path.rsplit('/').next().unwrap_or(path);
        self.pytest_files.is_match(name) || self.unittest_files.is_match(name)
    }

    /// The collected tests of a module: (function index, is a test).
    fn tests<'m>(
        &self,
        path: &str,
        module: &'m ModuleFacts,
        test_cases: &BTreeSet<&str>,
    ) -> Vec<&'m super::python::Function> {
        let name = path.rsplit('/').next().unwrap_or(path);
        let by_pytest = self.pytest_files.is_match(name);
        module
            .functions
            .iter()
            .filter(|f| match &f.class {
                None => by_pytest && matches_prefix(&f.name, &self.functions),
                Some(class) if test_cases.contains(class.as_str()) => f.name.starts_with("test"),
                Some(class) => {
                    by_pytest
                        && matches_prefix(class, &self.classes)
                        && matches_prefix(&f.name, &self.functions)
                        && !module
                            .classes
                            .iter()
                            .any(|c| &c.name == class && c.has_init)
                }
            })
            .collect()
    }
}

/// pytest's name patterns: a prefix, or a glob when it holds `*`.
fn matches_prefix(name: &str, patterns: &[String]) -> bool {
    patterns.iter().any(|pattern| {
        if pattern.contains('*') || pattern.contains('?') {
            Glob::new(pattern)
                .map(|g| g.compile_matcher().is_match(name))
                .unwrap_or(false)
        } else {
            name.starts_with(pattern.as_str())
        }
    })
}

/// Classes that derive from a `…TestCase`, directly or through other such
/// classes anywhere in the project (a `RecipeTestBase` in one test module is
/// the base of the test classes in the others), as unittest and Django's
/// runner collect them. Names are unqualified, as bases are written.
pub(crate) fn test_case_classes<'m>(
    modules: impl Iterator<Item = &'m ModuleFacts> + Clone,
) -> BTreeSet<&'m str> {
    let mut found: BTreeSet<&str> = BTreeSet::new();
    loop {
        let before = found.len();
        for class in modules.clone().flat_map(|m| &m.classes) {
            let derives = class.bases.iter().any(|base| {
                let last = base.rsplit('.').next().unwrap_or(base);
                last.ends_with("TestCase") || found.contains(last)
            });
            if derives {
                found.insert(class.name.as_str());
            }
        }
        if found.len() == before {
            return found;
        }
    }
}

fn globs(patterns: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        if let Ok(glob) = Glob::new(pattern) {
            builder.add(glob);
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

/// Gathers test facts from the parsed modules (`path`, facts), sorted by path.
pub fn gather(
    modules: &[(&str, &ModuleFacts)],
    kept: &BTreeMap<String, String>,
    packaging: &Packaging,
    all_paths: &[&str],
    own_modules: &BTreeSet<String>,
) -> TestFacts {
    let collector = Collector::new(&packaging.pytest_names);
    let test_cases = test_case_classes(modules.iter().map(|(_, m)| *m));
    let mut facts = TestFacts::default();
    for (path, module) in modules {
        let collected_module = collector.is_test_module(path);
        if !collected_module && !meant_as_tests(path) {
            continue;
        }
        if path
            .split('/')
            .rev()
            .skip(1)
            .any(|dir| NOT_TEST_DIRS.contains(&dir))
        {
            facts
                .not_tests
                .push(at(path, None, "a benchmark, not a test"));
            continue;
        }
        let mut tests = if collected_module {
            collector.tests(path, module, &test_cases)
        } else {
            Vec::new()
        };
        let meant = meant_tests(module, &test_cases);
        if meant.len() > tests.len() {
            facts.uncollected.push(at(
                path,
                meant.first().map(|f| f.line),
                "pytest's default collection misses these tests: name the file test_*.py \
                 or list it in python_files",
            ));
            tests = meant;
        }
        let Some(first) = tests.first() else {
            if collected_module {
                facts.empty_modules.push(path.to_string());
            }
            continue;
        };
        facts.files.push(TestFile {
            path: path.to_string(),
            functions: tests.len(),
            first_line: first.line,
            imports_project: module
                .imports
                .iter()
                .any(|i| i.relative || own_modules.contains(&i.module)),
        });
        facts.functions += tests.len();
        for test in tests {
            let place = || at(path, Some(test.line), &test.name);
            if test.trivial {
                facts.trivial.push(place());
            } else if test.assertions > 0 {
                facts.with_assertions += 1;
            } else {
                facts.without_assertions.push(place());
            }
        }
    }
    facts.not_tests.extend(test_dirs_without_python(all_paths));
    facts.runner = runner(kept, packaging);
    facts.runner_hint = runner_hint(packaging, all_paths);
    facts
}

/// A module whose name says it holds tests (`user_tests.py`, `tests.py`).
fn meant_as_tests(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    name.ends_with(".py") && name.contains("test") && !name.starts_with("conftest")
}

/// The functions an author writes as tests, whatever the runner collects:
/// `test…` functions and the `test…` methods of `Test…` or `TestCase` classes.
fn meant_tests<'m>(
    module: &'m ModuleFacts,
    test_cases: &BTreeSet<&str>,
) -> Vec<&'m super::python::Function> {
    module
        .functions
        .iter()
        .filter(|f| f.name.starts_with("test"))
        .filter(|f| match &f.class {
            None => true,
            Some(class) => class.starts_with("Test") || test_cases.contains(class.as_str()),
        })
        .collect()
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
        .map(|(dir, _)| {
            at(
                &format!("{dir}/"),
                None,
                "a test folder with no Python in it",
            )
        })
        .collect()
}

fn runner(kept: &BTreeMap<String, String>, packaging: &Packaging) -> Option<Location> {
    if let Some(path) = &packaging.pytest_config {
        return Some(at(path, None, "pytest configuration"));
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
            return Some(at(path, None, note));
        }
    }
    None
}

fn runner_hint(packaging: &Packaging, all_paths: &[&str]) -> Option<Location> {
    if let Some(path) = all_paths
        .iter()
        .find(|p| p.rsplit('/').next() == Some("conftest.py"))
    {
        return Some(at(path, None, "conftest.py"));
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

fn at(path: &str, line: Option<usize>, note: &str) -> Location {
    Location {
        path: path.to_string(),
        line,
        note: note.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::python::analyse;

    fn collect(files: &[(&str, &str)], names: PytestNames) -> TestFacts {
        let parsed: Vec<(&str, ModuleFacts)> =
            files.iter().map(|(p, t)| (*p, analyse(t))).collect();
        let modules: Vec<(&str, &ModuleFacts)> = parsed.iter().map(|(p, m)| (*p, m)).collect();
        let packaging = Packaging {
            pytest_names: names,
            ..Packaging::default()
        };
        let own = BTreeSet::from(["shop".to_string()]);
        gather(&modules, &BTreeMap::new(), &packaging, &[], &own)
    }

    #[test]
    fn collects_as_pytest_and_unittest_would() {
        let facts = collect(
            &[
                (
                    "test_model.py",
                    "class Model:\n    def fit(self):\n        return self\n",
                ),
                ("bench/test_speed.py", "def test_speed():\n    assert 1\n"),
                ("tests/tests.py", "def test_plain():\n    assert 1 == 1\n"),
                (
                    "shop/tests.py",
                    "from django.test import TestCase\n\nclass CartTests(TestCase):\n    def test_add(self):\n        self.assertEqual(1, 1)\n",
                ),
                (
                    "shop/cart_test.py",
                    "from shop import cart\n\ndef test_total():\n    assert cart.total() == 0\n",
                ),
                (
                    "shop/test_api.py",
                    "class TestApi:\n    def test_get(self):\n        assert 1\n    def helper(self):\n        pass\n\nclass TestWithInit:\n    def __init__(self):\n        pass\n    def test_never(self):\n        assert 0\n",
                ),
            ],
            PytestNames::default(),
        );
        let files: Vec<(&str, usize)> = facts
            .files
            .iter()
            .map(|f| (f.path.as_str(), f.functions))
            .collect();
        // The tests an author meant count, and the ones no runner would
        // collect (plain functions in tests.py, a Test class with __init__)
        // are named as uncollected.
        assert_eq!(
            files,
            vec![
                ("tests/tests.py", 1),
                ("shop/tests.py", 1),
                ("shop/cart_test.py", 1),
                ("shop/test_api.py", 2)
            ]
        );
        let uncollected: Vec<&str> = facts.uncollected.iter().map(|l| l.path.as_str()).collect();
        assert_eq!(uncollected, vec!["tests/tests.py", "shop/test_api.py"]);
        assert_eq!(facts.empty_modules, vec!["test_model.py"]);
        assert_eq!(facts.not_tests[0].path, "bench/test_speed.py");
        assert!(facts.files[2].imports_project);
        assert!(!facts.files[3].imports_project);
    }

    #[test]
    fn a_test_case_base_in_another_module_makes_its_subclasses_tests() {
        // Calibration: Django tests derive from a base class of their own
        // in a neighbouring module; unittest collects them all.
        let facts = collect(
            &[
                (
                    "app/tests/test_base.py",
                    "from django.test import TestCase\n\nclass RecipeTestBase(TestCase):\n    def make_recipe(self):\n        return 1\n",
                ),
                (
                    "app/tests/test_views.py",
                    "from .test_base import RecipeTestBase\n\nclass RecipeViewsTest(RecipeTestBase):\n    def test_home(self):\n        self.assertEqual(1, 1)\n\n    def test_detail(self):\n        self.assertEqual(2, 2)\n",
                ),
            ],
            PytestNames::default(),
        );
        assert_eq!(facts.functions, 2);
    }

    #[test]
    fn configured_names_are_honoured() {
        let names = PytestNames {
            python_files: vec!["tests_*.py".into()],
            python_classes: vec!["Check".into()],
            python_functions: vec!["check_*".into()],
        };
        let facts = collect(
            &[(
                "tests_io.py",
                "def check_read():\n    assert 1\n\nclass CheckWrite:\n    def check_it(self):\n        assert 1\n\ndef test_old():\n    assert 1\n",
            )],
            names,
        );
        assert_eq!(facts.functions, 2);
    }

    #[test]
    fn trivial_and_assertion_free_tests_are_named() {
        let facts = collect(
            &[(
                "tests/test_suite.py",
                "def test_real():\n    assert add(1, 2) == 3\n\ndef test_true():\n    assert True\n\ndef test_pass():\n    pass\n\ndef test_runs():\n    add(1, 2)\n",
            )],
            PytestNames::default(),
        );
        assert_eq!(facts.functions, 4);
        assert_eq!(facts.with_assertions, 1);
        let trivial: Vec<(&str, Option<usize>)> = facts
            .trivial
            .iter()
            .map(|l| (l.note.as_str(), l.line))
            .collect();
        assert_eq!(
            trivial,
            vec![("test_true", Some(4)), ("test_pass", Some(7))]
        );
        assert_eq!(facts.without_assertions[0].note, "test_runs");
    }
}
