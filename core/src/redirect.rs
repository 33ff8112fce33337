//! Where the login page may send a marketer afterwards: only to a page of this site, so
//! that a link such as `/login?next=//evil.example` cannot take them elsewhere.

/// `next` when it is a path of this site, `None` otherwise. Browsers read `\` as `/` and
/// drop tabs and line breaks, so `/\evil.example` or `/<tab>/evil.example` would leave
/// the site as surely as `//evil.example`: a path passes only if it starts with one `/`
/// followed by neither `/` nor `\`, holds no control character, and still does once
/// percent-decoded (as often as it decodes to something else).
pub fn same_site_path(next: &str) -> Option<&str> {
    let mut current = next.to_owned();
    loop {
        let mut chars = current.chars();
        let stays = chars.next() == Some('/')
            && !matches!(chars.next(), Some('/' | '\\'))
            && !current.chars().any(char::is_control);
        if !stays {
            return None;
        }
        match percent_decoded(&current)? {
            decoded if decoded == current => return Some(next),
            decoded => current = decoded,
        }
    }
}

/// `%XX` sequences decoded once; `None` when the bytes are not UTF-8.
fn percent_decoded(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes.get(index + 1..index + 3).and_then(|pair| std::str::from_utf8(pair).ok());
        match hex.filter(|_| bytes[index] == b'%').and_then(|hex| u8::from_str_radix(hex, 16).ok()) {
            Some(byte) => {
                decoded.push(byte);
                index += 3;
            }
            None => {
                decoded.push(bytes[index]);
                index += 1;
            }
        }
    }
    String::from_utf8(decoded).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_of_this_site_pass_unchanged() {
        for path in ["/", "/results/demo", "/surveys/new?x=1#top", "/a//b", "/a\\b", "/%7Euser", "/100%"] {
            assert_eq!(same_site_path(path), Some(path), "{path}");
        }
    }

    #[test]
    fn anything_that_could_leave_the_site_is_refused() {
        let nasty = [
            "",
            "results/demo",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "https://evil.example",
            "https:evil.example",
            "javascript:alert(1)",
            " /evil",
            // Encoded once, twice, and in either case.
            "/%5Cevil.example",
            "/%5cevil.example",
            "/%2Fevil.example",
            "/%252F%252Fevil.example",
            "%2F%2Fevil.example",
            // Browsers drop tabs and line breaks: these are `//evil.example` to them.
            "/\t/evil.example",
            "/\n/evil.example",
            "/%09/evil.example",
            "/%0d%0a/evil.example",
            "/results\u{0}",
            // Not UTF-8 once decoded.
            "/%ff",
        ];
        for next in nasty {
            assert_eq!(same_site_path(next), None, "{next:?}");
        }
    }
}
