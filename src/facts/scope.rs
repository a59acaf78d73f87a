//! How much the project does: the author's own code, how it is split, how
//! it is entered, and what it talks to. A reviewer's "small exercise" or
//! "a real project" at a glance, with thresholds kept as data
//! (`[scope]` in `rules/categories.toml`).

use serde::{Deserialize, Serialize};

use super::code::{CodeFacts, CodeScope, PythonFile};
use super::manifests::Packaging;
use super::skills::SkillFound;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ScopeSize {
    #[default]
    Small,
    Moderate,
    Substantial,
}

impl ScopeSize {
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeSize::Small => "small",
            ScopeSize::Moderate => "moderate",
            ScopeSize::Substantial => "substantial",
        }
    }
}

/// Where the sizes begin (see `[scope]` in `rules/categories.toml`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeThresholds {
    /// Own code lines from which a project over enough modules is moderate.
    pub moderate_lines: usize,
    /// Modules a moderate project spreads over ("several modules").
    pub moderate_modules: usize,
    /// Own code lines from which a project in fewer modules is moderate.
    pub moderate_lines_few_modules: usize,
    /// Own code lines from which a project of enough modules is substantial.
    pub substantial_lines: usize,
    /// Modules a substantial project spreads over.
    pub substantial_modules: usize,
    /// Own code lines from which a project that stores data or talks to a
    /// service, and is entered as a CLI, web app or package, is moderate.
    pub integrated_moderate_lines: usize,
    /// An installable package published under its name, with its own docs,
    /// written by at least this many people, is a widely used library:
    /// substantial whatever its size.
    pub library_authors: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Scope {
    pub size: ScopeSize,
    /// Non-blank, non-comment lines of the author's own Python and notebook
    /// code cells: no tests, vendored or generated code, migrations or
    /// framework boilerplate.
    pub own_code_lines: usize,
    /// Own modules and notebooks holding code.
    pub modules: usize,
    /// Public top-level functions and classes of the own modules.
    pub public_api: usize,
    /// How the project is entered: a command line, web routes, a package API.
    pub entry_points: Vec<String>,
    /// What it stores data in or talks to.
    pub integrations: Vec<String>,
    /// One line saying why the size is what it is.
    pub why: String,
}

/// What decides scope beyond the code itself.
pub struct ScopeContext<'a> {
    pub packaging: &'a Packaging,
    pub skills: &'a [SkillFound],
    pub cli: bool,
    /// The project is a library or a command-line tool, not an app or an
    /// analysis: what it installs is an API others call.
    pub offers_api: bool,
    /// People who wrote commits.
    pub authors: usize,
    /// The README says `pip install <the package's name>`.
    pub published: bool,
    /// A documentation folder or site, or a detailed README.
    pub documented: bool,
}

/// Files a framework writes for the author (`django-admin startproject`,
/// Sphinx's `conf.py`): not what the author built.
fn is_boilerplate(file: &PythonFile) -> bool {
    let name = file.path.rsplit('/').next().unwrap_or(&file.path);
    let in_dir = |dir: &str| file.path.split('/').any(|part| part == dir);
    matches!(name, "manage.py" | "wsgi.py" | "asgi.py" | "setup.py")
        || (name == "conf.py" && in_dir("docs"))
        || in_dir("alembic") && in_dir("versions")
        || (name == "settings.py" && file.module.django_default_settings)
}

/// Skills that mean the project stores data or talks to a service, and how
/// the scope line names them.
const INTEGRATIONS: [(&str, &str); 5] = [
    ("sql", "a database"),
    ("sqlalchemy", "a database"),
    ("networking", "HTTP services"),
    ("scraping", "web scraping"),
    ("browser-automation", "browser automation"),
];

/// Web frameworks' route decorators, by their last name part.
fn is_route(decorator: &str) -> bool {
    let last = decorator.rsplit('.').next().unwrap_or(decorator);
    decorator.contains('.')
        && matches!(
            last,
            "route" | "get" | "post" | "put" | "patch" | "delete" | "websocket" | "api_route"
        )
        || matches!(last, "api_view" | "action")
}

pub fn measure(code: &CodeFacts, context: &ScopeContext, limits: &ScopeThresholds) -> Scope {
    let own: Vec<&PythonFile> = code
        .python
        .iter()
        .filter(|f| f.scope == CodeScope::Source && !is_boilerplate(f))
        .collect();
    let notebook_code = code
        .notebooks
        .iter()
        .filter_map(|n| n.facts.as_ref())
        .filter(|n| n.code.code_lines > 0);
    let own_code_lines = own.iter().map(|f| f.module.code_lines).sum::<usize>()
        + notebook_code
            .clone()
            .map(|n| n.code.code_lines)
            .sum::<usize>();
    let modules =
        own.iter().filter(|f| f.module.code_lines > 0).count() + notebook_code.clone().count();
    let public_api = public_api(&own);
    let library = context.packaging.installable && context.offers_api && public_api > 0;
    let entry_points = entry_points(&own, context.cli, library);
    let integrations = integrations(context.skills);
    let measured = Measured {
        own_code_lines,
        modules,
        library,
        integrated: !integrations.is_empty() && !entry_points.is_empty(),
    };
    let (size, reason) = size(&measured, context, &integrations, limits);
    let mut why = format!(
        "a {} project: {own_code_lines} line{} in {modules} module{}",
        size.as_str(),
        if own_code_lines == 1 { "" } else { "s" },
        if modules == 1 { "" } else { "s" }
    );
    if !reason.is_empty() {
        why.push_str(&format!("; {reason}"));
    }
    Scope {
        size,
        own_code_lines,
        modules,
        public_api,
        entry_points,
        integrations,
        why,
    }
}

/// Public functions and classes at module level.
fn public_api(own: &[&PythonFile]) -> usize {
    own.iter()
        .map(|f| {
            f.module
                .functions
                .iter()
                .filter(|func| func.class.is_none() && !func.name.starts_with('_'))
                .count()
                + f.module
                    .classes
                    .iter()
                    .filter(|c| !c.name.starts_with('_'))
                    .count()
        })
        .sum()
}

/// How the project is entered: a command line, web routes, a package API.
fn entry_points(own: &[&PythonFile], cli: bool, library: bool) -> Vec<String> {
    let routes = own
        .iter()
        .flat_map(|f| &f.module.functions)
        .filter(|func| func.decorators.iter().any(|d| is_route(d)))
        .count();
    let views = own
        .iter()
        .filter(|f| f.path.ends_with("views.py") || f.path.contains("/views/"))
        .map(|f| f.module.functions.len() + f.module.classes.len())
        .sum::<usize>();
    let mut entry_points = Vec::new();
    if cli {
        entry_points.push("a command line".to_string());
    }
    match routes + views {
        0 => {}
        1 => entry_points.push("1 web route".to_string()),
        n => entry_points.push(format!("{n} web routes")),
    }
    if library {
        entry_points.push("a package API".to_string());
    }
    entry_points
}

/// The services the project talks to, from the skills it uses.
fn integrations(skills: &[SkillFound]) -> Vec<String> {
    let used = |id: &str| skills.iter().any(|s| s.id == id && !s.declared_only);
    let mut integrations: Vec<String> = INTEGRATIONS
        .iter()
        .filter(|(id, _)| used(id))
        .map(|(_, name)| name.to_string())
        .collect();
    // Django's ORM is a database whether or not SQL shows anywhere.
    if used("django") {
        integrations.push("a database".to_string());
    }
    integrations.sort();
    integrations.dedup();
    integrations
}

/// What the size is decided from.
struct Measured {
    own_code_lines: usize,
    modules: usize,
    library: bool,
    /// It talks to a service and can be entered.
    integrated: bool,
}

/// The size, and why when lines and modules alone do not say it.
fn size(
    measured: &Measured,
    context: &ScopeContext,
    integrations: &[String],
    limits: &ScopeThresholds,
) -> (ScopeSize, String) {
    let lines = measured.own_code_lines;
    let modules = measured.modules;
    let widely_used = measured.library
        && context.published
        && context.documented
        && context.authors >= limits.library_authors;
    if widely_used {
        (
            ScopeSize::Substantial,
            format!(
                "a published, documented library written by {} people",
                context.authors
            ),
        )
    } else if lines >= limits.substantial_lines && modules >= limits.substantial_modules {
        (ScopeSize::Substantial, String::new())
    } else if lines >= limits.moderate_lines && modules >= limits.moderate_modules
        || lines >= limits.moderate_lines_few_modules
    {
        (ScopeSize::Moderate, String::new())
    } else if measured.library && context.published {
        (ScopeSize::Moderate, "a small published library".to_string())
    } else if measured.integrated && lines >= limits.integrated_moderate_lines {
        (
            ScopeSize::Moderate,
            format!("it uses {}", integrations.join(" and ")),
        )
    } else {
        (ScopeSize::Small, String::new())
    }
}

/// `pip install name` (not `-r`, `-e`, `.` or a URL) or a PyPI link: the
/// README sends readers to a published package.
pub fn published(readme_text: &str) -> bool {
    static PIP_INSTALL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?m)\bpip3? install +(?:-U +|--upgrade +)?([A-Za-z0-9][A-Za-z0-9._\-]*)(\S*)",
        )
        .expect("pip install pattern")
    });
    readme_text.contains("pypi.org/project/")
        || PIP_INSTALL.captures_iter(readme_text).any(|c| {
            let rest = c.get(2).map_or("", |m| m.as_str());
            // A path, a URL (`git+https://…`) or a requirements file is not
            // a published name.
            !rest.starts_with(['/', ':', '+']) && !c[1].ends_with(".txt")
        })
}

/// A documentation site or folder beside the README.
pub fn documented(paths: &[&str], readme_text: &str) -> bool {
    let docs_files = paths
        .iter()
        .filter(|p| p.starts_with("docs/") || p.starts_with("doc/"))
        .count();
    docs_files >= 2
        || paths
            .iter()
            .any(|p| matches!(*p, "mkdocs.yml" | ".readthedocs.yml" | ".readthedocs.yaml"))
        || readme_text.contains("readthedocs.io")
        || readme_text.contains(".readthedocs.org")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pip_install_of_a_name_is_published_and_of_files_is_not() {
        assert!(published("```\npip install humanize\n```"));
        assert!(published("pip install -U tomli"));
        assert!(!published("pip install -r requirements.txt"));
        assert!(!published("pip install ."));
        assert!(!published("pip install -e ."));
        assert!(!published("pip install git+https://github.com/a/b"));
        assert!(!published("pip install requirements.txt"));
    }

    #[test]
    fn route_decorators_are_web_routes() {
        assert!(is_route("app.route"));
        assert!(is_route("router.get"));
        assert!(is_route("bp.post"));
        assert!(is_route("api_view"));
        assert!(!is_route("property"));
        assert!(!is_route("get"));
    }
}
