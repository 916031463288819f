use super::*;
use crate::Word;

/// Builds a parse from "form lemma UPOS XPOS head rel" rows (heads 1-based, 0 = root).
fn tree(rows: &str) -> Parse {
    let mut words = Vec::new();
    let mut pos = 0;
    for row in rows.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let f: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(f.len(), 6, "{row}");
        let head: usize = f[4].parse().unwrap();
        words.push(Word {
            span: Span::new(pos, pos + f[0].len()),
            form: f[0].into(),
            lemma: f[1].into(),
            upos: Upos::parse(f[2]).unwrap(),
            xpos: Xpos::parse(f[3]).unwrap(),
            head: head.checked_sub(1),
            rel: Rel::parse(f[5]).unwrap(),
        });
        pos += f[0].len() + 1;
    }
    let p = Parse { words };
    assert!(p.is_well_formed());
    p
}

fn form(p: &Parse, i: Option<usize>) -> Option<&str> {
    i.map(|i| p.words[i].form.as_str())
}

#[test]
fn passive_with_agent() {
    let p = tree(
        "The the DET DT 2 det
             town town NOUN NN 4 nsubj:pass
             was be AUX VBD 4 aux:pass
             attacked attack VERB VBN 0 root
             by by ADP IN 6 case
             rebels rebel NOUN NNS 4 obl:agent
             . . PUNCT . 4 punct",
    );
    let c = p.clause(3);
    assert_eq!(c.kind, ClauseKind::Main);
    assert_eq!(c.voice, Voice::Passive);
    assert_eq!(form(&p, c.subject), Some("town"));
    assert_eq!(form(&p, c.agent), Some("rebels"));
    assert_eq!(c.auxiliaries, vec![2]);
    assert_eq!(c.obliques[0].preposition, "by");
    assert_eq!(p.predicate(0), Some(3));
    assert_eq!(p.predicate(5), Some(3));
    assert_eq!(c.negation, None);
}

#[test]
fn passive_agent_from_plain_by_oblique() {
    // older annotation: "by" phrase as plain obl; VBN after "be"
    let p = tree(
        "Two two NUM CD 2 nummod
             men man NOUN NNS 4 nsubj
             were be AUX VBD 4 aux
             killed kill VERB VBN 0 root
             by by ADP IN 6 case
             troops troop NOUN NNS 4 obl",
    );
    assert_eq!(p.voice(3), Voice::Passive);
    assert_eq!(form(&p, p.agent(3)), Some("troops"));
}

#[test]
fn negation_and_modal() {
    let p = tree(
        "Troops troop NOUN NNS 4 nsubj
             will will AUX MD 4 aux
             not not PART RB 4 advmod
             attack attack VERB VB 0 root
             the the DET DT 6 det
             city city NOUN NN 4 obj
             . . PUNCT . 4 punct",
    );
    let c = p.clause(3);
    assert_eq!(form(&p, c.negation), Some("not"));
    assert_eq!(p.modals(3), vec![1]);
    assert_eq!(form(&p, c.object), Some("city"));
    assert_eq!(c.voice, Voice::Active);
    let p = tree(
        "They they PRON PRP 4 nsubj
             did do AUX VBD 4 aux
             n't not PART RB 4 advmod
             fire fire VERB VB 0 root",
    );
    assert_eq!(form(&p, p.negation(3)), Some("n't"));
}

#[test]
fn conditional_if_clause() {
    let p = tree(
        "If if SCONJ IN 3 mark
             rebels rebel NOUN NNS 3 nsubj
             attack attack VERB VBP 7 advcl
             , , PUNCT , 7 punct
             troops troop NOUN NNS 7 nsubj
             will will AUX MD 7 aux
             respond respond VERB VB 0 root
             . . PUNCT . 7 punct",
    );
    let c = p.clause(2);
    assert_eq!(c.kind, ClauseKind::Advcl);
    assert_eq!(form(&p, c.marker), Some("If"));
    assert_eq!(p.marker_text(2), "if");
    assert_eq!(form(&p, c.subject), Some("rebels"));
    assert!(!c.subject_inherited);
    assert_eq!(p.clauses().len(), 2);
    assert_eq!(p.predicate(1), Some(2));
    assert_eq!(p.predicate(4), Some(6));
}

#[test]
fn relative_clauses() {
    let p = tree(
        "Fighters fighter NOUN NNS 6 nsubj
             who who PRON WP 3 nsubj
             attacked attack VERB VBD 1 acl:relcl
             the the DET DT 5 det
             base base NOUN NN 3 obj
             fled flee VERB VBD 0 root
             . . PUNCT . 6 punct",
    );
    let c = p.clause(2);
    assert_eq!(c.kind, ClauseKind::Relcl);
    assert_eq!(form(&p, c.subject), Some("Fighters"));
    assert!(c.subject_inherited);
    assert_eq!(form(&p, c.object), Some("base"));
    assert_eq!(form(&p, p.subject(5)), Some("Fighters"));
    // object relative: "the town that rebels attacked"
    let p = tree(
        "the the DET DT 2 det
             town town NOUN NN 0 root
             that that PRON WDT 5 obj
             rebels rebel NOUN NNS 5 nsubj
             attacked attack VERB VBD 2 acl:relcl",
    );
    assert_eq!(form(&p, p.object(4)), Some("town"));
    assert_eq!(form(&p, p.subject(4)), Some("rebels"));
    // reduced relative: "a man killed by troops"
    let p = tree(
        "a a DET DT 2 det
             man man NOUN NN 0 root
             killed kill VERB VBN 2 acl
             by by ADP IN 5 case
             troops troop NOUN NNS 3 obl:agent",
    );
    assert_eq!(p.voice(2), Voice::Passive);
    assert_eq!(form(&p, p.subject(2)), Some("man"));
    assert_eq!(form(&p, p.agent(2)), Some("troops"));
    assert_eq!(p.clause_kind(2), ClauseKind::Acl);
}

#[test]
fn reported_speech() {
    let p = tree(
        "Officials official NOUN NNS 2 nsubj
             said say VERB VBD 0 root
             rebels rebel NOUN NNS 4 nsubj
             attacked attack VERB VBD 2 ccomp
             the the DET DT 6 det
             town town NOUN NN 4 obj
             . . PUNCT . 2 punct",
    );
    let s = p.reported_speech(3).unwrap();
    assert_eq!(s.kind, SpeechKind::Complement);
    assert_eq!(form(&p, Some(s.verb)), Some("said"));
    assert_eq!(form(&p, s.speaker), Some("Officials"));
    assert_eq!(p.clause_kind(3), ClauseKind::Ccomp);
    assert_eq!(form(&p, p.subject(3)), Some("rebels"));
    assert_eq!(p.reported_speech(1), None);
    // custom verb list
    assert_eq!(p.reported_speech_with(3, |l| l == "claim"), None);

    let p = tree(
        "Rebels rebel NOUN NNS 2 nsubj
             attacked attack VERB VBD 0 root
             the the DET DT 4 det
             town town NOUN NN 2 obj
             , , PUNCT , 7 punct
             officials official NOUN NNS 7 nsubj
             said say VERB VBD 2 parataxis
             . . PUNCT . 2 punct",
    );
    let s = p.reported_speech(1).unwrap();
    assert_eq!(s.kind, SpeechKind::Parenthetical);
    assert_eq!(form(&p, s.speaker), Some("officials"));
    // the same with the reporting clause mis-attached as advcl
    let mut q = p.clone();
    q.words[6].rel = Rel::Advcl;
    assert_eq!(q.reported_speech(1).map(|s| s.verb), Some(6));
    // but not an adverbial clause with a marker ("..., as officials said")
    q.words.push(crate::Word {
        span: Span::new(60, 62),
        form: "as".into(),
        lemma: "as".into(),
        upos: Upos::Sconj,
        xpos: Xpos::In,
        head: Some(6),
        rel: Rel::Mark,
    });
    assert_eq!(q.reported_speech(1), None);

    let p = tree(
        "Ten ten NUM CD 2 nummod
             died die VERB VBD 0 root
             , , PUNCT , 6 punct
             according accord VERB VBG 6 case
             to to ADP IN 4 fixed
             police police NOUN NN 2 obl",
    );
    let s = p.reported_speech(1).unwrap();
    assert_eq!(s.kind, SpeechKind::AccordingTo);
    assert_eq!(form(&p, s.speaker), Some("police"));
    assert_eq!(p.obliques(1)[0].preposition, "according to");
}

#[test]
fn coordination_shares_subject() {
    let p = tree(
        "Gunmen gunman NOUN NNS 2 nsubj
             opened open VERB VBD 0 root
             fire fire NOUN NN 2 obj
             , , PUNCT , 5 punct
             killing kill VERB VBG 2 advcl
             three three NUM CD 5 obj
             and and CCONJ CC 8 cc
             wounding wound VERB VBG 5 conj
             five five NUM CD 8 obj
             . . PUNCT . 2 punct",
    );
    assert_eq!(p.conjuncts(7), vec![4, 7]);
    assert_eq!(p.conjuncts(4), vec![4, 7]);
    assert_eq!(form(&p, p.subject(4)), Some("Gunmen"));
    let c = p.clause(7);
    assert_eq!(c.kind, ClauseKind::Conj);
    assert_eq!(form(&p, c.subject), Some("Gunmen"));
    assert!(c.subject_inherited);
    assert_eq!(form(&p, c.object), Some("five"));
    assert_eq!(p.predicate(8), Some(7));
    assert_eq!(p.clauses().len(), 3);
    // nominal conjuncts are not clauses
    let p = tree(
        "troops troop NOUN NNS 4 nsubj
             and and CCONJ CC 3 cc
             police police NOUN NN 1 conj
             fired fire VERB VBD 0 root",
    );
    assert!(!p.is_clause_head(2));
    assert_eq!(p.predicate(2), Some(3));
    assert_eq!(p.conjuncts(2), vec![0, 2]);
}

#[test]
fn control_and_governors() {
    let p = tree(
        "The the DET DT 2 det
             group group NOUN NN 3 nsubj
             plans plan VERB VBZ 0 root
             to to PART TO 5 mark
             attack attack VERB VB 3 xcomp
             the the DET DT 7 det
             city city NOUN NN 5 obj",
    );
    let c = p.clause(4);
    assert_eq!(c.kind, ClauseKind::Xcomp);
    assert_eq!(c.governors, vec![2]);
    assert_eq!(form(&p, c.subject), Some("group"));
    assert_eq!(form(&p, c.marker), Some("to"));
    // object control: "forced them to leave"
    let p = tree(
        "Troops troop NOUN NNS 2 nsubj
             forced force VERB VBD 0 root
             them they PRON PRP 2 obj
             to to PART TO 5 mark
             leave leave VERB VB 2 xcomp",
    );
    assert_eq!(form(&p, p.subject(4)), Some("them"));
}

#[test]
fn malformed_hand_made_trees_do_not_hang() {
    // a conj cycle and an out-of-range head: helpers must stay bounded
    let mut p = tree(
        "a a NOUN NN 0 root
             b b VERB VBD 1 conj
             c c VERB VBD 2 conj",
    );
    p.words[0].head = Some(2);
    p.words[0].rel = Rel::Conj;
    p.words[1].head = Some(7);
    assert!(!p.is_well_formed());
    for i in 0..3 {
        let _ = p.clause(i);
        let _ = p.predicate(i);
        let _ = p.subtree_span(i);
    }
}

#[test]
fn subtrees_and_spans() {
    let p = tree(
        "The the DET DT 2 det
             town town NOUN NN 4 nsubj:pass
             was be AUX VBD 4 aux:pass
             attacked attack VERB VBN 0 root
             by by ADP IN 6 case
             rebels rebel NOUN NNS 4 obl:agent",
    );
    assert_eq!(p.subtree(1), vec![0, 1]);
    assert_eq!(p.subtree_span(1), Some(Span::new(0, 8)));
    assert_eq!(p.subtree_span(5), Some(Span::new(22, 31)));
    assert_eq!(p.subtree(3).len(), 6);
    assert_eq!(p.subtree(99), Vec::<usize>::new());
    assert_eq!(p.children_by(3, Rel::AuxPass), vec![2]);
    assert_eq!(p.children_by_base(3, Rel::Nsubj), vec![1]);
    assert_eq!(p.head(0), Some(1));
    assert_eq!(p.head(3), None);
    assert_eq!(p.predicate(99), None);
}
