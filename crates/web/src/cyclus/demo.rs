//! The demo's synthetic wijkcyclus: for the first two wijkverbanden of the demo region's
//! adopted indeling a kernteam from the synthetic sociale kaart, opgaven decided from the real
//! startfoto and the synthetic wijkfoto, a wijkplan with goals and actions, and some progress.
//! Fixed choices (no randomness), every cycle marked synthetic; stored once.

use wv_core::cyclus::{ActieStatus, Fase, OpgaveSoort, OpgaveStatus};
use wv_core::netwerk::Hoek;
use wv_store::{Meting, NieuweActie, NieuweOpgave, Praktijk, StoreError};

use crate::AppState;

/// Seeds the demo cycle of `regio` unless it has cycles already.
pub async fn seed_demo(state: &AppState, regio: &str) -> Result<(), String> {
    let fout = |e: StoreError| e.to_string();
    if !state.store.cycli(regio).await.map_err(fout)?.is_empty() {
        return Ok(());
    }
    let Some(indeling) = state.store.wijkverband_indeling(regio).await.map_err(fout)? else { return Ok(()) };
    let data = crate::cache::region(state, regio).await.map_err(|_| "de demoregio is niet te laden".to_string())?;
    let plan = state.store.plan(Some(regio), &indeling).await.map_err(fout)?;
    let actoren: Vec<_> = state.store.actors(regio).await.map_err(fout)?.into_iter().map(|(a, _)| a).collect();
    for (n, wv) in plan.staat.names().iter().take(2).enumerate() {
        let buurten: Vec<String> =
            plan.staat.toewijzing.iter().filter(|(_, w)| w == wv).map(|(b, _)| b.clone()).collect();
        let c = state.store.begin_cyclus(regio, &indeling, wv, "2026-01-12", None, true).await.map_err(fout)?;
        // The kernteam: the first actor of each corner of the vierkant, and one more of each.
        let mut eigen: Vec<_> = actoren.iter().filter(|a| a.wijkverband.as_deref() == Some(wv.as_str())).collect();
        eigen.sort_by(|a, b| a.id.cmp(&b.id));
        let mut team: Vec<String> = Vec::new();
        for h in Hoek::ALL {
            team.extend(eigen.iter().filter(|a| a.discipline.hoek() == Some(h)).take(2 - n).map(|a| a.id.clone()));
        }
        state.store.set_kernteam(c.id, &team, None).await.map_err(fout)?;
        let startfoto = super::startfoto(state, &data, wv, buurten).await.map_err(|_| "geen startfoto".to_string())?;
        let voorstellen = super::voorstellen_van(state, regio, wv, startfoto.as_ref(), "")
            .await
            .map_err(|_| "geen voorstellen".to_string())?;
        let mut aanvaard = Vec::new();
        for soort in [OpgaveSoort::Inhoudelijk, OpgaveSoort::Samenwerking] {
            for (i, v) in voorstellen.iter().filter(|v| v.soort == soort).take(3).enumerate() {
                let status = if i < 2 { OpgaveStatus::Aanvaard } else { OpgaveStatus::Afgewezen };
                let o = NieuweOpgave {
                    sleutel: Some(&v.sleutel),
                    soort: v.soort,
                    titel: &v.titel,
                    bewijs: &v.bewijs,
                    bron: &v.bron,
                };
                let id = state.store.save_opgave(c.id, &o, status, None).await.map_err(fout)?;
                if status == OpgaveStatus::Aanvaard {
                    aanvaard.push((id, v.sleutel.clone()));
                }
            }
        }
        state.store.volgende_fase(c.id, Fase::Wijkfoto, None).await.map_err(fout)?;
        if aanvaard.is_empty() {
            continue;
        }
        state.store.volgende_fase(c.id, Fase::Wijkopgave, None).await.map_err(fout)?;
        let samen: Vec<i64> = aanvaard.iter().filter(|(_, k)| k.starts_with("wijkfoto:")).map(|(i, _)| *i).collect();
        let maat = Meting { maat: Some("alle zes paren van het vierkant verbonden".into()), ..Meting::default() };
        let doel5 = state
            .store
            .add_doel(c.id, "Het vierkant is in de wijk verbonden (synthetisch)", &[5], &samen, &maat, None)
            .await
            .map_err(fout)?;
        let mut doelen = vec![doel5];
        let eerste = aanvaard.iter().find(|(_, k)| k.starts_with("startfoto:"));
        if let (Some((id, sleutel)), Some(p)) = (eerste, &startfoto) {
            let indicator = sleutel.trim_start_matches("startfoto:");
            let mut m = super::baseline(&data.catalogue, p, indicator);
            m.streef = m.basis.map(|b| (b * 0.9 * 10.0).round() / 10.0);
            let titel = format!(
                "Minder {} (synthetisch)",
                data.catalogue.get(indicator).map_or(indicator, |i| i.label.as_str()).to_lowercase()
            );
            doelen.push(state.store.add_doel(c.id, &titel, &[3, 5], &[*id], &m, None).await.map_err(fout)?);
        }
        let acties = [
            (
                "Maandelijks wijkoverleg huisarts, wijkverpleging, sociaal team en apotheek",
                Hoek::Huisarts,
                "2026-02-01",
                "2026-12-31",
            ),
            ("Gezamenlijke sociale kaart bijhouden en delen", Hoek::SociaalDomein, "2026-02-15", "2026-06-30"),
            (
                "Medicatiereview voor thuiswonende ouderen samen met de wijkverpleging",
                Hoek::Apotheek,
                "2026-03-01",
                "2026-09-30",
            ),
        ];
        for (i, (titel, hoek, begin, eind)) in acties.into_iter().enumerate() {
            let eigenaar = eigen.iter().find(|a| a.discipline.hoek() == Some(hoek)).map(|a| a.id.as_str());
            let disciplines: Vec<String> = eigen
                .iter()
                .filter_map(|a| a.discipline.hoek().filter(|h| *h == hoek).map(|_| a.discipline.label().to_string()))
                .take(1)
                .collect();
            let a = NieuweActie {
                doel: Some(doelen[i % doelen.len()]),
                titel,
                eigenaar,
                disciplines: &disciplines,
                begin: Some(begin),
                eind: Some(eind),
            };
            let id = state.store.add_actie(c.id, &a, None).await.map_err(fout)?;
            let voortgang = match (n, i) {
                (0, 0) => {
                    Some((ActieStatus::Bezig, "Eerste overleg gehouden in februari (synthetisch).", "2026-02-20"))
                }
                (0, 1) => {
                    Some((ActieStatus::Klaar, "Sociale kaart gedeeld met alle partners (synthetisch).", "2026-06-15"))
                }
                _ => None,
            };
            if let Some((status, notitie, datum)) = voortgang {
                state.store.update_actie(c.id, id, status, notitie, datum, None).await.map_err(fout)?;
            }
        }
        if n == 0 {
            state.store.volgende_fase(c.id, Fase::Wijkplan, None).await.map_err(fout)?;
        }
        let p = Praktijk {
            id: 0,
            wijkverband: wv.clone(),
            naam: format!("Wijkoverleg ouderen {wv} (synthetisch)"),
            beschrijving: "Huisarts, wijkverpleging en sociaal werk bespreken elke maand ouderen die zorg mijden (synthetisch voorbeeld).".into(),
            disciplines: vec!["huisarts".into(), "wijkverpleging".into(), "sociaal werk / sociaal wijkteam".into()],
            actoren: "praktijk, thuiszorg, sociaal team".into(),
            overleg: "MDO ouderen".into(),
            datum: "2026-01-12".into(),
        };
        state.store.add_praktijk(regio, &p, None).await.map_err(fout)?;
    }
    Ok(())
}
