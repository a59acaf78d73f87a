//! The skills a project shows, from what its own code imports, what its
//! manifests declare and which files it tracks. The mapping is data
//! (`rules/skills.toml`).

use std::collections::HashMap;

use globset::{Glob, GlobSetBuilder};
use serde::{Deserialize, Serialize};

use super::Location;
use super::code::CodeFacts;
use super::manifests::{Dependency, Packaging};

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
    /// How job posts spell it ("Postgres", "scikit learn"), beside `name`.
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkillFound {
    pub id: String,
    pub name: String,
    pub evidence: Location,
    /// Only a manifest declares it: no import, file or run shows it in use.
    /// Weak evidence, shown apart and not counted for roles.
    pub declared_only: bool,
}

/// Skills found, in the order of the skill list. Dependencies and paths
/// are indexed once, so the cost is linear in them (a manifest can list
/// 100,000 packages).
pub fn detect(
    code: &CodeFacts,
    packaging: &Packaging,
    paths: &[&str],
    skills: &[Skill],
) -> Vec<SkillFound> {
    let mut dependencies: HashMap<String, &Dependency> = HashMap::new();
    for dependency in &packaging.dependencies {
        dependencies
            .entry(normal(&dependency.name))
            .or_insert(dependency);
    }
    let files = first_file_per_skill(paths, skills, |s| &s.files);
    let runs = first_file_per_skill(paths, skills, |s| &s.runs);
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
            let used = by_import(code, skill).or(file).or(configured);
            let declared = by_package(&dependencies, skill);
            let (evidence, declared_only) = match (used, declared) {
                (Some(used), _) => (used, false),
                (None, Some(declared)) => (declared, run.is_none()),
                (None, None) => return None,
            };
            Some(SkillFound {
                id: skill.id.clone(),
                name: skill.name.clone(),
                evidence,
                declared_only,
            })
        })
        .collect()
}

fn by_import(code: &CodeFacts, skill: &Skill) -> Option<Location> {
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
    for (path, module) in modules {
        if let Some(import) = module
            .imports
            .iter()
            .find(|i| skill.imports.contains(&i.module))
        {
            return Some(Location {
                path: path.to_string(),
                line: Some(import.line),
                note: format!("imports {}", import.module),
            });
        }
    }
    None
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
        let found = detect(
            &CodeFacts::default(),
            &packaging,
            &["tests/test_app.py"],
            &[pytest.clone()],
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].evidence.path, "pyproject.toml");
        assert!(!found[0].declared_only);
        // Configured, but with no test module to run: not shown.
        assert!(detect(&CodeFacts::default(), &packaging, &["app.py"], &[pytest]).is_empty());
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
        let found = detect(&code, &packaging, &["deploy/Dockerfile", "app.py"], &skills);
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
}
