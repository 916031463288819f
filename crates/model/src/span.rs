use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A half-open range of UTF-8 byte offsets `[start, end)` into a document's normalised text.
///
/// Construct with [`Span::new_checked`] against the text it points into; [`Span::slice`]
/// re-checks and never panics.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum SpanError {
    #[error("span {start}..{end} is reversed")]
    Reversed { start: usize, end: usize },
    #[error("span {start}..{end} is out of bounds for text of {len} bytes")]
    OutOfBounds {
        start: usize,
        end: usize,
        len: usize,
    },
    #[error("span {start}..{end} does not fall on UTF-8 character boundaries")]
    NotCharBoundary { start: usize, end: usize },
}

impl Span {
    /// Creates a span after checking it against `text`.
    pub fn new_checked(text: &str, start: usize, end: usize) -> Result<Span, SpanError> {
        if start > end {
            return Err(SpanError::Reversed { start, end });
        }
        if end > text.len() {
            return Err(SpanError::OutOfBounds {
                start,
                end,
                len: text.len(),
            });
        }
        if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Err(SpanError::NotCharBoundary { start, end });
        }
        Ok(Span { start, end })
    }

    /// An unchecked span; use only with offsets derived from the text itself
    /// (e.g. from `char_indices` or a regex match).
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn slice<'a>(&self, text: &'a str) -> Option<&'a str> {
        text.get(self.start..self.end)
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Distance in bytes between two spans (0 if they overlap or touch).
    pub fn gap(&self, other: Span) -> usize {
        if self.end <= other.start {
            other.start - self.end
        } else {
            self.start.saturating_sub(other.end)
        }
    }

    /// Shifts the span by `offset` bytes.
    pub fn shift(&self, offset: usize) -> Span {
        Span {
            start: self.start + offset,
            end: self.end + offset,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rejects_non_boundary() {
        let t = "aé b";
        assert!(Span::new_checked(t, 0, 2).is_err());
        assert_eq!(Span::new_checked(t, 0, 3).unwrap().slice(t), Some("aé"));
    }

    #[test]
    fn rejects_reversed_and_out_of_bounds() {
        assert!(matches!(
            Span::new_checked("abc", 2, 1),
            Err(SpanError::Reversed { .. })
        ));
        assert!(matches!(
            Span::new_checked("abc", 0, 9),
            Err(SpanError::OutOfBounds { .. })
        ));
    }

    proptest! {
        #[test]
        fn checked_spans_always_slice(s in "\\PC{0,40}", a in 0usize..200, b in 0usize..200) {
            if let Ok(sp) = Span::new_checked(&s, a, b) {
                prop_assert!(sp.slice(&s).is_some());
            }
        }

        #[test]
        fn cover_contains_both(a in 0usize..100, b in 0usize..100, c in 0usize..100, d in 0usize..100) {
            let x = Span::new(a.min(b), a.max(b));
            let y = Span::new(c.min(d), c.max(d));
            let z = x.cover(y);
            prop_assert!(z.contains(x) && z.contains(y));
        }
    }
}
