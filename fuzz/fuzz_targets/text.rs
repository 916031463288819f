//! Text layer: decode, normalise (idempotent) and split into sentences whose spans slice
//! the normalised text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(decoded) = sitrep_text::decode(data) else {
        return;
    };
    let text = sitrep_text::normalize(&decoded);
    assert_eq!(
        sitrep_text::normalize(&text),
        text,
        "normalize is idempotent"
    );
    for s in sitrep_text::sentences(&text) {
        assert!(
            s.span.slice(&text).is_some(),
            "sentence span {:?} does not slice",
            s.span
        );
    }
});
