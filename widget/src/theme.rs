//! The brand colour as CSS, with a text colour that reads on it. The result goes into a
//! constructed stylesheet, never into a `style` attribute, so that strict
//! Content-Security-Policies allow it.

const DEFAULT_BRAND: [u8; 3] = [0x31, 0x46, 0xd6];

/// Custom properties for the card: `--brand` and `--on-brand`, black or white, whichever
/// contrasts more with the brand colour. An unreadable `brand_color` falls back to Pulse blue.
pub fn brand_css(brand_color: &str) -> String {
    let rgb = parse_hex(brand_color).unwrap_or(DEFAULT_BRAND);
    let on_brand = if contrast(rgb, [0; 3]) > contrast(rgb, [255; 3]) { "#000" } else { "#fff" };
    let mut css = String::from(".card{--brand:#");
    for channel in rgb {
        css.push(hex_digit(channel >> 4));
        css.push(hex_digit(channel & 15));
    }
    css.push_str(";--on-brand:");
    css.push_str(on_brand);
    css.push('}');
    css
}

/// `#rrggbb` (or `#rgb`), in either case.
fn parse_hex(color: &str) -> Option<[u8; 3]> {
    let digits = color.strip_prefix('#')?.as_bytes();
    let digit = |index: usize| (digits[index] as char).to_digit(16).map(|value| value as u8);
    match digits.len() {
        6 => Some([digit(0)? * 16 + digit(1)?, digit(2)? * 16 + digit(3)?, digit(4)? * 16 + digit(5)?]),
        3 => Some([digit(0)? * 17, digit(1)? * 17, digit(2)? * 17]),
        _ => None,
    }
}

fn hex_digit(value: u8) -> char {
    char::from_digit(value.into(), 16).unwrap_or('0')
}

/// WCAG 2.2 contrast ratio, from 1 to 21.
fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// WCAG 2.2 relative luminance.
fn luminance([r, g, b]: [u8; 3]) -> f64 {
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// An sRGB channel made linear: `((c + 0.055) / 1.055)^2.4` above the dark end.
fn linear(channel: u8) -> f64 {
    let c = f64::from(channel) / 255.0;
    if c <= 0.04045 {
        return c / 12.92;
    }
    let x = (c + 0.055) / 1.055;
    x * x * fifth_root(x * x)
}

/// Newton's method on `z^5 = a` for `a` in (0, 1]: x^2.4 = x^2 · (x^2)^(1/5), without
/// `powf`, which would add a maths library to the Wasm.
fn fifth_root(a: f64) -> f64 {
    let mut z = 1.0;
    for _ in 0..16 {
        z = (4.0 * z + a / (z * z * z * z)) / 5.0;
    }
    z
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luminance_matches_the_wcag_formula() {
        for channel in [11_u8, 60, 119, 128, 200, 255] {
            let c = f64::from(channel) / 255.0;
            let exact = ((c + 0.055) / 1.055).powf(2.4);
            assert!((linear(channel) - exact).abs() < 1e-9, "{channel}");
        }
        assert!((contrast([0; 3], [255; 3]) - 21.0).abs() < 1e-9);
        // #767676 on white is the classic 4.54:1.
        assert!((contrast([0x76; 3], [255; 3]) - 4.54).abs() < 0.01);
    }

    #[test]
    fn the_text_on_the_brand_colour_is_the_more_readable_of_black_and_white() {
        assert_eq!(brand_css("#3146d6"), ".card{--brand:#3146d6;--on-brand:#fff}");
        assert_eq!(brand_css("#FFD500"), ".card{--brand:#ffd500;--on-brand:#000}");
        assert_eq!(brand_css("#0a0"), ".card{--brand:#00aa00;--on-brand:#000}");
        assert_eq!(brand_css("#767676"), ".card{--brand:#767676;--on-brand:#000}");
        assert_eq!(brand_css("#6b6b6b"), ".card{--brand:#6b6b6b;--on-brand:#fff}");
        for rgb in [[0, 0, 0], [255, 255, 0], [128, 128, 128], [255, 0, 0], [0, 0, 255], [0x77, 0x77, 0x77]] {
            let best = contrast(rgb, [0; 3]).max(contrast(rgb, [255; 3]));
            assert!(best >= 4.5, "{rgb:?} reads at {best}");
        }
    }

    #[test]
    fn unreadable_brand_colours_fall_back_to_pulse_blue() {
        for color in ["", "3146d6", "#12345", "#gggggg", "red", "#éé"] {
            assert_eq!(brand_css(color), ".card{--brand:#3146d6;--on-brand:#fff}", "{color}");
        }
    }
}
