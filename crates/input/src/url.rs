//! Resolving links (feed item links, canonical page URLs) against the URL of the document
//! they appear in. Plain string work following RFC 3986 section 5.2; no network.

/// `href` resolved against `base` (an absolute URL). Without a base, or when `href` is
/// already absolute, `href` itself (trimmed).
pub fn join_url(base: Option<&str>, href: &str) -> String {
    let href = href.trim();
    let Some(base) = base else {
        return href.to_string();
    };
    if has_scheme(href) {
        return href.to_string();
    }
    let Some((scheme, rest)) = base.split_once("://") else {
        return href.to_string();
    };
    let (authority, base_rest) = match rest.find(['/', '?', '#']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if let Some(net) = href.strip_prefix("//") {
        return format!("{scheme}://{net}");
    }
    let base_path = base_rest.split(['?', '#']).next().unwrap_or("");
    if href.is_empty() || href.starts_with('#') {
        let no_fragment = base.split('#').next().unwrap_or(base);
        return format!("{no_fragment}{href}");
    }
    if href.starts_with('?') {
        return format!("{scheme}://{authority}{base_path}{href}");
    }
    let cut = href.find(['?', '#']).unwrap_or(href.len());
    let (href_path, suffix) = href.split_at(cut);
    let path = if href_path.starts_with('/') {
        href_path.to_string()
    } else {
        let dir = match base_path.rfind('/') {
            Some(i) => &base_path[..=i],
            None => "/",
        };
        format!("{dir}{href_path}")
    };
    format!(
        "{scheme}://{authority}{}{suffix}",
        remove_dot_segments(&path)
    )
}

/// True when `s` starts with `scheme:` (letters, digits, `+`, `-`, `.`; a letter first).
fn has_scheme(s: &str) -> bool {
    let Some(i) = s.find(':') else {
        return false;
    };
    let scheme = &s[..i];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            "." | ".." => {
                if *seg == ".." && out.len() > 1 {
                    out.pop();
                }
                if i == last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    let joined = out.join("/");
    if joined.starts_with('/') {
        joined
    } else {
        format!("/{joined}")
    }
}

#[cfg(test)]
mod tests {
    use super::join_url;

    #[test]
    fn resolves_like_rfc_3986() {
        let base = Some("http://a/b/c/d;p?q");
        for (href, want) in [
            ("g:h", "g:h"),
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q#s"),
            ("g#s", "http://a/b/c/g#s"),
            ("", "http://a/b/c/d;p?q"),
            (".", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../g", "http://a/g"),
            ("../../../g", "http://a/g"),
            ("g/../h", "http://a/b/c/h"),
            ("  https://x.org/a  ", "https://x.org/a"),
        ] {
            assert_eq!(join_url(base, href), want, "{href}");
        }
        assert_eq!(join_url(Some("https://x.org"), "a/1"), "https://x.org/a/1");
        assert_eq!(join_url(None, " /a/1 "), "/a/1");
    }
}
