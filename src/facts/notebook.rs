//! Jupyter notebooks (nbformat 4): cells, outputs, execution order, and the
//! code in them, parsed like a module with IPython magics accepted.

use serde::Deserialize;

use super::python::{self, ModuleFacts};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotebookFacts {
    pub cells: usize,
    pub code_cells: usize,
    /// Bytes of text and data held in outputs.
    pub output_bytes: u64,
    pub error_outputs: usize,
    /// Code cells that were never run.
    pub unexecuted: usize,
    /// Execution counts do not increase from top to bottom.
    pub out_of_order: bool,
    pub code: ModuleFacts,
}

#[derive(Deserialize)]
struct Notebook {
    cells: Vec<Cell>,
}

#[derive(Deserialize)]
struct Cell {
    cell_type: String,
    #[serde(default)]
    source: Source,
    #[serde(default)]
    execution_count: Option<u64>,
    #[serde(default)]
    outputs: Vec<Output>,
}

/// One output, counted as it is parsed: its text bytes and whether it is an
/// error. Outputs are most of a big notebook; never building them as JSON
/// values keeps a notebook's memory near its size.
struct Output {
    text_bytes: u64,
    is_error: bool,
}

/// The bytes of every string inside a JSON value (keys excluded), and
/// whether the value is the string `"error"`.
struct TextBytes {
    bytes: u64,
    is_error_word: bool,
}

impl<'de> Deserialize<'de> for TextBytes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TextBytesVisitor)
    }
}

struct TextBytesVisitor;

impl<'de> serde::de::Visitor<'de> for TextBytesVisitor {
    type Value = TextBytes;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_str<E>(self, text: &str) -> Result<TextBytes, E> {
        Ok(TextBytes {
            bytes: text.len() as u64,
            is_error_word: text == "error",
        })
    }

    fn visit_bool<E>(self, _: bool) -> Result<TextBytes, E> {
        Ok(TextBytes::NONE)
    }

    fn visit_i64<E>(self, _: i64) -> Result<TextBytes, E> {
        Ok(TextBytes::NONE)
    }

    fn visit_u64<E>(self, _: u64) -> Result<TextBytes, E> {
        Ok(TextBytes::NONE)
    }

    fn visit_f64<E>(self, _: f64) -> Result<TextBytes, E> {
        Ok(TextBytes::NONE)
    }

    fn visit_unit<E>(self) -> Result<TextBytes, E> {
        Ok(TextBytes::NONE)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<TextBytes, A::Error> {
        let mut bytes = 0;
        while let Some(item) = seq.next_element::<TextBytes>()? {
            bytes += item.bytes;
        }
        Ok(TextBytes::counted(bytes))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<TextBytes, A::Error> {
        let mut bytes = 0;
        while map.next_key::<serde::de::IgnoredAny>()?.is_some() {
            bytes += map.next_value::<TextBytes>()?.bytes;
        }
        Ok(TextBytes::counted(bytes))
    }
}

impl TextBytes {
    const NONE: TextBytes = TextBytes::counted(0);

    const fn counted(bytes: u64) -> TextBytes {
        TextBytes {
            bytes,
            is_error_word: false,
        }
    }
}

impl<'de> Deserialize<'de> for Output {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OutputVisitor;
        impl<'de> serde::de::Visitor<'de> for OutputVisitor {
            type Value = Output;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an output object")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Output, A::Error> {
                let mut output = Output {
                    text_bytes: 0,
                    is_error: false,
                };
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    let value = map.next_value::<TextBytes>()?;
                    output.text_bytes += value.bytes;
                    output.is_error |= key == "output_type" && value.is_error_word;
                }
                Ok(output)
            }
        }
        deserializer.deserialize_map(OutputVisitor)
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Source {
    Lines(Vec<String>),
    Text(String),
}

impl Default for Source {
    fn default() -> Self {
        Source::Text(String::new())
    }
}

impl Source {
    fn text(&self) -> String {
        match self {
            Source::Lines(lines) => lines.concat(),
            Source::Text(text) => text.clone(),
        }
    }
}

/// Reads a notebook's JSON; a malformed notebook is an error message for a warning.
pub fn read(text: &str) -> Result<NotebookFacts, String> {
    let notebook: Notebook =
        serde_json::from_str(text).map_err(|err| format!("not a valid notebook ({err})"))?;
    let mut facts = NotebookFacts {
        cells: notebook.cells.len(),
        ..NotebookFacts::default()
    };
    let mut code = String::new();
    let mut last_count = 0;
    for cell in notebook.cells.iter().filter(|c| c.cell_type == "code") {
        facts.code_cells += 1;
        match cell.execution_count {
            Some(count) => {
                facts.out_of_order |= count <= last_count;
                last_count = count;
            }
            None => facts.unexecuted += 1,
        }
        for output in &cell.outputs {
            facts.output_bytes += output.text_bytes;
            facts.error_outputs += usize::from(output.is_error);
        }
        code.push_str(&runnable(&cell.source.text()));
        code.push('\n');
    }
    facts.code = python::analyse(&code);
    Ok(facts)
}

/// A cell's code with IPython syntax blanked, line for line: cell magics
/// (`%%bash`) blank the cell; line magics, shell escapes (`!ls`,
/// `files = !ls`) and help (`obj?`) blank their line.
fn runnable(source: &str) -> String {
    if source.trim_start().starts_with("%%") {
        return "\n".repeat(source.lines().count().saturating_sub(1));
    }
    source
        .lines()
        .map(|line| if is_ipython_line(line) { "" } else { line })
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ipython_line(line: &str) -> bool {
    let trimmed = line.trim();
    let escaped_assignment = trimmed.split_once('=').is_some_and(|(target, value)| {
        !target.contains(['(', '[', '"', '\''])
            && matches!(value.trim_start().chars().next(), Some('!' | '%'))
    });
    trimmed.starts_with(['%', '!', '?'])
        || (trimmed.ends_with('?') && !trimmed.starts_with('#'))
        || escaped_assignment
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notebook(cells: &str) -> String {
        format!(
            "{{\"cells\": [{cells}], \"metadata\": {{}}, \"nbformat\": 4, \"nbformat_minor\": 5}}"
        )
    }

    #[test]
    fn cells_outputs_and_order() {
        let text = notebook(concat!(
            r##"{"cell_type": "markdown", "metadata": {}, "source": ["# Title"]},"##,
            r#"{"cell_type": "code", "execution_count": 2, "metadata": {}, "outputs": [{"output_type": "stream", "name": "stdout", "text": ["hello\n"]}], "source": ["%matplotlib inline\n", "import pandas as pd\n"]},"#,
            r#"{"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [{"output_type": "error", "ename": "E", "evalue": "x", "traceback": []}], "source": "!ls\nx = 1"},"#,
            r#"{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ["%%bash\n", "echo $HOME\n", "ls -la\n"]}"#,
        ));
        let facts = read(&text).expect("valid notebook");
        assert_eq!((facts.cells, facts.code_cells, facts.unexecuted), (4, 3, 1));
        assert!(facts.out_of_order);
        assert_eq!(facts.error_outputs, 1);
        assert!(facts.output_bytes >= 6);
        assert!(facts.code.parses(), "{:?}", facts.code.syntax_errors);
        assert_eq!(facts.code.imports[0].module, "pandas");
    }

    #[test]
    fn ipython_lines_are_blanked() {
        assert_eq!(
            runnable("%time x = 1\nfiles = !ls\ndf?\nprint(files)"),
            "\n\n\nprint(files)"
        );
        assert_eq!(runnable("if a == !b:\n    pass"), "if a == !b:\n    pass");
    }

    #[test]
    fn malformed_and_deeply_nested_json_are_errors_not_panics() {
        assert!(read("{\"cells\": [").is_err());
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(read(&deep).is_err());
    }
}
