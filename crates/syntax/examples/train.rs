//! Trains the tagger, lemmatiser and parser on UD English EWT and writes the model file.
//!
//! cargo run --release -p sitrep-syntax --example train -- \
//!     --treebank ../shared/data/ud-ewt --out data/syntax/en_ewt.model.gz
use sitrep_syntax::train::{self, Options};

#[path = "common/mod.rs"]
mod common;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = common::arg(&args, "--treebank").unwrap_or_else(|| "../shared/data/ud-ewt".into());
    let out = common::arg(&args, "--out").unwrap_or_else(|| "data/syntax/en_ewt.model.gz".into());
    let mut opts = Options::default();
    if let Some(v) = common::arg(&args, "--tagger-epochs") {
        opts.tagger_epochs = v.parse().expect("--tagger-epochs N");
    }
    if let Some(v) = common::arg(&args, "--parser-epochs") {
        opts.parser_epochs = v.parse().expect("--parser-epochs N");
    }
    if let Some(v) = common::arg(&args, "--prune") {
        let t: Vec<i16> = v
            .split(',')
            .map(|x| x.parse().expect("--prune T,P,L"))
            .collect();
        (opts.tag_prune, opts.parse_prune, opts.label_prune) = (t[0], t[1], t[2]);
    }
    if let Some(v) = common::arg(&args, "--jackknife") {
        opts.jackknife = v.parse().expect("--jackknife K");
    }
    let train_set = common::read_split(&dir, "train");
    let dev_set = common::read_split(&dir, "dev");
    eprintln!(
        "train: {} sentences, dev: {} sentences; {opts:?}",
        train_set.len(),
        dev_set.len()
    );
    let trained = train::train(&train_set, &dev_set, &opts);
    // optional: variants pruned at other magnitudes ("T,P,L;T,P,L;...") written to DIR
    if let (Some(dir), Some(list)) = (
        common::arg(&args, "--sweep-dir"),
        common::arg(&args, "--sweep"),
    ) {
        for v in list.split(';') {
            let t: Vec<i16> = v.split(',').map(|x| x.parse().expect("T,P,L")).collect();
            let m = trained.pruned(t[0], t[1], t[2]);
            let path = format!("{dir}/prune-{}-{}-{}.model.gz", t[0], t[1], t[2]);
            std::fs::write(&path, m.to_bytes()).expect("write variant");
            eprintln!("wrote {path}");
        }
    }
    let bytes = trained.model.to_bytes();
    std::fs::write(&out, &bytes).unwrap_or_else(|e| panic!("cannot write {out}: {e}"));
    eprintln!("wrote {out}: {} bytes", bytes.len());
}
