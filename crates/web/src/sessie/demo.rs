//! The demo's synthetic duidingssessies: a world café for each of the first two wijkverbanden
//! of the demo region's adopted indeling, held and closed, with contributions written from the
//! wording of Midden-Brabant's rode draad (seeds/003_midden_brabant.txt) and themes proposed
//! from them. Fixed choices (no randomness), marked synthetic; stored once.

use wv_core::sessie::Sjabloon;
use wv_store::{NieuweSessie, SessieGebied, StoreError, Stuur};

use crate::AppState;

/// Per table and round the post-its of the demo, per wijkverband.
const BIJDRAGEN: [&[(i64, i64, &str)]; 2] = [
    &[
        (1, 1, "Elkaar kennen en vinden"),
        (1, 1, "Sociale kaart actueel houden"),
        (1, 2, "korte lijntjes met de huisarts"),
        (2, 1, "Tijd en capaciteit"),
        (2, 1, "Dementie"),
        (2, 2, "ouderen langer thuis"),
        (3, 1, "Eén systeem voor informatie-uitwisseling"),
        (3, 2, "apotheek sluit niet aan bij het MDO"),
    ],
    &[
        (1, 1, "elkaar beter leren kennen"),
        (1, 2, "de sociale kaarten"),
        (2, 1, "mensen die tussen wal en schip vallen"),
        (2, 1, "dementie en eenzaamheid"),
        (2, 2, "Geen tijd, alles op goodwill"),
        (3, 1, "informatie-uitwisseling kan efficiënter"),
        (3, 2, "vervoer naar de huisarts"),
    ],
];

const MORGEN: [&str; 2] = ["Een kennismakingsochtend met het vierkant", "Samen de sociale kaart bijwerken"];

/// Seeds the demo sessions of `regio` unless it has sessions already.
pub async fn seed_demo(state: &AppState, regio: &str) -> Result<(), String> {
    let fout = |e: StoreError| e.to_string();
    if !state.store.duidingssessies(regio).await.map_err(fout)?.is_empty() {
        return Ok(());
    }
    let Some(indeling) = state.store.wijkverband_indeling(regio).await.map_err(fout)? else { return Ok(()) };
    let plan = state.store.plan(Some(regio), &indeling).await.map_err(fout)?;
    for (n, wv) in plan.staat.names().iter().take(2).enumerate() {
        let buurten: Vec<String> =
            plan.staat.toewijzing.iter().filter(|(_, w)| w == wv).map(|(b, _)| b.clone()).collect();
        let gebieden = [SessieGebied { naam: wv.clone(), soort: "wijkverband".into(), buurten }];
        let format = Sjabloon::WereldCafe.format(std::slice::from_ref(wv));
        let figuren = ["opgaven".to_string(), "wijkfoto".to_string(), "indicator:eenzaam_65plus".to_string()];
        let s = state
            .store
            .maak_sessie(
                regio,
                &NieuweSessie {
                    titel: &format!("Wereldcafé {wv}"),
                    datum: ["2026-10-08", "2026-10-15"][n],
                    plaats: "Wijkcentrum",
                    begeleider: "Programmabureau",
                    gebieden: &gebieden,
                    format: &format,
                    deelnemers: &[],
                    figuren: &figuren,
                    synthetisch: true,
                },
            )
            .await
            .map_err(fout)?;
        for (tafel, ronde, tekst) in BIJDRAGEN[n] {
            state.store.bijdragen_typen(s.id, Some(*tafel), *ronde, false, &[tekst]).await.map_err(fout)?;
        }
        state.store.bijdragen_typen(s.id, None, 0, true, &[MORGEN[n]]).await.map_err(fout)?;
        state.store.stel_themas_voor(s.id).await.map_err(fout)?;
        state.store.stuur_sessie(s.id, Stuur::Open).await.map_err(fout)?;
        state.store.stuur_sessie(s.id, Stuur::Sluit).await.map_err(fout)?;
    }
    Ok(())
}
