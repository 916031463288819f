//! Re-coding a stored document (another publication date, or `reprocess`): its old claims
//! leave the picture, the events that held them are dissolved, and their other claims are
//! placed again after the new ones.

use super::{
    cluster_of, DocEvents, IngestOptions, IngestStorage, Ingestor, SearchMemo, ToPlace, TxState,
};
use crate::Result;
use sitrep_picture::summary::best_location;
use sitrep_picture::{locality_of, Claim, MergedEvent};
use std::collections::{BTreeSet, HashMap, HashSet};

/// A dissolved event: its id, the aliases that pointed to it, its claims of other documents.
pub(super) type Dissolved = (String, Vec<String>, Vec<Claim>);

impl Ingestor {
    /// Takes a stored document's claims out of the picture: deletes them and dissolves the
    /// events that held them; returns those events with their other claims.
    pub(super) fn dissolve_document(
        &mut self,
        st: &mut dyn IngestStorage,
        state: &mut TxState,
        docrow: i64,
    ) -> Result<Vec<Dissolved>> {
        let links = st.document_links(docrow)?;
        let own: HashSet<&str> = links.iter().map(|(c, _)| c.as_str()).collect();
        let ids: BTreeSet<String> = links.iter().map(|(_, e)| e.clone()).collect();
        let ids: Vec<String> = ids.into_iter().collect();
        let mut events: Vec<MergedEvent> = Vec::new();
        let missing: Vec<String> = ids
            .iter()
            .filter(|id| self.cache.get(id).is_none())
            .cloned()
            .collect();
        let mut loaded: HashMap<String, MergedEvent> = st
            .load_events(&missing)?
            .into_iter()
            .map(|e| (e.id.clone(), e))
            .collect();
        for id in &ids {
            if let Some(c) = self.cache.remove(id) {
                events.push(c.ev);
            } else if let Some(e) = loaded.remove(id) {
                events.push(e);
            }
        }
        let all: Vec<&Claim> = events.iter().flat_map(|e| e.claims.iter()).collect();
        st.lock_claims(&all)?;
        let mut out = Vec::new();
        for ev in events {
            if let Some(l) = best_location(&ev).and_then(locality_of) {
                state.localities.insert(l);
            }
            state.dirty.remove(&ev.id);
            state.created.remove(&ev.id);
            let aliases = st.dissolve_event(&ev.id)?;
            let rest: Vec<Claim> = ev
                .claims
                .into_iter()
                .filter(|c| !own.contains(c.id.as_str()))
                .collect();
            out.push((ev.id, aliases, rest));
        }
        let old: Vec<String> = own.iter().map(|s| s.to_string()).collect();
        st.delete_claims(&old)?;
        Ok(out)
    }

    /// Places claims of dissolved events again: their founding claims (`founders`, before
    /// the document's new claims, so that the events they founded keep their ids), or the
    /// others (after them, in canonical order).
    pub(super) fn place_again(
        &mut self,
        st: &mut dyn IngestStorage,
        state: &mut TxState,
        dissolved: &[Dissolved],
        founders: bool,
        opts: &IngestOptions,
    ) -> Result<()> {
        let mut claims: Vec<&Claim> = dissolved
            .iter()
            .flat_map(|(id, _, rest)| rest.iter().filter(move |c| (&c.id == id) == founders))
            .collect();
        claims.sort_by(|a, b| a.canonical_key().cmp(&b.canonical_key()));
        for c in claims {
            opts.check()?;
            let mut doc_events = DocEvents::default();
            let cluster = cluster_of(c.event.event_type);
            for e in st.document_events(&c.doc.id)? {
                doc_events.add(cluster, &e);
            }
            self.place(
                st,
                state,
                ToPlace {
                    claim: c.clone(),
                    cluster,
                },
                &mut doc_events,
                &mut SearchMemo::default(),
            )?;
        }
        Ok(())
    }

    /// Points the ids of dissolved events that did not come back, and the aliases that
    /// pointed to them, to the event that now holds their founding claim (else their first
    /// other claim).
    pub(super) fn point_aliases(
        &mut self,
        st: &mut dyn IngestStorage,
        dissolved: &[Dissolved],
    ) -> Result<()> {
        for (id, aliases, rest) in dissolved {
            let mut dest = st.event_of_claim(id)?;
            for c in rest {
                if dest.is_some() {
                    break;
                }
                dest = st.event_of_claim(&c.id)?;
            }
            let Some(dest) = dest else { continue };
            for a in aliases.iter().chain(std::iter::once(id)) {
                if a != &dest {
                    st.set_alias(a, &dest)?;
                }
            }
        }
        Ok(())
    }
}
