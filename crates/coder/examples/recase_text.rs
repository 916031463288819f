//! Prints the recased copy the coder codes for a text without normal capitalisation.
//! `cargo run -p sitrep-coder --example recase_text < FILE`
use std::io::Read;

fn main() {
    let mut text = String::new();
    if std::io::stdin().read_to_string(&mut text).is_err() {
        eprintln!("cannot read standard input");
        std::process::exit(2);
    }
    let text = sitrep_text::normalize(&text);
    match sitrep_coder::Coder::embedded().recased(&text) {
        Some(r) => println!("{r}"),
        None => println!("{text}"),
    }
}
