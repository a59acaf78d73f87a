//! SARIF 2.1.0 for GitHub code scanning: every rule the audit ran (passing
//! ones too, so alerts close after a fix), and a result with a real file
//! location for each failing or partial finding.

use crate::rules::OutcomeKind;
use serde_json::{Value, json};

use super::Report;
use super::model::{Finding, Severity};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

pub fn render(report: &Report) -> String {
    let rules: Vec<Value> = report
        .findings
        .iter()
        .map(|rule| {
            json!({
                "id": rule.rule,
                "name": rule.name,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": rule.rationale},
                "help": {
                    "text": format!("{}\n\nHow to fix: {}", rule.rationale, rule.fix),
                    "markdown": format!("**Why it matters.** {}\n\n**How to fix.** {}", rule.rationale, rule.fix),
                },
                "defaultConfiguration": {"level": Severity::of(OutcomeKind::Fail, rule.weight).map_or("none", Severity::sarif_level)},
                "properties": {"category": rule.category, "weight": rule.weight, "tags": ["portfolio", rule.category.as_str()]},
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .filter(|f| f.outcome.needs_work())
        .filter_map(|finding| result(finding, report))
        .collect();
    let sarif = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": report.tool.name,
                "version": report.tool.version,
                "semanticVersion": report.tool.version,
                "informationUri": "https://github.com/portfolio-audit/portfolio-audit",
                "rules": rules,
            }},
            "automationDetails": {"id": format!("portfolio-audit/{}", report.target.name)},
            "results": results,
            "properties": {"score": report.score, "grade": report.grade, "verdict": report.verdict},
        }],
    });
    let mut out = serde_json::to_string_pretty(&sarif).expect("SARIF serialises");
    out.push('\n');
    out
}

fn result(finding: &Finding, report: &Report) -> Option<Value> {
    let location = finding.location.as_ref()?;
    let index = report
        .findings
        .iter()
        .position(|r| r.rule == finding.rule)?;
    let mut physical =
        json!({"artifactLocation": {"uri": uri(&location.path), "uriBaseId": "%SRCROOT%"}});
    if let Some(line) = location.line {
        physical["region"] = json!({"startLine": line});
    }
    let mut message = finding.message.clone();
    for evidence in finding.evidence.iter().take(5) {
        let place = match evidence.line {
            Some(line) if !evidence.path.is_empty() => format!("{}:{line}: ", evidence.path),
            None if !evidence.path.is_empty() => format!("{}: ", evidence.path),
            _ => String::new(),
        };
        message.push_str(&format!("\n- {place}{}", evidence.note));
    }
    let hidden = finding.evidence_hidden(5);
    if hidden > 0 {
        message.push_str(&format!("\n- and {hidden} more"));
    }
    Some(json!({
        "ruleId": finding.rule,
        "ruleIndex": index,
        "level": finding.severity.map_or("none", Severity::sarif_level),
        "message": {"text": message},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {"portfolioAuditFinding/v1": fingerprint(&finding.rule, &location.path)},
        "properties": {"pointsAvailable": finding.points_available, "outcome": finding.outcome},
    }))
}

/// A relative URI: each path segment percent-encoded.
fn uri(path: &str) -> String {
    crate::untrusted::escape::url_path(path)
}

/// Stable across runs and commits for the same rule and file (FNV-1a).
fn fingerprint(rule: &str, path: &str) -> String {
    let hash = crate::hash::Fnv1a::default()
        .field(rule)
        .write(path.as_bytes())
        .finish();
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(uri("src/my file.py"), "src/my%20file.py");
        assert_eq!(uri("a/%2e%2e/b"), "a/%252e%252e/b");
    }
}
