//! The survey's configuration read from the JSON object the loader fetched
//! (`GET /api/v1/surveys/{id}`, pulse-core's `SurveyConfig`). The browser parsed it:
//! serde_json would double the Wasm. Missing or unknown values take pulse-core's defaults.

use js_sys::Reflect;
use pulse_core::nps::Scale;
use pulse_core::survey::{ColorMode, Modules, Placement, Shape, Theme};
use wasm_bindgen::JsValue;

use crate::texts::Overrides;

/// What the widget reads of a `SurveyConfig`; targeting is the loader's business.
pub struct Settings {
    pub company: String,
    pub scale: Scale,
    pub language: Option<String>,
    pub theme: Theme,
    pub modules: Modules,
    /// The `texts` overrides: language → text key → text, as the JSON has them.
    texts: JsValue,
}

pub fn from_js(json: &JsValue) -> Settings {
    let string = |object: &JsValue, name: &str| get(object, name).as_string();
    let theme = get(json, "theme");
    let theme_field = |name| string(&theme, name).unwrap_or_default();
    let modules = get(json, "modules");
    Settings {
        company: string(json, "company").unwrap_or_default(),
        scale: match string(json, "scale").as_deref() {
            Some("zero_to_ten") => Scale::ZeroToTen,
            _ => Scale::OneToTen,
        },
        language: string(json, "language"),
        theme: Theme {
            brand_color: string(&theme, "brand_color").unwrap_or_else(|| Theme::default().brand_color),
            mode: match theme_field("mode").as_str() {
                "light" => ColorMode::Light,
                "dark" => ColorMode::Dark,
                _ => ColorMode::Auto,
            },
            placement: match theme_field("placement").as_str() {
                "modal" => Placement::Modal,
                "inline" => Placement::Inline,
                _ => Placement::Corner,
            },
            shape: match theme_field("shape").as_str() {
                "square" => Shape::Square,
                _ => Shape::Rounded,
            },
        },
        modules: Modules {
            commitment: get(&modules, "commitment").is_truthy(),
            repeat_purchase: get(&modules, "repeat_purchase").is_truthy(),
        },
        texts: get(json, "texts"),
    }
}

impl Settings {
    /// The survey's overrides of the texts in `language`.
    pub fn overrides(&self, language: &str) -> Overrides {
        let texts = get(&self.texts, language);
        Box::new(move |key| get(&texts, key).as_string())
    }
}

/// `object[name]`, undefined when `object` is no object.
fn get(object: &JsValue, name: &str) -> JsValue {
    if !object.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(object, &name.into()).unwrap_or_default()
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use std::collections::BTreeMap;

    use pulse_core::survey::SurveyConfig;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn read(config: &str) -> Settings {
        from_js(&js_sys::JSON::parse(config).unwrap())
    }

    #[wasm_bindgen_test]
    fn configs_are_read_as_serde_writes_them() {
        let mut config = SurveyConfig {
            id: "s1".into(),
            company: "Acme \"Tools\"".into(),
            scale: Scale::ZeroToTen,
            language: Some("he".into()),
            theme: Theme {
                brand_color: "#ffd500".into(),
                mode: ColorMode::Dark,
                placement: Placement::Modal,
                shape: Shape::Square,
            },
            modules: Modules { commitment: true, repeat_purchase: true },
            ..Default::default()
        };
        config.texts.insert("fr".into(), BTreeMap::from([("thanks".into(), "Merci !".into())]));
        let settings = read(&serde_json::to_string(&config).unwrap());
        assert_eq!(settings.company, config.company);
        assert_eq!(settings.scale, config.scale);
        assert_eq!(settings.language, config.language);
        assert_eq!(settings.theme, config.theme);
        assert_eq!(settings.modules, config.modules);
        assert_eq!(settings.overrides("fr")("thanks").as_deref(), Some("Merci !"));
        assert_eq!(settings.overrides("fr")("send"), None);
        assert_eq!(settings.overrides("nl")("thanks"), None);
    }

    #[wasm_bindgen_test]
    fn a_minimal_config_gets_every_default() {
        let settings = read(r#"{"id": "s1", "company": "Acme", "texts": 3, "theme": null}"#);
        let defaults = SurveyConfig::default();
        assert_eq!(settings.scale, defaults.scale);
        assert_eq!(settings.language, None);
        assert_eq!(settings.theme, defaults.theme);
        assert_eq!(settings.modules, defaults.modules);
        assert_eq!(settings.overrides("en")("thanks"), None);
    }
}
