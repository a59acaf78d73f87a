//! `pyproject.toml`: PEP 621 `[project]`, Poetry, `[build-system]`, pytest.

use toml::{Table, Value};

use super::requirements::{bounded_spec, parse_requirement};
use super::{Dependency, LineFinder, ManifestFacts, Metadata};

pub(super) fn read(path: &str, text: &str, warnings: &mut Vec<String>) -> ManifestFacts {
    let table: Table = match toml::from_str(text) {
        Ok(table) => table,
        Err(err) => {
            warnings.push(format!(
                "{path}: not valid TOML ({})",
                first_line(&err.to_string())
            ));
            return ManifestFacts::default();
        }
    };
    let project = table.get("project").and_then(Value::as_table);
    let poetry = table
        .get("tool")
        .and_then(|t| t.get("poetry"))
        .and_then(Value::as_table);
    let build_system = table.get("build-system").and_then(Value::as_table);
    let mut facts = ManifestFacts {
        installable: project.is_some()
            || build_system.is_some()
            || poetry.is_some_and(|p| p.contains_key("name")),
        ..ManifestFacts::default()
    };
    if !facts.installable {
        facts.not_installable_reason = Some(format!(
            "{path} has no [project], [build-system] or [tool.poetry] table"
        ));
    }
    if let Some(project) = project {
        read_project(path, text, project, &mut facts);
    }
    if let Some(poetry) = poetry {
        read_poetry(path, text, poetry, &mut facts);
    }
    if let Some(groups) = table.get("dependency-groups").and_then(Value::as_table) {
        let lines = LineFinder::new(text);
        for group in groups.values() {
            facts
                .dependencies
                .extend(pep508_list(path, &lines, group, true));
        }
    }
    let pytest = table
        .get("tool")
        .and_then(|t| t.get("pytest"))
        .and_then(|t| t.get("ini_options"))
        .and_then(Value::as_table);
    if let Some(pytest) = pytest {
        facts.pytest = true;
        facts.pytest_names = super::PytestNames::from_lookup(|key| match pytest.get(key) {
            Some(Value::String(s)) => Some(s.split_whitespace().map(str::to_string).collect()),
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect(),
            ),
            _ => None,
        });
    }
    facts
}

fn read_project(path: &str, text: &str, project: &Table, facts: &mut ManifestFacts) {
    let lines = LineFinder::new(text);
    let dynamic: Vec<&str> = project
        .get("dynamic")
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let has = |key: &str| project.contains_key(key) || dynamic.contains(&key);
    facts.metadata.merge(&Metadata {
        name: has("name"),
        version: has("version"),
        description: has("description"),
        readme: has("readme"),
        license: has("license") || has("license-files"),
        requires_python: has("requires-python"),
        authors: has("authors") || has("maintainers"),
        urls: has("urls"),
    });
    if let Some(deps) = project.get("dependencies") {
        facts
            .dependencies
            .extend(pep508_list(path, &lines, deps, false));
    }
    if let Some(extras) = project
        .get("optional-dependencies")
        .and_then(Value::as_table)
    {
        for (extra, deps) in extras {
            let dev = matches!(
                extra.as_str(),
                "dev" | "test" | "tests" | "lint" | "docs" | "doc" | "testing"
            );
            facts
                .dependencies
                .extend(pep508_list(path, &lines, deps, dev));
        }
    }
    for key in ["scripts", "gui-scripts"] {
        if let Some(scripts) = project.get(key).and_then(Value::as_table) {
            facts.entry_points.extend(scripts.keys().cloned());
        }
    }
    let console = project
        .get("entry-points")
        .and_then(|groups| groups.get("console_scripts"))
        .and_then(Value::as_table);
    if let Some(console) = console {
        facts.entry_points.extend(console.keys().cloned());
    }
}

fn read_poetry(path: &str, text: &str, poetry: &Table, facts: &mut ManifestFacts) {
    let lines = LineFinder::new(text);
    let has = |key: &str| poetry.contains_key(key);
    facts.metadata.merge(&Metadata {
        name: has("name"),
        version: has("version"),
        description: has("description"),
        readme: has("readme"),
        license: has("license"),
        requires_python: poetry
            .get("dependencies")
            .and_then(Value::as_table)
            .is_some_and(|d| d.contains_key("python")),
        authors: has("authors"),
        urls: has("homepage") || has("repository") || has("urls"),
    });
    if let Some(deps) = poetry.get("dependencies").and_then(Value::as_table) {
        facts
            .dependencies
            .extend(poetry_table(path, &lines, deps, false));
    }
    if let Some(deps) = poetry.get("dev-dependencies").and_then(Value::as_table) {
        facts
            .dependencies
            .extend(poetry_table(path, &lines, deps, true));
    }
    if let Some(groups) = poetry.get("group").and_then(Value::as_table) {
        for group in groups.values() {
            if let Some(deps) = group.get("dependencies").and_then(Value::as_table) {
                facts
                    .dependencies
                    .extend(poetry_table(path, &lines, deps, true));
            }
        }
    }
    if let Some(scripts) = poetry.get("scripts").and_then(Value::as_table) {
        facts.entry_points.extend(scripts.keys().cloned());
    }
}

fn pep508_list(path: &str, lines: &LineFinder, value: &Value, dev: bool) -> Vec<Dependency> {
    let Some(items) = value.as_array() else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(Value::as_str)
        .filter_map(|item| {
            let (name, spec) = parse_requirement(item)?;
            Some(Dependency {
                bounded: bounded_spec(&spec),
                name,
                spec,
                dev,
                source: path.to_string(),
                // The quoted item first: a bare name can also sit in the
                // description or the project's own name.
                line: lines
                    .find(&format!("\"{item}\""))
                    .or_else(|| lines.find(&format!("'{item}'")))
                    .or_else(|| lines.find(item)),
            })
        })
        .collect()
}

fn poetry_table(path: &str, lines: &LineFinder, deps: &Table, dev: bool) -> Vec<Dependency> {
    deps.iter()
        .filter(|(name, _)| name.as_str() != "python")
        .map(|(name, value)| {
            let (spec, bounded) = match value {
                Value::String(spec) => (spec.clone(), spec.trim() != "*" && bounded_spec(spec)),
                Value::Table(t) => {
                    let version = t.get("version").and_then(Value::as_str).unwrap_or("");
                    let pinned_source = ["rev", "tag", "path"].iter().any(|k| t.contains_key(*k));
                    (version.to_string(), pinned_source || bounded_spec(version))
                }
                _ => (String::new(), false),
            };
            Dependency {
                name: name.clone(),
                spec,
                bounded,
                dev,
                source: path.to_string(),
                line: lines
                    .find(&format!("{name} "))
                    .or_else(|| lines.find(&format!("{name}="))),
            }
        })
        .collect()
}

fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or("").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pep621_project_with_dynamic_version_and_scripts() {
        let text = r#"
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "tool"
dynamic = ["version"]
description = "A tool"
readme = "README.md"
license = {text = "MIT"}
requires-python = ">=3.10"
authors = [{name = "A"}]
dependencies = ["requests>=2.31", "rich"]

[project.optional-dependencies]
dev = ["pytest==8.0"]

[project.scripts]
tool = "tool.cli:main"

[tool.pytest.ini_options]
python_files = ["check_*.py"]
"#;
        let facts = read("pyproject.toml", text, &mut Vec::new());
        assert!(facts.installable);
        assert!(facts.metadata.version && facts.metadata.license && !facts.metadata.urls);
        let deps: Vec<(&str, bool, bool)> = facts
            .dependencies
            .iter()
            .map(|d| (d.name.as_str(), d.bounded, d.dev))
            .collect();
        assert_eq!(
            deps,
            vec![
                ("requests", true, false),
                ("rich", false, false),
                ("pytest", true, true)
            ]
        );
        assert_eq!(facts.dependencies[0].line, Some(14));
        assert_eq!(facts.entry_points, vec!["tool"]);
        assert_eq!(facts.pytest_names.python_files, vec!["check_*.py"]);
    }

    #[test]
    fn poetry_dependencies() {
        let text = "[tool.poetry]\nname = \"x\"\n[tool.poetry.dependencies]\npython = \"^3.11\"\nflask = \"^3.0\"\npandas = \"*\"\n";
        let facts = read("pyproject.toml", text, &mut Vec::new());
        assert!(facts.installable && facts.metadata.requires_python);
        let deps: Vec<(&str, bool)> = facts
            .dependencies
            .iter()
            .map(|d| (d.name.as_str(), d.bounded))
            .collect();
        assert_eq!(deps, vec![("flask", true), ("pandas", false)]);
    }

    #[test]
    fn malformed_toml_is_a_warning() {
        let mut warnings = Vec::new();
        let facts = read("pyproject.toml", "[project\nname=", &mut warnings);
        assert!(!facts.installable);
        assert_eq!(warnings.len(), 1);
        assert!(!warnings[0].contains('\n'));
    }

    #[test]
    fn tool_config_only_pyproject_is_not_a_package() {
        let facts = read(
            "pyproject.toml",
            "[tool.black]\nline-length = 100\n",
            &mut Vec::new(),
        );
        assert!(!facts.installable);
    }
}
