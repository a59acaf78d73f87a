//! An applicant is every line of the batch list with one label: their
//! projects are audited one by one, and ranked together by the best of
//! them, with the skills all of them show and their fit to the job post
//! taken together.

use std::collections::BTreeMap;

use super::store::ResultLine;

pub struct Applicant<'a> {
    pub label: &'a str,
    /// Audited projects, best score first.
    pub projects: Vec<&'a ResultLine>,
}

impl<'a> Applicant<'a> {
    pub fn best(&self) -> &'a ResultLine {
        self.projects[0]
    }

    pub fn score(&self) -> f64 {
        self.best().score.unwrap_or(0.0)
    }

    /// Each skill any project shows, with the first (best) project that
    /// shows it.
    pub fn skills(&self) -> BTreeMap<&'a str, &'a str> {
        let mut skills = BTreeMap::new();
        for project in &self.projects {
            for skill in &project.skills {
                skills
                    .entry(skill.as_str())
                    .or_insert(project.target.as_str());
            }
        }
        skills
    }

    /// The posting's required asks a repository can show that none of the
    /// projects shows, in the posting's order.
    pub fn missing_required(&self) -> Vec<&'a str> {
        let mut missing: Vec<&str> = Vec::new();
        for job in self.projects.iter().filter_map(|p| p.job.as_ref()) {
            for ask in job.asks.iter().filter(|a| a.required && a.checkable) {
                let shown = self
                    .projects
                    .iter()
                    .filter_map(|p| p.job.as_ref())
                    .any(|j| j.asks.iter().any(|a| a.skill == ask.skill && a.shown));
                if !shown && !missing.contains(&ask.skill.as_str()) {
                    missing.push(ask.skill.as_str());
                }
            }
        }
        missing
    }

    /// The job post's asks met by any of the projects, scored as one
    /// project's fit is (the fit on what can be checked times the share
    /// that can), 0-100; `None` without `--job-post`.
    pub fn job_fit(&self) -> Option<f64> {
        // ask → (required, shown, checkable)
        let mut asks: BTreeMap<&str, (bool, bool, bool)> = BTreeMap::new();
        for job in self.projects.iter().filter_map(|p| p.job.as_ref()) {
            for ask in &job.asks {
                let entry =
                    asks.entry(ask.skill.as_str())
                        .or_insert((ask.required, false, ask.checkable));
                entry.0 |= ask.required;
                entry.1 |= ask.shown;
            }
        }
        if self.projects.iter().all(|p| p.job.is_none()) {
            return None;
        }
        let checked = crate::fit::job::credit_score(
            asks.values()
                .filter(|a| a.2)
                .map(|&(required, shown, _)| (required, if shown { 1.0 } else { 0.0 })),
        );
        let coverage = crate::fit::job::coverage(asks.values().map(|a| (a.0, a.2)));
        Some((checked * coverage * 10.0).round() / 10.0)
    }
}

/// Applicants with at least one audited project, best first (ties by label).
pub fn group(outcomes: &[ResultLine]) -> Vec<Applicant<'_>> {
    let mut by_label: BTreeMap<&str, Vec<&ResultLine>> = BTreeMap::new();
    for outcome in outcomes.iter().filter(|o| o.ok()) {
        by_label
            .entry(outcome.label.as_str())
            .or_default()
            .push(outcome);
    }
    let mut applicants: Vec<Applicant> = by_label
        .into_iter()
        .map(|(label, mut projects)| {
            projects.sort_by(|a, b| {
                ResultLine::by_standing(a, b).then_with(|| a.target.cmp(&b.target))
            });
            Applicant { label, projects }
        })
        .collect();
    applicants.sort_by(|a, b| {
        ResultLine::by_standing(a.best(), b.best()).then_with(|| a.label.cmp(b.label))
    });
    // With a job post the batch is a shortlist: best fit first, then
    // verdict and score as above (a stable sort keeps that order).
    if applicants.iter().any(|a| a.job_fit().is_some()) {
        applicants.sort_by(|a, b| {
            let fit = |x: &Applicant| x.job_fit().unwrap_or(0.0);
            fit(b).total_cmp(&fit(a))
        });
    }
    applicants
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::store::{JobAsk, JobLine};

    fn project(
        label: &str,
        target: &str,
        score: f64,
        skills: &[&str],
        shown: &[&str],
    ) -> ResultLine {
        let mut line = ResultLine::failed(label, target, String::new());
        line.status = "ok".into();
        line.error = None;
        line.score = Some(score);
        line.skills = skills.iter().map(|s| s.to_string()).collect();
        line.job = Some(JobLine {
            score: 0.0,
            asks: [("Django", true), ("pytest", true), ("Docker", false)]
                .iter()
                .map(|(skill, required)| JobAsk {
                    skill: skill.to_string(),
                    required: *required,
                    shown: shown.contains(skill),
                    checkable: true,
                })
                .collect(),
        });
        line
    }

    #[test]
    fn an_applicants_projects_count_together() {
        let outcomes = [
            project("ada", "gh:ada/tides", 62.0, &["pytest"], &["pytest"]),
            project("ada", "gh:ada/ledger", 81.0, &["Django"], &["Django"]),
            project(
                "bob",
                "gh:bob/app",
                70.0,
                &["Django", "pytest"],
                &["Django", "pytest"],
            ),
        ];
        let applicants = group(&outcomes);
        let labels: Vec<&str> = applicants.iter().map(|a| a.label).collect();
        assert_eq!(labels, ["ada", "bob"]);
        let ada = &applicants[0];
        assert_eq!(ada.best().target, "gh:ada/ledger");
        assert_eq!(ada.projects.len(), 2);
        assert_eq!(
            ada.skills().into_iter().collect::<Vec<_>>(),
            [("Django", "gh:ada/ledger"), ("pytest", "gh:ada/tides")]
        );
        // Django and pytest (2 + 2) of Django, pytest and Docker (2 + 2 + 1).
        assert_eq!(ada.job_fit(), Some(80.0));
    }
}
