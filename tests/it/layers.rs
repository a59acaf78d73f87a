//! The pipeline in `src/lib.rs` holds in the imports, in cargo-deny's "bans"
//! spirit: every `crate::` path in a source file names a module of a lower
//! layer (or its own), and no two files of one folder import each other,
//! directly or round a loop. Comments are not imports.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top-level modules, bottom first. A module may import only those of a
/// lower layer; modules sharing a layer may not import each other.
const LAYERS: &[&[&str]] = &[
    &["untrusted", "hash", "error", "lock"],
    &["source"],
    &["facts", "confine"],
    &["catalog"],
    &["rules"],
    &["score", "fit"],
    &["report"],
    &["audit"],
    &["batch"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

fn source_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src").flatten() {
        let path = entry.path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The file's code with `//` comments (and doc comments) removed.
fn code_of(path: &Path) -> String {
    std::fs::read_to_string(path)
        .expect("read")
        .lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The module names following `prefix` (`crate::`, `super::`) in `code`,
/// including those inside a braced list (`crate::{a, b::c}`).
fn named_after(code: &str, prefix: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for (at, _) in code.match_indices(prefix) {
        let rest = &code[at + prefix.len()..];
        let first: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '{')
            .collect();
        if let Some(list) = first.strip_prefix('{').map(|_| rest) {
            let inside = &list[1..list.find('}').unwrap_or(list.len())];
            for item in inside.split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                names.insert(name);
            }
        } else {
            names.insert(first);
        }
    }
    names.retain(|n| !n.is_empty() && n != "self");
    names
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Library files (the binary's `main.rs` and `cli/` sit above everything).
fn library_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    source_files(&src(), &mut files);
    files.retain(|f| {
        let relative = f.strip_prefix(src()).expect("under src");
        !relative.starts_with("cli") && relative != Path::new("main.rs")
    });
    files.sort();
    files
}

#[test]
fn every_import_runs_down_the_layers() {
    let mut upward = Vec::new();
    for file in library_files() {
        let relative = file.strip_prefix(src()).expect("under src");
        let Some(top) = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .map(|c| c.trim_end_matches(".rs").to_string())
        else {
            continue;
        };
        if top == "lib" {
            continue;
        }
        let Some(own) = layer_of(&top) else {
            panic!("{top} (src/{}) has no layer in LAYERS", relative.display());
        };
        for name in named_after(&code_of(&file), "crate::") {
            if name == top {
                continue;
            }
            let Some(theirs) = layer_of(&name) else {
                continue; // a crate-root item, not a module
            };
            if theirs >= own {
                upward.push(format!("src/{} → {name}", relative.display()));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports that run up or across the layers:\n{}",
        upward.join("\n")
    );
}

#[test]
fn no_files_of_one_folder_import_each_other_round_a_loop() {
    // Edges between sibling files (a folder's `mod.rs` is their parent,
    // not a sibling: it declares them and they may use what it defines).
    let files = library_files();
    let mut edges: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    for file in &files {
        if file.ends_with("mod.rs") || file.ends_with("lib.rs") {
            continue;
        }
        let dir = file.parent().expect("folder");
        let module_path = dir
            .strip_prefix(src())
            .expect("under src")
            .to_string_lossy()
            .replace('/', "::");
        let code = code_of(file);
        let mut named = named_after(&code, "super::");
        if !module_path.is_empty() {
            named.extend(named_after(&code, &format!("crate::{module_path}::")));
        } else {
            named.extend(named_after(&code, "crate::"));
        }
        for name in named {
            let sibling = dir.join(format!("{name}.rs"));
            if sibling != *file && files.contains(&sibling) {
                edges.entry(file.clone()).or_default().insert(sibling);
            }
        }
    }
    let mut loops = Vec::new();
    for (from, tos) in &edges {
        for to in tos {
            // Is there a way back from `to` to `from`?
            let mut stack = vec![to.clone()];
            let mut seen = BTreeSet::new();
            while let Some(at) = stack.pop() {
                if at == *from {
                    loops.push(format!(
                        "{} ⇄ {}",
                        from.strip_prefix(src()).expect("src").display(),
                        to.strip_prefix(src()).expect("src").display()
                    ));
                    break;
                }
                if seen.insert(at.clone()) {
                    stack.extend(edges.get(&at).into_iter().flatten().cloned());
                }
            }
        }
    }
    assert!(loops.is_empty(), "import loops:\n{}", loops.join("\n"));
}

#[test]
fn the_checker_sees_imports_in_every_form() {
    let code = "use crate::{facts::RepoFacts, report};\nlet x = crate::score::score(a);\n";
    assert_eq!(
        named_after(code, "crate::"),
        BTreeSet::from(["facts".into(), "report".into(), "score".into()])
    );
    assert_eq!(layer_of("report"), Some(6));
    assert!(layer_of("facts") < layer_of("rules"));
}

/// Lines of each function in `code`, by name: from its `fn` line to the
/// line that closes its body. Strings, characters and comments are skipped
/// so that braces inside them do not count.
fn function_lengths(code: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut found = Vec::new();
    for (start, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let signature = ["pub fn ", "pub(crate) fn ", "pub(super) fn ", "fn "]
            .iter()
            .find_map(|p| trimmed.strip_prefix(p));
        let Some(rest) = signature else {
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let (mut depth, mut opened) = (0i64, false);
        for (at, text) in lines[start..].iter().enumerate() {
            for brace in braces(text) {
                depth += brace;
                opened |= brace > 0;
            }
            if (opened && depth == 0) || (!opened && text.trim_end().ends_with(';')) {
                if opened {
                    found.push((name.clone(), at + 1));
                }
                break;
            }
        }
    }
    found
}

/// +1 for each `{` and -1 for each `}` outside strings, chars and comments.
fn braces(line: &str) -> Vec<i64> {
    let chars: Vec<char> = line.chars().collect();
    let (mut out, mut i) = (Vec::new(), 0);
    while i < chars.len() {
        match chars[i] {
            '/' if chars.get(i + 1) == Some(&'/') => break,
            '"' => {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    i += if chars[i] == '\\' { 2 } else { 1 };
                }
            }
            '\'' if chars.get(i + 2) == Some(&'\'') => i += 2,
            '\'' if chars.get(i + 1) == Some(&'\\') => {
                while i + 1 < chars.len() && chars[i + 1] != '\'' {
                    i += 1;
                }
                i += 1;
            }
            '{' => out.push(1),
            '}' => out.push(-1),
            _ => {}
        }
        i += 1;
    }
    out
}

#[test]
fn no_function_outside_the_renderers_is_over_a_hundred_lines() {
    // Renderers (src/report/) write documents and may run long; everything
    // else reads as a few steps, each a function.
    let mut long = Vec::new();
    let mut files = Vec::new();
    source_files(&src(), &mut files);
    for file in files {
        let relative = file.strip_prefix(src()).expect("under src");
        if relative.starts_with("report") {
            continue;
        }
        let code = std::fs::read_to_string(&file).expect("read");
        for (name, lines) in function_lengths(&code) {
            if lines > 100 {
                long.push(format!(
                    "src/{}: {name} ({lines} lines)",
                    relative.display()
                ));
            }
        }
    }
    assert!(long.is_empty(), "long functions:\n{}", long.join("\n"));
}

#[test]
fn function_lengths_skip_braces_in_strings_and_comments() {
    let code =
        "fn a() {\n    let s = \"{{ }\";\n    // {\n    let c = '{';\n}\nfn b();\nfn c() {}\n";
    assert_eq!(
        function_lengths(code),
        [("a".to_string(), 5), ("c".to_string(), 1)]
    );
}
