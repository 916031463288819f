//! Decompresses the bundled model (`data/syntax/en_ewt.model.gz`) into `$OUT_DIR/en_ewt.model`,
//! which the library embeds: loading the model then reads its tables without inflating 8 MB of
//! gzip data at every start (a tenth of a one-document run's instructions).

use std::io::Read;
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("manifest dir"));
    let src = manifest.join("../../data/syntax/en_ewt.model.gz");
    println!("cargo:rerun-if-changed={}", src.display());
    println!("cargo:rerun-if-changed=build.rs");
    let gz = std::fs::read(&src).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
    let mut raw = Vec::with_capacity(gz.len() * 4);
    flate2::read::GzDecoder::new(gz.as_slice())
        .read_to_end(&mut raw)
        .unwrap_or_else(|e| panic!("{}: {e}", src.display()));
    let dest = PathBuf::from(std::env::var_os("OUT_DIR").expect("out dir")).join("en_ewt.model");
    std::fs::write(&dest, raw).unwrap_or_else(|e| panic!("{}: {e}", dest.display()));
}
