//! Job roles: how well the skills a project shows fit each role of the
//! hiring articles, and which fixes matter most for a chosen role.

use serde::Serialize;

pub use crate::catalog::Role;

use crate::facts::skills::SkillFound;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleFit {
    pub role: String,
    pub name: String,
    /// 0–1: skills found over the skills a full fit needs.
    pub fit: f64,
    /// The skills behind the fit.
    pub evidence: Vec<String>,
}

/// Roles with any fit, best first (ties: more skills, then id).
pub fn fit(skills: &[SkillFound], roles: &[Role]) -> Vec<RoleFit> {
    let mut fits: Vec<RoleFit> = roles
        .iter()
        .filter_map(|role| {
            // Only skills in use count; a declaration alone is weak evidence.
            let shown = |id: &String| skills.iter().any(|s| &s.id == id && !s.declared_only);
            let evidence: Vec<String> =
                role.skills.iter().filter(|id| shown(id)).cloned().collect();
            let distinctive = role.requires.is_empty() || role.requires.iter().any(shown);
            if evidence.is_empty() || !distinctive {
                return None;
            }
            let fit = (evidence.len() as f64 / f64::from(role.expect.max(1))).min(1.0);
            Some(RoleFit {
                role: role.id.clone(),
                name: role.name.clone(),
                fit: (fit * 100.0).round() / 100.0,
                evidence,
            })
        })
        .collect();
    // Equal fits: the role more of the project's skills speak for first.
    fits.sort_by(|a, b| {
        b.fit
            .total_cmp(&a.fit)
            .then(b.evidence.len().cmp(&a.evidence.len()))
            .then_with(|| a.role.cmp(&b.role))
    });
    fits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Location;

    fn found(id: &str) -> SkillFound {
        SkillFound {
            id: id.into(),
            name: id.into(),
            evidence: Location {
                path: "app.py".into(),
                line: Some(1),
                note: String::new(),
            },
            declared_only: false,
            strength: crate::facts::skills::Strength::Used,
        }
    }

    #[test]
    fn fit_is_capped_and_sorted() {
        let roles = vec![
            Role {
                id: "backend".into(),
                name: "Backend".into(),
                skills: vec!["flask".into(), "sql".into(), "docker".into()],
                expect: 2,
                requires: vec![],
                focus: vec!["TST".into()],
                aliases: vec![],
            },
            Role {
                id: "data".into(),
                name: "Data".into(),
                skills: vec!["pandas".into(), "numpy".into(), "jupyter".into()],
                expect: 3,
                requires: vec![],
                focus: vec![],
                aliases: vec![],
            },
            Role {
                id: "tester".into(),
                name: "Tester".into(),
                skills: vec!["selenium".into()],
                expect: 1,
                requires: vec![],
                focus: vec![],
                aliases: vec![],
            },
        ];
        let fits = fit(
            &[
                found("flask"),
                found("sql"),
                found("docker"),
                found("pandas"),
            ],
            &roles,
        );
        let summary: Vec<(&str, f64)> = fits.iter().map(|f| (f.role.as_str(), f.fit)).collect();
        assert_eq!(summary, vec![("backend", 1.0), ("data", 0.33)]);
        assert!(roles[0].focuses_on("TST002"));
    }

    #[test]
    fn a_role_needs_its_distinctive_skills_in_use() {
        let tester = Role {
            id: "automation-tester".into(),
            name: "Automation tester".into(),
            skills: vec!["pytest".into(), "browser-automation".into()],
            expect: 2,
            requires: vec!["browser-automation".into()],
            focus: vec![],
            aliases: vec![],
        };
        let roles = [tester];
        // pytest alone makes no automation tester.
        assert!(fit(&[found("pytest")], &roles).is_empty());
        // A declared but unused Selenium does not either.
        let declared = SkillFound {
            declared_only: true,
            ..found("browser-automation")
        };
        assert!(fit(&[found("pytest"), declared], &roles).is_empty());
        let used = fit(&[found("pytest"), found("browser-automation")], &roles);
        assert_eq!(used[0].fit, 1.0);
    }
}
