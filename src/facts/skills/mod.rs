//! The skills a project shows, from what its own code imports, what its
//! manifests declare and which files it tracks. The mapping is data
//! (`rules/skills.toml`).

use std::collections::HashMap;

use globset::{Glob, GlobSetBuilder};
use serde::{Deserialize, Serialize};

mod signals;

use super::Location;
use super::code::CodeFacts;
use super::manifests::{Dependency, Packaging};
pub use signals::{SIGNALS, Signals, npm_packages, signals};

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Skill {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub imports: Vec<String>,
    #[serde(default)]
    pub packages: Vec<String>,
    #[serde(default)]
    pub files: Vec<String>,
    /// Files a declared package works on without being imported (pytest
    /// runs `test_*.py`): with one of these, a declaration is use.
    #[serde(default)]
    pub runs: Vec<String>,
    /// The test runner's configuration (`[tool.pytest.ini_options]`,
    /// `pytest.ini`, `setup.cfg`, `tox.ini`), with one of the `runs` files,
    /// shows it in use: pytest needs no import.
    #[serde(default)]
    pub configured_runner: bool,
    /// npm packages (a front end's `package.json`) that show it, used
    /// where that folder holds JavaScript or TypeScript sources.
    #[serde(default)]
    pub npm: Vec<String>,
    /// A fact the audit computes that shows the skill (`history`,
    /// `rest-routes`, `typed`, `tests`, `linter`, `package`).
    #[serde(default)]
    pub signal: Option<String>,
    /// How job posts spell it, beside `name`; added to the technologies a
    /// posting is read with (`rules/technologies.toml` holds the built-in
    /// spellings).
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// How strongly the evidence shows a skill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Strength {
    /// Only a settings file or an unused import brings it, or only a stock
    /// template (a devcontainer) holds it: it may not be the author's work.
    Weak,
    /// A manifest declares it; nothing uses it.
    Declared,
    /// The project's code, files or configuration use it.
    Used,
    /// A test module that collects tests uses it.
    Tested,
}

impl Strength {
    pub fn as_str(self) -> &'static str {
        match self {
            Strength::Weak => "weak",
            Strength::Declared => "declared only",
            Strength::Used => "used in code",
            Strength::Tested => "tested",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillFound {
    pub id: String,
    pub name: String,
    pub evidence: Location,
    /// Only a manifest declares it: no import, file or run shows it in use.
    /// Weak evidence, shown apart and not counted for roles.
    pub declared_only: bool,
    pub strength: Strength,
}

/// Skills found, in the order of the skill list. Dependencies and paths
/// are indexed once, so the cost is linear in them (a manifest can list
/// 100,000 packages).
pub fn detect(
    code: &CodeFacts,
    packaging: &Packaging,
    paths: &[&str],
    skills: &[Skill],
    signals: &Signals,
) -> Vec<SkillFound> {
    let mut dependencies: HashMap<String, &Dependency> = HashMap::new();
    for dependency in &packaging.dependencies {
        dependencies
            .entry(normal(&dependency.name))
            .or_insert(dependency);
    }
    let files = first_file_per_skill(paths, skills, |s| &s.files);
    // pytest runs test modules that collect tests, not any `test_*.py`.
    let collecting: Vec<&str> = paths
        .iter()
        .copied()
        .filter(|p| signals.test_modules.contains(*p))
        .collect();
    let runs = first_file_per_skill(&collecting, skills, |s| &s.runs);
    skills
        .iter()
        .zip(files.into_iter().zip(runs))
        .filter_map(|(skill, (file, run))| {
            let configured = (skill.configured_runner && run.is_some())
                .then_some(packaging.pytest_config.as_ref())
                .flatten()
                .map(|path| Location {
                    path: path.clone(),
                    line: None,
                    note: "configures the test runner".into(),
                });
            let signal = skill
                .signal
                .as_deref()
                .and_then(|name| signals.get(name))
                .cloned();
            let imported = by_import(code, skill, &signals.test_modules);
            let npm = by_npm(skill, signals);
            let run = run.map(|mut at| {
                at.note = "a test module pytest collects".into();
                (at, Strength::Tested)
            });
            let used = strongest(
                [
                    imported,
                    npm.clone().filter(|(_, s)| *s == Strength::Used),
                    run,
                    file.map(|at| {
                        let strength = if is_template_path(&at.path) {
                            Strength::Weak
                        } else {
                            Strength::Used
                        };
                        (at, strength)
                    }),
                    configured.map(|at| (at, Strength::Used)),
                    signal.map(|at| {
                        // Tests with assertions are tested by definition.
                        let tested = skill.signal.as_deref() == Some("tests");
                        (
                            at,
                            if tested {
                                Strength::Tested
                            } else {
                                Strength::Used
                            },
                        )
                    }),
                ]
                .into_iter()
                .flatten(),
            );
            let declared = by_package(&dependencies, skill).or_else(|| {
                npm.filter(|(_, s)| *s == Strength::Declared)
                    .map(|(at, _)| at)
            });
            let (evidence, strength) = match (used, declared) {
                (Some((_, Strength::Weak)), Some(declared)) => (declared, Strength::Declared),
                (Some(used), _) => used,
                (None, Some(declared)) => (declared, Strength::Declared),
                (None, None) => return None,
            };
            Some(SkillFound {
                id: skill.id.clone(),
                name: skill.name.clone(),
                evidence,
                declared_only: strength == Strength::Declared,
                strength,
            })
        })
        .collect()
}

/// The strongest evidence; the first of equals.
fn strongest(found: impl Iterator<Item = (Location, Strength)>) -> Option<(Location, Strength)> {
    found.fold(None, |best, next| match best {
        Some(best) if best.1 >= next.1 => Some(best),
        _ => Some(next),
    })
}

/// A `package.json` dependency on one of the skill's npm packages: used
/// where front-end sources sit beside it, else declared.
fn by_npm(skill: &Skill, signals: &Signals) -> Option<(Location, Strength)> {
    skill.npm.iter().find_map(|name| {
        let (at, sources) = signals.npm.get(&name.to_ascii_lowercase())?;
        let strength = if *sources {
            Strength::Used
        } else {
            Strength::Declared
        };
        Some((at.clone(), strength))
    })
}

/// Settings modules import what the framework's template put there
/// (`import socket` in a Django settings file).
fn is_settings_path(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name == "settings.py" || path.contains("/settings/") || path.starts_with("settings/")
}

/// Stock editor and container templates, not the author's own setup.
fn is_template_path(path: &str) -> bool {
    path.starts_with(".devcontainer/") || path.contains("/.devcontainer/")
}

/// Where the project's code imports one of the skill's modules, and how
/// strongly: a collecting test module, other code, or only a settings file
/// or an import nothing uses (weak).
fn by_import(
    code: &CodeFacts,
    skill: &Skill,
    test_modules: &std::collections::BTreeSet<String>,
) -> Option<(Location, Strength)> {
    let modules = code
        .python
        .iter()
        .filter(|f| {
            matches!(
                f.scope,
                super::code::CodeScope::Source | super::code::CodeScope::Test
            )
        })
        .map(|f| (f.path.as_str(), &f.module))
        .chain(
            code.notebooks
                .iter()
                .filter_map(|n| Some((n.path.as_str(), &n.facts.as_ref()?.code))),
        );
    let mut best: Option<(Location, Strength)> = None;
    for (path, module) in modules {
        let mut matching = module
            .imports
            .iter()
            .filter(|i| skill.imports.contains(&i.module));
        let Some(first) = matching.next() else {
            continue;
        };
        // An import whose names nothing uses shows nothing.
        let import = std::iter::once(first)
            .chain(matching)
            .find(|i| i.used)
            .unwrap_or(first);
        let strength = if !import.used || is_settings_path(path) {
            Strength::Weak
        } else if test_modules.contains(path) {
            Strength::Tested
        } else {
            Strength::Used
        };
        if best.as_ref().is_some_and(|(_, b)| *b >= strength) {
            continue;
        }
        best = Some((
            Location {
                path: path.to_string(),
                line: Some(import.line),
                note: format!("imports {}", import.module),
            },
            strength,
        ));
        if strength == Strength::Tested {
            break;
        }
    }
    best
}

fn normal(name: &str) -> String {
    name.to_ascii_lowercase().replace('_', "-")
}

fn by_package(dependencies: &HashMap<String, &Dependency>, skill: &Skill) -> Option<Location> {
    let found = skill
        .packages
        .iter()
        .find_map(|package| dependencies.get(&normal(package)))?;
    Some(Location {
        path: found.source.clone(),
        line: found.line,
        note: format!("depends on {}", found.name),
    })
}

/// For each skill, the first path matching one of its file patterns, from
/// one pass over the paths with every skill's patterns in one set.
fn first_file_per_skill(
    paths: &[&str],
    skills: &[Skill],
    patterns: impl Fn(&Skill) -> &Vec<String>,
) -> Vec<Option<Location>> {
    let mut found: Vec<Option<Location>> = vec![None; skills.len()];
    let mut builder = GlobSetBuilder::new();
    let mut owner = Vec::new();
    for (index, skill) in skills.iter().enumerate() {
        for pattern in patterns(skill) {
            if let Ok(glob) = Glob::new(pattern) {
                builder.add(glob);
                owner.push(index);
            }
        }
    }
    let Ok(set) = builder.build() else {
        return found;
    };
    if set.is_empty() {
        return found;
    }
    let mut matches = Vec::new();
    for path in paths {
        set.matches_into(path, &mut matches);
        for pattern in &matches {
            found[owner[*pattern]].get_or_insert_with(|| Location {
                path: path.to_string(),
                line: None,
                note: "tracked file".into(),
            });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::code::{CodeScope, PythonFile};
    use crate::facts::python::analyse;

    fn skill(id: &str, imports: &[&str], packages: &[&str], files: &[&str]) -> Skill {
        let strings = |items: &[&str]| items.iter().map(|s| s.to_string()).collect();
        Skill {
            id: id.into(),
            name: id.into(),
            imports: strings(imports),
            packages: strings(packages),
            files: strings(files),
            runs: Vec::new(),
            configured_runner: false,
            npm: Vec::new(),
            signal: None,
            aliases: Vec::new(),
        }
    }

    #[test]
    fn a_configured_pytest_with_test_modules_is_pytest_in_use() {
        // Calibration: test modules and `[tool.pytest.ini_options]`, and no
        // file imports pytest.
        let mut pytest = skill("pytest", &["pytest"], &["pytest"], &["**/conftest.py"]);
        pytest.runs = vec!["**/test_*.py".into()];
        pytest.configured_runner = true;
        let packaging = Packaging {
            pytest_config: Some("pyproject.toml".into()),
            ..Packaging::default()
        };
        let signals = Signals {
            test_modules: ["tests/test_app.py".to_string()].into(),
            ..Signals::default()
        };
        let found = detect(
            &CodeFacts::default(),
            &packaging,
            &["tests/test_app.py"],
            &[pytest.clone()],
            &signals,
        );
        assert_eq!(found.len(), 1);
        // The collecting test module is the strongest evidence.
        assert_eq!(found[0].evidence.path, "tests/test_app.py");
        assert_eq!(found[0].strength, Strength::Tested);
        assert!(!found[0].declared_only);
        // Configured, but with no test module to run: not shown.
        assert!(
            detect(
                &CodeFacts::default(),
                &packaging,
                &["app.py"],
                &[pytest.clone()],
                &signals
            )
            .is_empty()
        );
        // A `test_*.py` that collects no test runs nothing.
        let empty = Signals::default();
        assert!(
            detect(
                &CodeFacts::default(),
                &packaging,
                &["tests/test_app.py"],
                &[pytest],
                &empty
            )
            .is_empty()
        );
    }

    #[test]
    fn imports_packages_and_files() {
        let code = CodeFacts {
            python: vec![PythonFile {
                path: "app.py".into(),
                scope: CodeScope::Source,
                module: analyse("from flask import Flask\n"),
            }],
            ..CodeFacts::default()
        };
        let packaging = Packaging {
            dependencies: vec![crate::facts::manifests::Dependency {
                name: "SQLAlchemy".into(),
                spec: String::new(),
                bounded: false,
                dev: false,
                source: "requirements.txt".into(),
                line: Some(2),
            }],
            ..Packaging::default()
        };
        let skills = [
            skill("flask", &["flask"], &[], &[]),
            skill("sqlalchemy", &["sqlalchemy"], &["sqlalchemy"], &[]),
            skill("docker", &[], &[], &["**/Dockerfile"]),
            skill("django", &["django"], &["django"], &[]),
        ];
        let found = detect(
            &code,
            &packaging,
            &["deploy/Dockerfile", "app.py"],
            &skills,
            &Signals::default(),
        );
        let ids: Vec<(&str, &str)> = found
            .iter()
            .map(|s| (s.id.as_str(), s.evidence.path.as_str()))
            .collect();
        assert_eq!(
            ids,
            vec![
                ("flask", "app.py"),
                ("sqlalchemy", "requirements.txt"),
                ("docker", "deploy/Dockerfile")
            ]
        );
    }

    fn source(path: &str, text: &str) -> PythonFile {
        PythonFile {
            path: path.into(),
            scope: CodeScope::Source,
            module: analyse(text),
        }
    }

    #[test]
    fn unused_imports_settings_files_and_templates_are_weak() {
        let skills = [
            skill("numpy", &["numpy"], &[], &[]),
            skill("networking", &["socket"], &[], &[]),
            skill("docker", &[], &[], &["**/Dockerfile"]),
            skill("pandas", &["pandas"], &[], &[]),
        ];
        let code = CodeFacts {
            python: vec![
                source(
                    "app/stats.py",
                    "import numpy as np\n\ndef f():\n    return 1\n",
                ),
                source(
                    "site/settings.py",
                    "import socket\nHOST = socket.gethostname()\n",
                ),
                source(
                    "app/load.py",
                    "import pandas as pd\nframe = pd.DataFrame()\n",
                ),
            ],
            ..CodeFacts::default()
        };
        let found = detect(
            &code,
            &Packaging::default(),
            &[".devcontainer/Dockerfile"],
            &skills,
            &Signals::default(),
        );
        let strength: Vec<(&str, Strength)> =
            found.iter().map(|s| (s.id.as_str(), s.strength)).collect();
        assert_eq!(
            strength,
            vec![
                ("numpy", Strength::Weak),
                ("networking", Strength::Weak),
                ("docker", Strength::Weak),
                ("pandas", Strength::Used)
            ]
        );
    }

    #[test]
    fn orm_models_and_route_decorators_are_signals() {
        let code = CodeFacts {
            python: vec![
                source(
                    "app/models.py",
                    "from sqlalchemy.orm import DeclarativeBase\n\nclass Note(DeclarativeBase):\n    pass\n",
                ),
                source(
                    "app/api.py",
                    "from fastapi import FastAPI\napp = FastAPI()\n\n@app.get('/notes')\ndef notes():\n    return []\n",
                ),
                source(
                    "app/cache.py",
                    "import functools\n\n@functools.cache\ndef get():\n    return 1\n",
                ),
            ],
            ..CodeFacts::default()
        };
        let signals = signals(
            &code,
            &crate::facts::test_suite::TestFacts::default(),
            &Packaging::default(),
            None,
        );
        let orm = signals.orm_models.expect("a model");
        assert_eq!((orm.path.as_str(), orm.line), ("app/models.py", Some(3)));
        let route = signals.rest_routes.expect("a route");
        assert_eq!((route.path.as_str(), route.line), ("app/api.py", Some(5)));
        assert!(signals.history.is_none() && signals.typed.is_none());
    }
}
