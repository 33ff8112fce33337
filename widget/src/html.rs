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

    /// Text, escaped for use between tags and in quoted attribute values.
    pub fn text(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            match c {
                '&' => self.0.push_str("&amp;"),
                '<' => self.0.push_str("&lt;"),
                '>' => self.0.push_str("&gt;"),
                '"' => self.0.push_str("&quot;"),
                c => self.0.push(c),
            }
        }
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
    }
}
