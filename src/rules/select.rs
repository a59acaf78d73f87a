//! `--select` / `--ignore`: rule ids, id prefixes (`DOC`, `LAY00`), rule
//! names or category ids, comma-separated and repeatable, like ruff.

use crate::catalog::RuleMeta;
use crate::error::SelectionError;
use crate::rules::Catalog;

#[derive(Debug, Clone, Default)]
pub struct Selection {
    select: Vec<String>,
    ignore: Vec<String>,
}

impl Selection {
    /// Checks every selector against the catalogue.
    pub fn new(
        catalog: &Catalog,
        select: &[String],
        ignore: &[String],
    ) -> Result<Self, SelectionError> {
        let split = |items: &[String]| -> Result<Vec<String>, SelectionError> {
            let mut out = Vec::new();
            for item in items
                .iter()
                .flat_map(|s| s.split(','))
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                if !catalog.rules.iter().any(|rule| matches(item, rule)) {
                    return Err(SelectionError::Unknown(item.to_string()));
                }
                out.push(item.to_string());
            }
            Ok(out)
        };
        let selection = Selection {
            select: split(select)?,
            ignore: split(ignore)?,
        };
        if !catalog.rules.iter().any(|rule| selection.enabled(rule)) {
            return Err(SelectionError::Empty);
        }
        Ok(selection)
    }

    /// The selection as given, for a record of what results were judged
    /// with: `select=DOC,TST001 ignore=LAY`.
    pub fn describe(&self) -> String {
        format!(
            "select={} ignore={}",
            self.select.join(","),
            self.ignore.join(",")
        )
    }

    /// No `--select` or `--ignore` was given.
    pub fn is_default(&self) -> bool {
        self.select.is_empty() && self.ignore.is_empty()
    }

    pub fn enabled(&self, rule: &RuleMeta) -> bool {
        let selected = self.select.is_empty() || self.select.iter().any(|s| matches(s, rule));
        selected && !self.ignore.iter().any(|s| matches(s, rule))
    }
}

fn matches(selector: &str, rule: &RuleMeta) -> bool {
    let upper = selector.to_ascii_uppercase();
    rule.id.starts_with(&upper)
        || rule.name == selector
        || rule.category == selector
        || selector == "ALL"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_names_and_categories() {
        let catalog = Catalog::embedded().expect("catalogue");
        let selection = Selection::new(
            &catalog,
            &["DOC,layout".into()],
            &["doc009".into(), "clean-file-names".into()],
        )
        .expect("valid");
        let enabled: Vec<&str> = catalog
            .rules
            .iter()
            .filter(|r| selection.enabled(r))
            .map(|r| r.id.as_str())
            .collect();
        assert!(enabled.contains(&"DOC001") && enabled.contains(&"LAY001"));
        assert!(
            !enabled.contains(&"DOC009")
                && !enabled.contains(&"LAY006")
                && !enabled.contains(&"TST001")
        );
    }

    #[test]
    fn unknown_selector_is_an_error() {
        let catalog = Catalog::embedded().expect("catalogue");
        let err = Selection::new(&catalog, &["XYZ".into()], &[]).unwrap_err();
        assert!(err.to_string().contains("`XYZ`"));
    }
}
