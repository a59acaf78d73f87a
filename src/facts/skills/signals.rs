//! The facts beyond imports, packages and files that show a skill (a
//! skill's `signal` names one), computed once from the gathered facts: a
//! grown history, REST routes, ORM models, type hints, tests, a linter, a
//! package, and a front end's npm dependencies.

use std::collections::{BTreeMap, BTreeSet};

use crate::facts::Location;
use crate::facts::code::{CodeFacts, CodeScope, PythonFile};
use crate::facts::history::HistoryFacts;
use crate::facts::manifests::Packaging;
use crate::facts::python::Function;
use crate::facts::test_suite::TestFacts;

/// The facts a skill's `signal` can name.
pub const SIGNALS: [&str; 7] = [
    "history",
    "rest-routes",
    "typed",
    "tests",
    "linter",
    "package",
    "orm-models",
];

/// Facts beyond imports, packages and files that show a skill.
#[derive(Debug, Clone, Default)]
pub struct Signals {
    pub history: Option<Location>,
    pub rest_routes: Option<Location>,
    pub typed: Option<Location>,
    pub tests: Option<Location>,
    pub linter: Option<Location>,
    pub package: Option<Location>,
    /// Database models of an ORM: SQL used through it.
    pub orm_models: Option<Location>,
    /// Test modules that collect at least one test.
    pub test_modules: BTreeSet<String>,
    /// npm packages `package.json` files depend on, each with where, and
    /// whether that folder holds front-end sources.
    pub npm: BTreeMap<String, (Location, bool)>,
}

impl Signals {
    pub(super) fn get(&self, name: &str) -> Option<&Location> {
        match name {
            "history" => self.history.as_ref(),
            "rest-routes" => self.rest_routes.as_ref(),
            "typed" => self.typed.as_ref(),
            "tests" => self.tests.as_ref(),
            "linter" => self.linter.as_ref(),
            "package" => self.package.as_ref(),
            "orm-models" => self.orm_models.as_ref(),
            _ => None,
        }
    }
}

/// Web frameworks whose route decorators and view classes build an API.
const WEB_FRAMEWORKS: [&str; 10] = [
    "flask",
    "fastapi",
    "starlette",
    "django",
    "rest_framework",
    "sanic",
    "aiohttp",
    "quart",
    "litestar",
    "bottle",
];
/// A decorator ending in one of these, in a module importing a web
/// framework, declares a route (`@app.get`, `@router.post`, `@api_view`).
const ROUTE_DECORATORS: [&str; 8] = [
    "route",
    "get",
    "post",
    "put",
    "patch",
    "delete",
    "api_view",
    "websocket",
];
/// Base classes that make API views and serializers.
const API_BASES: [&str; 9] = [
    "APIView",
    "GenericAPIView",
    "ViewSet",
    "ModelViewSet",
    "GenericViewSet",
    "Serializer",
    "ModelSerializer",
    "Resource",
    "MethodView",
];
/// ORMs whose model classes are tables in a database.
const ORMS: [&str; 7] = [
    "sqlalchemy",
    "sqlmodel",
    "flask_sqlalchemy",
    "django",
    "peewee",
    "tortoise",
    "pony",
];
/// Base classes of ORM models, by their last name part.
const MODEL_BASES: [&str; 4] = ["Model", "Base", "DeclarativeBase", "SQLModel"];

/// A history this long has grown, whatever else it shows.
const GROWN_COMMITS: usize = 10;
const GROWN_DAYS: usize = 3;
/// Annotated functions that make a typed code base.
const TYPED_FUNCTIONS: usize = 10;
const TYPED_SHARE: f64 = 0.6;

/// The last part of a dotted name (`app.get` → `get`).
fn last_part(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

/// A route decorator in a module importing a web framework, or a class
/// built on an API view or serializer base.
fn route_or_api_class(file: &PythonFile) -> Option<Location> {
    let module = &file.module;
    let web = module
        .imports
        .iter()
        .any(|i| WEB_FRAMEWORKS.contains(&i.module.as_str()));
    let route = module.functions.iter().find_map(|f| {
        let decorator = f
            .decorators
            .iter()
            .find(|d| web && ROUTE_DECORATORS.contains(&last_part(d)))?;
        Some((f.line, format!("route @{decorator}")))
    });
    let view = || {
        module.classes.iter().find_map(|c| {
            let base = c.bases.iter().find(|b| API_BASES.contains(&last_part(b)))?;
            Some((c.line, format!("API class {}({base})", c.name)))
        })
    };
    let (line, note) = route.or_else(view)?;
    Some(Location {
        path: file.path.clone(),
        line: Some(line),
        note,
    })
}

/// A model class of an ORM the module imports: SQL used through it.
fn orm_model(file: &PythonFile) -> Option<Location> {
    let module = &file.module;
    if !module
        .imports
        .iter()
        .any(|i| ORMS.contains(&i.module.as_str()))
    {
        return None;
    }
    let model = module
        .classes
        .iter()
        .find(|c| c.bases.iter().any(|b| MODEL_BASES.contains(&last_part(b))))?;
    Some(Location {
        path: file.path.clone(),
        line: Some(model.line),
        note: format!("database model {}", model.name),
    })
}

/// Front-end source files beside a `package.json`.
const FRONT_END_SOURCES: [&str; 7] = [".js", ".jsx", ".mjs", ".ts", ".tsx", ".vue", ".svelte"];

/// The npm packages each kept `package.json` depends on (dependencies,
/// devDependencies, peerDependencies), lower-cased, first file wins; with
/// whether that file's folder holds front-end sources. A file that is not
/// JSON is a warning.
pub fn npm_packages(
    kept: &BTreeMap<String, String>,
    paths: &[&str],
    warnings: &mut Vec<String>,
) -> BTreeMap<String, (Location, bool)> {
    let mut found = BTreeMap::new();
    for (path, text) in kept {
        let name = path.rsplit('/').next().unwrap_or(path);
        if name != "package.json" {
            continue;
        }
        let manifest: serde_json::Value = match serde_json::from_str(text) {
            Ok(value) => value,
            Err(err) => {
                warnings.push(format!(
                    "{path}: not valid JSON ({err}); its packages are not read"
                ));
                continue;
            }
        };
        let folder = path.strip_suffix("package.json").unwrap_or("");
        let sources = paths.iter().any(|p| {
            p.starts_with(folder)
                && !p.contains("node_modules/")
                && FRONT_END_SOURCES.iter().any(|ext| p.ends_with(ext))
        });
        for section in ["dependencies", "devDependencies", "peerDependencies"] {
            let Some(packages) = manifest.get(section).and_then(|s| s.as_object()) else {
                continue;
            };
            for package in packages.keys() {
                found
                    .entry(package.to_ascii_lowercase())
                    .or_insert_with(|| {
                        (
                            Location {
                                path: path.clone(),
                                line: None,
                                note: format!("depends on {package} (npm)"),
                            },
                            sources,
                        )
                    });
            }
        }
    }
    found
}

/// The facts skills' `signal`s name, computed once from the gathered facts.
pub fn signals(
    code: &CodeFacts,
    tests: &TestFacts,
    packaging: &Packaging,
    history: Option<&HistoryFacts>,
) -> Signals {
    let source = || code.python.iter().filter(|f| f.scope == CodeScope::Source);
    let history = history
        .filter(|h| h.commits >= GROWN_COMMITS && h.active_days >= GROWN_DAYS)
        .map(|h| Location {
            path: String::new(),
            line: None,
            note: format!("{} commits on {} days", h.commits, h.active_days),
        });
    let rest_routes = source().find_map(route_or_api_class);
    let orm_models = source().find_map(orm_model);
    let functions: Vec<(&str, &Function)> = source()
        .flat_map(|f| f.module.functions.iter().map(move |g| (f.path.as_str(), g)))
        .collect();
    let annotated: Vec<&(&str, &Function)> = functions
        .iter()
        .filter(|(_, f)| f.annotated_return || f.annotated_params > 0)
        .collect();
    let typed = (annotated.len() >= TYPED_FUNCTIONS
        && annotated.len() as f64 >= TYPED_SHARE * functions.len() as f64)
        .then(|| {
            let (path, first) = annotated[0];
            Location {
                path: path.to_string(),
                line: Some(first.line),
                note: format!(
                    "{} of {} functions annotated",
                    annotated.len(),
                    functions.len()
                ),
            }
        });
    let tests_shown = (tests.with_assertions > 0)
        .then(|| tests.files.first())
        .flatten()
        .map(|file| Location {
            path: file.path.clone(),
            line: Some(file.first_line),
            note: format!("{} tests with assertions", tests.with_assertions),
        });
    let package = packaging
        .installable
        .then(|| packaging.manifest.clone())
        .flatten()
        .map(|path| Location {
            path,
            line: None,
            note: "an installable package".into(),
        });
    Signals {
        history,
        rest_routes,
        typed,
        tests: tests_shown,
        linter: code.linter.clone(),
        package,
        orm_models,
        test_modules: tests.files.iter().map(|f| f.path.clone()).collect(),
        npm: BTreeMap::new(),
    }
}
