//! End-to-end audits of fixture repositories through the binary, checking
//! the JSON report a user (or a CI pipeline) would read.

use crate::common;

use common::{bin, finding, git, json_report};
use serde_json::Value;

fn strings(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .expect("array")
        .iter()
        .filter_map(Value::as_str)
        .collect()
}

#[test]
fn a_well_made_package_is_strong() {
    let fixture = common::well_made_package();
    let report = json_report(&fixture.path, &[]);
    assert_eq!(report["verdict"], "strong", "{report:#}");
    assert!(report["score"].as_f64().expect("score") >= 90.0);
    assert_eq!(report["project_kind"], "library");
    assert_eq!(report["facts"]["readme"]["quality"], "detailed");
    assert_eq!(report["facts"]["tests"]["functions"], 21);
    assert_eq!(report["facts"]["ci"]["runs_tests"], true);
    assert_eq!(report["facts"]["packaging"]["manifest"], "pyproject.toml");
    assert_eq!(report["facts"]["license"]["path"], "LICENSE");
    assert!(report["facts"]["originality"]["topic"].is_null());
    assert_eq!(report["target"]["name"], "good-package");
    assert_eq!(report["target"]["commit"].as_str().map(str::len), Some(40));
    assert!(
        report["warnings"].as_array().expect("warnings").is_empty(),
        "{report:#}"
    );
}

#[test]
fn a_titanic_notebook_dump_is_weak_with_its_junk_listed() {
    // A neutral folder name: the topic must come from the notebook and data.
    let fixture = common::git_as("titanic-dump", "ml-project");
    let report = json_report(&fixture.path, &[]);
    assert_eq!(report["verdict"], "weak");
    assert_eq!(report["facts"]["originality"]["topic"], "titanic");
    assert_eq!(
        strings(&report["facts"]["junk"]),
        vec![".DS_Store", "__pycache__/"]
    );
    assert_eq!(report["facts"]["readme"]["quality"], "thin");
    assert_eq!(report["facts"]["tests"]["functions"], 0);
    assert_eq!(finding(&report, "ORI001")["outcome"], "fail");
    let junk = finding(&report, "LAY001");
    assert_eq!(junk["outcome"], "fail");
    assert_eq!(junk["evidence"][0]["path"], ".DS_Store");
    let evidence = strings(&report["facts"]["originality"]["evidence"]).join(" | ");
    assert!(
        evidence.contains("Titanic.ipynb") && evidence.contains("Survived"),
        "{evidence}"
    );
}

#[test]
fn a_library_shipping_a_titanic_loader_is_not_about_the_titanic() {
    let fixture = common::git_as("library-with-titanic", "tabkit");
    let report = json_report(&fixture.path, &[]);
    assert!(
        report["facts"]["originality"]["topic"].is_null(),
        "{:#}",
        report["facts"]["originality"]
    );
    assert_eq!(finding(&report, "ORI001")["outcome"], "pass");
}

#[test]
fn readmes_in_every_common_name_and_format_are_found() {
    for (fixture, path, format) in [
        ("readme-rst", "README.rst", "rst"),
        ("readme-plain", "README", "plain"),
        ("readme-mixed-case", "Readme.md", "markdown"),
    ] {
        let fixture = git(fixture);
        let report = json_report(&fixture.path, &[]);
        let readme = &report["facts"]["readme"];
        assert_eq!(readme["path"], path);
        assert_eq!(readme["format"], format);
        assert_eq!(readme["has_description"], true, "{path}: {readme:#}");
    }
    let rst = git("readme-rst");
    let readme = json_report(&rst.path, &[])["facts"]["readme"].clone();
    assert_eq!(
        (readme["has_install"].clone(), readme["has_usage"].clone()),
        (true.into(), true.into())
    );
}

#[test]
fn a_utf16_requirements_file_is_read() {
    let fixture = common::copy("readme-plain");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "flask==3.0.3\r\nrequests\r\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    std::fs::write(fixture.path.join("requirements.txt"), utf16).expect("write");
    common::commit_all(&fixture.path, "add requirements");
    let report = json_report(&fixture.path, &[]);
    assert_eq!(report["facts"]["packaging"]["dependencies"], 2);
    let pinning = finding(&report, "PKG002");
    assert_eq!(pinning["outcome"], "partial");
    assert_eq!(pinning["evidence"][0]["line"], 2);
}

#[test]
fn ignored_files_on_disk_are_not_junk_but_tracked_ones_are() {
    let fixture = common::copy("good-package");
    // Tracked although .gitignore lists it: committed before the ignore rule.
    std::fs::create_dir_all(fixture.path.join("src/tidewatch/__pycache__")).expect("mkdir");
    std::fs::write(
        fixture
            .path
            .join("src/tidewatch/__pycache__/core.cpython-312.pyc"),
        b"\x00pyc",
    )
    .expect("write");
    common::commit_all(&fixture.path, "Initial commit");
    // On disk only, ignored: the candidate's own virtualenv.
    std::fs::create_dir_all(fixture.path.join(".venv/bin")).expect("mkdir");
    std::fs::write(fixture.path.join(".venv/pyvenv.cfg"), "home = /usr/bin\n").expect("write");
    std::fs::write(fixture.path.join(".venv/bin/activate"), "# venv\n").expect("write");
    let report = json_report(&fixture.path, &[]);
    assert_eq!(
        strings(&report["facts"]["junk"]),
        vec!["src/tidewatch/__pycache__/"]
    );
}

#[test]
fn outside_git_the_walk_honours_gitignore() {
    let fixture = common::copy("good-package");
    std::fs::create_dir_all(fixture.path.join(".venv/lib")).expect("mkdir");
    std::fs::write(fixture.path.join(".venv/pyvenv.cfg"), "home = /usr/bin\n").expect("write");
    std::fs::write(fixture.path.join(".venv/lib/site.py"), "x = 1\n").expect("write");
    let report = json_report(&fixture.path, &[]);
    assert!(report["target"]["commit"].is_null());
    assert!(strings(&report["facts"]["junk"]).is_empty());
    // The package's eight modules and six test modules; not the virtualenv.
    assert_eq!(report["facts"]["python_files"], 14);
}

#[test]
fn secrets_are_reported_by_place_and_kind_never_by_value() {
    let fixture = common::copy("good-package");
    let key = format!("AKIA{}", "Q3VHZ7XMPL2KD4RT");
    std::fs::write(
        fixture.path.join(".env"),
        format!("DEBUG=1\nAWS_ACCESS_KEY_ID={key}\n"),
    )
    .expect("write");
    std::fs::write(
        fixture.path.join(".env.example"),
        "AWS_ACCESS_KEY_ID=changeme\n",
    )
    .expect("write");
    std::fs::write(
        fixture.path.join("src/tidewatch/config.py"),
        format!("TOKEN = \"ghp_{}\"\n", "a".repeat(36)),
    )
    .expect("write");
    common::commit_all(&fixture.path, "Initial commit");
    let report = json_report(&fixture.path, &[]);
    let raw = report.to_string();
    assert!(
        !raw.contains(&key) && !raw.contains(&"a".repeat(36)),
        "a secret leaked into the report"
    );
    let secrets: Vec<(String, u64, String)> = report["facts"]["secrets"]
        .as_array()
        .expect("secrets")
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap_or("").to_string(),
                s["line"].as_u64().unwrap_or(0),
                s["kind"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        secrets,
        vec![
            // DEBUG=1 is a setting, not a credential.
            (".env".into(), 2, "dotenv_value".into()),
            (".env".into(), 2, "aws_access_key_id".into()),
            ("src/tidewatch/config.py".into(), 1, "github_token".into()),
        ]
    );
    assert_eq!(finding(&report, "LAY002")["outcome"], "fail");
    assert_eq!(
        report["top_fixes"][0], "LAY002",
        "a live credential is the first fix"
    );
}

#[test]
fn the_fix_that_lifts_a_verdict_cap_comes_before_bigger_gains() {
    let fixture = common::well_made_package();
    std::fs::write(
        fixture.path.join("README.md"),
        "# tidewatch\n\ntidewatch finds the windows when the tide is low enough to walk out \
         to the tidal islands of a bay, with daylight and a safety margin.\n\n\
         ## Installation\n\n```bash\npip install .\n```\n",
    )
    .expect("write");
    // A folder of modules with requirements instead of a package: making it
    // installable is worth more points than the run steps.
    std::fs::remove_file(fixture.path.join("pyproject.toml")).expect("remove manifest");
    std::fs::write(
        fixture.path.join("requirements.txt"),
        "python-dateutil>=2.8,<3\npytest>=8\n",
    )
    .expect("write");
    common::commit_all_at(
        &fixture.path,
        "Shorten the README",
        1_700_000_000 + 6 * 86_400,
    );
    let report = json_report(&fixture.path, &[]);
    assert_eq!(finding(&report, "DOC004")["outcome"], "fail");
    assert_eq!(report["verdict"], "fair", "{}", report["verdict_note"]);
    let fixes = strings(&report["top_fixes"]);
    assert_eq!(fixes[0], "DOC004", "{fixes:?}");
    let gain = |id: &str| {
        finding(&report, id)["points_available"]
            .as_f64()
            .unwrap_or(0.0)
    };
    assert!(
        fixes[1..].iter().any(|id| gain(id) > gain("DOC004")),
        "the cap, not the points, put DOC004 first: {fixes:?}"
    );
}

#[test]
fn large_files_fail_unless_stored_with_lfs() {
    let fixture = common::copy("good-package");
    let big = std::fs::File::create(fixture.path.join("weights.bin")).expect("create");
    big.set_len(11 * 1024 * 1024).expect("sparse file");
    let lfs_file = std::fs::File::create(fixture.path.join("model.h5")).expect("create");
    lfs_file.set_len(11 * 1024 * 1024).expect("sparse file");
    std::fs::write(
        fixture.path.join(".gitattributes"),
        "*.h5 filter=lfs diff=lfs merge=lfs -text\n",
    )
    .expect("write");
    common::commit_all(&fixture.path, "Initial commit");
    let report = json_report(&fixture.path, &[]);
    let large = finding(&report, "LAY003");
    assert_eq!(large["outcome"], "fail");
    let paths: Vec<&str> = large["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .filter_map(|e| e["path"].as_str())
        .collect();
    assert_eq!(paths, vec!["weights.bin"]);
}

#[test]
fn binary_and_non_utf8_files_never_abort_an_audit() {
    let fixture = common::well_made_package();
    std::fs::write(
        fixture.path.join("src/tidewatch/latin1.py"),
        b"# caf\xe9\nx = 1\n",
    )
    .expect("write");
    std::fs::write(
        fixture.path.join("src/tidewatch/blob.py"),
        b"\x7fELF\x00\x00\x01",
    )
    .expect("write");
    std::fs::write(fixture.path.join("logo.png"), b"\x89PNG\r\n\x1a\n\x00\x00").expect("write");
    common::commit_all_at(&fixture.path, "Add odd files", 1_700_000_000 + 6 * 86_400);
    let report = json_report(&fixture.path, &[]);
    let warnings = strings(&report["warnings"]).join("\n");
    assert!(
        warnings.contains("src/tidewatch/latin1.py: not valid UTF-8"),
        "{warnings}"
    );
    assert!(
        warnings.contains("src/tidewatch/blob.py: binary content"),
        "{warnings}"
    );
    assert_eq!(report["verdict"], "strong");
}

#[test]
fn a_monorepo_subfolder_is_the_python_project() {
    let fixture = git("monorepo");
    let report = json_report(&fixture.path, &[]);
    assert_eq!(report["facts"]["packaging"]["root"], "backend");
    assert_eq!(
        report["facts"]["packaging"]["manifest"],
        "backend/pyproject.toml"
    );
    assert_eq!(report["project_kind"], "web-app");
    assert_eq!(finding(&report, "PKG003")["outcome"], "pass");
    assert_eq!(report["facts"]["tests"]["functions"], 1);
}

#[test]
fn auditing_a_subfolder_of_a_repository_sees_only_that_folder() {
    let fixture = common::copy("monorepo");
    common::commit_all_at(
        &fixture.path,
        "Add the API and the web front end",
        1_700_000_000,
    );
    std::fs::write(fixture.path.join("frontend/app.js"), "console.log(1)\n").expect("write");
    common::commit_all_at(&fixture.path, "Start the front end script", 1_700_100_000);
    let report = json_report(&fixture.path.join("backend"), &[]);
    assert_eq!(report["facts"]["packaging"]["manifest"], "pyproject.toml");
    assert_eq!(
        report["facts"]["history"]["commits"], 1,
        "only commits touching backend/ count"
    );
    assert!(report["facts"]["readme"]["path"].is_null());
}

#[test]
fn the_same_repository_gives_byte_identical_json_at_any_thread_count() {
    let fixture = git("titanic-dump");
    let run = |threads: &str| {
        common::bin()
            .arg(&fixture.path)
            .args(["--format", "json", "-j", threads])
            .output()
            .expect("run")
            .stdout
    };
    let one = run("1");
    assert!(!one.is_empty());
    assert_eq!(one, run("4"));
    assert_eq!(one, run("8"));
}

#[test]
fn select_and_ignore_shape_the_findings() {
    let fixture = git("good-package");
    let report = json_report(
        &fixture.path,
        &["--select", "DOC,LAY001", "--ignore", "DOC009"],
    );
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert_eq!(
        rules,
        vec![
            "DOC001", "DOC002", "DOC003", "DOC004", "DOC005", "DOC006", "DOC007", "DOC008",
            "LAY001"
        ]
    );
    let tests = report["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .find(|c| c["id"] == "tests")
        .expect("tests")
        .clone();
    assert!(tests["score"].is_null());
}

#[test]
fn points_available_add_up_to_the_missing_score() {
    let fixture = git("titanic-dump");
    let report = json_report(&fixture.path, &[]);
    let points: f64 = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["points_available"].as_f64())
        .sum();
    let missing = 100.0 - report["score"].as_f64().expect("score");
    // Rules waiting on a failing one (no tests to run in CI) will weigh in
    // once it is fixed, so the gains are what fixing earns at least.
    assert!(
        points <= missing + 0.6 && points > missing * 0.6,
        "points {points} vs missing {missing}"
    );
}

#[test]
fn one_cause_gives_one_fix() {
    let fixture = git("titanic-dump");
    let report = json_report(&fixture.path, &[]);
    // No suite: "too few tests for the code" is the same fix as "add tests".
    let size = finding(&report, "TST003");
    assert_eq!(size["outcome"], "fail");
    assert_eq!(size["caused_by"], "TST001");
    assert_eq!(size["points_available"], 0.0);
    let fixes = strings(&report["top_fixes"]);
    assert!(
        fixes.contains(&"TST001") && !fixes.contains(&"TST003"),
        "{fixes:?}"
    );
    // TST001 earns its own share and TST003's, in a category that also
    // weighs the rules waiting on a suite (CI, runner, assertions).
    let categories = report["categories"].as_array().expect("categories");
    let weight = |c: &Value| c["weight"].as_f64().expect("weight");
    let tests = categories.iter().find(|c| c["id"] == "tests").map(weight);
    let scored: f64 = categories
        .iter()
        .filter(|c| !c["score"].is_null())
        .map(weight)
        .sum();
    let share = 100.0 * tests.expect("tests category") / scored;
    let gain = finding(&report, "TST001")["points_available"]
        .as_f64()
        .expect("gain");
    assert!((gain - share * 5.0 / 11.0).abs() < 0.2, "{gain} vs {share}");
    // No README: every README rule's fix is DOC001's.
    let fixture = common::git_as("rules/DOC001/fail-no-readme", "project");
    let report = json_report(&fixture.path, &[]);
    let fixes = strings(&report["top_fixes"]);
    assert!(fixes.contains(&"DOC001"), "{fixes:?}");
    for id in ["DOC002", "DOC003", "DOC004", "DOC005", "DOC007"] {
        assert!(!fixes.contains(&id), "{id} in {fixes:?}");
    }
}

#[test]
fn every_kind_of_python_file_is_read_and_the_bad_ones_are_warnings() {
    let fixture = common::copy("readme-rst");
    let dir = &fixture.path;
    std::fs::create_dir_all(dir.join("pkg")).expect("mkdir");
    let write = |path: &str, bytes: &[u8]| std::fs::write(dir.join(path), bytes).expect("write");
    write("pkg/__init__.py", b"");
    write("pkg/legacy.py", b"print \"hello\"\n");
    write("pkg/generic.py", b"class Box[T]:\n    def get(self) -> T: ...\n\ndef area(s):\n    match s:\n        case {'w': w}:\n            return w\n    return f\"{f'{s!r}'}\"\n");
    write("pkg/latin1.py", b"# caf\xe9\ndef f():\n    return 1\n");
    let table = format!(
        "# generated by tables.py\nTABLE = [\n{}]\n",
        "    (1, 2, 3, 4, 5, 6, 7, 8),\n".repeat(110_000)
    );
    write("pkg/table.py", table.as_bytes());
    write("broken.ipynb", b"{\"cells\": [");
    write(
        "analysis.ipynb",
        br#"{"cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [{"output_type": "stream", "name": "stdout", "text": ["42\n"]}], "source": ["print(42)\n"]}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}"#,
    );
    common::commit_all(dir, "Initial commit");
    let report = json_report(dir, &[]);
    let warnings = strings(&report["warnings"]).join("\n");
    assert!(
        warnings.contains("broken.ipynb: not a valid notebook"),
        "{warnings}"
    );
    assert!(
        warnings.contains("pkg/latin1.py: not valid UTF-8"),
        "{warnings}"
    );
    assert!(
        warnings.contains("pkg/table.py") && warnings.contains("read limit"),
        "{warnings}"
    );
    let parses = finding(&report, "COD001");
    assert_eq!(parses["outcome"], "partial", "{parses:#}");
    assert_eq!(parses["evidence"][0]["path"], "pkg/legacy.py");
    assert_eq!(parses["evidence"][0]["note"], "Python 2 syntax");
    assert_eq!(
        parses["evidence"].as_array().map(Vec::len),
        Some(1),
        "only the Python 2 file fails: {parses:#}"
    );
    assert_eq!(report["facts"]["notebooks"], 2);
    let notebooks = finding(&report, "LAY008");
    assert_eq!(notebooks["evidence"][0]["path"], "broken.ipynb");
}

#[test]
fn trivial_tests_are_named_by_file_and_line() {
    let fixture = common::git_as("rules/TST002/partial-assert-true-and-pass", "calc");
    let report = json_report(&fixture.path, &[]);
    assert_eq!(report["facts"]["tests"]["functions"], 4);
    assert_eq!(report["facts"]["tests"]["with_assertions"], 2);
    assert_eq!(report["facts"]["tests"]["trivial"], 2);
    let found = finding(&report, "TST002");
    assert_eq!(found["outcome"], "partial");
    assert_eq!(found["score"], 0.5);
    let named: Vec<(String, u64)> = found["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .map(|e| {
            (
                e["note"].as_str().unwrap_or("").to_string(),
                e["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        named,
        vec![
            ("`test_placeholder` is trivial".to_string(), 12),
            ("`test_todo` is trivial".to_string(), 16)
        ]
    );
}

#[test]
fn skills_come_from_use_and_a_declaration_alone_is_weak() {
    // The monorepo declares SQLAlchemy but never imports it.
    let fixture = git("monorepo");
    let report = json_report(&fixture.path, &[]);
    let skills = strings(&report["facts"]["skills"]);
    assert!(skills.contains(&"fastapi"), "{skills:?}");
    assert!(!skills.contains(&"sqlalchemy"), "{skills:?}");
    assert!(strings(&report["facts"]["declared_skills"]).contains(&"sqlalchemy"));
    assert_eq!(report["roles"][0]["role"], "web-developer");
    assert_eq!(
        report["roles"][0]["fit"], 0.5,
        "a declaration is not counted"
    );
    // Once the code imports it, it is a skill and the fit is full.
    let used = common::copy("monorepo");
    std::fs::write(
        used.path.join("backend/api/db.py"),
        "from sqlalchemy import create_engine\n\nengine = create_engine(\"sqlite://\")\n",
    )
    .expect("write");
    common::commit_all(&used.path, "Use SQLAlchemy");
    let report = json_report(&used.path, &[]);
    let skills = strings(&report["facts"]["skills"]);
    assert!(
        skills.contains(&"fastapi") && skills.contains(&"sqlalchemy"),
        "{skills:?}"
    );
    let best = &report["roles"][0];
    assert_eq!(best["role"], "web-developer", "{:#}", report["roles"]);
    assert_eq!(best["fit"], 1.0);
}

#[test]
fn a_role_puts_its_fixes_first() {
    let fixture = common::git_as("titanic-dump", "ml-project");
    let plain = json_report(&fixture.path, &[]);
    let for_data = json_report(&fixture.path, &["--role", "data-scientist"]);
    assert_eq!(for_data["role"], "data-scientist");
    let first = for_data["top_fixes"][0].as_str().expect("a fix");
    assert!(
        first.starts_with("DOC") || first.starts_with("ORI") || first == "LAY008",
        "{first}"
    );
    assert_eq!(plain["top_fixes"][0], "TST001");
    let mut a: Vec<&str> = strings(&plain["top_fixes"]);
    let mut b: Vec<&str> = strings(&for_data["top_fixes"]);
    a.sort();
    b.sort();
    assert_eq!(a, b, "a role reorders fixes, it does not drop any");
}

#[test]
fn project_kinds() {
    for (fixture, kind) in [
        ("good-package", "library"),
        ("titanic-dump", "analysis"),
        ("monorepo", "web-app"),
        ("rules/PKG005/fail-argparse-script", "cli"),
        ("rules/LAY005/fail-loose-scripts", "scripts"),
    ] {
        let repo = common::git_as(fixture, "project");
        assert_eq!(
            json_report(&repo.path, &[])["project_kind"],
            kind,
            "{fixture}"
        );
    }
}

#[test]
fn a_notebook_only_project_says_so() {
    let fixture = common::git_as("rules/LAY008/pass-stripped", "analysis");
    let report = json_report(&fixture.path, &[]);
    assert_eq!(report["facts"]["notebook_only"], true);
    assert_eq!(report["project_kind"], "analysis");
    assert!(strings(&report["facts"]["skills"]).contains(&"pandas"));
}

/// Every evidence item is real (no padded "and N more" entry), the JSON
/// counts what it leaves out, and each renderer's "and N more" is exact.
#[test]
fn evidence_counts_are_exact_in_every_format() {
    let repo = common::copy("good-package");
    for i in 0..15 {
        std::fs::write(repo.path.join(format!("run{i:02}.log")), "log\n").expect("write");
    }
    common::commit_all(&repo.path, "Initial commit");
    let report = common::json_report(&repo.path, &[]);
    let junk = common::finding(&report, "LAY001");
    let evidence = junk["evidence"].as_array().expect("evidence");
    assert_eq!(evidence.len(), 10, "{junk}");
    assert!(
        evidence
            .iter()
            .all(|e| e["path"].as_str().is_some_and(|p| p.ends_with(".log")))
    );
    assert_eq!(junk["evidence_omitted"], 5);
    let text = bin()
        .arg(&repo.path)
        .args(["--color", "never"])
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("→ and 12 more"), "{text}");
    let markdown = bin()
        .arg(&repo.path)
        .args(["--format", "markdown"])
        .output()
        .expect("run");
    let markdown = String::from_utf8_lossy(&markdown.stdout);
    assert!(markdown.contains("  - and 10 more"), "{markdown}");
}

/// Calibration: key material in a committed virtualenv's test data is junk
/// to remove, not the applicant's own credential.
#[test]
fn secrets_inside_a_committed_virtualenv_are_junk_not_credentials() {
    let repo = common::copy("good-package");
    let site = repo.path.join("venv/lib/python3.11/site-packages/twisted");
    std::fs::create_dir_all(&site).expect("mkdir");
    std::fs::write(repo.path.join("venv/pyvenv.cfg"), "home = /usr/bin\n").expect("write");
    std::fs::write(
        site.join("keydata.py"),
        "KEY = '''-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----'''\n",
    )
    .expect("write");
    common::commit_all(&repo.path, "Initial commit");
    let report = common::json_report(&repo.path, &[]);
    assert_eq!(
        finding(&report, "LAY002")["outcome"],
        "pass",
        "{}",
        report["facts"]["secrets"]
    );
    assert_eq!(finding(&report, "LAY001")["outcome"], "fail");
    assert!(report["facts"]["junk"].to_string().contains("venv/"));
}

#[test]
fn project_kind_comes_from_what_the_code_uses() {
    // A tkinter game with a notebook of experiments is an application.
    let game = common::copy("titanic-dump");
    std::fs::write(
        game.path.join("game.py"),
        "import tkinter as tk\n\n\ndef main():\n    tk.Tk().mainloop()\n",
    )
    .expect("write");
    common::commit_all(&game.path, "Add the game window");
    assert_eq!(json_report(&game.path, &[])["project_kind"], "app");
    // A template requirements.txt naming FastAPI does not make a web app.
    let template = common::copy("good-package");
    std::fs::write(template.path.join("requirements.txt"), "fastapi\nuvicorn\n").expect("write");
    common::commit_all(&template.path, "Initial commit");
    assert_eq!(json_report(&template.path, &[])["project_kind"], "library");
    // A package that ships a command is a CLI, unless its README shows its
    // API imported: then it is a library with a CLI.
    let tool = common::copy("good-package");
    std::fs::create_dir_all(tool.path.join("src/tidewatch")).expect("mkdir");
    std::fs::write(
        tool.path.join("src/tidewatch/__main__.py"),
        "print('tides')\n",
    )
    .expect("write");
    std::fs::write(tool.path.join("README.md"), "# tidewatch\n\nFinds safe crossing windows from tide tables for walkers.\n\n## Usage\n\n```bash\npython -m tidewatch\n```\n").expect("write");
    common::commit_all(&tool.path, "Initial commit");
    assert_eq!(json_report(&tool.path, &[])["project_kind"], "cli");
    std::fs::write(tool.path.join("README.md"), "# tidewatch\n\nFinds safe crossing windows from tide tables for walkers.\n\n## Usage\n\n```python\nfrom tidewatch import crossing_windows\n```\n\nor `python -m tidewatch`.\n").expect("write");
    common::commit_all(&tool.path, "Show the API");
    assert_eq!(json_report(&tool.path, &[])["project_kind"], "library");
}

#[test]
fn every_report_format_says_the_scope() {
    let fixture = common::well_made_package();
    let render = |format: &str| {
        let output = common::bin()
            .arg(&fixture.path)
            .args(["--format", format])
            .output()
            .expect("run");
        String::from_utf8(output.stdout).expect("utf8")
    };
    let line = "a moderate project: 333 lines in 8 modules; entered through a command line and a package API";
    assert!(render("text").contains("Scope   a moderate project: 333 lines in 8 modules"));
    assert!(render("markdown").contains(&format!("**Scope:** {line}")));
    assert!(render("html").contains(&format!("<strong>Scope:</strong> {line}")));
    let report = json_report(&fixture.path, &[]);
    assert!(
        report["first_impression"]
            .as_str()
            .unwrap_or("")
            .contains("sees a moderate project (333 lines in 8 modules)")
    );
}

#[test]
fn a_committed_virtualenv_is_among_the_first_fixes_whatever_its_points() {
    let fixture = common::well_made_package();
    let venv = fixture.path.join("venv");
    std::fs::create_dir_all(venv.join("lib/python3.12/site-packages/requests")).expect("mkdir");
    std::fs::write(venv.join("pyvenv.cfg"), "home = /usr/bin\n").expect("write");
    for i in 0..50 {
        std::fs::write(
            venv.join(format!("lib/python3.12/site-packages/requests/m{i}.py")),
            "x = 1\n",
        )
        .expect("write");
    }
    // Another fix worth more points, so points alone would rank it below.
    std::fs::remove_file(fixture.path.join("LICENSE")).expect("remove");
    common::commit_all_at(
        &fixture.path,
        "Add the environment",
        1_700_000_000 + 6 * 86_400,
    );
    let report = json_report(&fixture.path, &[]);
    let fixes = strings(&report["top_fixes"]);
    let position = fixes
        .iter()
        .position(|f| *f == "LAY001")
        .expect("LAY001 is a fix");
    assert!(position < 3, "{fixes:?}");
    let gain = |id: &str| {
        finding(&report, id)["points_available"]
            .as_f64()
            .unwrap_or(0.0)
    };
    assert!(
        gain("DOC009") > gain("LAY001"),
        "points alone would rank DOC009 first"
    );
    assert!(
        fixes.iter().position(|f| *f == "DOC009") > Some(position),
        "{fixes:?}"
    );
}

#[test]
fn the_html_report_says_what_each_fix_is_worth() {
    let fixture = common::git("titanic-dump");
    let report = json_report(&fixture.path, &[]);
    let first = report["top_fixes"][0].as_str().expect("a fix");
    let points = finding(&report, first)["points_available"]
        .as_f64()
        .expect("points");
    let output = common::bin()
        .arg(&fixture.path)
        .args(["--format", "html"])
        .output()
        .expect("run");
    let html = String::from_utf8_lossy(&output.stdout);
    assert!(
        html.contains(&format!("<code>{first}</code>"))
            && html.contains(&format!("(+{points:.1} points)")),
        "{first} +{points:.1}"
    );
}
