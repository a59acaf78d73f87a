//! The reusable batch workflow (`.github/workflows/batch.yml`) run here as
//! GitHub would run it: each shard's `run` script with the matrix values in
//! its environment, the artifacts laid out as `download-artifact` lays them
//! out, then the merge script. The merged ranking must equal one machine's.

use std::path::{Path, PathBuf};

use yaml_rust2::{Yaml, YamlLoader};

use crate::common::{self, bin};

fn workflow() -> Yaml {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/batch.yml");
    let text = std::fs::read_to_string(path).expect("batch.yml");
    YamlLoader::load_from_str(&text).expect("yaml").remove(0)
}

/// The `run` script of the step with `id` in `job`.
fn script(workflow: &Yaml, job: &str, id: &str) -> String {
    workflow["jobs"][job]["steps"]
        .as_vec()
        .expect("steps")
        .iter()
        .find(|step| step["id"].as_str() == Some(id))
        .and_then(|step| step["run"].as_str())
        .unwrap_or_else(|| panic!("no step {id} in {job}"))
        .to_string()
}

fn tool() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_portfolio-audit"))
}

fn run(script: &str, dir: &Path, env: &[(&str, &str)]) {
    let status = std::process::Command::new("bash")
        .args(["-euo", "pipefail", "-c", script])
        .current_dir(dir)
        .envs(env.iter().copied())
        .env("TOOL", tool())
        .env_remove("GITHUB_ACTIONS")
        .status()
        .expect("bash");
    assert!(status.success(), "{script}");
}

#[test]
fn the_reusable_workflow_shards_and_merges_into_one_machines_ranking() {
    let workflow = workflow();
    assert!(
        workflow["on"]["workflow_call"]["inputs"]["list"]["required"]
            .as_bool()
            .unwrap_or(false),
        "a reusable workflow taking a list"
    );
    let work = tempfile::tempdir().expect("tempdir");
    let mut repos = Vec::new();
    let mut lines = Vec::new();
    for (i, fixture) in [
        "good-package",
        "titanic-dump",
        "monorepo",
        "readme-plain",
        "library-with-titanic",
    ]
    .iter()
    .enumerate()
    {
        let repo = common::git_as(fixture, &format!("project{i}"));
        lines.push(format!("applicant{i},{}", repo.path.display()));
        repos.push(repo);
    }
    std::fs::write(work.path().join("applicants.txt"), lines.join("\n") + "\n").expect("list");
    let posting = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/postings/either-or.md");
    let args = format!("--job-post\n{}\n", posting.display());

    let shards = 3;
    let audit = script(&workflow, "audit", "shard");
    for shard in 1..=shards {
        run(
            &audit,
            work.path(),
            &[
                ("LIST", "applicants.txt"),
                ("SHARD", &shard.to_string()),
                ("SHARDS", &shards.to_string()),
                ("ARGS", &args),
            ],
        );
        // download-artifact with a pattern: shards/<artifact name>/…
        let artifacts = work.path().join("shards");
        std::fs::create_dir_all(&artifacts).expect("shards");
        std::fs::rename(
            work.path().join(format!("shard-{shard}")),
            artifacts.join(format!("portfolio-audit-shard-{shard}")),
        )
        .expect("artifact");
    }
    run(&script(&workflow, "merge", "merge"), work.path(), &[]);

    bin()
        .current_dir(work.path())
        .args([
            "batch",
            "applicants.txt",
            "-o",
            "single",
            "--quiet",
            "--job-post",
        ])
        .arg(&posting)
        .assert()
        .success();
    for file in ["ranking.csv", "projects.csv"] {
        let merged = std::fs::read_to_string(work.path().join("ranking").join(file)).expect(file);
        let single = std::fs::read_to_string(work.path().join("single").join(file)).expect(file);
        assert_eq!(merged, single, "{file}");
        assert_eq!(merged.lines().count(), 6, "{merged}");
    }
    let index = std::fs::read_to_string(work.path().join("ranking/index.html")).expect("index");
    assert!(index.contains("Shortlist for: Python Developer"), "{index}");
}
