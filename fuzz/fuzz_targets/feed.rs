//! RSS/Atom reader: any bytes give items or errors naming the input, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitrep_input::{read_bytes, Format, ReadOptions};

fuzz_target!(|data: &[u8]| {
    for r in read_bytes(
        "fuzz.xml",
        data,
        Some(Format::Feed),
        &ReadOptions::default(),
    ) {
        if let Err(e) = r {
            assert!(e.to_string().starts_with("fuzz.xml"));
        }
    }
});
