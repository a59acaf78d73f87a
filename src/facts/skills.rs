//! The skills a project shows, from what its own code imports, what its
//! manifests declare and which files it tracks. The mapping is data
//! (`rules/skills.toml`).

use globset::{Glob, GlobSetBuilder};
use serde::{Deserialize, Serialize};

use super::Location;
use super::code::CodeFacts;
use super::manifests::Packaging;

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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkillFound {
    pub id: String,
    pub name: String,
    pub evidence: Location,
}

/// Skills found, in the order of the skill list.
pub fn detect(
    code: &CodeFacts,
    packaging: &Packaging,
    paths: &[&str],
    skills: &[Skill],
) -> Vec<SkillFound> {
    skills
        .iter()
        .filter_map(|skill| {
            let evidence = by_import(code, skill)
                .or_else(|| by_package(packaging, skill))
                .or_else(|| by_file(paths, skill))?;
            Some(SkillFound {
                id: skill.id.clone(),
                name: skill.name.clone(),
                evidence,
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

fn by_package(packaging: &Packaging, skill: &Skill) -> Option<Location> {
    let normal = |name: &str| name.to_ascii_lowercase().replace('_', "-");
    packaging
        .dependencies
        .iter()
        .find(|d| skill.packages.iter().any(|p| normal(p) == normal(&d.name)))
        .map(|d| Location {
            path: d.source.clone(),
            line: d.line,
            note: format!("depends on {}", d.name),
        })
}

fn by_file(paths: &[&str], skill: &Skill) -> Option<Location> {
    if skill.files.is_empty() {
        return None;
    }
    let mut builder = GlobSetBuilder::new();
    for pattern in &skill.files {
        builder.add(Glob::new(pattern).ok()?);
    }
    let set = builder.build().ok()?;
    paths.iter().find(|p| set.is_match(p)).map(|p| Location {
        path: p.to_string(),
        line: None,
        note: "tracked file".into(),
    })
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
        }
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
