//! Error analysis on the PLOVER gold records and the PETRARCH-2 validation sentences
//! (evaluation data is not distributed with sitrep): prints every sentence whose gold type the
//! coder does not emit, with the gold type, the gold actors and the events coded for it, then a
//! count of misses per gold type.
//!
//! `cargo run --release -p sitrep-coder --example plover_errors -- --plover PLOVER_GSR_CAMEO.json --petrarch PETR2_GSR_validation.xml`

use std::collections::BTreeMap;
use std::path::Path;

use sitrep_coder::Coder;
use sitrep_eval::{make_document, petrarch, plover, summarize_event};
use sitrep_model::Event;

fn live_types(events: &[Event]) -> Vec<sitrep_model::EventType> {
    events
        .iter()
        .filter(|e| !e.historical && !e.negated)
        .map(|e| e.event_type)
        .collect()
}

fn show(id: &str, gold: &str, actors: &str, text: &str, events: &[Event]) {
    println!("--- {id} gold={gold} {actors}");
    println!("    {text}");
    for e in events {
        let marks = if e.negated {
            " (negated)"
        } else if e.historical {
            " (historical)"
        } else {
            ""
        };
        println!("    * {}{marks}", summarize_event(e));
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let coder = Coder::embedded();
    let code = |id: &str, text: &str, date: Option<&str>| {
        // PETRARCH dates are YYYYMMDD; `sitrep eval` reads both forms.
        let iso = date.map(|d| match (d.len(), d.bytes().all(|b| b.is_ascii_digit())) {
            (8, true) => format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..]),
            _ => d.to_string(),
        });
        match make_document(id, text, iso.as_deref()) {
            Ok(doc) => coder.code(&doc),
            Err(e) => {
                eprintln!("{e}");
                Vec::new()
            }
        }
    };
    let mut misses: BTreeMap<String, usize> = BTreeMap::new();
    if let Some(path) = arg("--plover") {
        match plover::load(Path::new(&path)) {
            Ok(records) => {
                for r in &records {
                    // The records' date is a placeholder, not a publication date (as in
                    // `sitrep eval --plover`).
                    let events = code(&r.id, &r.text, None);
                    if live_types(&events).contains(&r.event_type) {
                        continue;
                    }
                    *misses
                        .entry(format!("plover {}", r.event_type))
                        .or_default() += 1;
                    let who = |xs: &[plover::GoldActor]| {
                        xs.iter()
                            .map(|a| format!("{}[{}]", a.text, a.code))
                            .collect::<Vec<_>>()
                            .join(",")
                    };
                    let actors = format!("src={} tgt={}", who(&r.source), who(&r.target));
                    let gold = format!("{}({})", r.event_type, r.original_type);
                    show(&r.id, &gold, &actors, &r.text, &events);
                }
            }
            Err(e) => eprintln!("{e}"),
        }
    }
    if let Some(path) = arg("--petrarch") {
        match petrarch::load(Path::new(&path))
            .and_then(|s| Ok((s, petrarch::CameoMap::embedded()?)))
        {
            Ok((sentences, map)) => {
                for s in &sentences {
                    let events = code(&s.id, &s.text, s.date.as_deref());
                    let types = live_types(&events);
                    for c in &s.codings {
                        let Some(entry) = map.lookup(&c.eventcode) else {
                            continue;
                        };
                        if types.contains(&entry.event_type) {
                            continue;
                        }
                        *misses
                            .entry(format!("petrarch {}", entry.event_type))
                            .or_default() += 1;
                        let gold = format!("{}({})", entry.event_type, c.eventcode);
                        let actors = format!("src={} tgt={}", c.sourcecode, c.targetcode);
                        show(&s.id, &gold, &actors, &s.text, &events);
                    }
                }
            }
            Err(e) => eprintln!("{e}"),
        }
    }
    println!("\nmisses by gold type:");
    for (k, n) in &misses {
        println!("  {k}: {n}");
    }
}
