//! LAY001 no-committed-junk: No caches, virtualenvs, build output, IDE folders, OS files, logs, editor swap files or local databases are committed.

use super::*;

/// LAY001: no caches, virtualenvs, build output or OS litter in git.
pub fn no_committed_junk(facts: &RepoFacts, _: &NoThresholds) -> Check {
    if facts.junk.is_empty() {
        return Check::pass("no caches, virtualenvs or build output committed");
    }
    let evidence: Vec<_> = facts
        .junk
        .iter()
        .map(|p| at(p, None, "committed junk"))
        .collect();
    let check = Check::fail(format!(
        "{} committed",
        plural(facts.junk.len(), "junk path", "junk paths")
    ))
    .with_evidence(evidence);
    if facts.junk.iter().any(|path| seen_at_a_glance(facts, path)) {
        check.seen_at_a_glance()
    } else {
        check
    }
}

/// Junk a reviewer sees on opening the repository, whatever its points: a
/// virtualenv, `node_modules`, build output, a database.
fn seen_at_a_glance(facts: &RepoFacts, path: &str) -> bool {
    let folder = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let lower = path.to_ascii_lowercase();
    (path.ends_with('/')
        && (matches!(folder, "node_modules" | "dist" | "build")
            || facts.has_file(&format!("{path}pyvenv.cfg"))
            || facts.has_dir(&format!("{path}site-packages"))
            || facts.has_dir(&format!("{path}lib"))))
        || [".db", ".sqlite", ".sqlite3"]
            .iter()
            .any(|ext| lower.ends_with(ext))
}
