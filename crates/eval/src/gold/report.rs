//! Reports: one document's score as text, and micro-averaged totals over documents.

use super::*;

impl fmt::Display for GoldReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "### Gold article `{}`\n", self.doc_id)?;
        let rows = vec![
            vec!["event recall".into(), frac(self.found, self.required)],
            vec![
                "event precision".into(),
                format!(
                    "{} (matched {}, duplicates {}, optional {}; false positives {}, unmarked historical {}; historical ignored {}, unasserted ignored {})",
                    frac(self.matched + self.duplicates + self.optional_ok, self.emitted),
                    self.matched,
                    self.duplicates,
                    self.optional_ok,
                    self.false_positives,
                    self.historical_violations,
                    self.historical_ignored,
                    self.unasserted_ignored
                ),
            ],
            vec!["event F1".into(), num(self.f1)],
            vec!["argument accuracy".into(), frac(self.args_right, self.args_total)],
        ];
        write!(f, "{}", markdown(&["metric", "value"], &rows))?;
        writeln!(f, "\n#### Required events\n")?;
        let rows: Vec<Vec<String>> = self
            .items
            .iter()
            .map(|it| {
                let wrong: Vec<String> = it
                    .fields
                    .iter()
                    .filter(|c| !c.ok)
                    .map(|c| format!("{}: want {}, got {}", c.field, c.expected, c.got))
                    .collect();
                vec![
                    it.id.clone(),
                    it.types.join("/"),
                    if it.found {
                        "yes".into()
                    } else {
                        "**no**".into()
                    },
                    format!(
                        "{}/{}",
                        it.fields.iter().filter(|c| c.ok).count(),
                        it.fields.len()
                    ),
                    match (&it.event, it.found) {
                        (Some(e), _) => format!("#{} {e}", it.event_index.unwrap_or(0)),
                        (None, false) if !it.near_misses.is_empty() => {
                            format!("near: {}", it.near_misses.join("; "))
                        }
                        _ => String::new(),
                    },
                    wrong.join("; "),
                ]
            })
            .collect();
        write!(
            f,
            "{}",
            markdown(
                &["item", "types", "found", "fields", "event", "wrong fields"],
                &rows
            )
        )?;
        writeln!(f, "\n#### Emitted events\n")?;
        let rows: Vec<Vec<String>> = self
            .emitted_events
            .iter()
            .map(|e| vec![e.index.to_string(), e.verdict.label(), e.event.clone()])
            .collect();
        write!(f, "{}", markdown(&["#", "verdict", "event"], &rows))
    }
}

/// Micro-averaged totals over several documents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoldSummary {
    pub docs: Vec<GoldReport>,
    pub required: usize,
    pub found: usize,
    pub emitted: usize,
    pub accepted: usize,
    pub args_right: usize,
    pub args_total: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub arg_accuracy: f64,
}

impl GoldSummary {
    pub fn new(docs: Vec<GoldReport>) -> GoldSummary {
        let sum = |g: fn(&GoldReport) -> usize| docs.iter().map(g).sum::<usize>();
        let required = sum(|d| d.required);
        let found = sum(|d| d.found);
        let emitted = sum(|d| d.emitted);
        let accepted = sum(|d| d.matched + d.duplicates + d.optional_ok);
        let args_right = sum(|d| d.args_right);
        let args_total = sum(|d| d.args_total);
        let precision = ratio(accepted, emitted, 1.0);
        let recall = ratio(found, required, 1.0);
        GoldSummary {
            required,
            found,
            emitted,
            accepted,
            args_right,
            args_total,
            precision,
            recall,
            f1: f1(precision, recall),
            arg_accuracy: ratio(args_right, args_total, 1.0),
            docs,
        }
    }
}

impl fmt::Display for GoldSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rows: Vec<Vec<String>> = self
            .docs
            .iter()
            .map(|d| {
                vec![
                    d.doc_id.clone(),
                    frac(d.found, d.required),
                    frac(d.matched + d.duplicates + d.optional_ok, d.emitted),
                    num(d.f1),
                    frac(d.args_right, d.args_total),
                ]
            })
            .collect();
        rows.push(vec![
            "**all (micro)**".into(),
            frac(self.found, self.required),
            frac(self.accepted, self.emitted),
            num(self.f1),
            frac(self.args_right, self.args_total),
        ]);
        write!(
            f,
            "{}",
            markdown(
                &["document", "recall", "precision", "F1", "arguments"],
                &rows
            )
        )
    }
}
