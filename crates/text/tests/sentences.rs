//! Table of sentence-splitting cases.

use sitrep_text::{normalize, sentences};

fn split(t: &str) -> Vec<String> {
    let t = normalize(t);
    sentences(&t)
        .iter()
        .map(|s| s.span.slice(&t).unwrap().to_owned())
        .collect()
}

/// (text, expected sentences)
#[rustfmt::skip]
const CASES: &[(&str, &[&str])] = &[
    ("Sen. John Smith and Rep. Jane Doe met Gov. Ali. They agreed.", &["Sen. John Smith and Rep. Jane Doe met Gov. Ali.", "They agreed."]),
    ("Mr. Ali, Mrs. Ali and Ms. Khan fled. Prof. Lee stayed.", &["Mr. Ali, Mrs. Ali and Ms. Khan fled.", "Prof. Lee stayed."]),
    ("Brig. Gen. Omar and Maj. Aziz spoke to Capt. Reed and Sgt. Park. Adm. Cole agreed.", &["Brig. Gen. Omar and Maj. Aziz spoke to Capt. Reed and Sgt. Park.", "Adm. Cole agreed."]),
    ("The attack on St. George church killed two. Police said so.", &["The attack on St. George church killed two.", "Police said so."]),
    ("Resolution No. 5 passed. It was binding.", &["Resolution No. 5 passed.", "It was binding."]),
    ("It was Iraq vs. Iran. Nobody won.", &["It was Iraq vs. Iran.", "Nobody won."]),
    ("They seized guns, trucks, etc. The army said nothing.", &["They seized guns, trucks, etc.", "The army said nothing."]),
    ("Acme Ltd. and Beta Co. Ltd. were fined. The fines were large.", &["Acme Ltd. and Beta Co. Ltd. were fined.", "The fines were large."]),
    ("Martin Luther King Jr. spoke. He was loud.", &["Martin Luther King Jr. spoke.", "He was loud."]),
    ("The blast hit at 3 a.m. Friday near the base. Two died.", &["The blast hit at 3 a.m. Friday near the base.", "Two died."]),
    ("It ended at 9 p.m. The next day was calm.", &["It ended at 9 p.m.", "The next day was calm."]),
    ("Talks began Jan. 5 and ended Feb. 9. Aug. 1 is next. Sept. 3 and Oct. 4, Nov. 5, Dec. 6 too.", &["Talks began Jan. 5 and ended Feb. 9.", "Aug. 1 is next.", "Sept. 3 and Oct. 4, Nov. 5, Dec. 6 too."]),
    ("The report by J. K. Rowling and A. Smith came out. It sold well.", &["The report by J. K. Rowling and A. Smith came out.", "It sold well."]),
    ("The U.K. and the U.N. disagreed with the U.S. on Friday. China abstained.", &["The U.K. and the U.N. disagreed with the U.S. on Friday.", "China abstained."]),
    ("He said, \"We will fight.\" The crowd cheered.", &["He said, \"We will fight.\"", "The crowd cheered."]),
    ("He said, “We will fight.” The crowd cheered.", &["He said, “We will fight.”", "The crowd cheered."]),
    ("“Will they come?” she asked. No one knew.", &["“Will they come?” she asked.", "No one knew."]),
    ("Run! They are coming! Where to?", &["Run!", "They are coming!", "Where to?"]),
    ("Inflation hit 3.5 percent. Prices rose 2.75 times.", &["Inflation hit 3.5 percent.", "Prices rose 2.75 times."]),
    ("He paused... Then he spoke.", &["He paused...", "Then he spoke."]),
    ("He paused... and then spoke.", &["He paused... and then spoke."]),
    ("The troops left. al-Assad's forces entered.", &["The troops left.", "al-Assad's forces entered."]),
    ("Fighting spread to el-Fasher. ash-Shaddadi fell too. ad-Dana was calm.", &["Fighting spread to el-Fasher.", "ash-Shaddadi fell too.", "ad-Dana was calm."]),
    ("Fighters of Hayat Tahrir al-Sham (HTS) advanced. The SDF retreated.", &["Fighters of Hayat Tahrir al-Sham (HTS) advanced.", "The SDF retreated."]),
    ("(The ministry denied it.) Troops moved in.", &["(The ministry denied it.)", "Troops moved in."]),
    ("Headline Without Stop\nBody text starts here. It continues.", &["Headline Without Stop", "Body text starts here.", "It continues."]),
    ("Line one ends here.\n\n\nLine two ends here.", &["Line one ends here.", "Line two ends here."]),
    ("Windows line.\r\nNext line.", &["Windows line.", "Next line."]),
    ("Troops of the army moved into the\nnorthern town on Monday. They met\nno resistance.", &["Troops of the army moved into the\nnorthern town on Monday.", "They met\nno resistance."]),
    ("Rebels Seize Town\nal-Bab residents fled.", &["Rebels Seize Town", "al-Bab residents fled."]),
    ("Rebels seize town\n\nthe army said nothing.", &["Rebels seize town", "the army said nothing."]),
    ("A lowercase continuation. e.g. this stays. Then a new one.", &["A lowercase continuation. e.g. this stays.", "Then a new one."]),
    ("Casualties rose to 1,500. 200 more were missing.", &["Casualties rose to 1,500.", "200 more were missing."]),
    ("قتل ثلاثة أشخاص. وأصيب آخرون.", &["قتل ثلاثة أشخاص.", "وأصيب آخرون."]),
    ("The 2nd Battalion left.The 3rd stayed.", &["The 2nd Battalion left.The 3rd stayed."]),
];

#[test]
fn sentence_table() {
    let mut failures = Vec::new();
    for (text, want) in CASES {
        let got = split(text);
        if got != want.iter().map(|s| s.to_string()).collect::<Vec<_>>() {
            failures.push(format!("{text:?}\n   got  {got:?}\n   want {want:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing sentence cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn headline_flags_and_paragraphs() {
    let t = "Rebels Seize Town\nBy Staff Writer\nRebels seized the town on Monday. Residents fled.\nWhat Comes Next?\n";
    let s = sentences(t);
    let flags: Vec<(bool, usize)> = s.iter().map(|x| (x.headline, x.paragraph)).collect();
    assert_eq!(
        flags,
        [(true, 0), (true, 1), (false, 2), (false, 2), (false, 3)]
    );
}
