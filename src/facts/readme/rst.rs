//! reStructuredText and plain-text README → blocks.
//!
//! Recognises what a reviewer's eye picks up: section titles (underlined, with
//! or without an overline), paragraphs and list items, literal blocks (`::`),
//! `code-block` directives, doctest blocks, images and hyperlinks.

use std::sync::LazyLock;

use regex::Regex;

use super::{Block, count_words};

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\.\.\s+(?:\|[^|]+\|\s+)?([A-Za-z][\w-]*)::\s*(.*)$").expect("directive pattern")
});
static LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"`[^`<]*<([^>`]+)>`__?").expect("rst link pattern"));
static LINK_TARGET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\.\.\s+_[^:]+:\s*(\S+)").expect("rst target pattern"));
/// A named target with its name: `.. _Installation: https://…`.
static NAMED_TARGET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\.\.\s+_([^:]+):\s*(\S+)").expect("rst named target"));
/// A named reference in prose: `` `Installation`_ `` or `Usage_`.
static NAMED_REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"`([^`<]+)`_\b|\b(\w+)_\b").expect("rst named reference"));

const ADORNMENT: &str = "=-~^\"'*+#:._`";

pub fn blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut scanner = Scanner {
        lines: &lines,
        blocks: Vec::new(),
        styles: Vec::new(),
    };
    scanner.run();
    let mut blocks = scanner.blocks;
    blocks.extend(resolved_references(&lines, &blocks));
    blocks
}

/// A link at each prose line that names a target defined elsewhere
/// (`` `Usage`_ `` … `.. _Usage: https://…`), so the line is known to link.
fn resolved_references(lines: &[&str], blocks: &[Block]) -> Vec<Block> {
    let targets: std::collections::HashMap<String, &str> = lines
        .iter()
        .filter_map(|line| NAMED_TARGET.captures(line))
        .map(|c| {
            (
                c[1].trim().to_lowercase(),
                c.get(2).map_or("", |m| m.as_str()),
            )
        })
        .collect();
    if targets.is_empty() {
        return Vec::new();
    }
    blocks
        .iter()
        .filter_map(|block| match block {
            Block::Prose { text, line, .. } => Some((text, *line)),
            _ => None,
        })
        .flat_map(|(text, line)| {
            NAMED_REFERENCE
                .captures_iter(text)
                .filter_map(|c| {
                    let name = c
                        .get(1)
                        .or_else(|| c.get(2))?
                        .as_str()
                        .trim()
                        .to_lowercase();
                    // Web targets only: a local one is checked at its definition.
                    let target = targets.get(&name).filter(|t| t.contains("://"))?;
                    Some(Block::Link {
                        target: target.to_string(),
                        line,
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

struct Scanner<'a> {
    lines: &'a [&'a str],
    blocks: Vec<Block>,
    /// Heading styles (adornment character, has overline) in order of first use.
    styles: Vec<(char, bool)>,
}

impl Scanner<'_> {
    fn run(&mut self) {
        let mut i = 0;
        while i < self.lines.len() {
            let line = self.lines[i];
            if line.trim().is_empty() {
                i += 1;
            } else if let Some(next) = self.heading_at(i) {
                i = next;
            } else if line.starts_with("..") {
                i = self.directive(i);
            } else if line.trim_start().starts_with(">>>") {
                i = self.doctest(i);
            } else {
                i = self.paragraph(i);
            }
        }
    }

    fn heading_at(&mut self, i: usize) -> Option<usize> {
        let line = self.lines[i];
        let next = self.lines.get(i + 1).copied();
        // Overline, title, underline.
        if let (Some(c), Some(title), Some(under)) = (adornment(line), next, self.lines.get(i + 2))
            && adornment(under) == Some(c)
            && !title.trim().is_empty()
            && adornment(title).is_none()
        {
            self.push_heading(title.trim(), (c, true), i + 2);
            return Some(i + 3);
        }
        // Title, underline.
        let under = next?;
        let c = adornment(under)?;
        if adornment(line).is_some() || line.starts_with(' ') {
            return None;
        }
        if under.trim_end().chars().count() + 1 < line.trim().chars().count().min(4) {
            return None;
        }
        self.push_heading(line.trim(), (c, false), i + 1);
        Some(i + 2)
    }

    fn push_heading(&mut self, text: &str, style: (char, bool), line: usize) {
        let level = match self.styles.iter().position(|s| *s == style) {
            Some(index) => index + 1,
            None => {
                self.styles.push(style);
                self.styles.len()
            }
        };
        self.blocks.push(Block::Heading {
            level: level.min(6) as u8,
            text: text.to_string(),
            line,
        });
    }

    /// `.. image::`, `.. code-block::`, link targets, comments: anything
    /// starting with `..`. Returns the index after its indented body.
    fn directive(&mut self, i: usize) -> usize {
        let line = self.lines[i];
        let body_end = self.indented_end(i + 1);
        if let Some(caps) = LINK_TARGET.captures(line) {
            self.blocks.push(Block::Link {
                target: caps[1].to_string(),
                line: i + 1,
            });
        } else if let Some(caps) = DIRECTIVE.captures(line) {
            let name = caps[1].to_ascii_lowercase();
            let argument = caps[2].trim().to_string();
            match name.as_str() {
                "image" | "figure" => self.blocks.push(Block::Image {
                    target: argument,
                    line: i + 1,
                }),
                "code-block" | "code" | "sourcecode" | "prompt" => {
                    let body: Vec<&str> = self.lines[i + 1..body_end]
                        .iter()
                        .filter(|l| !l.trim_start().starts_with(':'))
                        .copied()
                        .collect();
                    self.blocks.push(Block::Code {
                        lang: argument,
                        text: dedent(&body),
                        line: i + 1,
                    });
                }
                _ => {}
            }
        }
        body_end
    }

    fn doctest(&mut self, i: usize) -> usize {
        let mut end = i;
        while end < self.lines.len() && !self.lines[end].trim().is_empty() {
            end += 1;
        }
        self.blocks.push(Block::Code {
            lang: "pycon".into(),
            text: self.lines[i..end].join("\n"),
            line: i + 1,
        });
        end
    }

    fn paragraph(&mut self, i: usize) -> usize {
        let mut end = i;
        while end < self.lines.len() && !self.lines[end].trim().is_empty() {
            if end > i && (self.lines[end].starts_with("..") || is_list_item(self.lines[end])) {
                break;
            }
            end += 1;
        }
        let text = self.lines[i..end]
            .iter()
            .map(|l| l.trim())
            .collect::<Vec<_>>()
            .join(" ");
        for caps in LINK.captures_iter(&text) {
            self.blocks.push(Block::Link {
                target: caps[1].trim().to_string(),
                line: i + 1,
            });
        }
        for code in inline_literals(&text) {
            self.blocks.push(Block::InlineCode {
                text: code,
                line: i + 1,
            });
        }
        let literal_follows = text.ends_with("::");
        let prose = text.trim_end_matches(':').to_string();
        if !prose.is_empty() {
            self.blocks.push(Block::Prose {
                words: count_words(&prose),
                text: prose,
                line: i + 1,
            });
        }
        if literal_follows {
            return self.literal_block(end);
        }
        end
    }

    /// The indented block after a paragraph ending in `::`.
    fn literal_block(&mut self, from: usize) -> usize {
        let mut start = from;
        while start < self.lines.len() && self.lines[start].trim().is_empty() {
            start += 1;
        }
        if start >= self.lines.len() || !self.lines[start].starts_with([' ', '\t']) {
            return from;
        }
        let end = self.indented_end(start);
        self.blocks.push(Block::Code {
            lang: String::new(),
            text: dedent(&self.lines[start..end]),
            line: start + 1,
        });
        end
    }

    /// Index after the run of indented or blank lines starting at `from`.
    fn indented_end(&self, from: usize) -> usize {
        let mut end = from;
        let mut last_content = from;
        while end < self.lines.len() {
            let line = self.lines[end];
            if line.trim().is_empty() {
                end += 1;
                continue;
            }
            if !line.starts_with([' ', '\t']) {
                break;
            }
            end += 1;
            last_content = end;
        }
        last_content.max(from)
    }
}

fn adornment(line: &str) -> Option<char> {
    let line = line.trim_end();
    let first = line.chars().next()?;
    (line.chars().count() >= 3 && ADORNMENT.contains(first) && line.chars().all(|c| c == first))
        .then_some(first)
}

fn is_list_item(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.starts_with("- ") || trimmed.starts_with("* ") || trimmed.starts_with("+ ")
}

fn inline_literals(text: &str) -> Vec<String> {
    text.match_indices("``")
        .collect::<Vec<_>>()
        .chunks(2)
        .filter_map(|pair| match pair {
            [(open, _), (close, _)] => Some(text[open + 2..*close].to_string()),
            _ => None,
        })
        .collect()
}

fn dedent(lines: &[&str]) -> String {
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or("").trim_end())
        .collect::<Vec<_>>()
        .join("\n")
        .trim_matches('\n')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_take_levels_from_adornment_order() {
        let rst = "=====\nTitle\n=====\n\nIntro text here.\n\nInstall\n-------\n\nUse pip::\n\n    pip install thing\n\nUsage\n-----\n";
        let blocks = blocks(rst);
        let headings: Vec<(u8, &str)> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level, text, .. } => Some((*level, text.as_str())),
                _ => None,
            })
            .collect();
        assert_eq!(headings, vec![(1, "Title"), (2, "Install"), (2, "Usage")]);
        assert!(
            blocks
                .iter()
                .any(|b| matches!(b, Block::Code { text, .. } if text == "pip install thing"))
        );
    }

    #[test]
    fn directives_give_images_and_code() {
        let rst = ".. image:: docs/demo.png\n   :alt: demo\n\n.. code-block:: python\n\n   import thing\n   thing.run()\n\nText with a `link <https://x.org>`_.\n";
        let blocks = blocks(rst);
        assert!(blocks.contains(&Block::Image {
            target: "docs/demo.png".into(),
            line: 1
        }));
        assert!(blocks.iter().any(|b| matches!(b, Block::Code { lang, text, .. } if lang == "python" && text.starts_with("import thing"))));
        assert!(
            blocks
                .iter()
                .any(|b| matches!(b, Block::Link { target, .. } if target == "https://x.org"))
        );
    }

    #[test]
    fn named_references_link_their_line_to_a_web_target() {
        let rst = "Tool\n====\n\nA tool that installs packages for you.\n\n* `Installation`_\n\n.. _Installation: https://example.org/install/\n";
        let blocks = blocks(rst);
        assert!(blocks.iter().any(|b| matches!(b, Block::Link { target, line: 6 } if target == "https://example.org/install/")));
        let readme = crate::facts::readme::parse("README.rst", rst);
        assert!(readme.install.is_none(), "a link is not the steps");
        assert!(readme.install_docs.is_some());
    }
}
