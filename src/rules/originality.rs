//! Originality: the project's own subject is not one everyone has done.

use super::{Check, Thresholds, at};
use crate::facts::RepoFacts;

/// ORI001: the project's subject is not on the overdone-topic list.
pub fn topic_is_not_overdone(facts: &RepoFacts, _: &Thresholds) -> Check {
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

/// ORI002: the project is the candidate's own work, not a template or tutorial left as is.
pub fn not_an_unedited_tutorial_or_template(facts: &RepoFacts, _: &Thresholds) -> Check {
    match &facts.template {
        None => Check::pass("no unedited template or tutorial found"),
        Some(found) => Check::fail(format!("the project is still {}", found.name))
            .with_evidence(found.evidence.clone()),
    }
}

#[cfg(test)]
mod tests {
    use crate::facts::RepoFacts;
    use crate::facts::originality::{Originality, TopicEvidence};
    use crate::rules::{Outcome, check};

    #[test]
    fn an_overdone_topic_fails_with_its_evidence() {
        let facts = RepoFacts {
            originality: Originality {
                topic: Some("iris".into()),
                topic_name: Some("Iris flower classification".into()),
                evidence: vec![TopicEvidence {
                    source: "notebook",
                    path: Some("iris.ipynb".into()),
                    text: "iris.ipynb".into(),
                }],
            },
            ..RepoFacts::default()
        };
        let found = check("ORI001", &facts);
        assert_eq!(found.outcome, Outcome::Fail);
        assert_eq!(found.evidence[0].path, "iris.ipynb");
        assert_eq!(
            check("ORI001", &RepoFacts::default()).outcome,
            Outcome::Pass
        );
    }
}
