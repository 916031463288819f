//! Measures load time and `places_in` throughput; prints the mentions of a text file.
//! `cargo run --profile dist -p sitrep-gazetteer --example gazbench -- [FILE]`
use sitrep_gazetteer::{Gazetteer, Span};
use std::time::Instant;

fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        let end_here = c == b'\n'
            || ((c == b'.' || c == b'?' || c == b'!')
                && b.get(i + 1).map(|n| *n == b' ').unwrap_or(true));
        if end_here {
            out.push(Span::new(start, i + 1));
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push(Span::new(start, text.len()));
    }
    out
}

/// CPU time of this process in seconds (Linux: /proc/self/schedstat), when available. Wall time
/// on a shared machine overstates the cost; both are printed.
fn cpu_s() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

fn main() {
    let t0 = Instant::now();
    let c0 = cpu_s();
    let g = Gazetteer::embedded();
    let load = t0.elapsed();
    let load_cpu = match (c0, cpu_s()) {
        (Some(a), Some(b)) => format!(", {:.3} s CPU", b - a),
        _ => String::new(),
    };
    println!(
        "load: {:.3} s wall{load_cpu}, {} entries",
        load.as_secs_f64(),
        g.len()
    );
    if std::env::args().any(|a| a == "--load-only") {
        return;
    }
    let path = std::env::args().nth(1);
    let text = match path {
        Some(p) => std::fs::read_to_string(p).unwrap_or_default(),
        None => String::from(include_str!("../tests/bench_text.txt")),
    };
    for (di, doc) in text
        .split("\n\n")
        .filter(|d| !d.trim().is_empty())
        .enumerate()
    {
        let sents = sentences(doc);
        println!(
            "== document {di}: {}",
            doc.lines()
                .next()
                .unwrap_or("")
                .chars()
                .take(80)
                .collect::<String>()
        );
        for m in g.places_in(doc, &sents) {
            let l = &m.location;
            println!(
                "{:?}\t{}\t-> {} [{}] {:?} {} p{} ({:.2},{:.2}) {:.2}",
                m.kind,
                l.text,
                l.name,
                l.country.as_deref().unwrap_or(""),
                l.admin1.as_deref().unwrap_or(""),
                l.feature.as_deref().unwrap_or(""),
                l.precision,
                l.lat.unwrap_or(0.0),
                l.lon.unwrap_or(0.0),
                m.confidence
            );
        }
    }
    // throughput: the text's documents (blank-line separated) processed one by one, repeated
    // until ~5 MB have been processed
    let docs: Vec<(&str, Vec<Span>)> = text
        .split("\n\n")
        .filter(|d| !d.trim().is_empty())
        .map(|d| (d, sentences(d)))
        .collect();
    let mut bytes = 0usize;
    let mut n = 0usize;
    let t1 = Instant::now();
    let c1 = cpu_s();
    while bytes < 5_000_000 && !docs.is_empty() {
        for (d, s) in &docs {
            n += g.places_in(d, s).len();
            bytes += d.len();
        }
    }
    let dt = t1.elapsed().as_secs_f64();
    let cpu = match (c1, cpu_s()) {
        (Some(a), Some(b)) => format!(", {:.1} MB/s per CPU second", bytes as f64 / 1e6 / (b - a)),
        _ => String::new(),
    };
    println!(
        "throughput: {:.1} MB/s wall{cpu} ({} bytes, {} mentions, {:.3} s)",
        bytes as f64 / 1e6 / dt,
        bytes,
        n,
        dt
    );
}
