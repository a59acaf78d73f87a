//! How many files a commit changed, counted by walking its tree beside its
//! parent's and skipping every subtree whose id is unchanged, as git does.
//! Unlike libgit2's diff, which lists every delta before counting, this
//! walk stops after a budget of entries: a few kilobytes of objects can
//! describe a tree of billions of paths.

use std::collections::HashMap;

use git2::{ObjectType, Oid, Repository, Tree};

/// Entries one history may visit while counting changed files.
pub const BUDGET: usize = 1_000_000;

/// Files (blobs, links, submodules) added, removed or changed between
/// `old` and `new`; `None` once `budget` entries have been visited.
pub fn changed_files(
    repo: &Repository,
    old: Option<Oid>,
    new: Option<Oid>,
    budget: &mut usize,
) -> Option<usize> {
    let mut changed = 0;
    let mut pending = vec![(old, new)];
    while let Some((old, new)) = pending.pop() {
        if old == new {
            continue;
        }
        let old = entries(repo, old);
        let new = entries(repo, new);
        let spend = old.len() + new.len();
        if spend > *budget {
            *budget = 0;
            return None;
        }
        *budget -= spend;
        for (name, &(new_id, new_is_tree)) in &new {
            match old.get(name) {
                Some(&(old_id, _)) if old_id == new_id => {}
                Some(&(old_id, old_is_tree)) => {
                    let subtrees = (old_is_tree.then_some(old_id), new_is_tree.then_some(new_id));
                    if subtrees != (None, None) {
                        pending.push(subtrees);
                    }
                    // A file on either side that the other does not hold as a file.
                    changed += usize::from(!old_is_tree || !new_is_tree);
                }
                None if new_is_tree => pending.push((None, Some(new_id))),
                None => changed += 1,
            }
        }
        for (name, &(old_id, old_is_tree)) in &old {
            if !new.contains_key(name) {
                if old_is_tree {
                    pending.push((Some(old_id), None));
                } else {
                    changed += 1;
                }
            }
        }
    }
    Some(changed)
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
    fn counts_added_changed_removed_and_moved_files() {
        let dir = tempfile::tempdir().expect("tmp");
        let repo = Repository::init_bare(dir.path()).expect("init");
        let before = tree(
            &repo,
            &[
                ("a.py", "1"),
                ("pkg/b.py", "2"),
                ("pkg/c.py", "3"),
                ("d", "4"),
            ],
        );
        let after = tree(
            &repo,
            &[
                ("a.py", "1"),
                ("pkg/b.py", "changed"),
                ("new/e.py", "5"),
                ("d/x", "4"),
            ],
        );
        let mut budget = BUDGET;
        // b changed, c removed, e added, file d replaced by folder d holding x.
        assert_eq!(
            changed_files(&repo, Some(before), Some(after), &mut budget),
            Some(5)
        );
        assert_eq!(
            changed_files(&repo, None, Some(after), &mut budget),
            Some(4)
        );
        assert_eq!(
            changed_files(&repo, Some(after), Some(after), &mut budget),
            Some(0)
        );
    }

    #[test]
    fn stops_when_the_budget_is_spent() {
        let dir = tempfile::tempdir().expect("tmp");
        let repo = Repository::init_bare(dir.path()).expect("init");
        let files: Vec<(String, &str)> = (0..50).map(|i| (format!("f{i}"), "x")).collect();
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), *t)).collect();
        let big = tree(&repo, &files);
        let mut budget = 10;
        assert_eq!(changed_files(&repo, None, Some(big), &mut budget), None);
        assert_eq!(budget, 0);
    }
}
