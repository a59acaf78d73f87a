//! Blocks → README facts. Format-independent.

use std::sync::LazyLock;

use regex::Regex;

use super::instructions::{
    INSTALL_COMMAND, PACKAGE_INSTALL, RUN_COMMAND, TEST_COMMAND, code_example, command_line,
    docs_link, imports_shown,
};
use super::{Block, Heading, Quality, Readme, ReadmeFormat, Reference};
use crate::facts::Location;

/// A paragraph this long, near the top, tells a reader what the project is.
pub const DESCRIPTION_MIN_WORDS: usize = 10;
/// A whole sentence this long near the top does too.
const SENTENCE_MIN_WORDS: usize = 5;
/// Words of prose that make a description alone `adequate` (a reviewer's
/// "about 100 words"; shorter is a one-liner).
pub const ADEQUATE_MIN_WORDS: usize = 100;
/// Words of prose for `detailed` (with a description, and install or usage).
pub const DETAILED_MIN_WORDS: usize = 250;
/// A section "has content" with this many words of prose, or any code.
const SECTION_MIN_WORDS: usize = 3;

/// Sections about the people and the paperwork, never about the project.
static CREDITS_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(licen[cs]e|credits?|acknowledge?ments?|contribut\w*|authors?|contact|support|changelog)\b")
        .expect("credits pattern")
});
static ABOUT_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(about|overview|description|introduction|what is|what it does|summary|motivation|background)\b")
        .expect("about pattern")
});
/// Headings whose section, when it has content, says what to install. A
/// "Getting started" or "Quick start" section counts only through an
/// install command in it (found by [`INSTALL_COMMAND`]).
static INSTALL_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(install(ation|ing)?|set ?up|requirements|prerequisites|dependencies)\b")
        .expect("install heading pattern")
});
static USAGE_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(usage|examples?|how to (run|use)|running|run|quick ?start|tutorial|command[- ]line|cli)\b")
        .expect("usage heading pattern")
});
static RESULTS_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(results?|demo|screenshots?|preview|findings|evaluation|performance|benchmarks?|output)\b")
        .expect("results heading pattern")
});
/// A status badge (CI, coverage, downloads), not a picture of the project.
pub fn is_badge(target: &str) -> bool {
    BADGE.is_match(target)
}

static BADGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)shields\.io|badge|badgen|travis-ci|codecov|coveralls|circleci\.com|pepy\.tech|readthedocs\.org/projects|/workflows/")
        .expect("badge pattern")
});

pub fn analyse(path: &str, format: ReadmeFormat, blocks: &[Block]) -> Readme {
    let sections = Sections::new(blocks);
    let headings: Vec<Heading> = blocks
        .iter()
        .filter_map(|block| match block {
            Block::Heading { level, text, line } => Some(Heading {
                level: *level,
                text: text.clone(),
                line: *line,
            }),
            _ => None,
        })
        .collect();
    let words = blocks
        .iter()
        .map(|block| match block {
            Block::Prose { words, .. } => *words,
            _ => 0,
        })
        .sum();
    let images = references(blocks, true);
    let links = references(blocks, false);
    let code_blocks = blocks
        .iter()
        .filter(|b| matches!(b, Block::Code { .. }))
        .count();
    let at = |line: usize, note: &str| Location {
        path: path.to_string(),
        line: Some(line),
        note: note.to_string(),
    };

    let description = description(blocks, &sections).map(|line| at(line, "opening paragraph"));
    let install = sections
        .with_content(&INSTALL_HEADING, blocks)
        .map(|(line, title)| at(line, &format!("section \"{title}\"")))
        .or_else(|| command_line(blocks, &INSTALL_COMMAND, None).map(|(line, cmd)| at(line, &cmd)));
    // A link out to the docs says where the steps are written, not the
    // steps: by the rubric it is neither install nor usage.
    let install_docs = docs_link(blocks, &INSTALL_HEADING).map(|(line, text)| at(line, &text));
    let usage = sections
        .with_content(&USAGE_HEADING, blocks)
        .map(|(line, title)| at(line, &format!("section \"{title}\"")))
        .or_else(|| {
            command_line(blocks, &RUN_COMMAND, Some(&PACKAGE_INSTALL))
                .map(|(line, cmd)| at(line, &cmd))
        })
        .or_else(|| code_example(blocks).map(|line| at(line, "code example")));
    let usage_docs = docs_link(blocks, &USAGE_HEADING).map(|(line, text)| at(line, &text));
    let test_command = command_line(blocks, &TEST_COMMAND, None).map(|(line, cmd)| at(line, &cmd));
    let results_section = sections
        .with_content(&RESULTS_HEADING, blocks)
        .map(|(line, title)| at(line, &format!("section \"{title}\"")));

    let quality = quality(
        words,
        code_blocks,
        headings.len(),
        description.is_some(),
        install.is_some(),
        usage.is_some(),
    );
    Readme {
        imports_shown: imports_shown(blocks),
        path: path.to_string(),
        format,
        words,
        title: headings.first().map(|h| h.text.clone()),
        opening: opening(blocks),
        headings,
        code_blocks,
        images,
        links,
        description,
        install,
        usage,
        install_docs,
        usage_docs,
        test_command,
        results_section,
        quality,
    }
}

fn quality(
    words: usize,
    code_blocks: usize,
    headings: usize,
    description: bool,
    install: bool,
    usage: bool,
) -> Quality {
    if words == 0 && code_blocks == 0 && headings == 0 {
        Quality::None
    } else if words >= DETAILED_MIN_WORDS && description && (install || usage) {
        // Depth with a description and steps to follow; a missing install
        // section is DOC003's finding, not a thin README.
        Quality::Detailed
    } else if install || usage || (description && words >= ADEQUATE_MIN_WORDS) {
        // Steps a reader can follow, or a real description, are enough for
        // a reviewer to call a README adequate however short it is.
        Quality::Adequate
    } else {
        Quality::Thin
    }
}

/// Heading ranges: for each block, the index of the heading it sits under.
struct Sections {
    owner: Vec<Option<usize>>,
}

impl Sections {
    fn new(blocks: &[Block]) -> Self {
        let mut owner = Vec::with_capacity(blocks.len());
        let mut current = None;
        for (index, block) in blocks.iter().enumerate() {
            if matches!(block, Block::Heading { .. }) {
                current = Some(index);
                owner.push(None);
            } else {
                owner.push(current);
            }
        }
        Sections { owner }
    }

    /// The first heading matching `pattern` whose section (down to the next
    /// heading of the same or a higher level) has prose or code in it. The
    /// README's title is the project's name, not a section: "CLI Todo" or
    /// "Sales Performance" is neither usage nor results.
    fn with_content(&self, pattern: &Regex, blocks: &[Block]) -> Option<(usize, String)> {
        let title = blocks
            .iter()
            .position(|b| matches!(b, Block::Heading { .. }))
            .filter(|&i| matches!(blocks[i], Block::Heading { level: 1, .. }));
        blocks.iter().enumerate().find_map(|(index, block)| {
            let Block::Heading {
                level,
                text: heading_text,
                line,
            } = block
            else {
                return None;
            };
            if !pattern.is_match(heading_text) || Some(index) == title {
                return None;
            }
            let body = blocks[index + 1..]
                .iter()
                .take_while(|b| !matches!(b, Block::Heading { level: l, .. } if l <= level));
            let mut words = 0;
            for b in body {
                match b {
                    Block::Code { .. } | Block::InlineCode { .. } => {
                        return Some((*line, heading_text.clone()));
                    }
                    // A table row with data (cells end in " | "): results
                    // are often a table of numbers with few words.
                    Block::Prose { text, .. } if text.ends_with(" |") => {
                        return Some((*line, heading_text.clone()));
                    }
                    Block::Prose { words: w, .. } => words += w,
                    _ => {}
                }
            }
            (words >= SECTION_MIN_WORDS).then(|| (*line, heading_text.clone()))
        })
    }

    fn heading_text<'b>(&self, blocks: &'b [Block], index: usize) -> Option<&'b str> {
        self.owner[index].and_then(|h| match &blocks[h] {
            Block::Heading { text, .. } => Some(text.as_str()),
            _ => None,
        })
    }
}

/// Line of the paragraph that says what the project is: the first paragraph
/// of some length (or one whole sentence) before the README turns to
/// installing or running, under the title or any first section ("About",
/// "Goals", "목표"), or one under an "About" heading anywhere.
fn description(blocks: &[Block], sections: &Sections) -> Option<usize> {
    let mut instructions_began = false;
    // The title names the project ("Expense Tracker CLI", "A FastAPI CRUD
    // Example"): it is no instructions section, whatever words it uses.
    let title = blocks
        .iter()
        .position(|b| matches!(b, Block::Heading { .. }))
        .filter(|&i| {
            blocks[..i]
                .iter()
                .all(|b| !matches!(b, Block::Prose { .. }))
        });
    for (index, block) in blocks.iter().enumerate() {
        match block {
            Block::Heading { text, .. }
                if Some(index) != title
                    && (INSTALL_HEADING.is_match(text) || USAGE_HEADING.is_match(text)) =>
            {
                instructions_began = true;
            }
            Block::Prose { words, line, text } => {
                // A paragraph of some length, or one whole sentence ("This
                // is a command-line todo list application."), in any
                // language: structure and length, not English words.
                let sentence = *words >= SENTENCE_MIN_WORDS
                    && text.trim_end().ends_with(['.', '!', '。', '！']);
                if *words < DESCRIPTION_MIN_WORDS && !sentence {
                    continue;
                }
                let heading = sections.heading_text(blocks, index);
                let in_about = heading.is_some_and(|h| ABOUT_HEADING.is_match(h));
                let in_credits = heading.is_some_and(|h| CREDITS_HEADING.is_match(h));
                if (!instructions_began && !in_credits) || in_about {
                    return Some(*line);
                }
            }
            _ => {}
        }
    }
    None
}

/// The first paragraph with words in it, for the project's own subject.
fn opening(blocks: &[Block]) -> Option<String> {
    blocks.iter().find_map(|block| match block {
        Block::Prose { text, words, .. } if *words >= 3 => Some(text.clone()),
        _ => None,
    })
}

fn references(blocks: &[Block], images: bool) -> Vec<Reference> {
    blocks
        .iter()
        .filter_map(|block| match (block, images) {
            (Block::Image { target, line }, true) | (Block::Link { target, line }, false) => {
                Some(Reference {
                    target: target.clone(),
                    line: *line,
                })
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::facts::readme::{Quality, is_badge, parse};

    const GOOD: &str = include_str!("../../../fixtures/good-package/README.md");

    #[test]
    fn a_complete_readme_is_detailed() {
        let readme = parse("README.md", GOOD);
        assert!(readme.description.is_some());
        assert!(readme.install.is_some(), "install");
        assert!(readme.usage.is_some(), "usage");
        assert_eq!(readme.quality, Quality::Detailed, "{} words", readme.words);
    }

    #[test]
    fn descriptions_in_any_language_and_one_sentence_openings() {
        let cases = [
            "# Todo\n\nThis is a command-line todo list application.\n",
            "# Проект\n\n## Описание проекта\n\nЭто веб-приложение для учёта расходов с графиками и отчётами.\n",
            "# Tides\n\n[![CI](https://x/badge.svg)](x)\n\n[中文说明](README.zh.md)\n\n## About\n\nTides predicts safe crossing windows for a tidal causeway from harbour tables.\n",
        ];
        for md in cases {
            let readme = crate::facts::readme::parse("README.md", md);
            assert!(readme.description.is_some(), "{md}");
        }
        // A first section about installing is not a description.
        let md = "# Tool\n\n## Installation\n\nInstall it with pip and then run the tool from your shell.\n";
        assert!(
            crate::facts::readme::parse("README.md", md)
                .description
                .is_none()
        );
    }

    #[test]
    fn short_readmes_with_steps_are_adequate() {
        // Calibration: a reviewer calls a 50-word README with install and
        // run steps adequate; a title and a one-liner stay thin.
        let md = "# Todo\n\n## Install\n\n```\npip install -e .\n```\n\n## Run\n\n```\ntodo add milk\n```\n";
        assert_eq!(
            crate::facts::readme::parse("README.md", md).quality,
            Quality::Adequate
        );
        let md = "# Todo\n\nA command-line todo list.\n";
        assert_eq!(
            crate::facts::readme::parse("README.md", md).quality,
            Quality::Thin
        );
    }

    #[test]
    fn one_line_readme_is_thin() {
        let readme = parse("README.md", "# titanic\n");
        assert_eq!(readme.quality, Quality::Thin);
        assert!(readme.description.is_none());
        assert_eq!(readme.title.as_deref(), Some("titanic"));
    }

    #[test]
    fn a_title_with_usage_words_does_not_hide_the_description() {
        // Calibration: "Expense Tracker CLI" and "FastAPI CRUD Example" are
        // titles, and the paragraph under them says what the project is.
        for title in [
            "# Expense Tracker CLI",
            "# Fastapi-crud: FastAPI CRUD Example",
        ] {
            let md = format!(
                "{title}\n\nA command line application for personal expense management, with budgets and exports.\n\n## Usage\n\n```\ntracker add 5\n```\n"
            );
            let readme = parse("README.md", &md);
            assert_eq!(readme.description.map(|d| d.line), Some(Some(3)), "{title}");
        }
        // A usage section's own paragraph still is not a description.
        let md = "# Tool\n\n## Usage\n\nRun the tool with a file name and it prints the lines that differ.\n";
        assert!(parse("README.md", md).description.is_none());
    }

    #[test]
    fn a_table_of_contents_entry_is_not_an_install_section() {
        let md = "# Tool\n\n## Contents\n\n- [Installation](#installation)\n- [Usage](#usage)\n\n## Installation\n\n## Usage\n";
        let readme = parse("README.md", md);
        assert!(readme.install.is_none());
        assert!(readme.usage.is_none());
    }

    #[test]
    fn install_command_anywhere_counts() {
        let md = "# Tool\n\nGet it with `pip install -r requirements.txt` and go.\n";
        let install = parse("README.md", md).install.expect("install");
        assert_eq!(install.line, Some(3));
    }

    #[test]
    fn docker_compose_up_in_inline_code_is_install_and_usage() {
        // Calibration: a Django README whose only run step is an inline
        // `docker compose up` under prose, not in a fence.
        let md = "# Blog\n\nA blog where you read and write articles, follow authors and more.\n\nRun these:\n\n`docker compose build`\n\n`docker compose up`\n";
        let readme = crate::facts::readme::parse("README.md", md);
        assert!(readme.install.is_some(), "install");
        assert!(readme.usage.is_some(), "usage");
    }

    #[test]
    fn commands_written_as_their_own_paragraph_count() {
        // Calibration: a Streamlit README whose steps are indented
        // paragraphs in a numbered list, not code blocks.
        let md = "# Study buddy\n\nAn AI study helper that makes quizzes and summaries from your notes.\n\n## Setup\n\n1. Install dependencies:\n\n   pip install -r requirements.txt\n\n2. Start it:\n\n   streamlit run app.py\n";
        let readme = crate::facts::readme::parse("README.md", md);
        assert!(readme.install.is_some(), "install");
        assert!(readme.usage.is_some(), "usage");
        // In a sentence, a command-like phrase is not a usage example.
        let md = "# Notes\n\nI wrote this because python is a joy to write scripts in.\n";
        assert!(crate::facts::readme::parse("README.md", md).usage.is_none());
    }

    #[test]
    fn run_command_is_usage_but_pip_is_not() {
        assert!(
            parse("README.md", "```\npython -m pip install x\n```\n")
                .usage
                .is_none()
        );
        assert!(
            parse("README.md", "```\n$ python train.py --epochs 3\n```\n")
                .usage
                .is_some()
        );
    }

    #[test]
    fn badges_titles_and_empty_tables_are_not_results() {
        assert!(is_badge("https://img.shields.io/badge/ci-passing-green"));
        assert!(!is_badge("docs/demo.gif"));
        let titled = "# Sales Performance Dashboard\n\nA dashboard of monthly sales for a \
                      small shop, built with pandas and Streamlit.\n";
        assert!(parse("README.md", titled).results_section.is_none());
        let empty_table =
            "# T\n\nA tool.\n\n## Results\n\n| Model | Accuracy | F1 score |\n|---|---|---|\n";
        assert!(parse("README.md", empty_table).results_section.is_none());
        let filled =
            "# T\n\nA tool.\n\n## Results\n\n| Model | Accuracy |\n|---|---|\n| forest | 0.91 |\n";
        assert!(parse("README.md", filled).results_section.is_some());
    }

    #[test]
    fn usage_evidence_is_the_usage_heading_not_the_title() {
        let md = "# CLI Todo\n\nA command-line todo list.\n\n## Usage\n\nAdd a task with the add command and list them all.\n";
        let usage = parse("README.md", md).usage.expect("usage");
        assert_eq!(usage.line, Some(5));
    }

    #[test]
    fn a_getting_started_heading_without_an_install_line_is_not_install() {
        let md = "# Tide\n\nTide predicts crossing windows for a causeway from tables.\n\n\
                  ## Getting started\n\nOpen the notebook and follow the cells in order to \
                  see the predictions for this month.\n";
        assert!(parse("README.md", md).install.is_none());
        let with_line = md.to_string() + "\n```bash\npip install -r requirements.txt\n```\n";
        assert!(parse("README.md", &with_line).install.is_some());
    }

    #[test]
    fn empty_template_sections_make_a_thin_readme() {
        let md = "# Project Title\n\nOne sentence about it.\n\n## Getting Started\n\n\
                  ## Prerequisites\n\n## Installing\n\n## Running the tests\n\n\
                  ## Deployment\n\n## Built With\n\n## Contributing\n\n## Authors\n\n## License\n";
        assert_eq!(parse("README.md", md).quality, Quality::Thin);
    }

    #[test]
    fn a_long_readme_with_usage_but_no_install_section_is_detailed() {
        let prose =
            "The library parses sizes, timespans and paths in formats people write. ".repeat(30);
        let md = format!(
            "# sizes\n\n{prose}\n\n## Getting started\n\n```python\n>>> from sizes import parse\n```\n"
        );
        let readme = parse("README.md", &md);
        assert!(readme.install.is_none());
        assert_eq!(readme.quality, Quality::Detailed);
    }

    #[test]
    fn the_first_paragraph_under_any_first_section_is_the_description_but_credits_are_not() {
        let md = "# 영상 분석 서비스\n\n## 1. 목표와 기능\n\n### 1.1 목표\n\n\
                  서비스는 사람들이 알고 접하는 것이 중요합니다 이를 위해 먼저 유명인물 영상 분석 \
                  서비스로 미국 대통령들과 후보를 유명 인물로 선정하여 제공합니다.\n";
        assert!(parse("README.md", md).description.is_some());
        let credits = "# tool\n\n## Screenshots\n\n## License\n\nThis project is licensed \
                       under the MIT License; see the LICENSE file for the details.\n";
        assert!(parse("README.md", credits).description.is_none());
    }

    #[test]
    fn python_followed_by_a_word_is_not_a_run_command() {
        let listed = "# T\n\nA service.\n\n- Python 라이브러리: OpenCV, TensorFlow\n- Python libraries: pandas\n";
        assert!(parse("README.md", listed).usage.is_none());
        for command in [
            "python main.py",
            "python3 -m tides",
            "python src/app.py --port 8000",
        ] {
            let md = format!("# T\n\nA service.\n\n```\n{command}\n```\n");
            assert!(parse("README.md", &md).usage.is_some(), "{command}");
        }
    }

    #[test]
    fn links_out_to_installation_and_usage_docs_are_docs_links_not_steps() {
        let md = "# pip\n\nPip installs packages from the Python Package Index and other indexes.\n\n\
                  * [Installation](https://pip.pypa.io/en/stable/installation/)\n\
                  * [Usage](https://pip.pypa.io/en/stable/)\n";
        let readme = parse("README.md", md);
        // The rubric: a link to external docs alone is not install steps.
        assert!(readme.install.is_none() && readme.usage.is_none());
        assert!(readme.install_docs.is_some() && readme.usage_docs.is_some());
        assert!(readme.points_to_docs());
        let toc = "# T\n\nA tool that does a thing well.\n\n- [Installation](#installation)\n- [Usage](#usage)\n";
        let readme = parse("README.md", toc);
        assert!(readme.install_docs.is_none() && readme.usage_docs.is_none());
        assert!(!readme.points_to_docs());
    }
}
