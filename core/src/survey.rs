//! What a survey is made of, as its editor sets it and the widget reads it: questions,
//! looks, who sees it and when.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::names::names;
use crate::nps::Scale;

/// The languages Pulse ships texts for ([`Language::text`]); each one's name is its BCP 47
/// primary language tag. English is the one a visitor gets when Pulse speaks none of theirs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Language {
    #[default]
    English,
    French,
    Dutch,
    Afrikaans,
    Hebrew,
}

names!(Language { English => "en", French => "fr", Dutch => "nl", Afrikaans => "af", Hebrew => "he" });

impl Language {
    /// The language's name in English, as the marketers' pages list it.
    pub fn name(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::French => "French",
            Language::Dutch => "Dutch",
            Language::Afrikaans => "Afrikaans",
            Language::Hebrew => "Hebrew",
        }
    }

    pub fn is_right_to_left(self) -> bool {
        self == Language::Hebrew
    }
}

/// The widget's texts, in the order it shows them ([`Language::text`] gives Pulse's own);
/// their names are the keys of a survey's `texts` overrides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextKey {
    Survey,
    Recommend,
    RecommendLow,
    RecommendHigh,
    Usability,
    UsabilityLow,
    UsabilityHigh,
    CommentDetractor,
    CommentPassive,
    CommentPromoter,
    Commitment,
    Disagree,
    Agree,
    CommitmentAffective,
    CommitmentNormative,
    CommitmentEconomic,
    CommitmentForced,
    CommitmentHabitual,
    RepeatPurchase,
    RepeatLow,
    RepeatHigh,
    Next,
    Send,
    Close,
    Thanks,
}

names!(TextKey {
        Survey => "survey",
        Recommend => "recommend",
        RecommendLow => "recommend_low",
        RecommendHigh => "recommend_high",
        Usability => "usability",
        UsabilityLow => "usability_low",
        UsabilityHigh => "usability_high",
        CommentDetractor => "comment_detractor",
        CommentPassive => "comment_passive",
        CommentPromoter => "comment_promoter",
        Commitment => "commitment",
        Disagree => "disagree",
        Agree => "agree",
        CommitmentAffective => "commitment_affective",
        CommitmentNormative => "commitment_normative",
        CommitmentEconomic => "commitment_economic",
        CommitmentForced => "commitment_forced",
        CommitmentHabitual => "commitment_habitual",
        RepeatPurchase => "repeat_purchase",
        RepeatLow => "repeat_low",
        RepeatHigh => "repeat_high",
        Next => "next",
        Send => "send",
        Close => "close",
        Thanks => "thanks",
});

/// Everything the widget needs to show a survey: `GET /api/v1/surveys/{id}`.
/// Every field but `id` and `company` has a default, so that older and hand-written
/// configurations keep working.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SurveyConfig {
    pub id: String,
    /// The company as respondents know it, used in the question text.
    pub company: String,
    pub scale: Scale,
    /// A [`Language`]'s tag; `None` follows the page's `lang`, then the browser's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Overrides of the built-in texts: language → text key → text. Keys are
    /// [`TextKey`]s, e.g. `recommend` (with `{company}`), `thanks`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub texts: BTreeMap<String, BTreeMap<String, String>>,
    pub theme: Theme,
    pub targeting: Targeting,
    pub modules: Modules,
}

impl Default for SurveyConfig {
    fn default() -> Self {
        SurveyConfig {
            id: String::new(),
            company: String::new(),
            scale: Scale::OneToTen,
            language: None,
            texts: BTreeMap::new(),
            theme: Theme::default(),
            targeting: Targeting::default(),
            modules: Modules::default(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Theme {
    /// `#rrggbb`; the widget picks black or white text on it, whichever reads better.
    pub brand_color: String,
    pub mode: ColorMode,
    pub placement: Placement,
    pub shape: Shape,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            brand_color: "#3146d6".to_owned(),
            mode: ColorMode::Auto,
            placement: Placement::Corner,
            shape: Shape::Rounded,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ColorMode {
    Light,
    Dark,
    /// Follows the visitor's system setting.
    #[default]
    Auto,
}

names!(ColorMode { Light => "light", Dark => "dark", Auto => "auto" });

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Placement {
    /// A pop-up in a bottom corner (the end one in the reading direction).
    #[default]
    Corner,
    /// A dialog in the middle of the page, over a dimmed backdrop.
    Modal,
    /// In the page's flow, where the site placed `<pulse-survey>`.
    Inline,
}

names!(Placement { Corner => "corner", Modal => "modal", Inline => "inline" });

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Shape {
    #[default]
    Rounded,
    Square,
}

names!(Shape { Rounded => "rounded", Square => "square" });

/// Who is asked, and when. Kept by the loader in localStorage, never in cookies.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Targeting {
    /// Seconds on the page before the survey shows.
    pub delay_seconds: u32,
    /// Show once the visitor has scrolled this far down the page, in %.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scroll_percent: Option<u8>,
    /// Show when the pointer leaves the page towards the browser's tabs or address bar.
    pub exit_intent: bool,
    /// Show from this page view on (counted per visitor).
    pub min_page_views: u32,
    /// URL patterns (`*` matches anything) the survey shows on; empty means every page.
    pub include_urls: Vec<String>,
    /// URL patterns the survey never shows on.
    pub exclude_urls: Vec<String>,
    /// Share of visitors asked, in %; drawn once per visitor and kept.
    pub sample_percent: u8,
    /// Days without the survey after the visitor answered it.
    pub days_after_answer: u32,
    /// Days without the survey after the visitor closed it.
    pub days_after_dismiss: u32,
}

impl Default for Targeting {
    fn default() -> Self {
        Targeting {
            delay_seconds: 0,
            scroll_percent: None,
            exit_intent: false,
            min_page_views: 1,
            include_urls: Vec::new(),
            exclude_urls: Vec::new(),
            sample_percent: 100,
            days_after_answer: 90,
            days_after_dismiss: 30,
        }
    }
}

/// Optional questions a survey can turn on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Modules {
    /// Five agree/disagree statements, one per kind of customer commitment.
    pub commitment: bool,
    /// "Of your last 10 purchases of this kind, how many were from us?" (0–10).
    pub repeat_purchase: bool,
}

/// The five kinds of customer commitment, in the order the widget asks about them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Commitment {
    /// Positive feelings toward the company.
    Affective,
    /// The company shares my values.
    Normative,
    /// I'd lose benefits, such as points, if I left.
    Economic,
    /// I have no real alternative.
    Forced,
    /// I buy here out of habit.
    Habitual,
}

names!(Commitment {
    Affective => "affective",
    Normative => "normative",
    Economic => "economic",
    Forced => "forced",
    Habitual => "habitual",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minimal_config_gets_every_default() {
        let config: SurveyConfig =
            serde_json::from_str(r#"{"id": "s1", "company": "Acme", "scale": "zero_to_ten"}"#).unwrap();
        assert_eq!(config.scale, Scale::ZeroToTen);
        assert_eq!(config.theme, Theme::default());
        assert_eq!(config.targeting.sample_percent, 100);
        assert!(!config.modules.commitment);
    }

    #[test]
    fn configs_survive_a_round_trip() {
        let mut config = SurveyConfig { id: "s1".into(), company: "Acme".into(), ..Default::default() };
        config.language = Some("he".into());
        config.texts.insert("fr".into(), BTreeMap::from([("thanks".into(), "Merci !".into())]));
        config.theme.placement = Placement::Modal;
        config.targeting.scroll_percent = Some(50);
        config.modules.repeat_purchase = true;
        let json = serde_json::to_string(&config).unwrap();
        assert_eq!(serde_json::from_str::<SurveyConfig>(&json).unwrap(), config);
    }
}
