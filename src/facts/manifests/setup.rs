//! `setup.py` (read as text, never run) and `setup.cfg` (INI).

use std::sync::LazyLock;

use regex::Regex;

use super::requirements::{bounded_spec, parse_requirement};
use super::{Dependency, LineFinder, ManifestFacts, Metadata};

static SETUP_CALL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)\bsetup\s*\(").expect("setup call pattern"));
static SETUP_IMPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^\s*(?:from|import)\s+(?:setuptools|distutils)\b").expect("setup import")
});
static INSTALL_REQUIRES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)install_requires\s*=\s*\[(.*?)\]").expect("install_requires")
});
static QUOTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"["']([^"'\n]+)["']"#).expect("quoted"));
static CONSOLE_SCRIPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"["']\s*([\w.-]+)\s*=\s*[\w.]+:[\w.]+\s*["']"#).expect("console script")
});

/// `todo=clitodo:cli` on its own line: `entry_points` written as an INI
/// string (`"""[console_scripts]\ntodo=clitodo:cli"""`).
static INI_CONSOLE_SCRIPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^\s*([\w.-]+)\s*=\s*[\w.]+:[\w.]+\s*$").expect("ini console script")
});

static KEYWORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b([a-z_]+)\s*=").expect("keyword pattern"));

/// Keyword arguments given anywhere in setup.py (`name=`, `version =`…).
fn keywords(text: &str) -> std::collections::BTreeSet<&str> {
    KEYWORD
        .captures_iter(text)
        .filter_map(|c| c.get(1).map(|m| m.as_str()))
        .collect()
}

pub(super) fn read_setup_py(path: &str, text: &str) -> ManifestFacts {
    let lines = LineFinder::new(text);
    let installable = SETUP_CALL.is_match(text) && SETUP_IMPORT.is_match(text);
    let mut facts = ManifestFacts {
        installable,
        ..ManifestFacts::default()
    };
    if !installable {
        facts.not_installable_reason = Some(format!(
            "{path} does not call setuptools' setup() (a sys.path hack is not packaging)"
        ));
        return facts;
    }
    let given = keywords(text);
    let keyword = |_: &str, name: &str| given.contains(name);
    facts.metadata = Metadata {
        name: keyword(text, "name"),
        version: keyword(text, "version") || text.contains("use_scm_version"),
        description: keyword(text, "description"),
        readme: keyword(text, "long_description"),
        license: keyword(text, "license"),
        requires_python: keyword(text, "python_requires"),
        authors: keyword(text, "author") || keyword(text, "maintainer"),
        urls: keyword(text, "url") || keyword(text, "project_urls"),
    };
    if let Some(list) = INSTALL_REQUIRES.captures(text) {
        let list = list.get(1).expect("group 1");
        for quoted in QUOTED.captures_iter(list.as_str()) {
            if let Some((name, spec)) = parse_requirement(&quoted[1]) {
                facts.dependencies.push(Dependency {
                    bounded: bounded_spec(&spec),
                    name,
                    spec,
                    dev: false,
                    source: path.to_string(),
                    line: lines.find(&quoted[0]),
                });
            }
        }
    }
    if text.contains("console_scripts") || text.contains("gui_scripts") {
        facts.entry_points = CONSOLE_SCRIPT
            .captures_iter(text)
            .map(|c| c[1].to_string())
            .collect();
        if facts.entry_points.is_empty() && text.contains("[console_scripts]") {
            facts.entry_points = INI_CONSOLE_SCRIPT
                .captures_iter(text)
                .map(|c| c[1].to_string())
                .collect();
        }
    }
    facts
}

pub(super) fn read_setup_cfg(path: &str, text: &str, warnings: &mut Vec<String>) -> ManifestFacts {
    let lines = LineFinder::new(text);
    let mut ini = configparser::ini::Ini::new_cs();
    ini.set_multiline(true);
    if let Err(err) = ini.read(text.to_string()) {
        warnings.push(format!(
            "{path}: not a valid INI file ({})",
            err.lines().next().unwrap_or("")
        ));
        return ManifestFacts::default();
    }
    let has =
        |section: &str, key: &str| ini.get(section, key).is_some_and(|v| !v.trim().is_empty());
    let mut facts = ManifestFacts {
        installable: has("metadata", "name"),
        ..ManifestFacts::default()
    };
    if !facts.installable {
        facts.not_installable_reason = Some(format!("{path} has no [metadata] name"));
    }
    facts.metadata = Metadata {
        name: has("metadata", "name"),
        version: has("metadata", "version"),
        description: has("metadata", "description"),
        readme: has("metadata", "long_description"),
        license: has("metadata", "license") || has("metadata", "license_files"),
        requires_python: has("options", "python_requires"),
        authors: has("metadata", "author") || has("metadata", "maintainer"),
        urls: has("metadata", "url") || has("metadata", "project_urls"),
    };
    for line in ini
        .get("options", "install_requires")
        .unwrap_or_default()
        .lines()
    {
        if let Some((name, spec)) = parse_requirement(line) {
            facts.dependencies.push(Dependency {
                bounded: bounded_spec(&spec),
                line: lines.find(line.trim()),
                name,
                spec,
                dev: false,
                source: path.to_string(),
            });
        }
    }
    for line in ini
        .get("options.entry_points", "console_scripts")
        .unwrap_or_default()
        .lines()
    {
        if let Some((name, _)) = line.split_once('=') {
            facts.entry_points.push(name.trim().to_string());
        }
    }
    if ini.sections().iter().any(|s| s == "tool:pytest") {
        facts.pytest = true;
        facts.pytest_names = super::PytestNames::from_lookup(|key| {
            ini.get("tool:pytest", key)
                .map(|v| v.split_whitespace().map(str::to_string).collect())
        });
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setup_py_fields_and_requirements() {
        let text = "from setuptools import setup, find_packages\n\nsetup(\n    name='tool',\n    version='1.0',\n    install_requires=[\n        'click>=8',\n        \"numpy\",\n    ],\n    entry_points={'console_scripts': ['tool = tool.cli:main']},\n)\n";
        let facts = read_setup_py("setup.py", text);
        assert!(facts.installable);
        assert!(facts.metadata.name && facts.metadata.version && !facts.metadata.license);
        let deps: Vec<(&str, bool, Option<usize>)> = facts
            .dependencies
            .iter()
            .map(|d| (d.name.as_str(), d.bounded, d.line))
            .collect();
        assert_eq!(
            deps,
            vec![("click", true, Some(7)), ("numpy", false, Some(8))]
        );
        assert_eq!(facts.entry_points, vec!["tool"]);
    }

    #[test]
    fn setup_cfg_multiline_values() {
        let text = "[metadata]\nname = tool\nversion = 0.1\n\n[options]\ninstall_requires =\n    requests>=2\n    rich\n\n[options.entry_points]\nconsole_scripts =\n    tool = tool.cli:main\n\n[tool:pytest]\npython_files = check_*.py\n";
        let facts = read_setup_cfg("setup.cfg", text, &mut Vec::new());
        assert!(facts.installable && facts.pytest);
        let deps: Vec<(&str, bool)> = facts
            .dependencies
            .iter()
            .map(|d| (d.name.as_str(), d.bounded))
            .collect();
        assert_eq!(deps, vec![("requests", true), ("rich", false)]);
        assert_eq!(facts.entry_points, vec!["tool"]);
        assert_eq!(facts.pytest_names.python_files, vec!["check_*.py"]);
    }

    #[test]
    fn entry_points_as_an_ini_string() {
        let text = "from setuptools import setup\n\nsetup(\n    name='clitodo',\n    py_modules=['clitodo'],\n    entry_points=\"\"\"\n        [console_scripts]\n        todo=clitodo:cli\n    \"\"\",\n)\n";
        assert_eq!(read_setup_py("setup.py", text).entry_points, vec!["todo"]);
    }
}
