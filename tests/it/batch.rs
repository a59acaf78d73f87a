//! Batch scanning as a reviewer runs it: a list in, streamed results, a
//! ranking out; failures kept, reruns resumed, duplicates flagged.

use crate::common;

use std::path::{Path, PathBuf};

use common::bin;

fn results(dir: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(dir.join("results.jsonl"))
        .expect("results.jsonl")
        .lines()
        .map(|line| serde_json::from_str(line).expect("every line is JSON"))
        .collect()
}

fn write_list(dir: &Path, lines: &[String]) -> PathBuf {
    let path = dir.join("applicants.txt");
    std::fs::write(&path, lines.join("\n") + "\n").expect("write list");
    path
}

/// Writes a list of (label, repository) and runs a batch on it; returns the
/// work folder (kept alive by the caller) and the output folder.
fn batch_of(entries: &[(&str, &Path)]) -> (tempfile::TempDir, PathBuf) {
    let work = tempfile::tempdir().expect("tempdir");
    let lines: Vec<String> = entries
        .iter()
        .map(|(label, path)| format!("{label},{}", path.display()))
        .collect();
    let out = batch_lines(work.path(), &lines, &[]);
    (work, out)
}

/// Writes `lines` as the list in `work`, runs a batch into `work/out` with
/// `extra` flags, asserts it succeeded, and returns the output folder.
fn batch_lines(work: &Path, lines: &[String], extra: &[&str]) -> PathBuf {
    let list = write_list(work, lines);
    let out = work.join("out");
    bin()
        .arg("batch")
        .arg(&list)
        .arg("-o")
        .arg(&out)
        .args(extra)
        .assert()
        .success();
    out
}

#[test]
fn five_targets_three_reports_two_reasons_and_a_ranking() {
    let good = common::well_made_package();
    let titanic = common::git_as("titanic-dump", "ml-project");
    let monorepo = common::git("monorepo");
    let work = tempfile::tempdir().expect("tempdir");
    let list = write_list(
        work.path(),
        &[
            "# applicants".into(),
            format!("ada,{}", good.path.display()),
            format!("grace {}", titanic.path.display()),
            monorepo.path.display().to_string(),
            "ghost,/no/such/project".into(),
            "dead,file:///no/such/repository.git".into(),
        ],
    );
    let out = work.path().join("out");
    let output = bin()
        .arg("batch")
        .arg(&list)
        .arg("-o")
        .arg(&out)
        .args(["-j", "2"])
        .output()
        .expect("run");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines = results(&out);
    assert_eq!(lines.len(), 5);
    let errors: Vec<(&str, &str)> = lines
        .iter()
        .filter(|l| l["status"] == "error")
        .map(|l| {
            (
                l["label"].as_str().unwrap_or(""),
                l["error"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors
            .iter()
            .any(|(label, reason)| *label == "ghost" && reason.contains("not found"))
    );
    assert!(
        errors
            .iter()
            .any(|(label, reason)| *label == "dead" && reason.contains("no such repository"))
    );
    for line in lines.iter().filter(|l| l["status"] == "ok") {
        let report = line["report"].as_str().expect("report path");
        let report: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join(report)).expect("report file"))
                .expect("json");
        assert_eq!(report["schema_version"], 1);
        assert!(out.join(line["html"].as_str().expect("html")).is_file());
    }
    let csv = std::fs::read_to_string(out.join("ranking.csv")).expect("ranking.csv");
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    // Three ranked applicants, then the two whose targets failed, unranked,
    // with their reasons: nobody goes missing from the table.
    assert_eq!(rows.len(), 5, "{csv}");
    assert!(rows[0].starts_with("1,ada,"), "{csv}");
    let failed: Vec<&str> = rows[3..].to_vec();
    assert!(
        failed[0].starts_with(",dead,") && failed[0].contains("no such repository"),
        "{csv}"
    );
    assert!(
        failed[1].starts_with(",ghost,") && failed[1].contains("not found"),
        "{csv}"
    );
    let width = csv.lines().next().expect("header").split(',').count();
    assert!(rows.iter().all(|r| r.split(',').count() >= width), "{csv}");
    let rows = &rows[..3];
    let scores: Vec<f64> = rows
        .iter()
        .map(|r| r.split(',').nth(3).expect("score").parse().expect("number"))
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let index = std::fs::read_to_string(out.join("index.html")).expect("index.html");
    // Report files are named by applicant and project.
    assert!(index.contains("id=\"ranking\"") && index.contains("reports/ada--"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("3 audited, 2 failed"), "{stderr}");
    assert!(
        !out.join(".portfolio-audit.lock").exists(),
        "the lock is removed when the run ends"
    );
}

#[test]
fn a_killed_batch_resumes_without_losing_or_repeating_a_line() {
    let work = tempfile::tempdir().expect("tempdir");
    let mut lines = Vec::new();
    let mut repos = Vec::new();
    for i in 0..50 {
        let repo = common::copy_as("readme-rst", &format!("app{i:02}"));
        std::fs::write(repo.path.join("main.py"), format!("print({i})\n")).expect("write");
        common::commit_all(&repo.path, "Add the app");
        lines.push(format!("applicant{i:02},{}", repo.path.display()));
        repos.push(repo);
    }
    let list = write_list(work.path(), &lines);
    let out = work.path().join("out");
    let mut child = common::spawn_batch(&list, &out);
    common::wait_for_results(&out, 5);
    let _ = child.kill();
    let _ = child.wait();
    let before = results(&out).len();
    assert!(
        before >= 5,
        "the batch wrote {before} lines before the kill"
    );

    let rerun = bin()
        .arg("batch")
        .arg(&list)
        .arg("-o")
        .arg(&out)
        .args(["-j", "2"])
        .output()
        .expect("rerun");
    assert!(rerun.status.success());
    let after = results(&out);
    assert_eq!(after.len(), 50, "every target exactly once");
    let mut labels: Vec<&str> = after
        .iter()
        .map(|l| l["label"].as_str().expect("label"))
        .collect();
    labels.sort();
    labels.dedup();
    assert_eq!(labels.len(), 50, "no duplicated line");
    let stderr = String::from_utf8_lossy(&rerun.stderr);
    if before < 50 {
        assert!(
            stderr.contains(&format!("{} audited", 50 - before)),
            "{stderr}"
        );
    }
    assert!(
        stderr.contains(&format!("{before} already done")),
        "{stderr}"
    );
}

#[test]
fn the_same_project_under_two_names_is_a_duplicate_pair() {
    let first = common::git_as("good-package", "tides-by-ada");
    let second = common::copy_as("good-package", "my-tide-planner");
    std::fs::write(
        second.path.join("README.md"),
        "# My tide planner\n\nMy own project, honestly.\n",
    )
    .expect("write");
    common::commit_all_at(&second.path, "First version", 1_710_000_000);
    let other = common::git("monorepo");
    let (_work, out) = batch_of(&[
        ("ada", &first.path),
        ("bob", &second.path),
        ("carol", &other.path),
    ]);
    let pairs: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("duplicates.json")).expect("duplicates"),
    )
    .expect("json");
    let pairs = pairs.as_array().expect("pairs");
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    assert_eq!(
        (pairs[0]["first"].as_str(), pairs[0]["second"].as_str()),
        (Some("ada"), Some("bob"))
    );
    assert!(
        std::fs::read_to_string(out.join("ranking.csv"))
            .expect("csv")
            .contains(",bob,\n")
    );
    assert!(
        std::fs::read_to_string(out.join("index.html"))
            .expect("html")
            .contains("id=\"duplicates\"")
    );
}

#[test]
fn shards_merge_into_one_ranking() {
    let work = tempfile::tempdir().expect("tempdir");
    let mut lines = Vec::new();
    let mut repos = Vec::new();
    for i in 0..8 {
        let repo = common::copy_as("readme-plain", &format!("bird{i}"));
        common::commit_all(&repo.path, "Add the identifier");
        lines.push(format!("applicant{i},{}", repo.path.display()));
        repos.push(repo);
    }
    let list = write_list(work.path(), &lines);
    let mut shard_dirs = Vec::new();
    for k in 1..=2 {
        let dir = work.path().join(format!("shard{k}"));
        bin()
            .arg("batch")
            .arg(&list)
            .arg("-o")
            .arg(&dir)
            .args(["--shard", &format!("{k}/2"), "--quiet"])
            .assert()
            .success();
        shard_dirs.push(dir);
    }
    let total: usize = shard_dirs.iter().map(|d| results(d).len()).sum();
    assert_eq!(total, 8, "each target in exactly one shard");
    let merged = work.path().join("merged");
    bin()
        .arg("merge")
        .args(&shard_dirs)
        .arg("-o")
        .arg(&merged)
        .assert()
        .success();
    assert_eq!(results(&merged).len(), 8);
    assert_eq!(
        std::fs::read_to_string(merged.join("ranking.csv"))
            .expect("csv")
            .lines()
            .count(),
        9
    );
    for line in results(&merged) {
        assert!(
            merged
                .join(line["report"].as_str().expect("report"))
                .is_file()
        );
    }
}

#[test]
fn an_unusable_list_is_exit_2_and_bad_lines_are_named() {
    let work = tempfile::tempdir().expect("tempdir");
    let out = work.path().join("out");
    let missing = bin()
        .arg("batch")
        .arg(work.path().join("nope.txt"))
        .arg("-o")
        .arg(&out)
        .output()
        .expect("run");
    assert_eq!(missing.status.code(), Some(2));
    let empty = write_list(work.path(), &["# nobody yet".into()]);
    assert_eq!(
        bin()
            .arg("batch")
            .arg(&empty)
            .arg("-o")
            .arg(&out)
            .output()
            .expect("run")
            .status
            .code(),
        Some(2)
    );
    let repo = common::git("readme-rst");
    let list = write_list(
        work.path(),
        &[
            format!("ok,{}", repo.path.display()),
            "too many words here".into(),
        ],
    );
    let output = bin()
        .arg("batch")
        .arg(&list)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&output.stderr).contains("line 2:"));
    let bad_shard = bin()
        .arg("batch")
        .arg(&list)
        .arg("-o")
        .arg(&out)
        .args(["--shard", "3/2"])
        .output()
        .expect("run");
    assert_eq!(bad_shard.status.code(), Some(2));
}

/// A batch of one applicant whose label and README title carry markup.
fn hostile_batch() -> (common::Fixture, tempfile::TempDir, PathBuf) {
    let repo = common::copy_as("readme-rst", "project");
    std::fs::write(
        repo.path.join("README.rst"),
        "Titanic <script>document.title='PWNED'</script>\n===============================================\n\nA project.\n",
    )
    .expect("write");
    common::commit_all(&repo.path, "Add files");
    let (work, out) = batch_of(&[("<img src=x onerror=alert(1)>", &repo.path)]);
    (repo, work, out)
}

#[test]
fn hostile_labels_and_titles_are_escaped_in_html_and_csv() {
    let (_repo, _work, out) = hostile_batch();
    let index = std::fs::read_to_string(out.join("index.html")).expect("index");
    assert!(!index.contains("<img src=x"), "{index}");
    let line = &results(&out)[0];
    let page = std::fs::read_to_string(out.join(line["html"].as_str().expect("html")))
        .expect("report html");
    assert!(
        !page.contains("<script>document.title"),
        "the README title reached the page unescaped"
    );
    assert!(page.contains("&lt;script&gt;"));
}

// The browser tests need Chromium, so `cargo test` lists them as ignored
// (skipped, visibly); `.ci/run` installs Chromium and runs them with
// `--ignored`, failing if they cannot run.

#[test]
#[ignore = "needs Chromium; .ci/run runs it"]
fn the_browser_never_runs_an_injected_script() {
    let (_repo, _work, out) = hostile_batch();
    browser_check(&out);
}

/// Debian's Chromium: a browser test that runs without it fails rather
/// than passing unseen.
fn chromium() -> &'static str {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .expect("Chromium is not installed (`apt-get install chromium`)")
}

/// Runs headless Chromium with a fresh profile and the flags a closed
/// network needs; `mode` is `--dump-dom` or `--screenshot=FILE`.
fn headless(chromium: &str, profile: &Path, mode: &str, url: &str) -> std::process::Output {
    headless_with(chromium, profile, &["--window-size=1200,500", mode], url)
}

/// [`headless`] with its own window size, time budget or extra flags.
fn headless_with(chromium: &str, profile: &Path, args: &[&str], url: &str) -> std::process::Output {
    std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
        ])
        .args([
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--virtual-time-budget=4000")
        .args(args)
        .arg(url)
        .output()
        .expect("chromium")
}

/// Loads the pages in headless Chromium where it is installed: the injected
/// script must not run.
fn browser_check(out: &Path) {
    let chromium = chromium();
    let profile = tempfile::tempdir().expect("profile");
    let report = results(out)[0]["html"].as_str().expect("html").to_string();
    let url = format!("file://{}", out.join(&report).display());
    let dom =
        String::from_utf8_lossy(&headless(chromium, profile.path(), "--dump-dom", &url).stdout)
            .into_owned();
    assert!(dom.contains("&lt;script&gt;"), "{dom}");
    assert!(!dom.contains("<title>PWNED"), "the injected script ran");
}

#[test]
#[ignore = "needs Chromium; .ci/run runs it"]
fn the_browser_sorts_the_leaderboard() {
    let chromium = chromium();
    let good = common::well_made_package();
    let titanic = common::git_as("titanic-dump", "ml-project");
    let (_work, out) = batch_of(&[("zed", &good.path), ("amy", &titanic.path)]);
    let profile = tempfile::tempdir().expect("profile");
    let index = format!("file://{}", out.join("index.html").display());
    let order = |hash: &str| {
        let output = headless(
            chromium,
            profile.path(),
            "--dump-dom",
            &format!("{index}{hash}"),
        );
        let dom = String::from_utf8_lossy(&output.stdout).into_owned();
        (
            dom.find(">amy<").expect("amy row"),
            dom.find(">zed<").expect("zed row"),
        )
    };
    let (amy, zed) = order("");
    assert!(zed < amy, "by score, the strong project first");
    let (amy, zed) = order("#sort=label,asc");
    assert!(amy < zed, "sorted by label in the browser");
    // Keep a screenshot of the leaderboard for people to look at.
    let screenshot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("batch-index.png");
    let shot = headless(
        chromium,
        profile.path(),
        &format!("--screenshot={}", screenshot.display()),
        &index,
    );
    assert!(
        shot.status.success() && screenshot.is_file(),
        "no screenshot"
    );
}

/// Bare mirrors all called `repo` are named after the applicant's folder,
/// and the leaderboard shows each target beside its label.
#[test]
fn mirrors_named_repo_take_the_applicants_name() {
    let work = tempfile::tempdir().expect("tmp");
    let mut lines = Vec::new();
    for applicant in ["ada", "bob"] {
        let source = common::git_as("readme-rst", applicant);
        let mirror = work.path().join(applicant).join("repo");
        std::fs::create_dir_all(mirror.parent().expect("parent")).expect("mkdir");
        let cloned = std::process::Command::new("git")
            .args(["clone", "-q", "--bare"])
            .arg(&source.path)
            .arg(&mirror)
            .status()
            .expect("git");
        assert!(cloned.success());
        // The mirror's origin is a local path: the folder names it.
        std::process::Command::new("git")
            .arg("-C")
            .arg(&mirror)
            .args(["remote", "remove", "origin"])
            .status()
            .expect("git");
        lines.push(mirror.display().to_string());
    }
    let out = batch_lines(work.path(), &lines, &[]);
    let mut labels: Vec<String> = results(&out)
        .iter()
        .map(|r| r["label"].as_str().unwrap_or("").to_string())
        .collect();
    labels.sort();
    assert_eq!(labels, ["ada", "bob"]);
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("reports/ada.json")).expect("report"),
    )
    .expect("json");
    assert_eq!(report["target"]["name"], "ada");
    let index = std::fs::read_to_string(out.join("index.html")).expect("index");
    assert!(index.contains(&lines[0]), "the target is shown: {index}");
}

/// `batch` takes the same read caps as a single audit (it once always used
/// the defaults).
#[test]
fn batch_honours_the_read_caps() {
    let repo = common::copy_as("readme-rst", "capped");
    std::fs::write(repo.path.join("big.py"), "x = 1\n".repeat(200_000)).expect("write");
    common::commit_all(&repo.path, "Add a big file");
    let work = tempfile::tempdir().expect("tmp");
    let out = batch_lines(
        work.path(),
        &[repo.path.display().to_string()],
        &["--max-file-size", "0.5", "--quiet"],
    );
    let report = std::fs::read_to_string(out.join("reports/capped.json")).expect("report");
    assert!(report.contains("over the 0.5 MiB read limit"), "{report}");
}

/// Lines with one label are one applicant's projects: ranked together by
/// the best, with their skills and job fit pooled; a copy between two
/// applicants is a duplicate, an applicant's own two projects are not.
#[test]
fn an_applicant_of_two_projects_and_a_duplicate_between_applicants() {
    let tides = common::git_as("titanic-dump", "tides");
    let ledger = common::git_as("good-package", "ledger");
    let work = tempfile::tempdir().expect("tempdir");
    let copy = work.path().join("bob-ledger");
    let cloned = std::process::Command::new("git")
        .args(["clone", "-q"])
        .arg(&ledger.path)
        .arg(&copy)
        .status()
        .expect("git clone");
    assert!(cloned.success());
    let posting =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/job-posts/automation-tester.md");
    let lines = vec![
        format!("ada,{}", tides.path.display()),
        format!("ada,{}", ledger.path.display()),
        format!("bob,{}", copy.display()),
    ];
    let out = batch_lines(
        work.path(),
        &lines,
        &["--job-post", posting.to_str().expect("utf8"), "--quiet"],
    );
    assert_eq!(
        results(&out).len(),
        3,
        "results.jsonl keeps one line per project"
    );

    let ranking = std::fs::read_to_string(out.join("ranking.csv")).expect("ranking.csv");
    let rows: Vec<Vec<&str>> = ranking.lines().map(|l| l.split(',').collect()).collect();
    let header = &rows[0];
    let column = |name: &str| header.iter().position(|h| *h == name).expect(name);
    assert_eq!(rows.len(), 3, "one row per applicant: {ranking}");
    let ada = rows.iter().find(|r| r[1] == "ada").expect("ada");
    let bob = rows.iter().find(|r| r[1] == "bob").expect("bob");
    assert_eq!(ada[column("projects")], "2");
    assert_eq!(
        ada[column("best_project")],
        ledger.path.display().to_string()
    );
    // ada's notebook shows pandas, her package pytest: together both.
    let skills = ada[column("skills")];
    assert!(
        skills.contains("pandas") && skills.contains("pytest"),
        "{skills}"
    );
    assert_eq!(bob[column("projects")], "1");
    assert_eq!(ada[column("duplicate_of")], "bob");
    assert_eq!(bob[column("duplicate_of")], "ada");
    let fit: f64 = ada[column("job_fit")].parse().expect("job fit");
    assert!(fit > 0.0, "{ranking}");

    let applicants: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("applicants.json")).expect("applicants.json"),
    )
    .expect("json");
    let ada_json = applicants
        .as_array()
        .expect("list")
        .iter()
        .find(|a| a["applicant"] == "ada")
        .expect("ada in applicants.json");
    assert_eq!(ada_json["projects"].as_array().expect("projects").len(), 2);
    assert_eq!(
        ada_json["skills"]["pandas"],
        tides.path.display().to_string()
    );
    assert_eq!(ada_json["duplicate_of"][0], "bob");
    let projects = std::fs::read_to_string(out.join("projects.csv")).expect("projects.csv");
    assert_eq!(projects.lines().count(), 4, "{projects}");
    let pairs: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("duplicates.json")).expect("duplicates.json"),
    )
    .expect("json");
    assert_eq!(pairs.as_array().expect("pairs").len(), 1, "{pairs}");

    let index = std::fs::read_to_string(out.join("index.html")).expect("index.html");
    assert!(
        index.contains("<details><summary>2 projects</summary>"),
        "{index}"
    );
    assert!(index.contains(">job fit</th>"));
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join(results(&out)[0]["report"].as_str().expect("report")))
            .expect("report"),
    )
    .expect("json");
    assert_eq!(report["job_fit"]["role"], "automation-tester");
}

/// The dashboard as a reviewer uses it, in headless Chromium: loaded in a
/// 1280 × 800 frame by a harness page that clicks the headers, changes the
/// filters, measures overflow and reports what it saw into its own DOM.
/// Labels, a README title and the job post carry scripts that must not run.
#[test]
#[ignore = "needs Chromium; .ci/run runs it"]
fn the_dashboard_fits_1280_sorts_and_filters_by_clicking() {
    let chromium = chromium();
    let good = common::well_made_package();
    let titanic = common::git_as("titanic-dump", "ml-project");
    let (_hostile_repo, _hostile_work, _) = hostile_batch();
    let hostile = common::copy_as("readme-rst", "hostile");
    std::fs::write(
        hostile.path.join("README.rst"),
        "Tool <script>document.title='PWNED'</script>\n=========================================\n\nA tool.\n",
    )
    .expect("write");
    common::commit_all(&hostile.path, "Add files");
    let work = tempfile::tempdir().expect("tmp");
    let posting = work.path().join("post.md");
    std::fs::write(
        &posting,
        "# Backend developer <script>parent.pwned=1</script>\n- Django, pytest, pandas\n- <img src=x onerror=\"parent.pwned=1\"> Docker is a plus\n",
    )
    .expect("posting");
    let lines = vec![
        format!("zed,{}", good.path.display()),
        format!("amy,{}", titanic.path.display()),
        format!("amy,{}", good.path.display()),
        format!(
            "<img/src=x/onerror=parent.pwned=1>,{}",
            hostile.path.display()
        ),
    ];
    let out = batch_lines(
        work.path(),
        &lines,
        &["--job-post", posting.to_str().expect("utf8"), "--quiet"],
    );
    std::fs::write(out.join("harness.html"), HARNESS).expect("harness");
    let profile = tempfile::tempdir().expect("profile");
    let output = headless_with(
        chromium,
        profile.path(),
        &[
            "--allow-file-access-from-files",
            "--window-size=1400,900",
            "--dump-dom",
        ],
        &format!("file://{}", out.join("harness.html").display()),
    );
    let dom = String::from_utf8_lossy(&output.stdout);
    let json = dom
        .split("<pre id=\"result\">")
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next())
        .unwrap_or_else(|| panic!("the harness reported nothing: {dom}"))
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    let seen: serde_json::Value = serde_json::from_str(&json).expect("harness JSON");
    let width = seen["innerWidth"].as_f64().expect("innerWidth");
    assert_eq!(width, 1280.0, "{seen}");
    assert!(
        seen["scrollWidth"].as_f64().expect("scrollWidth") <= width,
        "the dashboard scrolls sideways at 1280 px: {seen}"
    );
    let rows = |key: &str| -> Vec<String> {
        seen[key]
            .as_array()
            .unwrap_or_else(|| panic!("{key}: {seen}"))
            .iter()
            .map(|r| r.as_str().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(rows("initial").len(), 3, "one row per applicant: {seen}");
    let by_label = rows("byLabelAscending");
    let mut sorted = by_label.clone();
    sorted.sort();
    assert_eq!(
        by_label, sorted,
        "clicking the applicant header sorts by it"
    );
    let strong = rows("strongOnly");
    assert!(strong.contains(&"+zed".to_string()), "{seen}");
    assert!(
        strong.iter().any(|r| r.starts_with('-')),
        "the verdict filter hides rows: {seen}"
    );
    let pandas = rows("pandasOnly");
    assert!(
        pandas.contains(&"+amy".to_string()) && pandas.contains(&"-zed".to_string()),
        "{seen}"
    );
    assert_eq!(seen["matrix"], true, "the job post's skills matrix: {seen}");
    assert_eq!(seen["pwned"], false, "an injected script ran: {seen}");

    // Screenshots at 1280 × 800, kept for people to look at.
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let report = out.join(results(&out)[0]["html"].as_str().expect("html"));
    for (name, page) in [
        ("dashboard.png", out.join("index.html")),
        ("report.png", report),
    ] {
        let screenshot = format!("--screenshot={}", shots.join(name).display());
        let shot = headless_with(
            chromium,
            profile.path(),
            &["--window-size=1280,800", &screenshot],
            &format!("file://{}", page.display()),
        );
        assert!(
            shot.status.success() && shots.join(name).is_file(),
            "no {name}"
        );
    }
}

/// Loads `index.html` in a 1280 × 800 frame, clicks and filters, and writes
/// what it saw as JSON into `#result`.
const HARNESS: &str = r##"<!doctype html><html><body style="margin:0">
<iframe id="f" src="index.html" style="width:1280px;height:800px;border:0"></iframe>
<pre id="result"></pre>
<script>
var frame = document.getElementById("f");
frame.addEventListener("load", function () {
  var d = frame.contentDocument, w = frame.contentWindow, seen = {};
  function rows() {
    return Array.prototype.map.call(d.querySelectorAll("#ranking tbody tr"), function (r) {
      return (r.hidden ? "-" : "+") + r.cells[1].getAttribute("data-value");
    });
  }
  seen.innerWidth = w.innerWidth;
  seen.scrollWidth = d.documentElement.scrollWidth;
  seen.initial = rows();
  var header = d.querySelector('th[data-key="label"]');
  header.click();
  header.click();
  seen.byLabelAscending = rows();
  var verdict = d.getElementById("verdict-filter");
  verdict.value = "strong";
  verdict.dispatchEvent(new Event("change"));
  seen.strongOnly = rows();
  verdict.value = "";
  verdict.dispatchEvent(new Event("change"));
  var skill = d.getElementById("skill-filter");
  skill.value = "pandas";
  skill.dispatchEvent(new Event("change"));
  seen.pandasOnly = rows();
  seen.matrix = !!d.getElementById("matrix");
  seen.pwned = !!window.pwned || d.title.indexOf("PWNED") >= 0;
  document.getElementById("result").textContent = JSON.stringify(seen);
});
</script></body></html>
"##;

#[test]
fn the_ranking_follows_the_verdict_and_says_what_holds_a_capped_row() {
    // ada scores higher, but one upload holds her project at fair.
    let ada = common::git("good-package");
    let bob = common::well_made_package();
    // Strong, with fewer points: no licence, no .gitignore, no linter, no
    // results shown, and tests the README's `pytest` runs but no CI does.
    for file in ["LICENSE", ".gitignore"] {
        std::fs::remove_file(bob.path.join(file)).expect("remove");
    }
    std::fs::remove_dir_all(bob.path.join(".github")).expect("remove CI");
    let pyproject = std::fs::read_to_string(bob.path.join("pyproject.toml")).expect("read");
    let without_ruff = pyproject.replace("[tool.ruff]\nline-length = 100\n", "");
    std::fs::write(bob.path.join("pyproject.toml"), without_ruff).expect("write");
    let readme = std::fs::read_to_string(bob.path.join("README.md")).expect("read");
    let start = readme.find("## Results").expect("results section");
    let end = readme.find("## Running the tests").expect("tests section");
    let without_results = format!("{}{}", &readme[..start], &readme[end..]);
    std::fs::write(bob.path.join("README.md"), without_results).expect("write");
    common::commit_all_at(&bob.path, "Tidy up", 1_700_000_000 + 6 * 86_400);
    let (_work, out) = batch_of(&[("ada", &ada.path), ("bob", &bob.path)]);
    let lines = results(&out);
    let line = |label: &str| {
        lines
            .iter()
            .find(|l| l["label"] == label)
            .unwrap_or_else(|| panic!("{label}"))
    };
    let score = |label: &str| line(label)["score"].as_f64().expect("score");
    assert!(
        score("ada") > score("bob"),
        "the case needs ada ahead on points: {} vs {}",
        score("ada"),
        score("bob")
    );
    assert_eq!(line("ada")["verdict"], "fair");
    assert_eq!(line("bob")["verdict"], "strong");
    let note = line("ada")["verdict_note"].as_str().expect("a note");
    assert!(note.contains("one upload"), "{note}");
    let ranking = std::fs::read_to_string(out.join("ranking.csv")).expect("ranking");
    let order: Vec<&str> = ranking
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(1))
        .collect();
    assert_eq!(order, ["bob", "ada"], "{ranking}");
    let html = std::fs::read_to_string(out.join("index.html")).expect("dashboard");
    let bob_row = html.find(">bob<").expect("bob's row");
    let ada_row = html.find(">ada<").expect("ada's row");
    assert!(bob_row < ada_row, "the dashboard ranks as the CSV does");
    assert!(
        html.contains("title=\"the history is one upload: strong needs a history that grew\""),
        "the capped row says what holds it down on hover"
    );
}

#[test]
fn the_list_and_the_job_post_cannot_both_come_from_stdin() {
    let output = bin()
        .args(["batch", "-", "-o", "out", "--job-post", "-"])
        .write_stdin("ada,.\n")
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot both be read from stdin"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
}

/// With a job post the batch is a shortlist: ranked by fit, the posting
/// named, the matrix split into required, nice and unchecked asks, the
/// missing required asks in `ranking.csv`; another posting into the same
/// folder is refused, never served the old fits; shards judged with
/// different postings never merge.
#[test]
fn a_job_post_makes_the_batch_a_shortlist_and_never_serves_stale_fits() {
    let package = common::git_as("good-package", "ledger");
    let notebook = common::git_as("titanic-dump", "tides");
    let work = tempfile::tempdir().expect("tempdir");
    let posting = work.path().join("data.txt");
    std::fs::write(
        &posting,
        "Data Scientist\n\nRequirements\n- Python, pandas and Jupyter\n- Jira\n\nNice to have\n- Docker\n",
    )
    .expect("posting");
    let lines = vec![
        format!("ada,{}", package.path.display()),
        format!("bob,{}", notebook.path.display()),
    ];
    let out = batch_lines(
        work.path(),
        &lines,
        &["--job-post", posting.to_str().expect("utf8"), "--quiet"],
    );
    let ranking = std::fs::read_to_string(out.join("ranking.csv")).expect("ranking.csv");
    let rows: Vec<Vec<&str>> = ranking.lines().map(|l| l.split(',').collect()).collect();
    let column = |name: &str| rows[0].iter().position(|h| *h == name).expect(name);
    // The package scores higher as a project; the notebook fits the post.
    assert_eq!(rows[1][1], "bob", "{ranking}");
    let ada = rows.iter().find(|r| r[1] == "ada").expect("ada");
    assert!(
        ada[column("missing_required")].contains("pandas"),
        "{ranking}"
    );
    let index = std::fs::read_to_string(out.join("index.html")).expect("index.html");
    assert!(
        index.contains("<h1>Shortlist for: Data Scientist</h1>"),
        "{index}"
    );
    for group in ["required", "nice to have", "cannot check from a repository"] {
        assert!(index.contains(&format!(">{group}</th>")), "{group}");
    }
    assert!(!index.contains("\\u{a}"), "the skills tooltip");

    // Another posting into the same folder: refused, naming the setting.
    let other = work.path().join("web.txt");
    std::fs::write(&other, "Requirements\n- Django\n").expect("posting");
    let list = work.path().join("applicants.txt");
    let refused = bin()
        .arg("batch")
        .arg(&list)
        .arg("-o")
        .arg(&out)
        .args(["--job-post", other.to_str().expect("utf8"), "--quiet"])
        .output()
        .expect("run");
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("job post (--job-post)"), "{stderr}");
    // With --force it audits again against the new posting.
    bin()
        .arg("batch")
        .arg(&list)
        .arg("-o")
        .arg(&out)
        .args([
            "--job-post",
            other.to_str().expect("utf8"),
            "--quiet",
            "--force",
        ])
        .assert()
        .success();
    let index = std::fs::read_to_string(out.join("index.html")).expect("index.html");
    assert!(index.contains("Shortlist for: Requirements"), "{index}");

    // Shards judged with different postings do not merge.
    let shard = work.path().join("shard-b");
    bin()
        .arg("batch")
        .arg(&list)
        .arg("-o")
        .arg(&shard)
        .args(["--job-post", posting.to_str().expect("utf8"), "--quiet"])
        .assert()
        .success();
    let merged = bin()
        .arg("merge")
        .arg(&out)
        .arg(&shard)
        .arg("-o")
        .arg(work.path().join("merged"))
        .output()
        .expect("merge");
    assert_eq!(merged.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&merged.stderr).contains("job post"),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
}
