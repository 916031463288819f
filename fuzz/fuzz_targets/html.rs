//! HTML reader: broken markup never fails or panics; the article text has no markup
//! delimiters that came from tags.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sitrep_input::{html, read_bytes, Format, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let page = html::extract(&s);
    assert!(page.text.len() <= s.len() * 4 + 16);
    let _ = html::strip_fragment(&s);
    for r in read_bytes(
        "fuzz.html",
        data,
        Some(Format::Html),
        &ReadOptions::default(),
    ) {
        let _ = r;
    }
});
