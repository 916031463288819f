//! Text helpers shared by the scorers: whole-word matching and offset conversion.

/// True when `needle` occurs in `haystack` as a whole word, case-insensitively.
///
/// Word characters are alphanumerics; so "shaddadi" occurs in "al-Shaddadi prison" but
/// "us" does not occur in "campus". An empty needle never matches.
pub fn contains_word(haystack: &str, needle: &str) -> bool {
    let hay = haystack.to_lowercase();
    let needle = needle.trim().to_lowercase();
    if needle.is_empty() {
        return false;
    }
    let mut from = 0;
    while let Some(pos) = hay.get(from..).and_then(|h| h.find(&needle)) {
        let start = from + pos;
        let end = start + needle.len();
        let before_ok = hay
            .get(..start)
            .and_then(|s| s.chars().next_back())
            .map_or(true, |c| !c.is_alphanumeric());
        let after_ok = hay
            .get(end..)
            .and_then(|s| s.chars().next())
            .map_or(true, |c| !c.is_alphanumeric());
        // A needle that itself starts/ends with a non-word char (e.g. "u.s.") is bounded by it.
        let needle_starts_word = needle.chars().next().is_some_and(|c| c.is_alphanumeric());
        let needle_ends_word = needle
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric());
        if (before_ok || !needle_starts_word) && (after_ok || !needle_ends_word) {
            return true;
        }
        // Advance by one character.
        from = start
            + hay
                .get(start..)
                .and_then(|s| s.chars().next())
                .map_or(1, char::len_utf8);
    }
    false
}

/// True when `needle` occurs anywhere in `haystack`, case-insensitively (empty never matches).
pub fn contains_ci(haystack: &str, needle: &str) -> bool {
    let needle = needle.trim().to_lowercase();
    !needle.is_empty() && haystack.to_lowercase().contains(&needle)
}

/// Converts a character offset into a UTF-8 byte offset of `text` (`None` past the end).
/// The offset equal to the number of characters maps to `text.len()`.
pub fn char_to_byte(text: &str, char_offset: usize) -> Option<usize> {
    if char_offset == 0 {
        return Some(0);
    }
    let mut count = 0;
    for (byte, _) in text.char_indices() {
        if count == char_offset {
            return Some(byte);
        }
        count += 1;
    }
    (count == char_offset).then_some(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words() {
        assert!(contains_word("al-Shaddadi prison", "shaddadi"));
        assert!(contains_word("The SDF", "sdf"));
        assert!(!contains_word("campus", "us"));
        assert!(contains_word("the U.S.-led coalition", "u.s."));
        assert!(contains_word("U.S. troops", "u.s."));
        assert!(!contains_word("anything", ""));
        assert!(contains_word("Ünïcode town", "ünïcode"));
        assert!(!contains_word("government", "govern"));
        assert!(contains_word(
            "governments and the government",
            "government"
        ));
    }

    #[test]
    fn offsets() {
        let t = "aé b";
        assert_eq!(char_to_byte(t, 0), Some(0));
        assert_eq!(char_to_byte(t, 1), Some(1));
        assert_eq!(char_to_byte(t, 2), Some(3));
        assert_eq!(char_to_byte(t, 4), Some(5));
        assert_eq!(char_to_byte(t, 5), None);
        assert_eq!(char_to_byte("", 0), Some(0));
        assert_eq!(char_to_byte("", 1), None);
    }
}
