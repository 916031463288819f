//! Case-changed copies of an evaluation set: how the coder does on text without normal
//! capitalisation (lower-cased archives, all-caps wires and headlines).
//!
//! The change is ASCII-only, so every byte (and character) offset of the original text is
//! an offset of the changed text, and gold spans stay valid. The gold's verbatim `text`
//! fields get the same change, so that they still agree with the article.

use crate::gold::Gold;

/// A case change applied to an article and its gold before scoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Recase {
    /// The text as written.
    #[default]
    Original,
    /// ASCII letters lower-cased.
    Lower,
    /// ASCII letters upper-cased.
    Upper,
}

impl std::str::FromStr for Recase {
    type Err = String;

    fn from_str(s: &str) -> Result<Recase, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "original" | "none" => Ok(Recase::Original),
            "lower" => Ok(Recase::Lower),
            "upper" => Ok(Recase::Upper),
            other => Err(format!(
                "unknown case change {other:?} (original, lower, upper)"
            )),
        }
    }
}

impl std::fmt::Display for Recase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Recase::Original => "original",
            Recase::Lower => "lower",
            Recase::Upper => "upper",
        })
    }
}

impl Recase {
    /// The text with its ASCII letters changed; same length, same offsets.
    pub fn apply(self, text: &str) -> String {
        match self {
            Recase::Original => text.to_string(),
            Recase::Lower => text.to_ascii_lowercase(),
            Recase::Upper => text.to_ascii_uppercase(),
        }
    }

    /// The same change on the gold's verbatim text fields (events, optional and historical
    /// spans), which are checked against the article when the gold is loaded. Names and
    /// aliases are matched case-insensitively and are left as they are.
    pub fn apply_to_gold(self, gold: &mut Gold) {
        if self == Recase::Original {
            return;
        }
        let texts = gold
            .events
            .iter_mut()
            .map(|e| &mut e.text)
            .chain(gold.optional.iter_mut().map(|o| &mut o.text))
            .chain(gold.historical.iter_mut().map(|h| &mut h.text));
        for t in texts.flatten() {
            *t = self.apply(t);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gold::GoldDoc;

    const JSON: &str = r#"{
        "document": {"id": "d", "published": "2026-01-21"},
        "entities": {"isis": {"aliases": ["Islamic State"]}},
        "events": [{"id": "e1", "span": [7, 37], "text": "Islamic State fighters Ürümqi.",
                    "types": ["ASSAULT"], "actor": "isis"}],
        "optional": [{"span": [0, 6], "text": "Ça va.", "types": ["ASSAULT"]}],
        "historical": [{"span": [0, 6], "text": "Ça va."}]
    }"#;
    const TEXT: &str = "Ça va. Islamic State fighters Ürümqi.";

    fn load(r: Recase) -> crate::Result<GoldDoc> {
        let mut gold: Gold = serde_json::from_str(JSON).expect("gold");
        r.apply_to_gold(&mut gold);
        GoldDoc::new(gold, r.apply(TEXT), "t")
    }

    #[test]
    fn ascii_only_and_same_offsets() {
        assert_eq!(
            Recase::Lower.apply(TEXT),
            "Ça va. islamic state fighters Ürümqi."
        );
        assert_eq!(
            Recase::Upper.apply(TEXT),
            "ÇA VA. ISLAMIC STATE FIGHTERS ÜRüMQI."
        );
        assert_eq!(Recase::Original.apply(TEXT), TEXT);
        for r in [Recase::Lower, Recase::Upper] {
            let t = r.apply(TEXT);
            assert_eq!(t.len(), TEXT.len());
            assert!(TEXT.char_indices().all(|(i, _)| t.is_char_boundary(i)));
        }
    }

    #[test]
    fn gold_texts_follow_the_article() {
        for r in [Recase::Original, Recase::Lower, Recase::Upper] {
            let doc = load(r).expect("the gold agrees with the recased article");
            assert_eq!(doc.text, r.apply(TEXT));
            let e = doc.gold.events[0].text.as_deref().expect("text");
            assert_eq!(e, r.apply("Islamic State fighters Ürümqi."));
        }
        // Recasing only the article makes the verbatim texts disagree.
        let gold: Gold = serde_json::from_str(JSON).expect("gold");
        assert!(GoldDoc::new(gold, Recase::Lower.apply(TEXT), "t").is_err());
    }

    #[test]
    fn parses_its_names() {
        for r in [Recase::Original, Recase::Lower, Recase::Upper] {
            assert_eq!(r.to_string().parse::<Recase>(), Ok(r));
        }
        assert_eq!(" UPPER ".parse::<Recase>(), Ok(Recase::Upper));
        assert!("title".parse::<Recase>().is_err());
    }
}
