//! Closed tag sets: universal parts of speech, Penn Treebank tags (as used in UD English EWT)
//! and Universal Dependencies relations (with the subtypes EWT uses).

macro_rules! str_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $var:ident = $s:expr),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum $name { $($(#[$vm])* $var),+ }

        impl $name {
            /// Every value, in declaration order (the index is the value's `u8` code).
            pub const ALL: &'static [$name] = &[$($name::$var),+];

            /// The treebank's spelling.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$var => $s),+ }
            }

            /// Parses the treebank's spelling.
            pub fn parse(s: &str) -> Option<$name> {
                match s { $($s => Some($name::$var),)+ _ => None }
            }

            /// The value with code `code` (its index in [`Self::ALL`]).
            pub fn from_code(code: u8) -> Option<$name> {
                Self::ALL.get(code as usize).copied()
            }

            pub const fn code(self) -> u8 {
                self as u8
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

str_enum! {
    /// Universal part-of-speech tag.
    Upos {
        Adj = "ADJ", Adp = "ADP", Adv = "ADV", Aux = "AUX", Cconj = "CCONJ", Det = "DET",
        Intj = "INTJ", Noun = "NOUN", Num = "NUM", Part = "PART", Pron = "PRON", Propn = "PROPN",
        Punct = "PUNCT", Sconj = "SCONJ", Sym = "SYM", Verb = "VERB", X = "X",
    }
}

str_enum! {
    /// Penn Treebank tag (the XPOS column of UD English EWT).
    Xpos {
        /// Coordinating conjunction.
        Cc = "CC", Cd = "CD", Dt = "DT", Ex = "EX", Fw = "FW", In = "IN", Jj = "JJ", Jjr = "JJR",
        Jjs = "JJS", Ls = "LS", Md = "MD", Nn = "NN", Nns = "NNS", Nnp = "NNP", Nnps = "NNPS",
        Pdt = "PDT", Pos = "POS", Prp = "PRP", PrpS = "PRP$", Rb = "RB", Rbr = "RBR", Rbs = "RBS",
        Rp = "RP", Sym = "SYM", To = "TO", Uh = "UH", Vb = "VB", Vbd = "VBD", Vbg = "VBG",
        Vbn = "VBN", Vbp = "VBP", Vbz = "VBZ", Wdt = "WDT", Wp = "WP", WpS = "WP$", Wrb = "WRB",
        Period = ".", Comma = ",", Colon = ":", OpenQuote = "``", CloseQuote = "''",
        Lrb = "-LRB-", Rrb = "-RRB-", Hyph = "HYPH", Nfp = "NFP", Dollar = "$", Add = "ADD",
        Gw = "GW", Afx = "AFX",
        /// Unknown tag (not produced by the tagger).
        Xx = "XX",
    }
}

impl Xpos {
    /// VB, VBD, VBG, VBN, VBP or VBZ.
    pub fn is_verb(self) -> bool {
        matches!(
            self,
            Xpos::Vb | Xpos::Vbd | Xpos::Vbg | Xpos::Vbn | Xpos::Vbp | Xpos::Vbz
        )
    }

    /// NN, NNS, NNP or NNPS.
    pub fn is_noun(self) -> bool {
        matches!(self, Xpos::Nn | Xpos::Nns | Xpos::Nnp | Xpos::Nnps)
    }
}

str_enum! {
    /// Universal Dependencies relation, with the subtypes of UD English EWT (and the older
    /// `obl:tmod`/`obl:npmod`/`nmod:tmod`/`nmod:npmod`, which current EWT writes as
    /// `obl:unmarked`/`nmod:unmarked`).
    Rel {
        Root = "root", Acl = "acl", AclRelcl = "acl:relcl", Advcl = "advcl",
        AdvclRelcl = "advcl:relcl", Advmod = "advmod", Amod = "amod", Appos = "appos",
        Aux = "aux", AuxPass = "aux:pass", Case = "case", Cc = "cc", CcPreconj = "cc:preconj",
        Ccomp = "ccomp", Clf = "clf", Compound = "compound", CompoundPrt = "compound:prt",
        Conj = "conj", Cop = "cop", Csubj = "csubj", CsubjPass = "csubj:pass",
        CsubjOuter = "csubj:outer", Dep = "dep", Det = "det", DetPredet = "det:predet",
        DetPoss = "det:poss", Discourse = "discourse", Dislocated = "dislocated", Expl = "expl",
        Fixed = "fixed", Flat = "flat", FlatForeign = "flat:foreign", Goeswith = "goeswith",
        Iobj = "iobj", List = "list", Mark = "mark", Nmod = "nmod", NmodPoss = "nmod:poss",
        NmodUnmarked = "nmod:unmarked", NmodDesc = "nmod:desc", NmodTmod = "nmod:tmod",
        NmodNpmod = "nmod:npmod", Nsubj = "nsubj", NsubjPass = "nsubj:pass",
        NsubjOuter = "nsubj:outer", Nummod = "nummod", Obj = "obj", Obl = "obl",
        OblAgent = "obl:agent", OblUnmarked = "obl:unmarked", OblTmod = "obl:tmod",
        OblNpmod = "obl:npmod", Orphan = "orphan", Parataxis = "parataxis", Punct = "punct",
        Reparandum = "reparandum", Vocative = "vocative", Xcomp = "xcomp",
    }
}

impl Rel {
    /// The universal relation without its subtype (`nsubj:pass` -> `nsubj`).
    pub fn base(self) -> Rel {
        use Rel::*;
        match self {
            AclRelcl => Acl,
            AdvclRelcl => Advcl,
            AuxPass => Aux,
            CcPreconj => Cc,
            CompoundPrt => Compound,
            CsubjPass | CsubjOuter => Csubj,
            DetPredet | DetPoss => Det,
            FlatForeign => Flat,
            NmodPoss | NmodUnmarked | NmodDesc | NmodTmod | NmodNpmod => Nmod,
            NsubjPass | NsubjOuter => Nsubj,
            OblAgent | OblUnmarked | OblTmod | OblNpmod => Obl,
            r => r,
        }
    }

    /// Nominal or clausal subject relations (any subtype).
    pub fn is_subject(self) -> bool {
        matches!(self.base(), Rel::Nsubj | Rel::Csubj)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for (i, u) in Upos::ALL.iter().enumerate() {
            assert_eq!(u.code() as usize, i);
            assert_eq!(Upos::parse(u.as_str()), Some(*u));
        }
        for x in Xpos::ALL {
            assert_eq!(Xpos::from_code(x.code()), Some(*x));
            assert_eq!(Xpos::parse(x.as_str()), Some(*x));
        }
        for r in Rel::ALL {
            assert_eq!(Rel::parse(r.as_str()), Some(*r));
        }
        assert!(Rel::ALL.len() < 256 && Xpos::ALL.len() < 256);
        assert_eq!(Rel::NsubjPass.base(), Rel::Nsubj);
        assert!(Rel::CsubjPass.is_subject());
    }
}
