//! Fit to a job post: which skills a posting asks for (required or nice to
//! have), for which role, and which of them the project shows, with the
//! evidence. The posting is untrusted text: size-capped here, escaped by
//! every renderer.

use serde::Serialize;

use super::posting::{self, Ask, Vocabulary};
use crate::catalog::{Role, Technology};
use crate::facts::Location;
use crate::facts::skills::{Skill, SkillFound, Strength};

/// The most of a posting that is read; job posts are a few KiB.
pub const MAX_POST_BYTES: usize = 256 * 1024;

/// A posting, read with the catalogue's technologies and roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobPost {
    /// The posting's first line, as a heading names it.
    pub title: String,
    /// A digest of the text read: the same title can head two postings.
    pub digest: String,
    pub role: Option<String>,
    pub asks: Vec<Ask>,
    pub unknown: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct JobFit {
    /// The role id the posting is for, when it names or implies one.
    pub role: Option<String>,
    /// 0-100: `checked_fit` times the share of the posting that can be
    /// checked (required asks count twice): what cannot be checked from a
    /// repository is not assumed met.
    pub score: f64,
    /// 0-100: the fit on the asks a repository can show.
    pub checked_fit: f64,
    /// Every ask of the posting, in its order.
    pub asked: Vec<Asked>,
    /// Names of the asks the audit can look for.
    pub checkable: Vec<String>,
    /// The asks no repository can show (Jira, Excel, a cloud service).
    pub unchecked: Vec<Asked>,
    pub matched: Vec<Matched>,
    pub missing: Vec<Missing>,
    /// Technology-shaped words the vocabulary does not know.
    pub unknown: Vec<String>,
    /// The changes that would prove the most, best first (at most two).
    pub suggestions: Vec<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Asked {
    pub name: String,
    pub required: bool,
    pub checkable: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Matched {
    /// The skill that meets the ask.
    pub skill: String,
    /// The ask, as the posting names it.
    pub name: String,
    pub required: bool,
    /// `tested`, `used` or `weak` (a settings-file import, a devcontainer).
    pub strength: Strength,
    pub evidence: Location,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Missing {
    /// The skill that would show it (the first, for a group).
    pub skill: String,
    pub name: String,
    pub required: bool,
    /// A manifest declares it but nothing uses it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared_at: Option<Location>,
}

impl JobPost {
    /// Reads a posting (plain text or Markdown). Text past
    /// [`MAX_POST_BYTES`] is not read.
    pub fn parse(
        text: &str,
        technologies: &[Technology],
        skills: &[Skill],
        roles: &[Role],
    ) -> JobPost {
        let text = truncate(text, MAX_POST_BYTES);
        let vocabulary = Vocabulary::new(technologies, skills);
        let posting = posting::read(text, &vocabulary, roles);
        let title: String = text
            .lines()
            .map(|l| l.trim().trim_matches(['#', '*', '_', ' ']).trim())
            .find(|l| !l.is_empty())
            .unwrap_or("")
            .chars()
            .take(120)
            .collect();
        JobPost {
            title,
            digest: format!("{:016x}", crate::hash::fnv1a(text.as_bytes())),
            role: posting.role,
            asks: posting.asks,
            unknown: posting.unknown,
        }
    }
}

/// Weak evidence counts half: it may be a template's, not the author's.
const WEAK_CREDIT: f64 = 0.5;

/// How well the skills shown meet the posting.
pub fn fit(post: &JobPost, shown: &[SkillFound], skills: &[Skill]) -> JobFit {
    let mut matched = Vec::new();
    let mut missing = Vec::new();
    let mut asked = Vec::new();
    let mut unchecked = Vec::new();
    // (required, credit) per checkable ask; (required) for every ask.
    let mut credits: Vec<(bool, f64)> = Vec::new();
    for ask in &post.asks {
        let entry = Asked {
            name: ask.name.clone(),
            required: ask.required,
            checkable: !ask.skills.is_empty(),
        };
        asked.push(entry.clone());
        if ask.skills.is_empty() {
            unchecked.push(entry);
            continue;
        }
        let best = ask
            .skills
            .iter()
            .filter_map(|id| shown.iter().find(|s| &s.id == id && !s.declared_only))
            .max_by_key(|s| s.strength);
        match best {
            Some(found) => {
                credits.push((
                    ask.required,
                    if found.strength == Strength::Weak {
                        WEAK_CREDIT
                    } else {
                        1.0
                    },
                ));
                matched.push(Matched {
                    skill: found.id.clone(),
                    name: ask.name.clone(),
                    required: ask.required,
                    strength: found.strength,
                    evidence: found.evidence.clone(),
                });
            }
            None => {
                credits.push((ask.required, 0.0));
                let declared = ask
                    .skills
                    .iter()
                    .find_map(|id| shown.iter().find(|s| &s.id == id));
                missing.push(Missing {
                    skill: ask.skills[0].clone(),
                    name: ask.name.clone(),
                    required: ask.required,
                    declared_at: declared.map(|f| f.evidence.clone()),
                });
            }
        }
    }
    let checked_fit = credit_score(credits.iter().copied());
    let coverage = coverage(asked.iter().map(|a| (a.required, a.checkable)));
    // Required before nice-to-have, then in the posting's order.
    missing.sort_by_key(|m| !m.required);
    let suggestions = missing
        .iter()
        .take(2)
        .map(|m| suggestion(m, skills))
        .collect();
    JobFit {
        role: post.role.clone(),
        score: (checked_fit * coverage * 10.0).round() / 10.0,
        checked_fit,
        checkable: asked
            .iter()
            .filter(|a| a.checkable)
            .map(|a| a.name.clone())
            .collect(),
        asked,
        unchecked,
        matched,
        missing,
        unknown: post.unknown.clone(),
        suggestions,
    }
}

/// Required asks weigh twice nice-to-have ones.
fn weight(required: bool) -> f64 {
    if required { 2.0 } else { 1.0 }
}

/// 0-1: the weighted share of asks (`required`, `checkable`) that a
/// repository can check; 0 for a posting that asks nothing.
pub fn coverage(asks: impl Iterator<Item = (bool, bool)>) -> f64 {
    let (all, checkable) = asks.fold((0.0, 0.0), |(all, checkable), (required, can)| {
        let w = weight(required);
        (all + w, if can { checkable + w } else { checkable })
    });
    if all > 0.0 { checkable / all } else { 0.0 }
}

/// 0-100, one decimal: the weighted share of credit over asks
/// (`required`, credit in 0-1).
pub fn credit_score(asks: impl Iterator<Item = (bool, f64)>) -> f64 {
    // Folds from +0.0: an empty float sum is -0.0.
    let (asked, met): (f64, f64) = asks.fold((0.0, 0.0), |(asked, met), (required, credit)| {
        let w = weight(required);
        (asked + w, met + w * credit)
    });
    if asked > 0.0 {
        (1000.0 * met / asked).round() / 10.0
    } else {
        0.0
    }
}

impl JobFit {
    /// The section each report shows, as plain text for the renderer to
    /// escape: a title, then labelled lines.
    pub fn summary(&self) -> (String, Vec<(&'static str, String)>) {
        let title = format!(
            "Fit to the job post: {:.0}/100{}",
            self.score,
            self.role
                .as_deref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default()
        );
        let need = |required: bool| if required { "required" } else { "nice to have" };
        let mut lines = Vec::new();
        if self.asked.is_empty() {
            lines.push((
                "asks",
                "the posting names no technology the vocabulary knows".to_string(),
            ));
        } else {
            let cannot = self.unchecked.len();
            lines.push((
                "fit",
                format!(
                    "{:.0} on {} of {} asks; {}",
                    self.checked_fit,
                    self.checkable.len(),
                    self.asked.len(),
                    match cannot {
                        0 => "every ask can be checked from a repository".to_string(),
                        1 => "1 cannot be checked from a repository".to_string(),
                        n => format!("{n} cannot be checked from a repository"),
                    }
                ),
            ));
        }
        if !self.matched.is_empty() {
            let shown: Vec<String> = self
                .matched
                .iter()
                .map(|m| {
                    let at = match (m.evidence.path.as_str(), m.evidence.line) {
                        ("", _) => m.evidence.note.clone(),
                        (path, Some(line)) => format!("{path}:{line}"),
                        (path, None) => path.to_string(),
                    };
                    format!(
                        "{} ({}, {}) at {at}",
                        m.name,
                        need(m.required),
                        m.strength.as_str()
                    )
                })
                .collect();
            lines.push(("shows", shown.join("; ")));
        }
        // "Name (required); Other (nice to have)".
        let listed = |asks: Vec<(&str, bool)>| -> String {
            let named: Vec<String> = asks
                .into_iter()
                .map(|(name, required)| format!("{name} ({})", need(required)))
                .collect();
            named.join("; ")
        };
        if !self.missing.is_empty() {
            let asks = self.missing.iter().map(|m| (m.name.as_str(), m.required));
            lines.push(("missing", listed(asks.collect())));
        }
        if !self.unchecked.is_empty() {
            let asks = self.unchecked.iter().map(|a| (a.name.as_str(), a.required));
            lines.push(("cannot check", listed(asks.collect())));
        }
        if !self.unknown.is_empty() {
            lines.push(("not in the vocabulary", self.unknown.join(", ")));
        }
        for suggestion in &self.suggestions {
            lines.push(("to prove more", suggestion.clone()));
        }
        (title, lines)
    }
}

/// What would show a missing skill, from the skills data.
fn suggestion(missing: &Missing, skills: &[Skill]) -> String {
    let asked = if missing.required {
        "asks for"
    } else {
        "would welcome"
    };
    let skill = skills.iter().find(|s| s.id == missing.skill);
    if let Some(at) = &missing.declared_at {
        return format!(
            "The posting {asked} {}; {} declares it but no code uses it: use it where the project needs it, so a reviewer sees it working.",
            missing.name, at.path
        );
    }
    let shown_by = skill.and_then(|s| {
        s.imports
            .first()
            .map(|module| format!("code that imports `{module}`"))
            .or_else(|| {
                s.files
                    .first()
                    .map(|glob| format!("a `{}`", glob.trim_start_matches("**/")))
            })
    });
    match shown_by {
        Some(how) => format!(
            "The posting {asked} {}; nothing in the project shows it: {how}, exercised by a test, would.",
            missing.name
        ),
        None => format!(
            "The posting {asked} {}; nothing in the project shows it.",
            missing.name
        ),
    }
}

fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Catalog;

    fn post(text: &str) -> JobPost {
        let catalog = Catalog::embedded().expect("catalog");
        JobPost::parse(text, &catalog.technologies, &catalog.skills, &catalog.roles)
    }

    #[test]
    fn required_and_nice_to_have_asks_and_the_role() {
        let read = post(
            "# Backend Engineer\n\nRequirements:\n- Python and Django\n- Postgres in production\n\nNice to have:\n- Docker\n- Kubernetes and Terraform\n",
        );
        assert_eq!(read.role.as_deref(), Some("backend-developer"));
        let asks: Vec<(&str, bool, usize)> = read
            .asks
            .iter()
            .map(|a| (a.name.as_str(), a.required, a.line))
            .collect();
        assert_eq!(
            asks,
            vec![
                ("Python", true, 4),
                ("Django", true, 4),
                ("PostgreSQL", true, 5),
                ("Docker", false, 8),
                ("Kubernetes", false, 9),
                ("Terraform", false, 9)
            ]
        );
        assert!(read.unknown.is_empty(), "{:?}", read.unknown);
    }

    #[test]
    fn inline_plus_spellings_and_unknown_technologies() {
        let read = post(
            "We want strong scikit learn skills.\nExperience with GraphQL, AWS and K8s is a plus.\nPyTorch experience is a bonus, as is FooQL.\n",
        );
        let asks: Vec<(&str, bool)> = read
            .asks
            .iter()
            .map(|a| (a.name.as_str(), a.required))
            .collect();
        assert_eq!(
            asks,
            vec![
                ("scikit-learn", true),
                ("GraphQL", false),
                ("AWS", false),
                ("Kubernetes", false),
                ("PyTorch", false)
            ]
        );
        assert_eq!(read.role.as_deref(), Some("machine-learning-engineer"));
        assert_eq!(read.unknown, vec!["FooQL"]);
    }

    #[test]
    fn headings_sql_keywords_and_known_words_are_not_unknown() {
        let read = post("REQUIREMENTS\nWrite SELECT and JOIN queries in PostgreSQL; talk REST.\n");
        assert!(read.unknown.is_empty(), "{:?}", read.unknown);
    }

    #[test]
    fn whole_words_only_and_a_capped_posting() {
        let read = post("CIRCLE of flasks; a Dockerized sqlalchemyx\n");
        assert!(read.asks.is_empty(), "{:?}", read.asks);
        let huge = "Flask ".repeat(MAX_POST_BYTES);
        let read = post(&huge);
        assert_eq!(read.asks.len(), 1);
    }

    #[test]
    fn the_score_is_the_checked_fit_times_what_can_be_checked() {
        let read = post("Requirements:\n- Django\n- Jira\n");
        let shown = vec![SkillFound {
            id: "django".into(),
            name: "Django".into(),
            evidence: Location {
                path: "manage.py".into(),
                line: Some(1),
                note: String::new(),
            },
            declared_only: false,
            strength: Strength::Used,
        }];
        let catalog = Catalog::embedded().expect("catalog");
        let fit = fit(&read, &shown, &catalog.skills);
        assert_eq!(fit.checked_fit, 100.0);
        assert_eq!(fit.score, 50.0);
        let mut weak = shown.clone();
        weak[0].strength = Strength::Weak;
        let fit = super::fit(&read, &weak, &catalog.skills);
        assert_eq!(fit.checked_fit, 50.0, "weak evidence counts half");
    }
}
