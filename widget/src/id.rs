//! Response ids: random (version 4) UUIDs, made in the browser so that every post of one
//! response names it and the server stores it once. Each showing of the survey makes its
//! own: a visitor asked again later gives a new answer, never one that completes or
//! replaces the first.

use wasm_bindgen::JsValue;
use web_sys::Window;

/// A fresh id from the browser's cryptographic generator.
pub fn new_response_id(window: &Window) -> Result<String, JsValue> {
    let mut bytes = [0; 16];
    window.crypto()?.get_random_values_with_u8_array(&mut bytes)?;
    Ok(uuid_v4(bytes))
}

/// The UUID of 16 random bytes, with the version and variant bits set, in the usual
/// 8-4-4-4-12 hexadecimal form (by hand: the uuid crate would bring in text formatting).
fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut id = String::with_capacity(36);
    for (index, byte) in bytes.iter().enumerate() {
        if matches!(index, 4 | 6 | 8 | 10) {
            id.push('-');
        }
        for &nibble in &[byte >> 4, byte & 15] {
            id.push(char::from_digit(nibble.into(), 16).unwrap_or('0'));
        }
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_version_4_uuids() {
        for bytes in [[0; 16], [255; 16], core::array::from_fn(|index| index as u8 * 17)] {
            let id = uuid_v4(bytes);
            let parsed = uuid::Uuid::parse_str(&id).unwrap();
            assert_eq!(parsed.get_version_num(), 4, "{id}");
            assert_eq!(parsed.get_variant(), uuid::Variant::RFC4122, "{id}");
            assert_eq!(id, parsed.hyphenated().to_string());
        }
        assert_eq!(uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
    }
}
