//! What a survey is made of, as its editor sets it and the widget reads it: questions,
//! looks, who sees it and when.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::nps::Scale;

/// The languages Pulse ships texts for, as BCP 47 primary language tags.
pub const LANGUAGES: [&str; 5] = ["en", "fr", "nl", "af", "he"];

/// The names of the widget's texts, in the order it shows them: the keys of a survey's
/// `texts` overrides.
pub const TEXT_KEYS: [&str; 25] = [
    "survey",
    "recommend",
    "recommend_low",
    "recommend_high",
    "usability",
    "usability_low",
    "usability_high",
    "comment_detractor",
    "comment_passive",
    "comment_promoter",
    "commitment",
    "disagree",
    "agree",
    "commitment_affective",
    "commitment_normative",
    "commitment_economic",
    "commitment_forced",
    "commitment_habitual",
    "repeat_purchase",
    "repeat_low",
    "repeat_high",
    "next",
    "send",
    "close",
    "thanks",
];

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
    /// One of [`LANGUAGES`]; `None` follows the page's `lang`, then the browser's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Overrides of the built-in texts: language → text key → text. Keys are among
    /// [`TEXT_KEYS`], e.g. `recommend` (with `{company}`), `thanks`.
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

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Shape {
    #[default]
    Rounded,
    Square,
}

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

impl Commitment {
    pub const ALL: [Commitment; 5] = [
        Commitment::Affective,
        Commitment::Normative,
        Commitment::Economic,
        Commitment::Forced,
        Commitment::Habitual,
    ];
}

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
