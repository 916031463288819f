//! Water bodies as places: seas, straits, gulfs, bays, channels, canals, rivers and lakes
//! (`data/gazetteer/water.tsv`, one typed loader: [`Waters::parse`]).
//!
//! A water body is recognised by one of its names written out: "the Red Sea", "Strait of
//! Hormuz", "Gulf of Aden", "Lake Chad", "Euphrates River", "the River Euphrates". A river name
//! without its generic word ("the Euphrates") is accepted only for entries marked `bare` and only
//! where it cannot be another reading: after "the" or standing alone, never followed by another
//! capitalised word ("Nile Delta") or a noun it would modify, and never in place of a country,
//! division or town the gazetteer found in the same words ("Chad" stays the country; "Blue Nile"
//! alone stays the Sudanese state). A water mention replaces the places found inside its words
//! ("Aden" in "Gulf of Aden", the governorate "Red Sea" in "the Red Sea") unless a division or
//! settlement word follows ("Red Sea state").

use std::collections::{HashMap, HashSet};

use sitrep_model::{Location, Span};

use crate::fold::{fold, fold_into, is_article};
use crate::mentions::words::words as tables;
use crate::{Gazetteer, GazetteerError, PlaceKind, PlaceMention};

/// One named water body.
#[derive(Debug, Clone, PartialEq)]
pub struct WaterBody {
    pub name: String,
    /// GeoNames hydrographic feature code: OCN, SEA, GULF, BAY, STRT, CHN, CNL, STM, LK.
    pub feature: String,
    pub lat: f64,
    pub lon: f64,
    /// ISO alpha-2 codes of the countries it borders or flows through.
    pub countries: Vec<String>,
    /// Whether a name without its generic word may stand alone ("the Euphrates").
    pub bare: bool,
    /// Alternate names as written in the data file.
    pub alternates: Vec<String>,
}

impl WaterBody {
    /// ACLED-style precision: a sea, gulf, bay or ocean is a region (3); a strait, channel,
    /// canal, river or lake is part of one (2).
    pub fn precision(&self) -> u8 {
        match self.feature.as_str() {
            "OCN" | "SEA" | "GULF" | "BAY" => 3,
            _ => 2,
        }
    }
}

/// The water bodies and their name forms.
#[derive(Debug, Default)]
pub struct Waters {
    bodies: Vec<WaterBody>,
    /// Folded name form -> (body index, whether the form contains a generic word).
    forms: HashMap<String, (u32, bool)>,
    /// Folded first words of all forms (a cheap test before the n-grams).
    first_words: HashSet<String>,
    max_words: usize,
}

fn has_generic(folded: &str) -> bool {
    folded
        .split(' ')
        .any(|w| tables().water_generic.contains(&w))
}

impl Waters {
    /// Parses `water.tsv`: `name feature lat lon countries bare alternates`, `#` comments.
    pub fn parse(text: &str) -> Result<Waters, GazetteerError> {
        let mut w = Waters::default();
        for (ln, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let bad = |reason: &str| GazetteerError::Invalid {
                line: ln + 1,
                reason: format!("water.tsv: {reason}"),
            };
            let c: Vec<&str> = line.split('\t').collect();
            let field = |i: usize| {
                c.get(i)
                    .map(|s| s.trim())
                    .ok_or_else(|| bad("missing field"))
            };
            let name = field(0)?;
            let feature = field(1)?;
            if name.is_empty() || feature.is_empty() {
                return Err(bad("empty name or feature"));
            }
            let lat: f64 = field(2)?.parse().map_err(|_| bad("bad latitude"))?;
            let lon: f64 = field(3)?.parse().map_err(|_| bad("bad longitude"))?;
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                return Err(bad("point out of range"));
            }
            let countries = field(4)?
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_ascii_uppercase)
                .collect();
            let bare = match field(5)? {
                "y" => true,
                "n" => false,
                _ => return Err(bad("bare must be y or n")),
            };
            let alternates: Vec<String> = c
                .get(6)
                .copied()
                .unwrap_or("")
                .split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            let id = w.bodies.len() as u32;
            let river = feature == "STM";
            for n in std::iter::once(name).chain(alternates.iter().map(String::as_str)) {
                let f = fold(n);
                if f.is_empty() {
                    continue;
                }
                let generic = has_generic(&f);
                // a river's name with and without "River", and "River X"
                let stem = if river {
                    match f.strip_suffix(" river") {
                        Some(stem) if !stem.is_empty() => Some(stem.to_string()),
                        _ if !generic => Some(f.clone()),
                        _ => None,
                    }
                } else {
                    None
                };
                w.add_form(f.clone(), id, generic);
                if let Some(stem) = stem {
                    w.add_form(format!("{stem} river"), id, true);
                    w.add_form(format!("river {stem}"), id, true);
                    w.add_form(stem.clone(), id, has_generic(&stem));
                }
            }
            w.bodies.push(WaterBody {
                name: name.to_string(),
                feature: feature.to_string(),
                lat,
                lon,
                countries,
                bare,
                alternates,
            });
        }
        Ok(w)
    }

    fn add_form(&mut self, f: String, id: u32, generic: bool) {
        let words = f.split(' ').count();
        self.max_words = self.max_words.max(words);
        if let Some(first) = f.split(' ').next() {
            self.first_words.insert(first.to_string());
        }
        // the first body to claim a form keeps it
        self.forms.entry(f).or_insert((id, generic));
    }

    pub fn bodies(&self) -> &[WaterBody] {
        &self.bodies
    }

    /// The water body with this name or alternate name (any form, folded).
    pub fn get(&self, name: &str) -> Option<&WaterBody> {
        let (id, _) = self.forms.get(&fold(name))?;
        self.bodies.get(*id as usize)
    }
}

/// A word of the text: byte span, capitalised or not (folded only when needed: most words are
/// never looked at).
struct Word {
    start: usize,
    end: usize,
    cap: bool,
}

impl Word {
    fn low(&self, text: &str) -> String {
        fold(text.get(self.start..self.end).unwrap_or(""))
    }
}

fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let push = |s: usize, e: usize, out: &mut Vec<Word>| {
        let w = text.get(s..e).unwrap_or("");
        out.push(Word {
            start: s,
            end: e,
            cap: w.chars().next().is_some_and(char::is_uppercase),
        });
    };
    for (i, ch) in text.char_indices() {
        let inner_apos = matches!(ch, '\'' | '’')
            && start.is_some()
            && text
                .get(i + ch.len_utf8()..)
                .and_then(|r| r.chars().next())
                .is_some_and(char::is_alphanumeric);
        if ch.is_alphanumeric() || inner_apos {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            push(s, i, &mut out);
        }
    }
    if let Some(s) = start {
        push(s, text.len(), &mut out);
    }
    out
}

/// Whether the gap between two words keeps them in one name (spaces or one hyphen, no line
/// break or punctuation).
fn joined(text: &str, a: &Word, b: &Word) -> bool {
    let gap = text.get(a.end..b.start).unwrap_or(",");
    !gap.is_empty()
        && gap.len() <= 3
        && gap.chars().all(|c| c == ' ' || c == '-')
        && gap.chars().filter(|&c| c == '-').count() <= 1
}

/// How a water mention was written.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Form {
    /// With its generic word: "Red Sea", "Euphrates River".
    Generic,
    /// A bare name after "the": "the Euphrates".
    Article,
    /// A bare name alone: "Euphrates".
    Bare,
}

struct Found {
    span: Span,
    body: u32,
    form: Form,
}

fn find(w: &Waters, text: &str) -> Vec<Found> {
    let ws = words(text);
    let mut out = Vec::new();
    let mut buf = String::new();
    let mut i = 0;
    while i < ws.len() {
        if ws[i].cap {
            fold_into(text.get(ws[i].start..ws[i].end).unwrap_or(""), &mut buf);
        }
        if !ws[i].cap || !w.first_words.contains(buf.as_str()) {
            i += 1;
            continue;
        }
        let mut hit = None;
        // longest form first
        let mut last = i;
        while last + 1 < ws.len()
            && last + 1 - i < w.max_words
            && joined(text, &ws[last], &ws[last + 1])
        {
            last += 1;
        }
        let lows: Vec<String> = ws[i..=last].iter().map(|x| x.low(text)).collect();
        let mut key = String::new();
        for (k, l) in lows.iter().enumerate() {
            if k > 0 {
                key.push(' ');
            }
            key.push_str(l);
            if let Some(&(id, generic)) = w.forms.get(&key) {
                hit = Some((i + k, id, generic));
            }
        }
        let Some((j, id, generic)) = hit else {
            i += 1;
            continue;
        };
        let Some(body) = w.bodies.get(id as usize) else {
            i += 1;
            continue;
        };
        // every word but generic words and connectors is capitalised
        let capitalised = ws[i..=j].iter().zip(&lows).all(|(x, l)| {
            x.cap
                || tables().water_generic.contains(&l.as_str())
                || tables().water_connectors.contains(&l.as_str())
                || is_article(l)
        });
        let next = ws.get(j + 1).filter(|n| {
            let gap = text.get(ws[j].end..n.start).unwrap_or(",");
            gap.chars().all(|c| c == ' ')
        });
        let prev_the = i > 0
            && text
                .get(ws[i - 1].start..ws[i - 1].end)
                .is_some_and(|p| p.eq_ignore_ascii_case("the"))
            && text
                .get(ws[i - 1].end..ws[i].start)
                .is_some_and(|g| g.chars().all(|c| c == ' '));
        let form = if generic {
            Form::Generic
        } else if prev_the {
            Form::Article
        } else {
            Form::Bare
        };
        let ok = capitalised
            && next.is_none_or(|n| {
                let nl = n.low(text);
                let after_ok = !tables().water_not_after.contains(&nl.as_str());
                // Weekdays and months may follow in running text ("in the Red Sea Monday").
                let cap_ok = !n.cap
                    || sitrep_text::WEEKDAY_NAMES.contains(&nl.as_str())
                    || sitrep_text::MONTH_NAMES.contains(&nl.as_str());
                match form {
                    Form::Generic => after_ok && cap_ok,
                    _ => {
                        after_ok
                            && cap_ok
                            && (n.cap || tables().water_after_bare.contains(&nl.as_str()))
                    }
                }
            })
            && (form == Form::Generic || body.bare);
        if ok {
            out.push(Found {
                span: Span::new(ws[i].start, ws[j].end),
                body: id,
                form,
            });
            i = j + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// Adds the water mentions of `text` to `out` (the other places of the document), replacing the
/// places found inside their words; `out` stays in text order.
pub(crate) fn add_mentions(g: &Gazetteer, text: &str, out: &mut Vec<PlaceMention>) {
    let found = find(&g.waters, text);
    if found.is_empty() {
        return;
    }
    for f in found {
        let Some(body) = g.waters.bodies.get(f.body as usize) else {
            continue;
        };
        let overlapping: Vec<usize> = (0..out.len())
            .filter(|&k| out[k].span.overlaps(f.span))
            .collect();
        // another reading that reaches beyond the water name wins ("Lake Chad Basin")
        let beyond = overlapping.iter().any(|&k| {
            let s = out[k].span;
            s.start < f.span.start || s.end > f.span.end
        });
        if beyond {
            continue;
        }
        let same = overlapping.iter().any(|&k| out[k].span == f.span);
        if same {
            let keep_other = match f.form {
                Form::Generic => false,
                // "the Dnipro": a river rather than the town; a country or division stays
                // ("the Gambia", "the Congo")
                Form::Article => overlapping
                    .iter()
                    .any(|&k| out[k].span == f.span && out[k].kind != PlaceKind::Settlement),
                Form::Bare => true,
            };
            if keep_other {
                continue;
            }
        }
        let mut k = 0;
        out.retain(|_| {
            let drop = overlapping.contains(&k);
            k += 1;
            !drop
        });
        out.push(mention(g, text, body, &f));
    }
    out.sort_by_key(|m| (m.span.start, m.span.end));
}

fn mention(g: &Gazetteer, text: &str, body: &WaterBody, f: &Found) -> PlaceMention {
    // a country only when the water body has exactly one
    let country = match body.countries.as_slice() {
        [one] => g.country(one).map(|p| p.country.clone()),
        _ => None,
    };
    PlaceMention {
        span: f.span,
        kind: PlaceKind::Water,
        location: Location {
            text: f.span.slice(text).unwrap_or("").to_string(),
            name: body.name.clone(),
            geonameid: None,
            lat: Some(body.lat),
            lon: Some(body.lon),
            country,
            admin1: None,
            feature: Some(body.feature.clone()),
            precision: body.precision(),
            facility: None,
            span: Some(f.span),
        },
        confidence: match f.form {
            Form::Generic => 0.9,
            Form::Article => 0.8,
            Form::Bare => 0.7,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# comment\n\
        Red Sea\tSEA\t20.0\t38.5\tEG,SD,ER,SA,YE\tn\t\n\
        Euphrates River\tSTM\t35.3\t40.1\tTR,SY,IQ\ty\tFurat\n\
        Lake Chad\tLK\t13.2\t14.1\tTD,NE,NG,CM\tn\t\n\
        Strait of Hormuz\tSTRT\t26.57\t56.25\tIR,OM\tn\tHormuz Strait|Straits of Hormuz\n\
        Gulf of Sidra\tGULF\t31.5\t18.0\tLY\tn\t\n\
        Niger River\tSTM\t16.3\t-0.05\tML,NE,NG\tn\t\n";

    fn names(w: &Waters, text: &str) -> Vec<(String, Form)> {
        find(w, text)
            .into_iter()
            .map(|f| (f.span.slice(text).unwrap_or("").to_string(), f.form))
            .collect()
    }

    #[test]
    fn loads_the_sample_and_the_embedded_file() {
        let w = Waters::parse(SAMPLE).expect("sample parses");
        assert_eq!(w.bodies().len(), 6);
        let e = w.get("euphrates river").expect("river form");
        assert_eq!(e.name, "Euphrates River");
        assert_eq!(
            w.get("Euphrates").map(|b| b.name.as_str()),
            Some("Euphrates River")
        );
        assert_eq!(e.feature, "STM");
        assert!(e.bare);
        assert_eq!(
            w.get("River Furat").map(|b| b.name.as_str()),
            Some("Euphrates River")
        );
        assert_eq!(w.get("Straits of Hormuz").map(|b| b.precision()), Some(2));
        assert_eq!(w.get("Red Sea").map(|b| b.precision()), Some(3));
        assert!(w.get("Red").is_none());

        let all = Waters::parse(crate::WATER).expect("water.tsv parses");
        assert!(all.bodies().len() >= 150, "{}", all.bodies().len());
        for b in all.bodies() {
            assert!(!b.countries.is_empty() || b.feature == "SEA", "{}", b.name);
        }
    }

    #[test]
    fn rejects_bad_rows() {
        for bad in [
            "Red Sea\tSEA\tx\t38.5\tEG\tn\t\n",
            "Red Sea\tSEA\t20\t38.5\tEG\tmaybe\t\n",
            "Red Sea\tSEA\t95\t38.5\tEG\tn\t\n",
            "Red Sea\tSEA\t20\n",
            "\tSEA\t20\t38.5\tEG\tn\t\n",
        ] {
            let e = Waters::parse(bad).expect_err(bad);
            assert!(e.is_user_error());
        }
    }

    #[test]
    fn matches_written_out_names() {
        let w = Waters::parse(SAMPLE).expect("sample parses");
        assert_eq!(
            names(&w, "A tanker was struck in the Red Sea on Tuesday."),
            vec![("Red Sea".to_string(), Form::Generic)]
        );
        assert_eq!(
            names(
                &w,
                "Ships avoided the Strait of Hormuz and the Hormuz Strait."
            ),
            vec![
                ("Strait of Hormuz".to_string(), Form::Generic),
                ("Hormuz Strait".to_string(), Form::Generic)
            ]
        );
        assert_eq!(
            names(&w, "Fighters crossed the Euphrates into Syria."),
            vec![("Euphrates".to_string(), Form::Article)]
        );
        assert_eq!(
            names(
                &w,
                "They crossed the Euphrates river and the River Euphrates."
            ),
            vec![
                ("Euphrates river".to_string(), Form::Generic),
                ("River Euphrates".to_string(), Form::Generic)
            ]
        );
        assert_eq!(
            names(&w, "Boats capsized on Lake Chad."),
            vec![("Lake Chad".to_string(), Form::Generic)]
        );
        assert_eq!(
            names(&w, "The Niger River rose."),
            vec![("Niger River".to_string(), Form::Generic)]
        );
    }

    #[test]
    fn does_not_match_other_readings() {
        let w = Waters::parse(SAMPLE).expect("sample parses");
        for text in [
            "Troops returned to Chad.",
            "Niger closed its border.",
            "Rebels entered Red Sea state.",
            "the Euphrates Shield operation",
            "the Euphrates valley towns",
            "a red sea of flags",
            "the Red Sea Fleet",
            "The strait of hormuz",
            "Lake\nChad",
        ] {
            assert!(names(&w, text).is_empty(), "{text}: {:?}", names(&w, text));
        }
    }

    #[test]
    fn words_keep_offsets_on_multibyte_text() {
        let text = "Çanakkale – the Euphrates’ banks";
        for x in words(text) {
            assert!(text.get(x.start..x.end).is_some());
        }
        assert_eq!(
            words(text).iter().map(|x| x.low(text)).collect::<Vec<_>>(),
            vec!["canakkale", "the", "euphrates", "banks"]
        );
    }
}
