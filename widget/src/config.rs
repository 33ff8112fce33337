//! The survey's configuration read from the JSON object the loader fetched
//! (`GET /api/v1/surveys/{id}`, pulse-core's `SurveyConfig`). The browser parsed it:
//! serde_json would double the Wasm. Missing or unknown values take pulse-core's defaults.

use js_sys::Reflect;
use pulse_core::nps::Scale;
use pulse_core::survey::{ColorMode, Language, Modules, Placement, Shape, Theme};
use wasm_bindgen::JsValue;

use crate::texts::Overrides;

/// What the widget reads of a `SurveyConfig`; targeting is the loader's business.
pub struct Settings {
    pub company: String,
    pub scale: Scale,
    pub language: Option<Language>,
    pub theme: Theme,
    pub modules: Modules,
    /// The `texts` overrides: language → text key → text, as the JSON has them.
    texts: JsValue,
}

pub fn from_js(json: &JsValue) -> Settings {
    let string = |object: &JsValue, name: &str| get(object, name).as_string();
    let theme = get(json, "theme");
    let modules = get(json, "modules");
    Settings {
        company: string(json, "company").unwrap_or_default(),
        scale: by_name(&Scale::ALL, &Scale::NAMES, string(json, "scale")).unwrap_or_default(),
        language: by_name(&Language::ALL, &Language::NAMES, string(json, "language")),
        theme: Theme {
            brand_color: string(&theme, "brand_color").unwrap_or_else(|| Theme::default().brand_color),
            mode: by_name(&ColorMode::ALL, &ColorMode::NAMES, string(&theme, "mode")).unwrap_or_default(),
            placement: by_name(&Placement::ALL, &Placement::NAMES, string(&theme, "placement"))
                .unwrap_or_default(),
            shape: by_name(&Shape::ALL, &Shape::NAMES, string(&theme, "shape")).unwrap_or_default(),
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
    pub fn overrides(&self, language: Language) -> Overrides {
        let texts = get(&self.texts, language.as_str());
        Box::new(move |key| get(&texts, key.as_str()).as_string())
    }
}

/// The value of `all` whose name in `names` (pulse-core's `ALL` and `NAMES` of an enum) is
/// `name`, `None` when missing or unknown. Rather than the enums' `FromStr`: a match per
/// enum would weigh 130 B more of brotli than one search for all of them.
fn by_name<T: Copy>(all: &[T], names: &[&str], name: Option<String>) -> Option<T> {
    all.get(position(names, &name?)?).copied()
}

/// Not generic, so that one copy serves every enum.
fn position(names: &[&str], name: &str) -> Option<usize> {
    names.iter().position(|known| *known == name)
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

    use pulse_core::survey::{ColorMode, Placement, Shape, SurveyConfig, TextKey};
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
        assert_eq!(settings.language.map(Language::as_str), config.language.as_deref());
        assert_eq!(settings.theme, config.theme);
        assert_eq!(settings.modules, config.modules);
        assert_eq!(settings.overrides(Language::French)(TextKey::Thanks).as_deref(), Some("Merci !"));
        assert_eq!(settings.overrides(Language::French)(TextKey::Send), None);
        assert_eq!(settings.overrides(Language::Dutch)(TextKey::Thanks), None);
    }

    #[wasm_bindgen_test]
    fn a_minimal_config_gets_every_default() {
        let settings = read(r#"{"id": "s1", "company": "Acme", "texts": 3, "theme": null}"#);
        let defaults = SurveyConfig::default();
        assert_eq!(settings.scale, defaults.scale);
        assert_eq!(settings.language, None);
        assert_eq!(settings.theme, defaults.theme);
        assert_eq!(settings.modules, defaults.modules);
        assert_eq!(settings.overrides(Language::English)(TextKey::Thanks), None);
    }

    #[wasm_bindgen_test]
    fn unknown_names_get_the_defaults() {
        let settings = read(
            r#"{"id": "s1", "company": "Acme", "scale": "one_to_five", "language": "de",
                "theme": {"mode": "neon", "placement": "top", "shape": 1}}"#,
        );
        let defaults = SurveyConfig::default();
        assert_eq!(settings.scale, defaults.scale);
        assert_eq!(settings.language, None);
        assert_eq!(settings.theme, defaults.theme);
    }
}
