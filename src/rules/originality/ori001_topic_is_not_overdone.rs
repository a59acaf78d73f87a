//! ORI001 topic-is-not-overdone: The project's own subject is not one everyone has done (Titanic, Iris, MNIST, to-do app…).

use super::*;

/// ORI001: the project's subject is not on the overdone-topic list.
pub fn topic_is_not_overdone(facts: &RepoFacts, _: &NoThresholds) -> Check {
    let originality = &facts.originality;
    let (Some(topic), Some(name)) = (&originality.topic, &originality.topic_name) else {
        return Check::pass("the subject is not on the overdone-topic list");
    };
    let evidence = originality.evidence.iter().map(|e| {
        at(
            e.path.as_deref().unwrap_or(""),
            None,
            format!("{}: {}", e.source, e.text),
        )
    });
    Check::fail(format!(
        "the project is about {name} ({topic}), a topic reviewers have seen many times"
    ))
    .with_evidence(evidence)
}
