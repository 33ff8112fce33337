//! Writes style.css without its comments and extra white space into OUT_DIR, for
//! `include_str!`: every byte of it ships to every visitor.

use std::{env, fs, path::Path};

fn main() {
    println!("cargo::rerun-if-changed=src/style.css");
    let css = fs::read_to_string("src/style.css").expect("src/style.css");
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("style.css");
    fs::write(out, minify(&css)).expect("OUT_DIR is writable");
}

/// Drops `/* … */` comments and collapses white space; the stylesheet has no strings or
/// URLs in which either would matter.
fn minify(css: &str) -> String {
    let mut rest = css;
    let mut text = String::new();
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start..].find("*/").map_or("", |end| &rest[start + end + 2..]);
    }
    text.push_str(rest);
    let mut minified = String::new();
    for word in text.split_whitespace() {
        let joins = |c: char| "{};:,>".contains(c);
        if !minified.is_empty() && !minified.ends_with(joins) && !word.starts_with(joins) {
            minified.push(' ');
        }
        minified.push_str(word);
    }
    minified
}
