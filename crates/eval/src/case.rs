//! CASE 2021 shared task 2: fine-grained event classification of news snippets into the 25 ACLED
//! sub-event types plus 5 types outside ACLED.
//!
//! The data (`case2021-task2-dev.tsv`: `id`, `EventSnippet`, `SubType`) is for evaluation only
//! and is not distributed with sitrep: pass its path at run time.
//!
//! A snippet's predicted label comes from the coded events with [`label_for`]; [`CaseReport`]
//! gives per-class precision/recall/F1, the support-weighted F1 over the 25 ACLED classes (the
//! shared task's headline metric), macro F1 and accuracy.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Serialize;
use sitrep_model::{Event, EventType, Quad};

use crate::table::{markdown, num};
use crate::{f1, ratio, read_file, EvalError, Result};

/// The 25 CASE labels that correspond to ACLED sub-event types, in ACLED codebook order,
/// with the ACLED sub-event type each stands for.
pub const ACLED_LABELS: [(&str, &str); 25] = [
    ("ARMED_CLASH", "Armed clash"),
    ("GOV_REGAINS_TERIT", "Government regains territory"),
    (
        "NON_STATE_ACTOR_OVERTAKES_TER",
        "Non-state actor overtakes territory",
    ),
    ("CHEM_WEAP", "Chemical weapon"),
    ("AIR_STRIKE", "Air/drone strike"),
    ("SUIC_BOMB", "Suicide bomb"),
    ("ART_MISS_ATTACK", "Shelling/artillery/missile attack"),
    ("REM_EXPLOS", "Remote explosive/landmine/IED"),
    ("GRENADE", "Grenade"),
    ("SEX_VIOL", "Sexual violence"),
    ("ATTACK", "Attack"),
    ("ABDUCT_DISSAP", "Abduction/forced disappearance"),
    ("PEACE_PROTEST", "Peaceful protest"),
    ("PROTEST_WITH_INTER", "Protest with intervention"),
    (
        "FORCE_AGAINST_PROTEST",
        "Excessive force against protesters",
    ),
    ("VIOL_DEMONSTR", "Violent demonstration"),
    ("MOB_VIOL", "Mob violence"),
    ("AGREEMENT", "Agreement"),
    ("ARREST", "Arrests"),
    ("CHANGE_TO_GROUP_ACT", "Change to group/activity"),
    ("DISR_WEAP", "Disrupted weapons use"),
    ("HQ_ESTABLISHED", "Headquarters or base established"),
    ("PROPERTY_DISTRUCT", "Looting/property destruction"),
    (
        "NON_VIOL_TERRIT_TRANSFER",
        "Non-violent transfer of territory",
    ),
    ("OTHER", "Other"),
];

/// The 5 CASE labels outside ACLED.
pub const NON_ACLED_LABELS: [&str; 5] = [
    "ORG_CRIME",
    "NATURAL_DISASTER",
    "MAN_MADE_DISASTER",
    "DIPLO",
    "ATTRIB",
];

/// The label [`label_for`] gives a snippet in which nothing was coded.
pub const NO_EVENT_LABEL: &str = "NONE";

/// All 30 CASE labels.
pub fn all_labels() -> impl Iterator<Item = &'static str> {
    ACLED_LABELS
        .iter()
        .map(|(l, _)| *l)
        .chain(NON_ACLED_LABELS.iter().copied())
}

/// Whether `label` is one of the 25 ACLED classes.
pub fn is_acled_label(label: &str) -> bool {
    ACLED_LABELS.iter().any(|(l, _)| *l == label)
}

/// Whether `label` is one of the 30 CASE labels.
pub fn is_case_label(label: &str) -> bool {
    all_labels().any(|l| l == label)
}

fn normalise(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace(" / ", "/")
}

/// The CASE label of an ACLED sub-event type ("Air/drone strike" → `AIR_STRIKE`);
/// case and spacing are ignored.
pub fn case_label_of_acled(sub_event_type: &str) -> Option<&'static str> {
    let s = normalise(sub_event_type);
    let found = ACLED_LABELS
        .iter()
        .find(|(_, acled)| normalise(acled) == s)
        .map(|(l, _)| *l);
    found.or(match s.as_str() {
        "arrest" => Some("ARREST"),
        "excessive force against protestors" => Some("FORCE_AGAINST_PROTEST"),
        "remote explosive/landmine/ied attack" => Some("REM_EXPLOS"),
        "headquarters/base established" => Some("HQ_ESTABLISHED"),
        _ => None,
    })
}

/// Event types that, without an ACLED type, read as diplomatic activity (CASE `DIPLO`).
fn is_diplomatic(t: EventType) -> bool {
    matches!(t.quad(), Quad::VerbalCooperation | Quad::VerbalConflict)
        || matches!(t, EventType::Cooperate | EventType::Sanction)
}

/// The snippet label implied by the coded events: the ACLED sub-event type of the
/// highest-confidence event (not historical or negated) in the earliest sentence that has
/// one (ties go to the earliest evidence); otherwise `DIPLO` when such an event is verbal or diplomatic; otherwise
/// [`NO_EVENT_LABEL`].
pub fn label_for(events: &[Event]) -> String {
    let live = || events.iter().filter(|e| !e.historical && !e.negated);
    let coded: Vec<(&Event, &'static str)> = live()
        .filter_map(|e| {
            e.acled
                .as_ref()
                .and_then(|a| case_label_of_acled(a.sub_event_type.as_str()))
                .map(|l| (e, l))
        })
        .collect();
    // News leads with the main event: among the coded events of the earliest sentence that
    // has one (events whose evidence starts before the first one's ends), the most confident;
    // between equally confident ones, a change of territory (ACLED codes a battle that moves
    // territory as the territorial event), then the earliest.
    if let Some(first_end) = coded
        .iter()
        .min_by_key(|(e, _)| e.evidence.start)
        .map(|(e, _)| e.evidence.end)
    {
        let best = coded
            .iter()
            .filter(|(e, _)| e.evidence.start < first_end)
            .max_by(|(a, _), (b, _)| {
                a.confidence
                    .total_cmp(&b.confidence)
                    .then(territorial(a).cmp(&territorial(b)))
                    .then(b.evidence.start.cmp(&a.evidence.start))
            });
        if let Some((_, l)) = best {
            return l.to_string();
        }
    }
    if live().any(|e| is_diplomatic(e.event_type)) {
        return "DIPLO".to_string();
    }
    NO_EVENT_LABEL.to_string()
}

/// Whether an event's ACLED sub-event type is a change of territory.
fn territorial(e: &Event) -> bool {
    use sitrep_model::AcledSubEventType as S;
    e.acled.as_ref().is_some_and(|a| {
        matches!(
            a.sub_event_type,
            S::GovernmentRegainsTerritory
                | S::NonStateActorOvertakesTerritory
                | S::NonViolentTransferOfTerritory
        )
    })
}

/// One snippet of the task-2 TSV.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseSnippet {
    pub id: String,
    pub text: String,
    pub label: String,
    /// 1-based line in the file.
    pub line: usize,
}

/// Reads a CASE 2021 task-2 TSV file.
pub fn load_tsv(path: &Path) -> Result<Vec<CaseSnippet>> {
    let content = read_file(path)?;
    parse_tsv(&content, &path.display().to_string())
}

fn unquote(field: &str) -> String {
    let f = field.trim();
    match f.strip_prefix('"').and_then(|x| x.strip_suffix('"')) {
        Some(inner) if f.len() >= 2 => inner.replace("\"\"", "\""),
        _ => f.to_string(),
    }
}

/// Parses task-2 TSV content (header `id<TAB>EventSnippet<TAB>SubType` optional; CRLF and
/// quoted fields accepted; a snippet containing tabs keeps them). A line that is not
/// `id<TAB>text<TAB>label` with a known label is an error naming `origin` and the line.
pub fn parse_tsv(content: &str, origin: &str) -> Result<Vec<CaseSnippet>> {
    let mut out = Vec::new();
    let mut ids = BTreeMap::new();
    for (i, raw) in content.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim_end_matches('\r');
        let line = if i == 0 {
            line.trim_start_matches('\u{feff}')
        } else {
            line
        };
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if i == 0 && fields.first().map(|f| unquote(f).to_ascii_lowercase()) == Some("id".into()) {
            continue;
        }
        if fields.len() < 3 {
            return Err(EvalError::parse(
                origin,
                line_no,
                format!(
                    "expected 3 tab-separated fields (id, snippet, label), found {}",
                    fields.len()
                ),
            ));
        }
        let id = unquote(fields[0]);
        let label = unquote(fields[fields.len() - 1]).to_ascii_uppercase();
        let text = unquote(&fields[1..fields.len() - 1].join("\t"));
        if id.is_empty() {
            return Err(EvalError::parse(origin, line_no, "empty id"));
        }
        if !is_case_label(&label) {
            return Err(EvalError::parse(
                origin,
                line_no,
                format!("unknown label {label:?}"),
            ));
        }
        if let Some(prev) = ids.insert(id.clone(), line_no) {
            return Err(EvalError::parse(
                origin,
                line_no,
                format!("duplicate id {id:?} (first on line {prev})"),
            ));
        }
        out.push(CaseSnippet {
            id,
            text,
            label,
            line: line_no,
        });
    }
    Ok(out)
}

/// Precision/recall/F1 of one class.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassScore {
    pub label: String,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    /// Gold snippets of this class (`tp + fn_`).
    pub support: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// Classification report over snippets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseReport {
    pub n: usize,
    pub correct: usize,
    pub accuracy: f64,
    /// Support-weighted F1 over the 25 ACLED classes (snippets of other classes still count as
    /// false positives when predicted as an ACLED class).
    pub weighted_f1_acled: f64,
    /// Unweighted mean F1 over the ACLED classes with support.
    pub macro_f1_acled: f64,
    /// Unweighted mean F1 over all gold labels with support.
    pub macro_f1_all: f64,
    /// Accuracy on the snippets whose gold label is an ACLED class.
    pub accuracy_acled: f64,
    /// Every gold label and every predicted label, ACLED classes first.
    pub classes: Vec<ClassScore>,
    /// (gold, predicted) → count, for the confusions that occurred (in JSON: a list of
    /// `{gold, predicted, count}`).
    #[serde(serialize_with = "confusions_as_list")]
    pub confusions: BTreeMap<(String, String), usize>,
}

impl CaseReport {
    /// Builds the report from (gold label, predicted label) pairs.
    pub fn from_pairs<G: AsRef<str>, P: AsRef<str>>(pairs: &[(G, P)]) -> CaseReport {
        let mut labels: Vec<String> = all_labels().map(str::to_string).collect();
        let mut tp: BTreeMap<String, usize> = BTreeMap::new();
        let mut fp: BTreeMap<String, usize> = BTreeMap::new();
        let mut fneg: BTreeMap<String, usize> = BTreeMap::new();
        let mut confusions = BTreeMap::new();
        let (mut correct, mut n_acled, mut correct_acled) = (0, 0, 0);
        for (g, p) in pairs {
            let (g, p) = (g.as_ref().to_string(), p.as_ref().to_string());
            for l in [&g, &p] {
                if !labels.contains(l) {
                    labels.push(l.clone());
                }
            }
            if is_acled_label(&g) {
                n_acled += 1;
            }
            if g == p {
                correct += 1;
                if is_acled_label(&g) {
                    correct_acled += 1;
                }
                *tp.entry(g).or_default() += 1;
            } else {
                *fp.entry(p.clone()).or_default() += 1;
                *fneg.entry(g.clone()).or_default() += 1;
                *confusions.entry((g, p)).or_default() += 1;
            }
        }
        let get = |m: &BTreeMap<String, usize>, l: &str| m.get(l).copied().unwrap_or(0);
        let classes: Vec<ClassScore> = labels
            .iter()
            .filter(|l| is_acled_label(l) || get(&tp, l) + get(&fp, l) + get(&fneg, l) > 0)
            .map(|l| {
                let (t, f, n) = (get(&tp, l), get(&fp, l), get(&fneg, l));
                let precision = ratio(t, t + f, 0.0);
                let recall = ratio(t, t + n, 0.0);
                ClassScore {
                    label: l.clone(),
                    tp: t,
                    fp: f,
                    fn_: n,
                    support: t + n,
                    precision,
                    recall,
                    f1: f1(precision, recall),
                }
            })
            .collect();
        let acled: Vec<&ClassScore> = classes
            .iter()
            .filter(|c| is_acled_label(&c.label))
            .collect();
        let acled_support: usize = acled.iter().map(|c| c.support).sum();
        let weighted = if acled_support == 0 {
            0.0
        } else {
            acled.iter().map(|c| c.f1 * c.support as f64).sum::<f64>() / acled_support as f64
        };
        let mean = |cs: &[&ClassScore]| {
            let with: Vec<f64> = cs.iter().filter(|c| c.support > 0).map(|c| c.f1).collect();
            if with.is_empty() {
                0.0
            } else {
                with.iter().sum::<f64>() / with.len() as f64
            }
        };
        let all: Vec<&ClassScore> = classes.iter().collect();
        CaseReport {
            n: pairs.len(),
            correct,
            accuracy: ratio(correct, pairs.len(), 0.0),
            weighted_f1_acled: weighted,
            macro_f1_acled: mean(&acled),
            macro_f1_all: mean(&all),
            accuracy_acled: ratio(correct_acled, n_acled, 0.0),
            classes,
            confusions,
        }
    }

    /// Codes nothing itself: pairs each snippet's gold label with `label_for(events)`.
    pub fn from_events<'a, I>(snippets_and_events: I) -> CaseReport
    where
        I: IntoIterator<Item = (&'a CaseSnippet, &'a [Event])>,
    {
        let pairs: Vec<(String, String)> = snippets_and_events
            .into_iter()
            .map(|(s, evs)| (s.label.clone(), label_for(evs)))
            .collect();
        CaseReport::from_pairs(&pairs)
    }
}

impl fmt::Display for CaseReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "### CASE 2021 task 2 ({} snippets)\n", self.n)?;
        let rows = vec![
            vec![
                "weighted F1, 25 ACLED classes".into(),
                num(self.weighted_f1_acled),
            ],
            vec![
                "macro F1, 25 ACLED classes".into(),
                num(self.macro_f1_acled),
            ],
            vec!["macro F1, all labels".into(), num(self.macro_f1_all)],
            vec![
                "accuracy".into(),
                format!("{}/{} ({})", self.correct, self.n, num(self.accuracy)),
            ],
            vec![
                "accuracy on ACLED snippets".into(),
                num(self.accuracy_acled),
            ],
        ];
        write!(f, "{}", markdown(&["metric", "value"], &rows))?;
        writeln!(f)?;
        let rows: Vec<Vec<String>> = self
            .classes
            .iter()
            .map(|c| {
                vec![
                    if is_acled_label(&c.label) {
                        c.label.clone()
                    } else {
                        format!("{} *", c.label)
                    },
                    c.support.to_string(),
                    c.tp.to_string(),
                    c.fp.to_string(),
                    c.fn_.to_string(),
                    num(c.precision),
                    num(c.recall),
                    num(c.f1),
                ]
            })
            .collect();
        write!(
            f,
            "{}",
            markdown(
                &[
                    "class",
                    "support",
                    "TP",
                    "FP",
                    "FN",
                    "precision",
                    "recall",
                    "F1"
                ],
                &rows
            )
        )?;
        writeln!(f, "\n\\* not an ACLED class (not in the weighted F1).")?;
        let mut conf: Vec<(&(String, String), &usize)> = self.confusions.iter().collect();
        conf.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        if !conf.is_empty() {
            writeln!(f, "\nMost frequent confusions:\n")?;
            let rows: Vec<Vec<String>> = conf
                .iter()
                .take(15)
                .map(|((g, p), n)| vec![g.clone(), p.clone(), n.to_string()])
                .collect();
            write!(f, "{}", markdown(&["gold", "predicted", "count"], &rows))?;
        }
        Ok(())
    }
}

/// JSON has no tuple keys: confusions are written as a list.
fn confusions_as_list<S: serde::Serializer>(
    m: &BTreeMap<(String, String), usize>,
    ser: S,
) -> std::result::Result<S::Ok, S::Error> {
    use serde::ser::SerializeSeq;
    let mut seq = ser.serialize_seq(Some(m.len()))?;
    for ((gold, predicted), count) in m {
        seq.serialize_element(&serde_json::json!({
            "gold": gold, "predicted": predicted, "count": count
        }))?;
    }
    seq.end()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_model::{Acled, AcledSubEventType};

    fn ev(t: EventType, acled: Option<&str>, conf: f32, start: usize) -> Event {
        // Evidence runs to the end of a 20-byte "sentence".
        let mut e = crate::testing::event(t, "", start, (start / 20 + 1) * 20);
        e.confidence = conf;
        e.acled = acled.map(|s| Acled::new(AcledSubEventType::parse(s).expect(s)));
        e
    }

    #[test]
    fn every_acled_sub_event_type_maps() {
        assert_eq!(ACLED_LABELS.len(), 25);
        for (label, acled) in ACLED_LABELS {
            assert_eq!(case_label_of_acled(acled), Some(label));
        }
        assert_eq!(
            case_label_of_acled("  air/drone   STRIKE "),
            Some("AIR_STRIKE")
        );
        assert_eq!(case_label_of_acled("Picnic"), None);
        assert_eq!(all_labels().count(), 30);
    }

    #[test]
    fn label_choice() {
        assert_eq!(label_for(&[]), "NONE");
        let evs = vec![
            ev(EventType::Assault, Some("Armed clash"), 0.6, 0),
            ev(EventType::Assault, Some("Air/drone strike"), 0.8, 5),
            ev(EventType::Accuse, None, 0.99, 9),
        ];
        assert_eq!(label_for(&evs), "AIR_STRIKE");
        let mut hist = evs.clone();
        hist[1].historical = true;
        assert_eq!(label_for(&hist), "ARMED_CLASH");
        assert_eq!(label_for(&evs[2..]), "DIPLO");
        assert_eq!(label_for(&[ev(EventType::Mobilize, None, 0.9, 0)]), "NONE");
        // The lead sentence wins over a more confident event in a later sentence.
        let later = vec![
            ev(EventType::Assault, Some("Attack"), 0.5, 30),
            ev(EventType::Coerce, Some("Arrests"), 0.4, 2),
        ];
        assert_eq!(label_for(&later), "ARREST");
        // Ties go to the earlier evidence.
        let tie = vec![
            ev(EventType::Coerce, Some("Arrests"), 0.5, 10),
            ev(EventType::Assault, Some("Attack"), 0.5, 2),
        ];
        assert_eq!(label_for(&tie), "ATTACK");
        // A battle that moves territory is the territorial event (ACLED), whatever the order.
        let took = vec![
            ev(
                EventType::Coerce,
                Some("Non-state actor overtakes territory"),
                0.8,
                0,
            ),
            ev(EventType::Assault, Some("Armed clash"), 0.8, 0),
        ];
        assert_eq!(label_for(&took), "NON_STATE_ACTOR_OVERTAKES_TER");
        let rev: Vec<Event> = took.iter().rev().cloned().collect();
        assert_eq!(label_for(&rev), "NON_STATE_ACTOR_OVERTAKES_TER");
    }

    #[test]
    fn tsv_parsing() {
        let tsv = "id\tEventSnippet\tSubType\r\n1\tRebels clashed with troops.\tARMED_CLASH\r\n\n2\t\"Quoted \"\"text\"\"\"\tDIPLO\n3\ta\ttab\tGRENADE\n";
        let s = parse_tsv(tsv, "f.tsv").expect("parses");
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].label, "ARMED_CLASH");
        assert_eq!(s[0].line, 2);
        assert_eq!(s[1].text, "Quoted \"text\"");
        assert_eq!(s[2].text, "a\ttab");
        for (bad, line, what) in [
            (
                "id\tEventSnippet\tSubType\n1\tonly two\n",
                2,
                "3 tab-separated",
            ),
            ("1\tx\tPICNIC\n", 1, "unknown label"),
            ("1\tx\tDIPLO\n1\ty\tDIPLO\n", 2, "duplicate id"),
        ] {
            let e = parse_tsv(bad, "f.tsv").expect_err(bad).to_string();
            assert!(e.starts_with(&format!("f.tsv:{line}:")), "{e}");
            assert!(e.contains(what), "{e}");
        }
    }

    #[test]
    fn report_with_confusions_serialises_to_json() {
        // Regression: tuple keys made `sitrep eval --case --json` write half a document.
        let pairs: Vec<(&str, &str)> = vec![("ARMED_CLASH", "NONE"), ("ARREST", "ATTACK")];
        let r = CaseReport::from_pairs(&pairs);
        let v: serde_json::Value = serde_json::to_value(&r).expect("serialises");
        let c = &v["confusions"];
        assert_eq!(c.as_array().map(Vec::len), Some(2), "{c}");
        assert_eq!(c[0]["gold"], "ARMED_CLASH");
        assert_eq!(c[0]["predicted"], "NONE");
        assert_eq!(c[0]["count"], 1);
    }

    #[test]
    fn perfect_and_zero_scores() {
        let perfect: Vec<(&str, &str)> = vec![
            ("ARMED_CLASH", "ARMED_CLASH"),
            ("ARREST", "ARREST"),
            ("DIPLO", "DIPLO"),
        ];
        let r = CaseReport::from_pairs(&perfect);
        assert_eq!(r.accuracy, 1.0);
        assert_eq!(r.weighted_f1_acled, 1.0);
        assert_eq!(r.macro_f1_acled, 1.0);
        let wrong: Vec<(&str, &str)> = vec![("ARMED_CLASH", "NONE"), ("ARREST", "ATTACK")];
        let r = CaseReport::from_pairs(&wrong);
        assert_eq!(r.accuracy, 0.0);
        assert_eq!(r.weighted_f1_acled, 0.0);
        assert!(r.to_string().contains("| NONE * | 0 | 0 | 1 | 0 |"), "{r}");
    }

    #[test]
    fn weighted_f1_by_support() {
        // ARMED_CLASH: 3 gold, 2 found, plus 1 false positive from ATTACK.
        let pairs = vec![
            ("ARMED_CLASH", "ARMED_CLASH"),
            ("ARMED_CLASH", "ARMED_CLASH"),
            ("ARMED_CLASH", "NONE"),
            ("ATTACK", "ARMED_CLASH"),
            ("DIPLO", "DIPLO"),
        ];
        let r = CaseReport::from_pairs(&pairs);
        let clash = r
            .classes
            .iter()
            .find(|c| c.label == "ARMED_CLASH")
            .expect("row");
        assert_eq!((clash.tp, clash.fp, clash.fn_, clash.support), (2, 1, 1, 3));
        let p = 2.0 / 3.0;
        assert!((clash.f1 - p).abs() < 1e-9);
        // ATTACK has F1 0 and support 1: weighted = (3 * 2/3 + 1 * 0) / 4.
        assert!((r.weighted_f1_acled - 0.5).abs() < 1e-9);
        assert!((r.macro_f1_acled - p / 2.0).abs() < 1e-9);
        assert!((r.accuracy - 0.6).abs() < 1e-9);
        assert_eq!(
            r.confusions.get(&("ATTACK".into(), "ARMED_CLASH".into())),
            Some(&1)
        );
    }
}
