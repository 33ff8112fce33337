//! Everything the survey says. One value of [`Texts`] per language, so that a translation
//! is data and never touches the rendering.

use pulse_core::nps::Category;

pub struct Texts {
    /// The recommendation question about the given company; a function so that each
    /// language puts the name where its grammar wants it.
    pub recommend: fn(company: &str) -> String,
    pub recommend_low: &'static str,
    pub recommend_high: &'static str,
    pub usability: &'static str,
    pub usability_low: &'static str,
    pub usability_high: &'static str,
    pub comment_detractor: &'static str,
    pub comment_passive: &'static str,
    pub comment_promoter: &'static str,
    pub send: &'static str,
    pub close: &'static str,
    pub thanks: &'static str,
    pub send_failed: &'static str,
}

impl Texts {
    /// The comment question, asked in the light of the score just given.
    pub fn comment(&self, category: Category) -> &'static str {
        match category {
            Category::Detractor => self.comment_detractor,
            Category::Passive => self.comment_passive,
            Category::Promoter => self.comment_promoter,
        }
    }
}

pub static ENGLISH: Texts = Texts {
    recommend: |company| format!("How likely are you to recommend {company} to a friend or colleague?"),
    recommend_low: "Not at all likely",
    recommend_high: "Extremely likely",
    usability: "How easy is it to use our website?",
    usability_low: "Very difficult",
    usability_high: "Very easy",
    comment_detractor: "We're sorry to hear that. What could we do better?",
    comment_passive: "What would make us a 10 for you?",
    comment_promoter: "Great! What do you like most about us?",
    send: "Send",
    close: "Close survey",
    thanks: "Thank you for your feedback!",
    send_failed: "We couldn't send your answer. Please check your connection and try again.",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_question_names_the_company() {
        assert_eq!(
            (ENGLISH.recommend)("Acme"),
            "How likely are you to recommend Acme to a friend or colleague?"
        );
    }

    #[test]
    fn the_comment_question_follows_the_category() {
        assert_eq!(ENGLISH.comment(Category::of(6)), "We're sorry to hear that. What could we do better?");
        assert_eq!(ENGLISH.comment(Category::of(8)), "What would make us a 10 for you?");
        assert_eq!(ENGLISH.comment(Category::of(9)), "Great! What do you like most about us?");
    }
}
