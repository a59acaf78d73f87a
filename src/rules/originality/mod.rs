//! Originality: the project's own subject is not one everyone has done.

use super::{Check, NoThresholds, at};
use crate::facts::RepoFacts;

pub(super) mod ori001_topic_is_not_overdone;
pub(super) mod ori002_not_an_unedited_tutorial_or_template;

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
