//! The JavaScript loader cannot import core's constants, so it copies them; this test
//! reads its source and fails when a copy drifts from core.

use pulse_core::validation::PAGE_MAX_CHARS;

const LOADER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../widget/loader/pulse.js");

#[test]
fn loader_cuts_the_page_at_cores_limit() {
    let source = std::fs::read_to_string(LOADER).expect("reading widget/loader/pulse.js");
    let cut = "location.pathname.slice(0, ";
    let at = source.find(cut).unwrap_or_else(|| panic!("widget/loader/pulse.js no longer has `{cut}`"));
    let number: String = source[at + cut.len()..].chars().take_while(char::is_ascii_digit).collect();
    assert_eq!(
        number.parse::<usize>().ok(),
        Some(PAGE_MAX_CHARS),
        "widget/loader/pulse.js cuts the page at {number:?} characters, but pulse_core::validation::PAGE_MAX_CHARS is {PAGE_MAX_CHARS}"
    );
}
