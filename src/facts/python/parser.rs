//! The one file that knows Ruff's parser: source text → [`ModuleFacts`].

use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{self as ast, Expr, PythonVersion, Stmt};
use ruff_python_parser::{Mode, ParseOptions, parse_unchecked};
use ruff_text_size::{Ranged, TextRange};

use super::{Class, Function, Import, ModuleFacts, SyntaxProblem};
use crate::facts::lines::LineIndex;

/// Parses with error recovery, accepting everything up to Python 3.14.
pub(super) fn module_facts(source: &str) -> ModuleFacts {
    let options = ParseOptions::from(Mode::Module).with_target_version(PythonVersion::PY314);
    let parsed = parse_unchecked(source, options);
    let lines = LineIndex::new(source);
    let mut collector = Collector {
        source,
        lines: &lines,
        facts: ModuleFacts {
            lines: if source.is_empty() { 0 } else { lines.count() },
            ..ModuleFacts::default()
        },
        classes: Vec::new(),
        bindings: Vec::new(),
    };
    collector.facts.syntax_errors = parsed
        .errors()
        .iter()
        .take(20)
        .map(|error| SyntaxProblem {
            line: lines.line(error.location.start().to_usize()),
            message: error.error.to_string(),
        })
        .collect();
    if let ast::Mod::Module(module) = parsed.syntax() {
        collector.module(&module.body);
    }
    mark_used_imports(source, &mut collector.facts.imports, &collector.bindings);
    collector.facts
}

/// What one import statement binds: the import's index, the statement's
/// byte range, the names.
struct Binding {
    import: usize,
    range: std::ops::Range<usize>,
    names: Vec<String>,
}

/// Marks each import whose bound names appear outside import statements,
/// from one pass over the module's identifiers.
fn mark_used_imports(source: &str, imports: &mut [Import], bindings: &[Binding]) {
    let wanted: std::collections::HashSet<&str> = bindings
        .iter()
        .flat_map(|b| b.names.iter().map(String::as_str))
        .collect();
    if wanted.is_empty() {
        return;
    }
    // Cheap filters before hashing: most identifiers start with a byte, or
    // have a length, that no bound name has.
    let mut first_bytes = [false; 256];
    let mut lengths = 0u64;
    for name in &wanted {
        if let Some(&b) = name.as_bytes().first() {
            first_bytes[usize::from(b)] = true;
        }
        lengths |= 1u64 << name.len().min(63);
    }
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut statements: Vec<&std::ops::Range<usize>> = bindings.iter().map(|b| &b.range).collect();
    statements.sort_by_key(|r| r.start);
    let bytes = source.as_bytes();
    let mut next_statement = 0;
    let mut at = 0;
    while at < bytes.len() {
        while next_statement < statements.len() && statements[next_statement].end <= at {
            next_statement += 1;
        }
        if let Some(statement) = statements.get(next_statement)
            && statement.start <= at
        {
            at = statement.end;
            continue;
        }
        let c = bytes[at];
        if c.is_ascii_alphabetic() || c == b'_' {
            let start = at;
            while at < bytes.len() && (bytes[at].is_ascii_alphanumeric() || bytes[at] == b'_') {
                at += 1;
            }
            let word = &source[start..at];
            if first_bytes[usize::from(c)]
                && lengths & (1u64 << word.len().min(63)) != 0
                && wanted.contains(word)
            {
                seen.insert(word);
            }
        } else {
            at += 1;
        }
    }
    for binding in bindings {
        if let Some(import) = imports.get_mut(binding.import) {
            import.used = binding.names.iter().any(|n| seen.contains(n.as_str()));
        }
    }
}

pub(super) fn syntax_error_count(source: &str) -> usize {
    let options = ParseOptions::from(Mode::Module).with_target_version(PythonVersion::PY314);
    parse_unchecked(source, options).errors().len()
}

struct Collector<'s> {
    source: &'s str,
    lines: &'s LineIndex,
    facts: ModuleFacts,
    bindings: Vec<Binding>,
    /// Enclosing classes, innermost last.
    classes: Vec<String>,
}

impl Collector<'_> {
    /// Records what the import about to be pushed binds.
    fn bind(&mut self, range: TextRange, names: Vec<String>) {
        self.bindings.push(Binding {
            import: self.facts.imports.len(),
            range: range.start().to_usize()..range.end().to_usize(),
            names,
        });
    }

    fn line(&self, range: TextRange) -> usize {
        self.lines.line(range.start().to_usize())
    }

    fn end_line(&self, range: TextRange) -> usize {
        self.lines.line(range.end().to_usize().saturating_sub(1))
    }

    fn module(&mut self, body: &[Stmt]) {
        self.facts.docstring = body.first().is_some_and(is_docstring);
        for stmt in body {
            if self.is_main_guard(stmt) {
                self.facts.main_guard = true;
            } else if is_executable(stmt) && !is_docstring(stmt) {
                self.facts.top_level_statements += 1;
            }
            self.visit_stmt(stmt);
        }
        self.follow_asserting_helpers();
    }

    /// A test that calls a helper of the same module (or class) that
    /// asserts, `self.check_window(...)`, asserts through it: one level.
    fn follow_asserting_helpers(&mut self) {
        let functions = &self.facts.functions;
        // Asserting helpers by (class, name), indexed once: a module of
        // 100,000 functions stays linear.
        let helpers: std::collections::HashSet<(Option<&str>, &str)> = functions
            .iter()
            .filter(|f| f.assertions > 0)
            .map(|f| (f.class.as_deref(), f.name.as_str()))
            .collect();
        let asserting: Vec<bool> = functions
            .iter()
            .map(|f| {
                f.assertions == 0
                    && f.calls.iter().any(|called| {
                        helpers.contains(&(None, called.as_str()))
                            || helpers.contains(&(f.class.as_deref(), called.as_str()))
                    })
            })
            .collect();
        for (function, through_helper) in self.facts.functions.iter_mut().zip(asserting) {
            if through_helper {
                function.assertions = 1;
            }
        }
    }

    fn is_main_guard(&self, stmt: &Stmt) -> bool {
        let Stmt::If(if_stmt) = stmt else {
            return false;
        };
        let test = &self.source[if_stmt.test.range()];
        test.contains("__name__") && test.contains("__main__")
    }

    fn function(&mut self, def: &ast::StmtFunctionDef) {
        let is_method = !self.classes.is_empty();
        let mut params = 0;
        let mut annotated = 0;
        for (index, parameter) in def.parameters.iter().enumerate() {
            let name = parameter.name().as_str();
            if is_method && index == 0 && (name == "self" || name == "cls") {
                continue;
            }
            params += 1;
            annotated += usize::from(parameter.annotation().is_some());
        }
        let mut counter = AssertionCounter::default();
        visitor::walk_body(&mut counter, &def.body);
        let line = self.line(def.name.range);
        self.facts.functions.push(Function {
            name: def.name.as_str().to_string(),
            class: self.classes.last().cloned(),
            line,
            // A recovered definition (a dangling decorator) can end before its name.
            end_line: self.end_line(def.range).max(line),
            params,
            annotated_params: annotated,
            annotated_return: def.returns.is_some(),
            docstring: def.body.first().is_some_and(is_docstring),
            decorators: def
                .decorator_list
                .iter()
                .map(|d| dotted_name(&d.expression))
                .collect(),
            assertions: counter.count,
            calls: counter.calls,
            trivial: is_trivial(&def.body),
        });
    }

    fn class(&mut self, def: &ast::StmtClassDef) {
        self.facts.classes.push(Class {
            name: def.name.as_str().to_string(),
            line: self.line(def.name.range),
            bases: def
                .arguments
                .as_ref()
                .map(|args| args.args.iter().map(dotted_name).collect())
                .unwrap_or_default(),
            docstring: def.body.first().is_some_and(is_docstring),
            has_init: def
                .body
                .iter()
                .any(|s| matches!(s, Stmt::FunctionDef(f) if f.name.as_str() == "__init__")),
        });
    }
}

impl<'a> Visitor<'a> for Collector<'_> {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(def) => {
                self.function(def);
                // Nested definitions belong to no class.
                let classes = std::mem::take(&mut self.classes);
                visitor::walk_stmt(self, stmt);
                self.classes = classes;
            }
            Stmt::ClassDef(def) => {
                self.class(def);
                self.classes.push(def.name.as_str().to_string());
                visitor::walk_stmt(self, stmt);
                self.classes.pop();
            }
            Stmt::Import(import) => {
                for alias in &import.names {
                    let module = alias.name.as_str().split('.').next().unwrap_or("");
                    let bound = alias.asname.as_ref().map_or(module, |name| name.as_str());
                    self.bind(import.range, vec![bound.to_string()]);
                    self.facts.imports.push(Import {
                        module: module.to_string(),
                        line: self.line(import.range),
                        relative: false,
                        used: true,
                    });
                }
            }
            Stmt::ImportFrom(import) => {
                let module = import.module.as_ref().map(|m| m.as_str()).unwrap_or("");
                let star = import.names.iter().any(|a| a.name.as_str() == "*");
                if !star {
                    let names = import
                        .names
                        .iter()
                        .map(|a| a.asname.as_ref().unwrap_or(&a.name).as_str().to_string())
                        .collect();
                    self.bind(import.range, names);
                }
                self.facts.imports.push(Import {
                    module: if import.level > 0 {
                        String::new()
                    } else {
                        module.split('.').next().unwrap_or("").to_string()
                    },
                    line: self.line(import.range),
                    relative: import.level > 0,
                    used: true,
                });
                if import.names.iter().any(|a| a.name.as_str() == "*") {
                    let line = self.line(import.range);
                    self.facts.star_imports.push(line);
                }
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_except_handler(&mut self, handler: &'a ast::ExceptHandler) {
        let ast::ExceptHandler::ExceptHandler(inner) = handler;
        if inner.type_.is_none() {
            let line = self.line(inner.range);
            self.facts.bare_excepts.push(line);
        }
        visitor::walk_except_handler(self, handler);
    }

    // Expressions hold nothing this collector reads.
    fn visit_expr(&mut self, _: &'a Expr) {}
}

/// Counts what a test runner treats as a check.
/// Distinct callees remembered per function for following helpers.
const MAX_CALLS_FOLLOWED: usize = 64;

#[derive(Default)]
struct AssertionCounter {
    count: usize,
    /// Functions called by name or through `self`/`cls`.
    calls: Vec<String>,
}

impl<'a> Visitor<'a> for AssertionCounter {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        if matches!(stmt, Stmt::Assert(_)) {
            self.count += 1;
        }
        visitor::walk_stmt(self, stmt);
    }

    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Call(call) = expr {
            let name = match call.func.as_ref() {
                Expr::Attribute(attribute) => attribute.attr.as_str(),
                Expr::Name(name) => name.id.as_str(),
                _ => "",
            };
            if is_check_call(name) {
                self.count += 1;
            }
            let own = match call.func.as_ref() {
                Expr::Attribute(attribute) => matches!(
                    attribute.value.as_ref(),
                    Expr::Name(owner) if owner.id.as_str() == "self" || owner.id.as_str() == "cls"
                ),
                Expr::Name(_) => true,
                _ => false,
            };
            // Bounded: a hostile function with a million calls stays cheap.
            if own
                && !name.is_empty()
                && self.calls.len() < MAX_CALLS_FOLLOWED
                && !self.calls.iter().any(|c| c == name)
            {
                self.calls.push(name.to_string());
            }
        }
        visitor::walk_expr(self, expr);
    }
}

/// `assertEqual`, `assert_called_once`, `assert_frame_equal`, `fail`,
/// `raises`, `warns`, `approx`, and helpers named `check_…`/`verify_…`.
fn is_check_call(name: &str) -> bool {
    let name = name.trim_start_matches('_');
    name.starts_with("assert")
        || name.starts_with("check")
        || name.starts_with("verify")
        || name.starts_with("expect")
        || matches!(
            name,
            "fail" | "raises" | "warns" | "approx" | "deprecated_call" | "assertRaises"
        )
}

fn is_docstring(stmt: &Stmt) -> bool {
    matches!(stmt, Stmt::Expr(e) if matches!(e.value.as_ref(), Expr::StringLiteral(_)))
}

/// Statements that do work when the module is imported.
fn is_executable(stmt: &Stmt) -> bool {
    match stmt {
        Stmt::Expr(_)
        | Stmt::For(_)
        | Stmt::While(_)
        | Stmt::With(_)
        | Stmt::If(_)
        | Stmt::Match(_)
        | Stmt::Delete(_) => true,
        Stmt::Assign(assign) => runs_code(&assign.value),
        Stmt::AnnAssign(assign) => assign.value.as_deref().is_some_and(runs_code),
        Stmt::AugAssign(_) => true,
        _ => false,
    }
}

/// Calls that build a module's configuration rather than run its work: a
/// compiled pattern, a logger, an app or router object, a constant table.
const DEFINING_CALLS: [&str; 23] = [
    "compile",
    "getLogger",
    "Path",
    "namedtuple",
    "TypeVar",
    "NewType",
    "getenv",
    "config",
    "env",
    "frozenset",
    "set",
    "dict",
    "tuple",
    "list",
    "field",
    "Flask",
    "FastAPI",
    "APIRouter",
    "Blueprint",
    "declarative_base",
    "create_engine",
    "sessionmaker",
    "Enum",
];

/// An assignment's value runs code at import time: a call, unless it is one
/// that only defines something ([`DEFINING_CALLS`]).
fn runs_code(value: &Expr) -> bool {
    let Expr::Call(call) = value else {
        return false;
    };
    let name = dotted_name(&call.func);
    let last = name.rsplit('.').next().unwrap_or(&name);
    !(DEFINING_CALLS.contains(&last) || name.ends_with("environ.get"))
}

/// Only `pass`, `...`, a docstring, or asserts of a constant truthy value.
fn is_trivial(body: &[Stmt]) -> bool {
    body.iter().all(|stmt| match stmt {
        Stmt::Pass(_) => true,
        Stmt::Expr(e) => matches!(
            e.value.as_ref(),
            Expr::EllipsisLiteral(_) | Expr::StringLiteral(_)
        ),
        Stmt::Assert(assert) => is_constant_truthy(&assert.test),
        _ => false,
    })
}

fn is_constant_truthy(expr: &Expr) -> bool {
    match expr {
        Expr::BooleanLiteral(b) => b.value,
        Expr::NumberLiteral(n) => !matches!(&n.value, ast::Number::Int(i) if *i == ast::Int::ZERO),
        Expr::StringLiteral(s) => !s.value.is_empty(),
        _ => false,
    }
}

/// `unittest.TestCase` → "unittest.TestCase"; calls keep their callee.
fn dotted_name(expr: &Expr) -> String {
    match expr {
        Expr::Name(name) => name.id.as_str().to_string(),
        Expr::Attribute(attribute) => {
            let base = dotted_name(&attribute.value);
            if base.is_empty() {
                attribute.attr.as_str().to_string()
            } else {
                format!("{base}.{}", attribute.attr.as_str())
            }
        }
        Expr::Call(call) => dotted_name(&call.func),
        _ => String::new(),
    }
}
