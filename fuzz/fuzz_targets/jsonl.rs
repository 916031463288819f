//! JSON Lines and JSON array readers: any bytes give documents or errors naming the input, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitrep_input::{read_bytes, Format, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let opts = ReadOptions {
        max_size: 4096,
        ..ReadOptions::default()
    };
    for r in read_bytes("fuzz.jsonl", data, Some(Format::JsonLines), &opts) {
        match r {
            Ok(rec) => assert!(!rec.document.text.trim().is_empty()),
            Err(e) => assert!(e.to_string().starts_with("fuzz.jsonl")),
        }
    }
    for r in read_bytes("fuzz.json", data, Some(Format::Json), &opts) {
        if let Err(e) = r {
            assert!(e.to_string().starts_with("fuzz.json"));
        }
    }
    // Guessing the format (stdin rules) must not panic either.
    for r in read_bytes("-", data, None, &opts) {
        let _ = r;
    }
});
