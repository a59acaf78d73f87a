//! `--job-post`: each fixture project against each fixture posting, the
//! report in every format, and a posting treated as untrusted text.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::common::{self, bin};

const POSTS: [&str; 5] = [
    "backend-developer",
    "data-scientist",
    "machine-learning-engineer",
    "automation-tester",
    "devops-engineer",
];

fn post(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("fixtures/job-posts/{name}.md"))
}

fn fit(project: &Path, posting: &Path) -> serde_json::Value {
    let posting = posting.to_str().expect("utf8 path");
    let report = common::json_report(project, &["--job-post", posting]);
    crate::contract::assert_valid(&report);
    report["job_fit"].clone()
}

/// The table a reviewer would read: every project against every posting.
#[test]
fn each_fixture_project_against_each_posting() {
    let mut table = String::from("project | posting | role | score | shows | missing (required)\n");
    let mut scores = std::collections::BTreeMap::new();
    for project in ["good-package", "titanic-dump", "monorepo"] {
        let repo = common::git(project);
        for name in POSTS {
            let fit = fit(&repo.path, &post(name));
            assert_eq!(
                fit["role"], name,
                "{project} against {name}: the posting's role"
            );
            let skills = |key: &str, required_only: bool| -> String {
                fit[key]
                    .as_array()
                    .expect("list")
                    .iter()
                    .filter(|s| !required_only || s["required"] == true)
                    .map(|s| s["skill"].as_str().unwrap_or("").to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            };
            let score = fit["score"].as_f64().expect("score");
            scores.insert((project, name), score);
            table.push_str(&format!(
                "{project} | {name} | {} | {score} | {} | {}\n",
                fit["role"].as_str().unwrap_or(""),
                skills("matched", false),
                skills("missing", true)
            ));
            for matched in fit["matched"].as_array().expect("matched") {
                assert!(
                    !matched["evidence"]["path"]
                        .as_str()
                        .unwrap_or("")
                        .is_empty()
                );
            }
        }
    }
    // A notebook analysis fits the data-science posting better than the
    // backend one; a tested, CI-checked package fits the tester's better.
    assert!(
        scores[&("titanic-dump", "data-scientist")]
            > scores[&("titanic-dump", "backend-developer")]
    );
    assert!(
        scores[&("good-package", "automation-tester")]
            > scores[&("good-package", "data-scientist")]
    );
    insta::assert_snapshot!(table);
}

#[test]
fn every_format_shows_the_fit_and_stdin_works() {
    let repo = common::git("good-package");
    for (format, marker) in [
        ("text", "Fit to the job post: 56/100 (automation-tester)"),
        (
            "markdown",
            "**Fit to the job post: 56/100 \\(automation-tester\\)**",
        ),
        (
            "html",
            "<h2>Fit to the job post: 56/100 (automation-tester)</h2>",
        ),
        (
            "github",
            "::notice title=portfolio-audit job fit::Fit to the job post: 56/100 (automation-tester).",
        ),
    ] {
        let output = bin()
            .arg(&repo.path)
            .args(["--format", format, "--color", "never", "--job-post", "-"])
            .write_stdin(std::fs::read(post("automation-tester")).expect("posting"))
            .output()
            .expect("run");
        let shown = String::from_utf8_lossy(&output.stdout);
        assert!(shown.contains(marker), "{format}: {shown}");
        assert!(
            shown.contains("Selenium or Playwright"),
            "{format}: the missing skill"
        );
    }
}

#[test]
fn a_posting_is_untrusted_text() {
    let repo = common::git("good-package");
    let tmp = tempfile::tempdir().expect("tmp");
    let hostile = tmp.path().join("post.md");
    std::fs::write(
        &hostile,
        "# <script>alert(1)</script> Backend developer\n- Flask <img src=x onerror=alert(2)>\n- \u{1b}[2JDocker\n",
    )
    .expect("write");
    let html = bin()
        .arg(&repo.path)
        .args(["--format", "html", "--job-post"])
        .arg(&hostile)
        .output()
        .expect("run");
    let page = String::from_utf8_lossy(&html.stdout);
    assert!(!page.contains("<script>alert") && !page.contains("<img src=x"));
    let text = bin()
        .arg(&repo.path)
        .args(["--color", "never", "--job-post"])
        .arg(&hostile)
        .output()
        .expect("run");
    assert!(
        !text.stdout.contains(&0x1b),
        "an escape sequence reached the terminal"
    );

    let huge = tmp.path().join("huge.md");
    let mut file = std::fs::File::create(&huge).expect("create");
    file.write_all(&vec![b'a'; 300 * 1024]).expect("write");
    let refused = bin()
        .arg(&repo.path)
        .arg("--job-post")
        .arg(&huge)
        .output()
        .expect("run");
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("--job-post"), "{stderr}");
    let missing = bin()
        .arg(&repo.path)
        .args(["--job-post", "/no/such/post.md"])
        .output()
        .expect("run");
    assert_eq!(missing.status.code(), Some(2));
}

/// A small project written at test time: `files` as (path, text).
fn project(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tmp");
    let root = dir.path().join("project");
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    common::commit_all(&root, "Initial commit");
    (dir, root)
}

#[test]
fn a_django_blog_does_not_fit_a_django_react_typescript_post_and_a_flask_react_app_fits_better() {
    let posting = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/postings/django-react.txt");
    let (_a, django) = project(&[
        ("manage.py", "import django\n"),
        (
            "blog/models.py",
            "from django.db import models\n\nclass Post(models.Model):\n    pass\n",
        ),
        (
            "blog/views.py",
            "from django.shortcuts import render\n\ndef index(request):\n    return render(request, 'index.html')\n",
        ),
    ]);
    let (_b, flask) = project(&[
        (
            "api/app.py",
            "from flask import Flask, jsonify\n\napp = Flask(__name__)\n\n@app.get('/notes')\ndef notes():\n    return jsonify([])\n",
        ),
        (
            "web/package.json",
            "{\"dependencies\": {\"react\": \"18\", \"typescript\": \"5\"}}\n",
        ),
        ("web/tsconfig.json", "{}\n"),
        ("web/src/App.tsx", "export const App = () => null;\n"),
    ]);
    let django_fit = fit(&django, &posting);
    let flask_fit = fit(&flask, &posting);
    let score = |fit: &serde_json::Value| fit["score"].as_f64().expect("score");
    assert!(score(&django_fit) <= 40.0, "{django_fit:#}");
    assert!(score(&flask_fit) > score(&django_fit), "{flask_fit:#}");
    let names = |fit: &serde_json::Value, key: &str| -> Vec<String> {
        fit[key]
            .as_array()
            .expect("list")
            .iter()
            .map(|m| m["name"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert!(names(&flask_fit, "matched").contains(&"React".to_string()));
    assert!(names(&flask_fit, "matched").contains(&"TypeScript".to_string()));
    assert!(names(&django_fit, "missing").contains(&"React".to_string()));
}

#[test]
fn asks_no_repository_can_show_are_counted_and_named() {
    let tmp = tempfile::tempdir().expect("tmp");
    let posting = tmp.path().join("post.txt");
    std::fs::write(
        &posting,
        "Requirements:\n- Python and Django\n- Jira and Confluence\n- Excel\n",
    )
    .expect("write");
    let (_a, django) = project(&[
        ("manage.py", "import django\n"),
        ("blog/views.py", "from django.shortcuts import render\n"),
    ]);
    let fit = fit(&django, &posting);
    assert_eq!(fit["checked_fit"], 100.0, "{fit:#}");
    assert_eq!(fit["checkable"].as_array().map(Vec::len), Some(2));
    let unchecked: Vec<&str> = fit["unchecked"]
        .as_array()
        .expect("unchecked")
        .iter()
        .map(|a| a["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(unchecked, ["Jira", "Confluence", "Excel"]);
    // Half the weight cannot be checked: the score says so.
    assert_eq!(fit["score"], 40.0, "{fit:#}");
    let text = bin()
        .arg(&django)
        .args(["--color", "never", "--job-post"])
        .arg(&posting)
        .output()
        .expect("run");
    let shown = String::from_utf8_lossy(&text.stdout);
    assert!(
        shown.contains("100 on 2 of 5 asks; 3 cannot be checked from a repository"),
        "{shown}"
    );
}

#[test]
fn a_front_ends_package_json_shows_react_where_its_sources_sit_beside_it() {
    let tmp = tempfile::tempdir().expect("tmp");
    let posting = tmp.path().join("post.txt");
    std::fs::write(&posting, "Requirements:\n- Python\n- React\n").expect("write");
    let (_a, with_sources) = project(&[
        ("api/app.py", "import json\n\nprint(json.dumps({}))\n"),
        (
            "web/package.json",
            "{\"dependencies\": {\"react\": \"^18.2.0\"}}\n",
        ),
        (
            "web/src/App.js",
            "export default function App() { return null; }\n",
        ),
    ]);
    let fit_with = fit(&with_sources, &posting);
    let react = fit_with["matched"]
        .as_array()
        .expect("matched")
        .iter()
        .find(|m| m["name"] == "React")
        .unwrap_or_else(|| panic!("React shown: {fit_with:#}"));
    assert_eq!(react["evidence"]["path"], "web/package.json");
    assert_eq!(react["strength"], "used");
    // The same package.json with no front-end source beside it only
    // declares React.
    let (_b, declared) = project(&[
        ("api/app.py", "import json\n\nprint(json.dumps({}))\n"),
        (
            "web/package.json",
            "{\"dependencies\": {\"react\": \"^18.2.0\"}}\n",
        ),
    ]);
    let fit_declared = fit(&declared, &posting);
    let missing = fit_declared["missing"]
        .as_array()
        .expect("missing")
        .iter()
        .find(|m| m["name"] == "React")
        .unwrap_or_else(|| panic!("React missing: {fit_declared:#}"));
    assert_eq!(missing["declared_at"]["path"], "web/package.json");
    // A package.json that is not JSON is a warning, never an abort.
    let (_c, broken) = project(&[
        ("app.py", "print(1)\n"),
        ("package.json", "{\"dependencies\": "),
    ]);
    let report = common::json_report(&broken, &[]);
    let warnings = report["warnings"].to_string();
    assert!(
        warnings.contains("package.json: not valid JSON"),
        "{warnings}"
    );
}
