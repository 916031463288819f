// Shared by the examples: reading a gzip-compressed CoNLL-U file.
#![allow(dead_code)]
use std::io::Read;

use sitrep_syntax::conllu::{self, TreeSentence};

pub fn read_split(dir: &str, split: &str) -> Vec<TreeSentence> {
    let path = format!("{dir}/en_ewt-ud-{split}.conllu.gz");
    let f = std::fs::File::open(&path).unwrap_or_else(|e| panic!("cannot open {path}: {e}"));
    let mut text = String::new();
    flate2::read::GzDecoder::new(f)
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    conllu::parse(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}
