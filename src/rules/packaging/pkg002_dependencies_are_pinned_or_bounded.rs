//! PKG002 dependencies-are-pinned-or-bounded: Runtime dependencies carry version constraints.

use super::*;

/// PKG002: runtime dependencies carry version constraints.
pub fn dependencies_are_pinned_or_bounded(facts: &RepoFacts, _: &NoThresholds) -> Check {
    // Runtime dependencies only: an installable package's own manifest
    // when there is one (not its requirements or conda files), each once.
    let manifest = facts
        .packaging
        .manifest
        .as_deref()
        .filter(|_| facts.packaging.installable);
    let mut seen = std::collections::BTreeSet::new();
    let runtime: Vec<_> = facts
        .packaging
        .dependencies
        .iter()
        .filter(|d| !d.dev)
        .filter(|d| manifest.is_none_or(|m| d.source == m))
        .filter(|d| seen.insert(d.name.to_ascii_lowercase().replace('_', "-")))
        .collect();
    if runtime.is_empty() {
        return Check::not_applicable("no runtime dependencies declared");
    }
    let loose: Vec<_> = runtime.iter().filter(|d| !d.bounded).collect();
    if loose.is_empty() {
        let count = plural(
            runtime.len(),
            "runtime dependency is",
            "runtime dependencies are",
        );
        return Check::pass(format!("{count} pinned or bounded"));
    }
    let evidence: Vec<_> = loose
        .iter()
        .map(|d| {
            at(
                &d.source,
                d.line,
                format!("`{}` has no version constraint", d.name),
            )
        })
        .collect();
    let fraction = (runtime.len() - loose.len()) as f64 / runtime.len() as f64;
    Check::partial(
        fraction,
        format!(
            "{} of {} runtime dependencies have no version constraint",
            loose.len(),
            runtime.len()
        ),
    )
    .with_evidence(evidence)
}
