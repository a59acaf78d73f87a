//! Requirement lists: `requirements*.txt`, `Pipfile`, conda's `environment.yml`,
//! and PEP 508 requirement strings.

use std::sync::LazyLock;

use regex::Regex;
use toml::Value;
use yaml_rust2::{Yaml, YamlLoader};

use super::{Dependency, ManifestFacts};

static REQUIREMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*([^;#]*)")
        .expect("requirement pattern")
});
static BOUND: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[=<>@^~]").expect("bound pattern"));

/// A PEP 508 string's project name and version constraint (`requests>=2`).
pub fn parse_requirement(text: &str) -> Option<(String, String)> {
    let caps = REQUIREMENT.captures(text)?;
    Some((caps[1].to_string(), caps[2].trim().to_string()))
}

/// Whether a constraint pins or bounds the version (`!=` alone does not).
pub(super) fn bounded_spec(spec: &str) -> bool {
    let without_exclusions = spec.replace("!=", "");
    BOUND.is_match(&without_exclusions)
}

fn is_dev_file(path: &str) -> bool {
    let name = path.to_ascii_lowercase();
    [
        "dev", "test", "lint", "doc", "ci", "travis", "bench", "optional", "extra",
    ]
    .iter()
    .any(|word| name.contains(word))
}

pub(super) fn read_requirements(path: &str, text: &str) -> ManifestFacts {
    let dev = is_dev_file(path);
    let mut dependencies = Vec::new();
    let mut logical = String::new();
    let mut first_line = 0;
    for (index, raw) in text.lines().enumerate() {
        if logical.is_empty() {
            first_line = index + 1;
        }
        let line = raw.split(" #").next().unwrap_or(raw);
        if let Some(continued) = line.trim_end().strip_suffix('\\') {
            logical.push_str(continued);
            continue;
        }
        logical.push_str(line);
        let entry = std::mem::take(&mut logical);
        let entry = entry.trim();
        if entry.is_empty() || entry.starts_with('#') || entry.starts_with('-') {
            continue;
        }
        if entry.contains("://") {
            let name = entry.split("#egg=").nth(1).unwrap_or(entry).to_string();
            dependencies.push(Dependency {
                bounded: entry.contains('@'),
                name,
                spec: String::new(),
                dev,
                source: path.to_string(),
                line: Some(first_line),
            });
            continue;
        }
        if let Some((name, spec)) = parse_requirement(entry) {
            let spec = spec.split(" --").next().unwrap_or("").trim().to_string();
            dependencies.push(Dependency {
                bounded: bounded_spec(&spec),
                name,
                spec,
                dev,
                source: path.to_string(),
                line: Some(first_line),
            });
        }
    }
    ManifestFacts {
        dependencies,
        ..ManifestFacts::default()
    }
}

pub(super) fn read_pipfile(path: &str, text: &str, warnings: &mut Vec<String>) -> ManifestFacts {
    let lines = super::LineFinder::new(text);
    let table: toml::Table = match toml::from_str(text) {
        Ok(table) => table,
        Err(_) => {
            warnings.push(format!("{path}: not valid TOML; dependencies not read"));
            return ManifestFacts::default();
        }
    };
    let mut dependencies = Vec::new();
    for (section, dev) in [("packages", false), ("dev-packages", true)] {
        let Some(packages) = table.get(section).and_then(Value::as_table) else {
            continue;
        };
        for (name, value) in packages {
            let spec = match value {
                Value::String(spec) => spec.clone(),
                Value::Table(t) => t
                    .get("version")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                _ => String::new(),
            };
            dependencies.push(Dependency {
                bounded: spec.trim() != "*" && bounded_spec(&spec),
                name: name.clone(),
                spec,
                dev,
                source: path.to_string(),
                line: lines.find(&format!("{name} ")),
            });
        }
    }
    ManifestFacts {
        dependencies,
        ..ManifestFacts::default()
    }
}

/// Nodes a YAML document may hold once its aliases are expanded, and how
/// deeply it may nest. The loader copies an anchored node at each alias, so
/// nested anchors grow exponentially: 498 bytes reached 6 GB.
const MAX_YAML_NODES: u64 = 200_000;
const MAX_YAML_DEPTH: usize = 256;

/// Walks the parser's events (no tree is built) and sums each node's size
/// with aliases expanded, refusing a document over the budget.
fn yaml_within_budget(text: &str) -> Result<(), String> {
    use yaml_rust2::parser::{Event, Parser};
    let mut parser = Parser::new_from_str(text);
    // Sizes of the open collections (with their anchor ids), innermost last.
    let mut open: Vec<(usize, u64)> = Vec::new();
    let mut anchored: std::collections::HashMap<usize, u64> = std::collections::HashMap::new();
    let mut total: u64 = 0;
    loop {
        let (event, _) = parser
            .next_token()
            .map_err(|e| format!("not valid YAML ({e})"))?;
        let finished = match event {
            Event::StreamEnd => return Ok(()),
            Event::Scalar(_, _, anchor, _) => Some((anchor, 1)),
            Event::Alias(anchor) => Some((0, anchored.get(&anchor).copied().unwrap_or(1))),
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                open.push((anchor, 1));
                if open.len() > MAX_YAML_DEPTH {
                    return Err(format!("YAML nested deeper than {MAX_YAML_DEPTH} levels"));
                }
                None
            }
            Event::SequenceEnd | Event::MappingEnd => open.pop(),
            _ => None,
        };
        if let Some((anchor, size)) = finished {
            if anchor != 0 {
                anchored.insert(anchor, size);
            }
            match open.last_mut() {
                Some((_, parent)) => *parent = parent.saturating_add(size),
                None => total = total.saturating_add(size),
            }
            if total.saturating_add(open.iter().map(|(_, s)| *s).sum::<u64>()) > MAX_YAML_NODES {
                return Err(format!(
                    "YAML aliases expand to over {MAX_YAML_NODES} nodes (an alias bomb?)"
                ));
            }
        }
    }
}

pub(super) fn read_environment(
    path: &str,
    text: &str,
    warnings: &mut Vec<String>,
) -> ManifestFacts {
    if let Err(problem) = yaml_within_budget(text) {
        warnings.push(format!("{path}: {problem}; not read"));
        return ManifestFacts::default();
    }
    let docs = match YamlLoader::load_from_str(text) {
        Ok(docs) => docs,
        Err(err) => {
            warnings.push(format!("{path}: not valid YAML ({err})"));
            return ManifestFacts::default();
        }
    };
    let lines = super::LineFinder::new(text);
    let mut dependencies = Vec::new();
    let Some(items) = docs.first().and_then(|doc| doc["dependencies"].as_vec()) else {
        return ManifestFacts::default();
    };
    let mut push = |spec: &str| {
        let Some((name, version)) = parse_requirement(spec) else {
            return;
        };
        if name == "python" || name == "pip" {
            return;
        }
        dependencies.push(Dependency {
            bounded: bounded_spec(&version),
            name,
            spec: version,
            dev: false,
            source: path.to_string(),
            line: lines.find(spec),
        });
    };
    for item in items {
        match item {
            Yaml::String(spec) => push(spec),
            Yaml::Hash(_) => {
                for spec in item["pip"]
                    .as_vec()
                    .into_iter()
                    .flatten()
                    .filter_map(Yaml::as_str)
                {
                    push(spec);
                }
            }
            _ => {}
        }
    }
    ManifestFacts {
        dependencies,
        ..ManifestFacts::default()
    }
}

/// Collection patterns from a `[pytest]` section of pytest.ini or tox.ini.
pub(super) fn ini_pytest_names(text: &str) -> super::PytestNames {
    let mut ini = configparser::ini::Ini::new_cs();
    ini.set_multiline(true);
    if ini.read(text.to_string()).is_err() {
        return super::PytestNames::default();
    }
    super::PytestNames::from_lookup(|key| {
        ini.get("pytest", key)
            .map(|v| v.split_whitespace().map(str::to_string).collect())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirement_lines() {
        let text = "# base\nflask==3.0.0\nrequests >= 2.31 ; python_version > '3.8'\npandas\nnumpy!=1.0\n-r other.txt\n-e .\ngit+https://github.com/x/y@v1.0#egg=y\nscipy>=1.0 \\\n    --hash=sha256:abc\n";
        let deps = read_requirements("requirements.txt", text).dependencies;
        let summary: Vec<(&str, bool, Option<usize>)> = deps
            .iter()
            .map(|d| (d.name.as_str(), d.bounded, d.line))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("flask", true, Some(2)),
                ("requests", true, Some(3)),
                ("pandas", false, Some(4)),
                ("numpy", false, Some(5)),
                ("y", true, Some(8)),
                ("scipy", true, Some(9)),
            ]
        );
        assert!(!deps[0].dev);
        assert!(read_requirements("requirements-dev.txt", "pytest\n").dependencies[0].dev);
    }

    #[test]
    fn conda_environment() {
        let text = "name: x\ndependencies:\n  - python=3.11\n  - numpy=1.26\n  - pandas\n  - pip:\n    - streamlit>=1.30\n";
        let deps = read_environment("environment.yml", text, &mut Vec::new()).dependencies;
        let summary: Vec<(&str, bool)> =
            deps.iter().map(|d| (d.name.as_str(), d.bounded)).collect();
        assert_eq!(
            summary,
            vec![("numpy", true), ("pandas", false), ("streamlit", true)]
        );
    }

    #[test]
    fn pipfile_star_is_unbounded() {
        let text =
            "[packages]\nflask = \"*\"\nrequests = \"==2.31\"\n[dev-packages]\npytest = \"*\"\n";
        let deps = read_pipfile("Pipfile", text, &mut Vec::new()).dependencies;
        let summary: Vec<(&str, bool, bool)> = deps
            .iter()
            .map(|d| (d.name.as_str(), d.bounded, d.dev))
            .collect();
        assert_eq!(
            summary,
            vec![
                ("flask", false, false),
                ("requests", true, false),
                ("pytest", false, true)
            ]
        );
    }
}
