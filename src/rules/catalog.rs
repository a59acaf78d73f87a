//! The catalogue the crate runs on: the knowledge base ([`Knowledge`])
//! checked once against the registry of rule functions, as cargo-deny turns
//! its `Config` into a `ValidConfig`. Only [`Catalog::check`] makes one, so
//! every audit, renderer and batch holds a catalogue that has passed.

use std::path::Path;

use crate::catalog::Knowledge;
pub use crate::catalog::RuleMeta;
use crate::error::CatalogError;

#[derive(Debug, Clone, PartialEq)]
pub struct Catalog(Knowledge);

impl Catalog {
    /// The catalogue built into the binary.
    pub fn embedded() -> Result<Catalog, CatalogError> {
        Catalog::check(Knowledge::embedded()?)
    }

    /// This catalogue changed by a reviewer's rule pack (a folder of TOML
    /// files; see [`Knowledge::with_pack`]), checked again.
    pub fn with_pack(self, dir: &Path) -> Result<Catalog, CatalogError> {
        let knowledge = self.0.with_pack(dir)?;
        Catalog::check(knowledge).map_err(|err| match err {
            CatalogError::Invalid(message) => CatalogError::Pack {
                path: dir.display().to_string(),
                message,
            },
            other => other,
        })
    }

    /// Every registered rule has metadata and every rule's metadata is
    /// sound (`validation.rs`).
    pub fn check(knowledge: Knowledge) -> Result<Catalog, CatalogError> {
        super::validation::check(&knowledge)?;
        Ok(Catalog(knowledge))
    }
}

impl std::ops::Deref for Catalog {
    type Target = Knowledge;

    fn deref(&self) -> &Knowledge {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::REGISTRY;

    #[test]
    fn embedded_catalogue_matches_the_registry() {
        let catalog = Catalog::embedded().expect("embedded catalogue is valid");
        assert_eq!(catalog.rules.len(), REGISTRY.len());
        for rule in REGISTRY {
            assert!(catalog.rule(rule.id).is_some(), "{} has metadata", rule.id);
        }
    }

    #[test]
    fn scoring_is_one_scale_and_caps_name_known_rules() {
        let mut catalog = Knowledge::embedded().expect("knowledge");
        catalog.scoring.cap[0].when = vec!["ORI999".into()];
        let err = Catalog::check(catalog.clone()).expect_err("unknown cap rule");
        assert!(err.to_string().contains("ORI999"), "{err}");
        let mut catalog = Knowledge::embedded().expect("knowledge");
        catalog.scoring.cap[0].unless = vec!["scope:huge".into()];
        let err = Catalog::check(catalog.clone()).expect_err("unknown cap condition");
        assert!(err.to_string().contains("scope:huge"), "{err}");
        let mut catalog = Knowledge::embedded().expect("knowledge");
        catalog.scoring.grade[1].min = 80.0;
        let err = Catalog::check(catalog.clone()).expect_err("a grade straddling a verdict band");
        assert!(err.to_string().contains("75"), "{err}");
        let mut catalog = Knowledge::embedded().expect("knowledge");
        catalog.categories[0].prefix = "XYZ".into();
        let err = Catalog::check(catalog.clone()).expect_err("prefix");
        assert!(err.to_string().contains("start with `XYZ`"), "{err}");
    }

    #[test]
    fn rule_ids_carry_their_category_prefix() {
        let catalog = Catalog::embedded().expect("catalogue");
        for rule in &catalog.rules {
            let category = catalog.category(&rule.category).expect("category");
            assert!(rule.id.starts_with(&category.prefix), "{}", rule.id);
        }
    }

    #[test]
    fn unknown_rule_in_a_pack_is_an_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("rules.toml"),
            "[[rule]]\nid = \"XYZ999\"\nweight = 2\n",
        )
        .expect("write");
        let err = Catalog::embedded()
            .expect("catalogue")
            .with_pack(dir.path())
            .unwrap_err();
        assert!(
            err.to_string().contains("unknown rule id `XYZ999`"),
            "{err}"
        );
    }

    #[test]
    fn pack_changes_weight_and_adds_topic() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("rules.toml"),
            "[[rule]]\nid = \"DOC009\"\nweight = 3\n",
        )
        .expect("write");
        std::fs::write(
            dir.path().join("topics.toml"),
            "[[topic]]\nid = \"pokedex\"\nname = \"Pokédex\"\nwords = [\"pokedex\"]\n",
        )
        .expect("write");
        let catalog = Catalog::embedded()
            .expect("catalogue")
            .with_pack(dir.path())
            .expect("pack");
        assert_eq!(catalog.rule("DOC009").map(|r| r.weight), Some(3));
        assert!(catalog.topics.iter().any(|t| t.id == "pokedex"));
        assert_ne!(
            catalog.version(),
            Catalog::embedded().expect("catalogue").version()
        );
    }

    #[test]
    fn pack_errors_are_one_line_with_a_line_number() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("rules.toml"),
            "[[rule]]\nid = \"DOC009\"\nweight = \n",
        )
        .expect("write");
        let err = Catalog::embedded()
            .expect("catalogue")
            .with_pack(dir.path())
            .unwrap_err()
            .to_string();
        assert!(!err.contains('\n'), "{err}");
        assert!(err.contains("line 3"), "{err}");
    }

    #[test]
    fn pack_weight_off_the_scale_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("rules.toml"),
            "[[rule]]\nid = \"DOC009\"\nweight = 9\n",
        )
        .expect("write");
        assert!(
            Catalog::embedded()
                .expect("catalogue")
                .with_pack(dir.path())
                .is_err()
        );
    }

    #[test]
    fn thresholds_are_typed_and_checked_at_load() {
        let bad = |key: &str, value: toml::Value| {
            let mut catalog = Knowledge::embedded().expect("knowledge");
            let rule = catalog
                .rules
                .iter_mut()
                .find(|r| r.id == "TST001")
                .expect("TST001");
            rule.thresholds.insert(key.into(), value);
            Catalog::check(catalog.clone())
                .expect_err("bad threshold")
                .to_string()
        };
        let err = bad("min_test_functoins", 3.into());
        assert!(
            err.contains("TST001") && err.contains("min_test_functoins"),
            "{err}"
        );
        let err = bad("min_test_functions", 2.5.into());
        assert!(err.contains("TST001") && err.contains("usize"), "{err}");
        let mut catalog = Knowledge::embedded().expect("knowledge");
        let rule = catalog
            .rules
            .iter_mut()
            .find(|r| r.id == "COD003")
            .expect("COD003");
        rule.thresholds.clear();
        let err = Catalog::check(catalog.clone())
            .expect_err("missing threshold")
            .to_string();
        assert!(
            err.contains("COD003") && err.contains("max_top_level_statements"),
            "{err}"
        );
        let mut catalog = Knowledge::embedded().expect("knowledge");
        let rule = catalog
            .rules
            .iter_mut()
            .find(|r| r.id == "DOC009")
            .expect("DOC009");
        rule.thresholds.insert("max".into(), 1.into());
        let err = Catalog::check(catalog.clone())
            .expect_err("a rule that reads no thresholds")
            .to_string();
        assert!(err.contains("DOC009") && err.contains("max"), "{err}");
    }

    #[test]
    fn a_pack_threshold_reaches_the_rule() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("rules.toml"),
            "[[rule]]\nid = \"TST001\"\nthresholds = { min_test_functions = 10 }\n",
        )
        .expect("write");
        let catalog = Catalog::embedded()
            .expect("catalogue")
            .with_pack(dir.path())
            .expect("pack");
        let mut facts = crate::facts::RepoFacts::default();
        facts.tests.functions = 5;
        facts.tests.with_assertions = 5;
        let rule = REGISTRY.iter().find(|r| r.id == "TST001").expect("TST001");
        let meta = catalog.rule("TST001").expect("meta");
        let check = crate::rules::run(rule, &facts, meta);
        assert_eq!(check.outcome, crate::rules::Outcome::Partial(0.5));
    }
}
