//! Markup written as text, with every piece of text escaped: the company's name and the
//! survey's texts come from its configuration and must never become markup.

#[derive(Default)]
pub struct Html(String);

impl Html {
    /// Markup as it is; only for the widget's own literals.
    pub fn raw(&mut self, markup: &str) -> &mut Self {
        self.0.push_str(markup);
        self
    }

    /// Text, escaped for use between tags and in quoted attribute values. Byte by byte (the
    /// characters escaped are ASCII, never part of another character in UTF-8), with indices
    /// rather than iterators, which weigh more Wasm.
    pub fn text(&mut self, text: &str) -> &mut Self {
        let (mut copied, mut at) = (0, 0);
        while at < text.len() {
            let escaped = match text.as_bytes()[at] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "",
            };
            at += 1;
            if !escaped.is_empty() {
                self.0.push_str(&text[copied..at - 1]);
                self.0.push_str(escaped);
                copied = at;
            }
        }
        self.0.push_str(&text[copied..]);
        self
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_never_becomes_markup() {
        let mut html = Html::default();
        html.raw("<p title=\"").text("\"><script>").raw("\">").text("Tom & Jerry's <b>").raw("</p>");
        assert_eq!(html.as_str(), "<p title=\"&quot;&gt;&lt;script&gt;\">Tom &amp; Jerry's &lt;b&gt;</p>");
        let mut html = Html::default();
        html.text("é&<>\"שלום");
        assert_eq!(html.as_str(), "é&amp;&lt;&gt;&quot;שלום");
    }
}
