//! Outcomes × weights → category scores, a total out of 100, a grade and a
//! verdict. Not-applicable rules leave the denominator; a category with no
//! applicable rule is not scored and leaves the total's denominator too.
//!
//! The verdict is a reviewer's decision, kept as data in
//! `rules/categories.toml`: the score's band, held down by every cap whose
//! conditions hold (strong needs every must-have), and weak once enough
//! distinct flaws add up for the project's scope.

use std::collections::BTreeMap;

use crate::catalog::{RuleMeta, Scoring};
use crate::facts::scope::ScopeSize;
use crate::rules::Catalog;
use crate::rules::{Check, Outcome};

/// Decided by the catalogue's scoring data; named here too, where it is used.
pub use crate::catalog::Verdict;

#[derive(Debug, Clone)]
pub struct ScoredRule {
    pub meta: RuleMeta,
    pub check: Check,
    /// Points the total would gain if this rule passed.
    pub points_available: f64,
}

#[derive(Debug, Clone)]
pub struct CategoryScore {
    pub id: String,
    pub name: String,
    pub weight: f64,
    /// `None` when no rule of the category applies (or none is built yet).
    pub score: Option<f64>,
}

#[derive(Debug, Clone)]
pub struct Scorecard {
    pub score: f64,
    pub grade: String,
    pub verdict: Verdict,
    /// Every reason the verdict is lower than the score alone gives, the
    /// lowest cap first.
    pub verdict_reasons: Vec<String>,
    /// Rules of the caps holding the verdict below the score's band: fixing
    /// one lifts a cap.
    pub holding_the_verdict: Vec<String>,
    /// Rules whose fix alone would lift the verdict a step.
    pub lifting_the_verdict: Vec<String>,
    pub categories: Vec<CategoryScore>,
    /// In catalogue order.
    pub findings: Vec<ScoredRule>,
}

/// What the verdict reads beside rule outcomes.
#[derive(Debug, Clone, Copy, Default)]
pub struct VerdictContext {
    pub scope: ScopeSize,
    /// An installable package whose README sends readers to its docs.
    pub readme_docs_link: bool,
    /// The README gives the command that runs the tests.
    pub readme_test_command: bool,
}

impl VerdictContext {
    fn holds(&self, signal: &str) -> bool {
        match signal {
            "readme:docs-link" => self.readme_docs_link,
            "readme:test-command" => self.readme_test_command,
            _ => signal
                .strip_prefix("scope:")
                .is_some_and(|size| size == self.scope.as_str()),
        }
    }
}

/// The verdict, why it is below the score's band, and the rules holding it.
struct Decision {
    verdict: Verdict,
    reasons: Vec<String>,
    holding: Vec<String>,
}

/// Decides the verdict from the score, the failing rules and the context.
fn decide(
    scoring: &Scoring,
    score: f64,
    failing: &dyn Fn(&str) -> bool,
    context: &VerdictContext,
) -> Decision {
    let band = scoring.verdict_for(score);
    let holds = |condition: &String| failing(condition) || context.holds(condition);
    let mut verdict = band;
    let mut held: Vec<(Verdict, String)> = Vec::new();
    let mut holding = Vec::new();
    let mut flaws: Vec<(&str, &[String])> = Vec::new();
    for cap in &scoring.cap {
        if !cap.when.iter().all(holds) || cap.unless.iter().any(holds) {
            continue;
        }
        if let Some(flaw) = &cap.flaw
            && !flaws.iter().any(|(f, _)| f == flaw)
        {
            flaws.push((flaw, &cap.when));
        }
        if cap.verdict < band {
            holding.extend(cap.when.iter().filter(|c| failing(c)).cloned());
            held.push((cap.verdict, cap.reason.clone()));
            verdict = verdict.min(cap.verdict);
        }
    }
    if verdict > Verdict::Weak && flaws.len() >= scoring.flaws_for_weak.at(context.scope) {
        let names: Vec<&str> = flaws.iter().map(|(f, _)| *f).collect();
        held.push((
            Verdict::Weak,
            format!(
                "flaws add up in a {} project: {}",
                context.scope.as_str(),
                names.join(", ")
            ),
        ));
        for (_, when) in &flaws {
            holding.extend(when.iter().filter(|c| failing(c)).cloned());
        }
        verdict = Verdict::Weak;
    }
    held.sort_by_key(|(v, _)| *v);
    let mut reasons: Vec<String> = Vec::new();
    for (_, reason) in held {
        if !reasons.contains(&reason) {
            reasons.push(reason);
        }
    }
    holding.sort();
    holding.dedup();
    Decision {
        verdict,
        reasons,
        holding,
    }
}

/// Scores checks, given in any order as (rule metadata, check).
pub fn score(
    catalog: &Catalog,
    results: Vec<(RuleMeta, Check)>,
    context: &VerdictContext,
) -> Scorecard {
    // Per category: the applicable rule weight and the share of it earned.
    let tallies: Vec<(f64, f64)> = catalog
        .categories
        .iter()
        .map(|category| {
            results
                .iter()
                .filter(|(meta, _)| meta.category == category.id)
                .filter_map(|(meta, check)| {
                    Some((f64::from(meta.weight), check.outcome.fraction()?))
                })
                .fold((0.0, 0.0), |(weight, earned), (w, f)| {
                    (weight + w, earned + w * f)
                })
        })
        .collect();
    let applicable_weight: Vec<f64> = tallies.iter().map(|(weight, _)| *weight).collect();
    let categories: Vec<CategoryScore> = catalog
        .categories
        .iter()
        .zip(&tallies)
        .map(|(category, (weight, earned))| CategoryScore {
            id: category.id.clone(),
            name: category.name.clone(),
            weight: category.weight,
            score: (*weight > 0.0).then(|| round1(100.0 * earned / weight)),
        })
        .collect();
    let scored_weight: f64 = categories
        .iter()
        .filter(|c| c.score.is_some())
        .map(|c| c.weight)
        .sum();
    let total = weighted_total(catalog, &tallies, scored_weight);
    let folded = fix_gains(catalog, &results, &applicable_weight, scored_weight);
    let mut findings: Vec<ScoredRule> = results
        .into_iter()
        .zip(folded)
        .map(|((meta, check), points_available)| ScoredRule {
            meta,
            check,
            points_available: round1(points_available),
        })
        .collect();
    let order = |f: &ScoredRule| catalog.rules.iter().position(|r| r.id == f.meta.id);
    findings.sort_by_key(|f| (order(f), f.meta.id.clone()));

    let score = round1(total);
    let failed = |id: &str| fails(findings.as_slice(), id);
    let decision = decide(&catalog.scoring, score, &failed, context);
    let verdict = decision.verdict;
    let lifting_the_verdict = lifting_the_verdict(catalog, &findings, score, verdict, context);
    let grade = grade(&catalog.scoring, score, verdict);
    Scorecard {
        score,
        grade,
        verdict,
        verdict_reasons: decision.reasons,
        holding_the_verdict: decision.holding,
        lifting_the_verdict,
        categories,
        findings,
    }
}

/// Whether the rule `id` failed.
fn fails(findings: &[ScoredRule], id: &str) -> bool {
    findings
        .iter()
        .any(|f| f.meta.id == id && f.check.outcome == Outcome::Fail)
}

/// The categories' scores weighted by category, over those that apply.
fn weighted_total(catalog: &Catalog, tallies: &[(f64, f64)], scored_weight: f64) -> f64 {
    if scored_weight <= 0.0 {
        return 0.0;
    }
    catalog
        .categories
        .iter()
        .zip(tallies)
        .filter(|(_, (weight, _))| *weight > 0.0)
        .map(|(category, (weight, earned))| category.weight * earned / weight)
        .sum::<f64>()
        * 100.0
        / scored_weight
}

/// Rules whose fix lifts the verdict: with that rule passing and its points
/// earned, the decision is a step higher.
fn lifting_the_verdict(
    catalog: &Catalog,
    findings: &[ScoredRule],
    score: f64,
    verdict: Verdict,
    context: &VerdictContext,
) -> Vec<String> {
    let failed = |id: &str| fails(findings, id);
    findings
        .iter()
        .filter(|f| f.check.outcome.fraction().is_some_and(|x| x < 1.0))
        .filter(|f| {
            let without = |id: &str| id != f.meta.id && failed(id);
            let lifted = decide(
                &catalog.scoring,
                (score + f.points_available).min(100.0),
                &without,
                context,
            );
            lifted.verdict > verdict
        })
        .map(|f| f.meta.id.clone())
        .collect()
}

/// The best grade the score reaches within the (possibly capped) verdict.
fn grade(scoring: &Scoring, score: f64, verdict: Verdict) -> String {
    scoring
        .grade
        .iter()
        .find(|g| score >= g.min && scoring.verdict_for(g.min) <= verdict)
        .map(|g| g.letter.clone())
        .unwrap_or_else(|| "F".into())
}

/// Points each rule's fix would add. A rule that does not apply only
/// because another rule fails (no tests to run in CI) will apply once that
/// is fixed, so fixing the cause earns its share of a category that then
/// weighs them too; and one cause is one fix: a failure that follows from
/// another failing rule hands its gain to that rule.
fn fix_gains(
    catalog: &Catalog,
    results: &[(RuleMeta, Check)],
    applicable_weight: &[f64],
    scored_weight: f64,
) -> Vec<f64> {
    let waiting: BTreeMap<&str, f64> = results
        .iter()
        .filter(|(_, check)| check.outcome.fraction().is_none())
        .filter_map(|(meta, check)| Some((check.cause?, f64::from(meta.weight))))
        .fold(BTreeMap::new(), |mut waiting, (cause, weight)| {
            *waiting.entry(cause).or_insert(0.0) += weight;
            waiting
        });
    let gain = |meta: &RuleMeta, check: &Check| {
        let index = catalog
            .categories
            .iter()
            .position(|c| c.id == meta.category);
        let cause = check.cause.unwrap_or(meta.id.as_str());
        match (index, check.outcome.fraction()) {
            (Some(i), Some(fraction)) if scored_weight > 0.0 => {
                100.0
                    * (catalog.categories[i].weight / scored_weight)
                    * (f64::from(meta.weight)
                        / (applicable_weight[i] + waiting.get(cause).copied().unwrap_or(0.0)))
                    * (1.0 - fraction)
            }
            _ => 0.0,
        }
    };
    let gains: Vec<f64> = results
        .iter()
        .map(|(meta, check)| gain(meta, check))
        .collect();
    // One cause, one fix: a failure that follows from another failing rule
    // hands its gain to that rule.
    let failing_cause = |id: &str| {
        results
            .iter()
            .any(|(meta, check)| meta.id == id && check.outcome.fraction().is_some_and(|f| f < 1.0))
    };
    let mut folded = gains.clone();
    for (index, (_, check)) in results.iter().enumerate() {
        if let Some(cause) = check.cause.filter(|c| failing_cause(c))
            && let Some(target) = results.iter().position(|(meta, _)| meta.id == cause)
        {
            folded[target] += gains[index];
            folded[index] = 0.0;
        }
    }
    folded
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::embedded().expect("catalogue")
    }

    const MODERATE: VerdictContext = VerdictContext {
        scope: ScopeSize::Moderate,
        readme_docs_link: false,
        readme_test_command: false,
    };

    /// Scored as a moderate project: the scope's own cap stays out of the way.
    fn scored(results: Vec<(RuleMeta, Check)>) -> Scorecard {
        score(&catalog(), results, &MODERATE)
    }

    fn meta(id: &str) -> RuleMeta {
        catalog().rule(id).expect("rule").clone()
    }

    #[test]
    fn not_applicable_rules_leave_the_denominator() {
        let all_pass = scored(vec![(meta("TST001"), Check::pass("ok"))]);
        let with_na = scored(vec![
            (meta("TST001"), Check::pass("ok")),
            (meta("TST004"), Check::not_applicable("n/a")),
        ]);
        assert_eq!(all_pass.score, 100.0);
        assert_eq!(with_na.score, 100.0);
        assert_eq!(with_na.findings[1].points_available, 0.0);
    }

    #[test]
    fn category_weights_and_points_add_up() {
        // tests (25) all fail, docs (20) all pass: 20 / 45 of the total.
        let card = scored(vec![
            (meta("TST001"), Check::fail("no")),
            (meta("DOC001"), Check::pass("ok")),
        ]);
        assert_eq!(card.score, 44.4);
        assert_eq!(card.verdict, Verdict::Weak);
        assert_eq!(card.findings[0].points_available, 55.6);
        let tests = card
            .categories
            .iter()
            .find(|c| c.id == "tests")
            .expect("tests");
        assert_eq!(tests.score, Some(0.0));
        let code = card
            .categories
            .iter()
            .find(|c| c.id == "code")
            .expect("code");
        assert_eq!(code.score, None);
    }

    #[test]
    fn partial_outcomes_earn_their_fraction() {
        let card = scored(vec![(meta("DOC005"), Check::partial(0.3, "thin"))]);
        assert_eq!(card.score, 30.0);
        assert_eq!(card.grade, "F");
    }

    #[test]
    fn what_a_reviewer_will_not_overlook_caps_the_verdict() {
        // No tests and a one-upload history: weak, however tidy the rest.
        let mut results: Vec<(RuleMeta, Check)> = [
            "DOC001", "DOC002", "DOC003", "DOC004", "LAY001", "LAY004", "PKG001",
        ]
        .iter()
        .map(|id| (meta(id), Check::pass("ok")))
        .collect();
        results.push((meta("TST001"), Check::fail("no tests")));
        results.push((meta("GIT001"), Check::fail("one upload")));
        let card = scored(results);
        assert!(card.score >= 50.0, "{}", card.score);
        assert_eq!(card.verdict, Verdict::Weak);
        assert_eq!(card.grade, "F");
        // A committed credential keeps a strong project at fair.
        let card = scored(vec![
            (meta("TST001"), Check::pass("ok")),
            (meta("DOC001"), Check::pass("ok")),
            (meta("LAY001"), Check::pass("ok")),
            (meta("LAY002"), Check::fail("an API key")),
        ]);
        assert_eq!(card.verdict, Verdict::Fair);
        assert!(card.verdict_reasons.join("; ").contains("credential"));
    }

    #[test]
    fn overdone_topic_caps_the_verdict() {
        let card = scored(vec![
            (meta("TST001"), Check::pass("ok")),
            (meta("DOC001"), Check::pass("ok")),
            (meta("ORI001"), Check::fail("titanic")),
        ]);
        assert!(card.score >= 75.0, "{}", card.score);
        assert_eq!(card.verdict, Verdict::Fair);
        assert!(!card.verdict_reasons.is_empty());
        assert_eq!(card.grade, "C", "a capped verdict caps the grade");
    }

    #[test]
    fn grade_and_verdict_are_one_scale() {
        let catalog = catalog();
        let rules: Vec<RuleMeta> = [
            "TST001", "DOC001", "DOC002", "LAY001", "COD001", "PKG001", "GIT001",
        ]
        .iter()
        .map(|id| catalog.rule(id).expect("rule").clone())
        .collect();
        // Every pass/partial/fail mix of these rules: the grade always sits
        // inside its verdict's band.
        for mask in 0..3usize.pow(rules.len() as u32) {
            let mut digits = mask;
            let results = rules
                .iter()
                .map(|rule| {
                    let check = match digits % 3 {
                        0 => Check::pass("ok"),
                        1 => Check::partial(0.5, "half"),
                        _ => Check::fail("no"),
                    };
                    digits /= 3;
                    (rule.clone(), check)
                })
                .collect();
            let card = score(&catalog, results, &MODERATE);
            let expected = match card.verdict {
                Verdict::Strong => ["A", "B"].as_slice(),
                Verdict::Fair => ["C", "D"].as_slice(),
                Verdict::Weak => ["F"].as_slice(),
            };
            assert!(
                expected.contains(&card.grade.as_str()),
                "score {} grade {} verdict {:?}",
                card.score,
                card.grade,
                card.verdict
            );
        }
    }
}
