//! Markdown README → blocks, with pulldown-cmark.

use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use regex::Regex;

use super::{Block, LineIndex, count_words};

static HTML_IMG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<img\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']"#).expect("img pattern")
});
static HTML_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?is)<h([1-6])\b[^>]*>(.*?)</h[1-6]\s*>").expect("heading pattern")
});
static HTML_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<a\b[^>]*?\bhref\s*=\s*["']([^"']+)["']"#).expect("link pattern")
});
static HTML_TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").expect("tag pattern"));

#[derive(Default)]
struct State {
    blocks: Vec<Block>,
    heading: Option<(u8, String, usize)>,
    code: Option<(String, String, usize)>,
    prose: Option<(String, usize)>,
    prose_depth: usize,
    image_depth: usize,
    /// Inside an HTML comment that spans several HTML events.
    in_comment: bool,
    /// Inside a table's header row: column labels, not prose.
    in_table_head: bool,
}

/// Fenced languages that draw a diagram: a picture of the design, not a
/// command or an example to run.
const DIAGRAM_LANGUAGES: [&str; 5] = ["mermaid", "plantuml", "dot", "graphviz", "flowchart"];

pub fn blocks(text: &str) -> Vec<Block> {
    let lines = LineIndex::new(text);
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut state = State::default();
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        let line = lines.line(range.start);
        match event {
            Event::Start(tag) => state.start(tag, line),
            Event::End(tag) => state.end(tag),
            Event::Text(text) => state.text(&text, line),
            Event::Code(code) => {
                state.blocks.push(Block::InlineCode {
                    text: code.to_string(),
                    line,
                });
                if let Some((_, heading, _)) = state.heading.as_mut() {
                    heading.push_str(&code);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => state.html(&html, line),
            Event::SoftBreak | Event::HardBreak => state.text(" ", line),
            _ => {}
        }
    }
    state.blocks
}

impl State {
    fn start(&mut self, tag: Tag, line: usize) {
        match tag {
            Tag::Heading { level, .. } => self.heading = Some((level as u8, String::new(), line)),
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new(), line));
            }
            Tag::TableHead => self.in_table_head = true,
            Tag::Paragraph | Tag::Item | Tag::TableRow => {
                if self.prose_depth == 0 {
                    self.prose = Some((String::new(), line));
                }
                self.prose_depth += 1;
            }
            Tag::Image { dest_url, .. } => {
                self.image_depth += 1;
                self.blocks.push(Block::Image {
                    target: dest_url.to_string(),
                    line,
                });
            }
            Tag::Link { dest_url, .. } => self.blocks.push(Block::Link {
                target: dest_url.to_string(),
                line,
            }),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                if let Some((level, text, line)) = self.heading.take() {
                    self.blocks.push(Block::Heading {
                        level,
                        text: text.trim().to_string(),
                        line,
                    });
                }
            }
            TagEnd::CodeBlock => {
                if let Some((lang, text, line)) = self.code.take()
                    && !DIAGRAM_LANGUAGES.contains(&lang.to_ascii_lowercase().as_str())
                {
                    self.blocks.push(Block::Code { lang, text, line });
                }
            }
            TagEnd::TableHead => self.in_table_head = false,
            TagEnd::TableCell => {
                if let Some((prose, _)) = self.prose.as_mut() {
                    prose.push_str(" | ");
                }
            }
            TagEnd::Paragraph | TagEnd::Item | TagEnd::TableRow => {
                self.prose_depth = self.prose_depth.saturating_sub(1);
                if self.prose_depth == 0 {
                    self.flush_prose();
                } else if let Some((prose, _)) = self.prose.as_mut() {
                    // Paragraphs inside a list item stay separate lines: a
                    // command on its own line is not part of a sentence.
                    prose.push('\n');
                }
            }
            TagEnd::Image => self.image_depth = self.image_depth.saturating_sub(1),
            _ => {}
        }
    }

    fn text(&mut self, text: &str, line: usize) {
        if let Some((_, code, _)) = self.code.as_mut() {
            code.push_str(text);
        } else if let Some((_, heading, _)) = self.heading.as_mut() {
            heading.push_str(text);
        } else if self.image_depth > 0 || self.in_table_head {
            // Alt text describes a picture, a header row labels columns:
            // neither is prose.
        } else if let Some((prose, _)) = self.prose.as_mut() {
            prose.push_str(text);
        } else if !text.trim().is_empty() {
            self.blocks.push(Block::Prose {
                words: count_words(text),
                text: text.to_string(),
                line,
            });
        }
    }

    fn flush_prose(&mut self) {
        if let Some((text, line)) = self.prose.take() {
            let text = text.trim().to_string();
            if !text.is_empty() {
                self.blocks.push(Block::Prose {
                    words: count_words(&text),
                    text,
                    line,
                });
            }
        }
    }

    /// READMEs often centre a title and a screenshot with raw HTML. What an
    /// HTML comment holds (a template's commented-out sections, their links)
    /// is invisible on the page and is skipped.
    fn html(&mut self, html: &str, line: usize) {
        let html = self.outside_comments(html);
        for caps in HTML_HEADING.captures_iter(&html) {
            let level = caps[1].parse().unwrap_or(1);
            let text = HTML_TAG.replace_all(&caps[2], " ");
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if !text.is_empty() {
                self.blocks.push(Block::Heading { level, text, line });
            }
        }
        for caps in HTML_IMG.captures_iter(&html) {
            self.blocks.push(Block::Image {
                target: caps[1].to_string(),
                line,
            });
        }
        for caps in HTML_LINK.captures_iter(&html) {
            self.blocks.push(Block::Link {
                target: caps[1].to_string(),
                line,
            });
        }
    }

    /// `html` without its comments, carrying an open comment to the next event.
    fn outside_comments(&mut self, mut html: &str) -> String {
        let mut visible = String::new();
        loop {
            if self.in_comment {
                match html.find("-->") {
                    Some(end) => {
                        self.in_comment = false;
                        html = &html[end + 3..];
                    }
                    None => return visible,
                }
            }
            match html.find("<!--") {
                Some(start) => {
                    visible.push_str(&html[..start]);
                    self.in_comment = true;
                    html = &html[start + 4..];
                }
                None => {
                    visible.push_str(html);
                    return visible;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_prose_code_and_media() {
        let md = "# Title\n\nA tool that does things.\n\n![shot](docs/shot.png)\n\n```bash\npip install x\n```\n\n- item one\n- item `two`\n";
        let blocks = blocks(md);
        assert_eq!(
            blocks[0],
            Block::Heading {
                level: 1,
                text: "Title".into(),
                line: 1
            }
        );
        assert!(blocks.contains(&Block::Prose {
            text: "A tool that does things.".into(),
            words: 5,
            line: 3
        }));
        assert!(blocks.contains(&Block::Image {
            target: "docs/shot.png".into(),
            line: 5
        }));
        assert!(blocks.contains(&Block::Code {
            lang: "bash".into(),
            text: "pip install x\n".into(),
            line: 7
        }));
        assert!(blocks.contains(&Block::InlineCode {
            text: "two".into(),
            line: 12
        }));
    }

    #[test]
    fn html_title_and_image_are_seen() {
        let md = "<h1 align=\"center\">My <b>App</b></h1>\n<p><img src=\"demo.gif\"></p>\n";
        let blocks = blocks(md);
        assert!(
            blocks
                .iter()
                .any(|b| matches!(b, Block::Heading { text, .. } if text == "My App"))
        );
        assert!(
            blocks
                .iter()
                .any(|b| matches!(b, Block::Image { target, .. } if target == "demo.gif"))
        );
    }
}
