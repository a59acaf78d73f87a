//! DOC006 readme-links-resolve: Links and images in the README that point into the repository resolve.

use super::*;

/// DOC006: relative links and images in the README point at committed files.
pub fn readme_links_resolve(facts: &RepoFacts, _: &NoThresholds) -> Check {
    let Some(readme) = &facts.readme else {
        return Check::not_applicable("there is no README").because_of("DOC001");
    };
    let base = readme
        .path
        .rsplit_once('/')
        .map(|(dir, _)| dir)
        .unwrap_or("");
    let relative: Vec<(&str, usize, String)> = readme
        .links
        .iter()
        .chain(&readme.images)
        .filter_map(|r| Some((r.target.as_str(), r.line, local_target(base, &r.target)?)))
        .collect();
    if relative.is_empty() {
        return Check::not_applicable("the README has no links to files in the repository");
    }
    let broken: Vec<Location> = relative
        .iter()
        .filter(|(_, _, path)| !(path.is_empty() || facts.has_file(path) || facts.has_dir(path)))
        .map(|(target, line, path)| {
            // Windows separators: the file is there, the link only works on
            // some renderers.
            let forward = path.replace('\\', "/");
            let note = if forward != *path && (facts.has_file(&forward) || facts.has_dir(&forward))
            {
                format!(
                    "`{target}` uses `\\`: write `{}`",
                    target.replace('\\', "/")
                )
            } else {
                format!("`{target}` is not in the repository")
            };
            at(&readme.path, Some(*line), note)
        })
        .collect();
    let total = relative.len();
    if broken.is_empty() {
        let links = plural(
            total,
            "link to a repository file resolves",
            "links to repository files resolve",
        );
        return Check::pass(if total == 1 {
            links
        } else {
            format!("all {links}")
        });
    }
    let fraction = (total - broken.len()) as f64 / total as f64;
    Check::partial(
        fraction,
        format!(
            "{} of {total} links to repository files are broken",
            broken.len()
        ),
    )
    .with_evidence(broken)
}
