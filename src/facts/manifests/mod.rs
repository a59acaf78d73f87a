//! Packaging facts: where the Python project lives, whether it installs,
//! its metadata, declared dependencies and entry points. Manifests are read
//! as data (TOML, INI, YAML, text); `setup.py` is read as text, never run.

mod pyproject;
mod requirements;
mod setup;

use std::collections::{BTreeMap, HashMap};

pub use requirements::parse_requirement;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    pub name: String,
    /// Version constraint as written (`>=2.0`, `^1.2`, `*`, or empty).
    pub spec: String,
    /// Pinned or bounded: a version constraint, a commit, a direct URL.
    pub bounded: bool,
    pub dev: bool,
    pub source: String,
    pub line: Option<usize>,
}

/// Which metadata a package manifest fills in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    pub name: bool,
    pub version: bool,
    pub description: bool,
    pub readme: bool,
    pub license: bool,
    pub requires_python: bool,
    pub authors: bool,
    pub urls: bool,
}

impl Metadata {
    /// (field, present) in a stable order, for reports.
    pub fn fields(&self) -> [(&'static str, bool); 8] {
        [
            ("name", self.name),
            ("version", self.version),
            ("description", self.description),
            ("readme", self.readme),
            ("license", self.license),
            ("requires-python", self.requires_python),
            ("authors", self.authors),
            ("urls", self.urls),
        ]
    }

    fn merge(&mut self, other: &Metadata) {
        self.name |= other.name;
        self.version |= other.version;
        self.description |= other.description;
        self.readme |= other.readme;
        self.license |= other.license;
        self.requires_python |= other.requires_python;
        self.authors |= other.authors;
        self.urls |= other.urls;
    }
}

#[derive(Debug, Clone, Default)]
pub struct Packaging {
    /// The folder holding the Python project ("" for the repository root).
    pub root: String,
    /// The package manifest that makes the project installable, if any.
    pub manifest: Option<String>,
    pub installable: bool,
    /// A manifest that is present but does not make the project installable, and why.
    pub not_installable: Option<crate::facts::Location>,
    pub metadata: Metadata,
    pub dependencies: Vec<Dependency>,
    /// Files that declare dependencies, sorted.
    pub dependency_files: Vec<String>,
    pub requirements: Vec<String>,
    pub entry_points: Vec<String>,
    /// Where pytest is configured (pyproject, setup.cfg, pytest.ini, tox.ini).
    pub pytest_config: Option<String>,
    /// pytest's collection patterns, when configured.
    pub pytest_names: PytestNames,
}

/// What one manifest file says.
#[derive(Debug, Default)]
struct ManifestFacts {
    installable: bool,
    not_installable_reason: Option<String>,
    metadata: Metadata,
    dependencies: Vec<Dependency>,
    entry_points: Vec<String>,
    pytest: bool,
    pytest_names: PytestNames,
}

/// pytest's `python_files`, `python_classes` and `python_functions` settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PytestNames {
    pub python_files: Vec<String>,
    pub python_classes: Vec<String>,
    pub python_functions: Vec<String>,
}

impl PytestNames {
    /// Reads the three settings through `get`, splitting on whitespace.
    fn from_lookup(get: impl Fn(&str) -> Option<Vec<String>>) -> Self {
        PytestNames {
            python_files: get("python_files").unwrap_or_default(),
            python_classes: get("python_classes").unwrap_or_default(),
            python_functions: get("python_functions").unwrap_or_default(),
        }
    }
}

const PACKAGE_MANIFESTS: [&str; 3] = ["pyproject.toml", "setup.py", "setup.cfg"];

/// `requirements.txt`, `requirements-dev.txt`, `dev-requirements.in`,
/// `requirements/base.txt`.
pub fn is_requirements_path(path: &str) -> bool {
    let mut parts = path.rsplit('/');
    let name = parts.next().unwrap_or(path).to_ascii_lowercase();
    let parent = parts.next().unwrap_or("").to_ascii_lowercase();
    let text_like = name.ends_with(".txt") || name.ends_with(".in");
    text_like && (name.contains("requirements") || parent == "requirements")
}

/// Builds packaging facts from the kept texts (path → text), skipping paths
/// inside committed junk such as a virtualenv.
pub fn gather(kept: &BTreeMap<String, String>, warnings: &mut Vec<String>) -> Packaging {
    let root = project_root(kept);
    let mut packaging = Packaging {
        root: root.clone(),
        ..Packaging::default()
    };
    for name in PACKAGE_MANIFESTS {
        let path = join(&root, name);
        let Some(text) = kept.get(&path) else {
            continue;
        };
        let facts = match name {
            "pyproject.toml" => pyproject::read(&path, text, warnings),
            "setup.py" => setup::read_setup_py(&path, text),
            _ => setup::read_setup_cfg(&path, text, warnings),
        };
        absorb(&mut packaging, &path, facts);
    }
    for (path, text) in kept {
        let name = path.rsplit('/').next().unwrap_or(path);
        let facts = if is_requirements_path(path) && in_project(path, &root) {
            packaging.requirements.push(path.clone());
            requirements::read_requirements(path, text)
        } else if name == "Pipfile" && in_project(path, &root) {
            requirements::read_pipfile(path, text, warnings)
        } else if (name == "environment.yml" || name == "environment.yaml")
            && in_project(path, &root)
        {
            requirements::read_environment(path, text, warnings)
        } else if name == "pytest.ini" || (name == "tox.ini" && text.contains("[pytest]")) {
            ManifestFacts {
                pytest: true,
                pytest_names: requirements::ini_pytest_names(text),
                ..ManifestFacts::default()
            }
        } else {
            continue;
        };
        absorb(&mut packaging, path, facts);
    }
    packaging.dependency_files.sort();
    packaging.dependency_files.dedup();
    packaging.entry_points.sort();
    packaging.entry_points.dedup();
    packaging
}

fn absorb(packaging: &mut Packaging, path: &str, facts: ManifestFacts) {
    if facts.installable && !packaging.installable {
        packaging.installable = true;
        packaging.manifest = Some(path.to_string());
        packaging.not_installable = None;
    } else if !packaging.installable && packaging.not_installable.is_none() {
        packaging.not_installable =
            facts
                .not_installable_reason
                .map(|note| crate::facts::Location {
                    path: path.to_string(),
                    line: None,
                    note,
                });
    }
    packaging.metadata.merge(&facts.metadata);
    if !facts.dependencies.is_empty() {
        packaging.dependency_files.push(path.to_string());
    }
    packaging.dependencies.extend(facts.dependencies);
    packaging.entry_points.extend(facts.entry_points);
    if facts.pytest && packaging.pytest_config.is_none() {
        packaging.pytest_config = Some(path.to_string());
        packaging.pytest_names = facts.pytest_names;
    }
}

/// The shallowest folder with a package manifest (a monorepo keeps it in
/// `backend/`), else the shallowest with a requirements file, else the root.
fn project_root(kept: &BTreeMap<String, String>) -> String {
    let shallowest = |accept: &dyn Fn(&str) -> bool| {
        kept.keys()
            .filter(|path| accept(path))
            .map(|path| parent(path))
            .filter(|dir| !is_auxiliary_dir(dir))
            .min_by_key(|dir| {
                (
                    dir.matches('/').count() + usize::from(!dir.is_empty()),
                    dir.to_string(),
                )
            })
    };
    let is_manifest = |path: &str| {
        PACKAGE_MANIFESTS
            .iter()
            .any(|m| path.rsplit('/').next() == Some(m))
    };
    // A root pyproject.toml that only configures tools or a uv workspace
    // is not the project: a member's manifest that defines one is.
    shallowest(&|path| {
        is_manifest(path) && kept.get(path).is_some_and(|t| defines_project(path, t))
    })
    .or_else(|| shallowest(&is_manifest))
    .or_else(|| shallowest(&is_requirements_path))
    .map(|dir| dir.to_string())
    .unwrap_or_default()
}

/// Whether a manifest describes a package (name, version, dependencies)
/// rather than only configuring tools.
fn defines_project(path: &str, text: &str) -> bool {
    let table = |name: &str| text.lines().any(|line| line.trim() == name);
    match path.rsplit('/').next().unwrap_or(path) {
        "pyproject.toml" => table("[project]") || table("[tool.poetry]"),
        "setup.cfg" => table("[metadata]"),
        _ => true,
    }
}

/// Folders whose manifests belong to something else than the project.
fn is_auxiliary_dir(dir: &str) -> bool {
    dir.split('/').any(|part| {
        matches!(
            part,
            "tests"
                | "test"
                | "docs"
                | "doc"
                | "examples"
                | "example"
                | "venv"
                | ".venv"
                | "env"
                | "site-packages"
                | "node_modules"
                | "vendor"
                | "third_party"
        )
    })
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map(|(dir, _)| dir).unwrap_or("")
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// Requirement files count at the project root and the repository root, and
/// in a `requirements/` folder of either.
fn in_project(path: &str, root: &str) -> bool {
    let dir = parent(path);
    let dir = dir
        .strip_suffix("/requirements")
        .or_else(|| (dir == "requirements").then_some(""))
        .unwrap_or(dir);
    dir.is_empty() || dir == root
}

/// Finds the line of a dependency in a manifest. Lines are indexed once by
/// the name-like words they hold, so finding each of 100,000 dependencies
/// looks only at the few lines that hold its name (re-scanning the file for
/// each was quadratic).
pub(super) struct LineFinder<'a> {
    lines: Vec<&'a str>,
    by_word: HashMap<&'a str, Vec<usize>>,
}

/// Lines looked at per lookup: a name on more lines than this is not worth
/// pointing at (and a hostile file cannot make lookups quadratic).
const MAX_CANDIDATES: usize = 64;

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"._-".contains(&b)
}

fn words(line: &str) -> impl Iterator<Item = &str> {
    line.split(|c: char| !c.is_ascii() || !is_name_byte(c as u8))
        .filter(|w| !w.is_empty())
}

impl<'a> LineFinder<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        let lines: Vec<&str> = text.split('\n').collect();
        let mut by_word: HashMap<&str, Vec<usize>> = HashMap::new();
        for (index, line) in lines.iter().enumerate() {
            for word in words(line) {
                let found = by_word.entry(word).or_default();
                if found.last() != Some(&index) && found.len() < MAX_CANDIDATES {
                    found.push(index);
                }
            }
        }
        LineFinder { lines, by_word }
    }

    /// 1-based line of the first line holding `needle` whose first word
    /// appears there as a whole word.
    pub(super) fn find(&self, needle: &str) -> Option<usize> {
        let word = words(needle).next()?;
        self.by_word
            .get(word)?
            .iter()
            .find(|&&index| self.lines[index].contains(needle))
            .map(|index| index + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(files: &[(&str, &str)]) -> BTreeMap<String, String> {
        files
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn monorepo_subfolder_is_the_project_root() {
        let files = kept(&[
            (
                "backend/pyproject.toml",
                "[project]\nname = \"api\"\nversion = \"1\"\ndependencies = [\"fastapi>=0.110\"]\n[build-system]\nrequires = [\"hatchling\"]\n",
            ),
            (
                "docs/setup.py",
                "from setuptools import setup\nsetup(name='docs')\n",
            ),
            ("frontend/package.json", "{}"),
        ]);
        let packaging = gather(&files, &mut Vec::new());
        assert_eq!(packaging.root, "backend");
        assert!(packaging.installable);
        assert_eq!(
            packaging.manifest.as_deref(),
            Some("backend/pyproject.toml")
        );
        assert_eq!(packaging.dependencies[0].name, "fastapi");
    }

    #[test]
    fn a_workspace_root_defers_to_the_member_that_defines_the_project() {
        let files = kept(&[
            (
                "pyproject.toml",
                "[tool.uv.workspace]\nmembers = [\"app\"]\n\n[tool.ruff]\nline-length = 100\n",
            ),
            (
                "app/pyproject.toml",
                "[project]\nname = \"app\"\nversion = \"1\"\ndependencies = [\"httpx>=0.27\"]\n[build-system]\nrequires = [\"hatchling\"]\n",
            ),
        ]);
        let packaging = gather(&files, &mut Vec::new());
        assert_eq!(packaging.root, "app");
        assert_eq!(packaging.manifest.as_deref(), Some("app/pyproject.toml"));
        assert_eq!(packaging.dependencies[0].name, "httpx");
        // A root that defines the project stays the root.
        let files = kept(&[
            (
                "pyproject.toml",
                "[project]\nname = \"root\"\nversion = \"1\"\n",
            ),
            (
                "app/pyproject.toml",
                "[project]\nname = \"app\"\nversion = \"1\"\n",
            ),
        ]);
        assert_eq!(gather(&files, &mut Vec::new()).root, "");
    }

    #[test]
    fn dependency_lines_point_at_the_list_item_not_the_description() {
        let files = kept(&[(
            "pyproject.toml",
            "[project]\nname = \"requests-tool\"\nversion = \"1\"\ndescription = \"uses requests and rich\"\ndependencies = [\n    \"rich\",\n    \"requests\",\n]\n",
        )]);
        let packaging = gather(&files, &mut Vec::new());
        let lines: Vec<(&str, Option<usize>)> = packaging
            .dependencies
            .iter()
            .map(|d| (d.name.as_str(), d.line))
            .collect();
        assert_eq!(lines, vec![("rich", Some(6)), ("requests", Some(7))]);
    }

    #[test]
    fn sys_path_setup_py_is_not_packaging() {
        let files = kept(&[("setup.py", "import sys\nsys.path.insert(0, 'src')\n")]);
        let packaging = gather(&files, &mut Vec::new());
        assert!(!packaging.installable);
        assert!(packaging.not_installable.is_some());
    }

    #[test]
    fn requirements_paths() {
        assert!(is_requirements_path("requirements.txt"));
        assert!(is_requirements_path("requirements-dev.txt"));
        assert!(is_requirements_path("requirements/base.in"));
        assert!(!is_requirements_path("docs/requirements.md"));
    }
}
