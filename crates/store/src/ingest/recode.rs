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

    /// Places the other claims of dissolved events again (each event's founding claim
    /// first) and points the ids that did not come back to where their claims went.
    pub(super) fn replace_dissolved(
        &mut self,
        st: &mut dyn IngestStorage,
        state: &mut TxState,
        dissolved: Vec<Dissolved>,
        opts: &IngestOptions,
    ) -> Result<()> {
        let mut founders: Vec<&Claim> = Vec::new();
        let mut others: Vec<&Claim> = Vec::new();
        for (id, _, rest) in &dissolved {
            for c in rest {
                if &c.id == id {
                    founders.push(c);
                } else {
                    others.push(c);
                }
            }
        }
        others.sort_by(|a, b| a.canonical_key().cmp(&b.canonical_key()));
        for c in founders.into_iter().chain(others) {
            opts.check()?;
            let mut doc_events = DocEvents::default();
            let cluster = cluster_of(c.event.event_type);
            for e in st.document_events(&c.doc.id)? {
                doc_events.add(cluster, &e);
            }
            self.place(
                st,
                state,
                ToPlace { claim: c, cluster },
                &mut doc_events,
                &mut SearchMemo::default(),
            )?;
        }
        for (id, aliases, rest) in &dissolved {
            let back = st.event_of_claim(id)?.is_some_and(|e| &e == id);
            if back {
                for a in aliases {
                    st.set_alias(a, id)?;
                }
                continue;
            }
            let mut dest = None;
            for c in rest {
                if let Some(e) = st.event_of_claim(&c.id)? {
                    dest = Some(e);
                    break;
                }
            }
            if let Some(dest) = dest {
                for a in aliases.iter().chain(std::iter::once(id)) {
                    if a != &dest {
                        st.set_alias(a, &dest)?;
                    }
                }
            }
        }
        Ok(())
    }
}
