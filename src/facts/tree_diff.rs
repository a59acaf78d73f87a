//! How many files a commit changed, counted by walking its tree beside its
//! parent's and skipping every subtree whose id is unchanged, as git does.
//! Unlike libgit2's diff, which lists every delta before counting, this
//! walk stops after a budget of entries: a few kilobytes of objects can
//! describe a tree of billions of paths.

use std::collections::{HashMap, HashSet};

use git2::{ObjectType, Oid, Repository, Tree};

/// Entries one history may visit while counting changed files.
pub const BUDGET: usize = 1_000_000;
/// Entries it may visit in older commits, read only for credentials:
/// a portfolio project's whole history fits many times over; a history of
/// thousands of commits stops here rather than cost a second.
pub const SECRETS_BUDGET: usize = 250_000;

/// What a commit brought, against its parent: files whose content is new
/// to the tree (added files that are not a move of a removed one, and
/// changed files), and whether any of them is source code. Deletions and
/// moves bring nothing; neither do junk or third-party paths.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Arrival {
    pub files: usize,
    pub code: bool,
    /// Files added or changed whose name says they hold credentials
    /// (`.env`, `id_rsa`, `*.pem`) or that hold settings (Python and config
    /// formats), with their blob: looked up in history.
    pub secrets_files: Vec<(String, Oid)>,
}

/// The [`Arrival`] between the trees `old` and `new`; `None` once `budget`
/// entries have been visited, or past the deepest folder a tree listing
/// reads (each level re-formats its folder's path). With `secrets_only`
/// (older commits, read only for credentials) folders that are not the
/// author's (`_vendor/`, `node_modules/`) and removed folders are not
/// walked: only the secrets files are right, which is all that is read.
pub fn arrival(
    repo: &Repository,
    old: Option<Oid>,
    new: Option<Oid>,
    budget: &mut usize,
    secrets_only: bool,
) -> Option<Arrival> {
    let mut arrived = Arrival::default();
    // Added blobs are held back until every removal is known: an added
    // blob that was removed elsewhere in the same commit is a move.
    let mut added: Vec<(Oid, Option<bool>)> = Vec::new();
    let mut removed: HashSet<Oid> = HashSet::new();
    // Each folder carries its path and whether it is authored; file paths
    // are built only for the few files named like secrets.
    let mut pending = vec![(String::new(), true, old, new)];
    while let Some((folder, authored, old, new)) = pending.pop() {
        if old == new {
            continue;
        }
        if folder.len() > super::inventory::MAX_PATH_BYTES {
            *budget = 0;
            return None;
        }
        let old = entries(repo, old);
        let new = entries(repo, new);
        let spend = old.len() + new.len();
        if spend > *budget {
            *budget = 0;
            return None;
        }
        *budget -= spend;
        let inside = |name: &[u8]| {
            let name = String::from_utf8_lossy(name);
            let authored = authored && !super::hygiene::is_unauthored_dir(&name);
            (format!("{folder}{name}/"), authored)
        };
        for (name, &(new_id, new_is_tree)) in &new {
            let old_entry = old.get(name).copied();
            if new_is_tree {
                let old_tree = old_entry.filter(|(_, is_tree)| *is_tree).map(|(id, _)| id);
                if old_tree != Some(new_id) {
                    let (path, authored) = inside(name);
                    if authored || !secrets_only {
                        pending.push((path, authored, old_tree, Some(new_id)));
                    }
                }
                if let Some((old_id, false)) = old_entry {
                    removed.insert(old_id);
                }
                continue;
            }
            let kind = counts(authored, name);
            let named = String::from_utf8_lossy(name);
            if authored
                && (super::secrets::is_secrets_file(&named)
                    || super::secrets::holds_settings(&named))
                && old_entry != Some((new_id, false))
            {
                arrived
                    .secrets_files
                    .push((format!("{folder}{named}"), new_id));
            }
            match old_entry {
                Some((old_id, false)) if old_id == new_id => {}
                Some((_, false)) => arrived.note(kind),
                Some((old_tree, true)) => {
                    let (path, authored) = inside(name);
                    if !secrets_only {
                        pending.push((path, authored, Some(old_tree), None));
                    }
                    added.push((new_id, kind));
                }
                None => added.push((new_id, kind)),
            }
        }
        for (name, &(old_id, old_is_tree)) in &old {
            if !new.contains_key(name) {
                if old_is_tree {
                    let (path, authored) = inside(name);
                    if !secrets_only {
                        pending.push((path, authored, Some(old_id), None));
                    }
                } else {
                    removed.insert(old_id);
                }
            }
        }
    }
    for (id, kind) in added {
        if !removed.contains(&id) {
            arrived.note(kind);
        }
    }
    Some(arrived)
}

/// Whether a file at `path` counts as content the way [`arrival`] counts
/// it: outside junk and third-party folders, and not junk by its name.
pub fn is_authored_path(path: &str) -> bool {
    let mut parts = path.split('/').rev();
    let name = parts.next().unwrap_or(path);
    counts(true, name.as_bytes()).is_some()
        && parts.all(|dir| !super::hygiene::is_unauthored_dir(dir))
}

/// Extensions of source code: a commit that brings one is work on the
/// project, where one that edits the README or adds data is not.
const SOURCE_EXTENSIONS: [&str; 22] = [
    "py", "ipynb", "pyx", "pyi", "js", "jsx", "ts", "tsx", "vue", "svelte", "html", "css", "scss",
    "sql", "sh", "r", "rs", "go", "java", "c", "cpp", "h",
];

/// Whether a file named `name` in an `authored` folder counts as content
/// (`Some`), and whether it is source code.
fn counts(authored: bool, name: &[u8]) -> Option<bool> {
    let name = String::from_utf8_lossy(name);
    (authored && !super::hygiene::is_junk_file(&name)).then(|| {
        name.rsplit_once('.').is_some_and(|(_, ext)| {
            SOURCE_EXTENSIONS
                .iter()
                .any(|source| source.eq_ignore_ascii_case(ext))
        })
    })
}

impl Arrival {
    fn note(&mut self, kind: Option<bool>) {
        if let Some(code) = kind {
            self.files += 1;
            self.code |= code;
        }
    }
}

/// Files (blobs, links, submodules) in the tree `id`; `None` over `budget`.
pub fn tree_files(repo: &Repository, id: Oid, budget: usize) -> Option<usize> {
    let mut budget = budget;
    let mut files = 0;
    let mut pending = vec![id];
    while let Some(id) = pending.pop() {
        let tree = entries(repo, Some(id));
        budget = budget.checked_sub(tree.len())?;
        for (id, is_tree) in tree.into_values() {
            if is_tree {
                pending.push(id);
            } else {
                files += 1;
            }
        }
    }
    Some(files)
}

/// A tree's entries by name: (id, is a tree). A tree that cannot be read
/// counts as empty.
fn entries(repo: &Repository, id: Option<Oid>) -> HashMap<Vec<u8>, (Oid, bool)> {
    let Some(tree) = id.and_then(|id| repo.find_tree(id).ok()) else {
        return HashMap::new();
    };
    tree.iter()
        .map(|entry| {
            let is_tree = entry.kind() == Some(ObjectType::Tree);
            (entry.name_bytes().to_vec(), (entry.id(), is_tree))
        })
        .collect()
}

/// The id of the folder `prefix` (`a/b/`, or empty for the whole tree)
/// inside `tree`; `None` when the commit has no such folder.
pub fn subtree_id(tree: &Tree, prefix: &str) -> Option<Oid> {
    let folder = prefix.trim_end_matches('/');
    if folder.is_empty() {
        return Some(tree.id());
    }
    tree.get_path(std::path::Path::new(folder))
        .ok()
        .filter(|entry| entry.kind() == Some(ObjectType::Tree))
        .map(|entry| entry.id())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(repo: &Repository, files: &[(&str, &str)]) -> Oid {
        let mut index = git2::Index::new().expect("index");
        for (path, text) in files {
            let blob = repo.blob(text.as_bytes()).expect("blob");
            let entry = git2::IndexEntry {
                ctime: git2::IndexTime::new(0, 0),
                mtime: git2::IndexTime::new(0, 0),
                dev: 0,
                ino: 0,
                mode: 0o100644,
                uid: 0,
                gid: 0,
                file_size: 0,
                id: blob,
                flags: 0,
                flags_extended: 0,
                path: path.as_bytes().to_vec(),
            };
            index.add(&entry).expect("add");
        }
        index.write_tree_to(repo).expect("write tree")
    }

    #[test]
    fn counts_content_that_arrived_not_moves_deletions_or_junk() {
        let dir = tempfile::tempdir().expect("tmp");
        let repo = Repository::init_bare(dir.path()).expect("init");
        let before = tree(
            &repo,
            &[
                ("a.py", "1"),
                ("pkg/b.py", "2"),
                ("pkg/c.py", "3"),
                ("README.md", "4"),
                ("old/notes.md", "gone"),
            ],
        );
        let after = tree(
            &repo,
            &[
                ("a.py", "1"),
                ("pkg/b.py", "changed"),
                ("src/pkg/c.py", "3"),
                ("README.md", "4 and more"),
                ("new/e.py", "5"),
                ("__pycache__/e.cpython-311.pyc", "x"),
                ("static/vendor/lib.js", "y"),
            ],
        );
        let mut budget = BUDGET;
        // b changed, README changed, e added; c moved, notes deleted, the
        // cache and the vendored library are nobody's work.
        let found =
            arrival(&repo, Some(before), Some(after), &mut budget, false).expect("within budget");
        assert_eq!((found.files, found.code), (3, true));
        // Python files that arrived are read for credentials in history;
        // the README and junk are not.
        let mut read: Vec<&str> = found
            .secrets_files
            .iter()
            .map(|(p, _)| p.as_str())
            .collect();
        read.sort();
        assert_eq!(read, ["new/e.py", "pkg/b.py", "src/pkg/c.py"]);
        let found = arrival(&repo, None, Some(after), &mut budget, false).expect("within budget");
        assert_eq!((found.files, found.code), (5, true));
        assert_eq!(
            arrival(&repo, Some(after), Some(after), &mut budget, false),
            Some(Arrival::default())
        );
        // A move of everything into a folder brings nothing.
        let moved = tree(
            &repo,
            &[
                ("project/a.py", "1"),
                ("project/pkg/b.py", "changed"),
                ("project/src/pkg/c.py", "3"),
                ("project/README.md", "4 and more"),
                ("project/new/e.py", "5"),
            ],
        );
        let found =
            arrival(&repo, Some(after), Some(moved), &mut budget, false).expect("within budget");
        assert_eq!((found.files, found.code), (0, false));
        // Only the README: content, but no code.
        let readme = tree(&repo, &[("a.py", "1"), ("README.md", "new words")]);
        let base = tree(&repo, &[("a.py", "1"), ("README.md", "words")]);
        assert_eq!(
            arrival(&repo, Some(base), Some(readme), &mut budget, false),
            Some(Arrival {
                files: 1,
                code: false,
                secrets_files: Vec::new()
            })
        );
        assert_eq!(tree_files(&repo, after, 100), Some(7));
        assert_eq!(tree_files(&repo, after, 3), None);
    }

    #[test]
    fn stops_when_the_budget_is_spent() {
        let dir = tempfile::tempdir().expect("tmp");
        let repo = Repository::init_bare(dir.path()).expect("init");
        let files: Vec<(String, &str)> = (0..50).map(|i| (format!("f{i}"), "x")).collect();
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), *t)).collect();
        let big = tree(&repo, &files);
        let mut budget = 10;
        assert_eq!(arrival(&repo, None, Some(big), &mut budget, false), None);
        assert_eq!(budget, 0);
    }

    #[test]
    fn older_commits_read_for_credentials_skip_vendored_folders() {
        let dir = tempfile::tempdir().expect("tmp");
        let repo = Repository::init_bare(dir.path()).expect("init");
        let vendored: Vec<(String, String)> = (0..50)
            .map(|i| (format!("src/_vendor/lib/m{i}.py"), format!("{i}")))
            .collect();
        let mut files: Vec<(&str, &str)> = vendored
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        files.push((".env", "KEY=1"));
        let after = tree(&repo, &files);
        let (mut measured, mut secrets_only) = (BUDGET, BUDGET);
        let all = arrival(&repo, None, Some(after), &mut measured, false).expect("within");
        let only = arrival(&repo, None, Some(after), &mut secrets_only, true).expect("within");
        assert_eq!(all.secrets_files, only.secrets_files);
        assert_eq!(only.secrets_files.len(), 1, "{:?}", only.secrets_files);
        assert!(
            BUDGET - secrets_only < (BUDGET - measured) / 10,
            "the vendored folder was walked"
        );
    }
}
