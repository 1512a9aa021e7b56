//! Duidingssessies in the store, on both backends: the facilitator's steps and their refusals,
//! a table's link writing only to its own table while the session is open and each resend
//! once, simultaneous phones losing nothing, themes made, merged and split, and an import.

use wv_core::gebied::Code;
use wv_core::sessie::Sjabloon;
use wv_data::buurten::{self, ReadOptions};
use wv_store::{Deelnemer, ImportRij, NieuweSessie, SessieGebied, SessieStatus, Store, StoreError, Stuur};
use wv_testkit::data;

async fn woerden(url: &str) -> Store {
    let store = Store::open(url).await.unwrap();
    let file = buurten::read(&data("buurten_2015_woerden.geojson"), 2015, &ReadOptions::default()).await.unwrap();
    store.import_buurten(&file, "woerden", &wv_store::Quiet).await.unwrap();
    store.create_regio("Woerden", &[Code::parse("GM0632").unwrap()]).await.unwrap();
    store
}

async fn wereldcafe(store: &Store) -> wv_store::Sessie {
    let gebieden = [SessieGebied { naam: "Woerden-Oost".into(), soort: "wijk".into(), buurten: vec![] }];
    let format = Sjabloon::WereldCafe.format(&["Woerden-Oost".into()]);
    let deelnemers = [
        Deelnemer { actor: None, naam: "inwoner".into() },
        Deelnemer { actor: Some("hA".into()), naam: "Huisarts A".into() },
    ];
    store
        .maak_sessie(
            "Woerden",
            &NieuweSessie {
                titel: "Wereldcafé Oost",
                datum: "2026-11-12",
                plaats: "Wijkcentrum",
                begeleider: "Anne",
                gebieden: &gebieden,
                format: &format,
                deelnemers: &deelnemers,
                figuren: &["opgaven".into()],
                synthetisch: false,
            },
        )
        .await
        .unwrap()
}

fn geweigerd<T: std::fmt::Debug>(r: Result<T, StoreError>) -> String {
    match r {
        Err(StoreError::Geweigerd(t)) => t,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

wv_testkit::on_both_stores! {
async fn a_table_link_writes_only_to_its_table_while_open_and_each_resend_once(db) {
    let store = woerden(&db.url).await;
    let s = wereldcafe(&store).await;
    assert_eq!((s.tafels.len(), s.rondes.len(), s.status), (3, 2, SessieStatus::Voorbereid));
    let (t1, t2) = (&s.tafels[0].token, &s.tafels[1].token);
    assert_ne!(t1, t2);
    // not open yet: nothing can be added
    assert!(geweigerd(store.bijdrage_van_tafel(t1, "dementie", "a1").await).contains("niet open"));
    assert!(store.bijdragen(s.id, 0).await.unwrap().is_empty());
    store.stuur_sessie(s.id, Stuur::Open).await.unwrap();
    let a = store.bijdrage_van_tafel(t1, "Dementie", "a1").await.unwrap();
    assert_eq!(store.bijdrage_van_tafel(t1, "Dementie", "a1").await.unwrap(), a, "{}: a resend is stored once", db.kind);
    store.bijdrage_van_tafel(t2, "<script>tijd</script>", "b1").await.unwrap();
    let b = store.bijdragen(s.id, 0).await.unwrap();
    assert_eq!(b.iter().map(|x| (x.tafel, x.ronde, x.tekst.as_str())).collect::<Vec<_>>(),
        [(Some(1), 1, "Dementie"), (Some(2), 1, "<script>tijd</script>")], "{}", db.kind);
    // an unknown token opens nothing
    assert!(matches!(store.bijdrage_van_tafel("0000", "x", "c1").await, Err(StoreError::NietGevonden(_))));
    // rounds, then the closing question: its answers have no table
    store.stuur_sessie(s.id, Stuur::Volgende).await.unwrap();
    store.bijdrage_van_tafel(t1, "sociale kaart", "a2").await.unwrap();
    let slot = store.stuur_sessie(s.id, Stuur::Volgende).await.unwrap();
    assert!(slot.bij_slot());
    assert!(geweigerd(store.stuur_sessie(s.id, Stuur::Volgende).await).contains("geen volgende"));
    store.bijdrage_van_tafel(t2, "Elkaar kennen", "b2").await.unwrap();
    let b = store.bijdragen(s.id, a).await.unwrap();
    assert_eq!(b.iter().map(|x| (x.tafel, x.ronde, x.slot)).collect::<Vec<_>>(),
        [(Some(2), 1, false), (Some(1), 2, false), (None, 3, true)], "{}", db.kind);
    store.stuur_sessie(s.id, Stuur::Sluit).await.unwrap();
    assert!(geweigerd(store.bijdrage_van_tafel(t1, "te laat", "a3").await).contains("niet open"));
    // the facilitator types post-its afterwards, per table and round
    assert_eq!(store.bijdragen_typen(s.id, Some(3), 2, false, &["tijd", "", "capaciteit"]).await.unwrap(), 2);
    assert!(geweigerd(store.bijdragen_typen(s.id, Some(9), 1, false, &["x"]).await).contains("tafel"));
    let te_lang = "x".repeat(2001);
    assert!(geweigerd(store.bijdragen_typen(s.id, Some(1), 1, false, &["ok", &te_lang]).await).contains("Regel 2"));
    assert_eq!(store.bijdragen(s.id, 0).await.unwrap().len(), 6, "{}: a refused batch adds nothing", db.kind);
}
}

wv_testkit::on_both_stores! {
async fn simultaneous_phones_lose_nothing(db) {
    let store = woerden(&db.url).await;
    let s = wereldcafe(&store).await;
    store.stuur_sessie(s.id, Stuur::Open).await.unwrap();
    let mut taken = Vec::new();
    for i in 0..40 {
        let store = store.clone();
        let token = s.tafels[i % 3].token.clone();
        taken.push(tokio::spawn(async move {
            // every phone sends twice, as after a dropped connection
            for _ in 0..2 {
                store.bijdrage_van_tafel(&token, &format!("woord {i}"), &format!("k{i}")).await.unwrap();
            }
        }));
    }
    for t in taken {
        t.await.unwrap();
    }
    let b = store.bijdragen(s.id, 0).await.unwrap();
    assert_eq!(b.len(), 40, "{}", db.kind);
    for t in 1..=3 {
        assert_eq!(b.iter().filter(|x| x.tafel == Some(t)).count(), (0..40).filter(|i| i % 3 == t as usize - 1).count());
    }
}
}

wv_testkit::on_both_stores! {
async fn themes_are_proposed_merged_and_split_within_their_session(db) {
    let store = woerden(&db.url).await;
    let s = wereldcafe(&store).await;
    let ander = wereldcafe(&store).await;
    store.bijdragen_typen(s.id, Some(1), 1, false, &["Sociale kaarten", "de sociale kaart", "sociale kaart", "Dementie", "dementie!", "parkeren"]).await.unwrap();
    store.bijdragen_typen(ander.id, Some(1), 1, false, &["vreemd"]).await.unwrap();
    assert_eq!(store.stel_themas_voor(s.id).await.unwrap(), 2, "{}", db.kind);
    let themas = store.themas(s.id).await.unwrap();
    let mut namen: Vec<&str> = themas.iter().map(|t| t.naam.as_str()).collect();
    namen.sort_unstable();
    assert_eq!(namen, ["Dementie", "sociale kaart"], "{}", db.kind);
    let b = store.bijdragen(s.id, 0).await.unwrap();
    assert_eq!(b.iter().filter(|x| x.thema.is_none()).count(), 1, "{}: parkeren alone", db.kind);
    // merge: one theme holds all five
    let ids: Vec<i64> = themas.iter().map(|t| t.id).collect();
    let samen = store.voeg_themas_samen(s.id, &ids, "Zorg en sociale kaart").await.unwrap();
    assert_eq!(store.themas(s.id).await.unwrap().len(), 1);
    assert_eq!(store.bijdragen(s.id, 0).await.unwrap().iter().filter(|x| x.thema == Some(samen)).count(), 5);
    // split: two of them into a new theme
    let dementie: Vec<i64> = b.iter().filter(|x| x.tekst.to_lowercase().starts_with("dementie")).map(|x| x.id).collect();
    store.maak_thema(s.id, "Dementie", &dementie).await.unwrap();
    assert_eq!(store.themas(s.id).await.unwrap().len(), 2);
    // another session's contribution or theme cannot be touched from here
    let vreemd = store.bijdragen(ander.id, 0).await.unwrap()[0].id;
    assert!(geweigerd(store.maak_thema(s.id, "x", &[vreemd]).await).contains("hoort niet"));
    assert!(geweigerd(store.zet_in_thema(ander.id, &[vreemd], Some(samen)).await).contains("hoort niet"));
    assert!(geweigerd(store.voeg_themas_samen(s.id, &[samen], "x").await).contains("twee"));
    // evidence and a rename
    store.wijzig_thema(s.id, samen, "Sociale kaart", Some("startfoto:eenzaam_65plus")).await.unwrap();
    let t = store.themas(s.id).await.unwrap().into_iter().find(|t| t.id == samen).unwrap();
    assert_eq!((t.naam.as_str(), t.bewijs.as_deref()), ("Sociale kaart", Some("startfoto:eenzaam_65plus")));
    // out of its theme: a theme left empty goes
    let sociaal: Vec<i64> = store.bijdragen(s.id, 0).await.unwrap().iter().filter(|x| x.thema == Some(samen)).map(|x| x.id).collect();
    store.zet_in_thema(s.id, &sociaal, None).await.unwrap();
    assert_eq!(store.themas(s.id).await.unwrap().len(), 1, "{}", db.kind);
    // the rode draad reads the named themes with their area
    let d = store.draad_bijdragen("Woerden").await.unwrap();
    assert!(d.iter().any(|x| x.thema.as_deref() == Some("Dementie") && x.wijk == "Woerden-Oost"));
}
}

wv_testkit::on_both_stores! {
async fn an_import_makes_sessions_and_a_bad_one_changes_nothing(db) {
    let store = woerden(&db.url).await;
    let rij = |wijk, sessie, tafel, ronde, tekst| ImportRij { wijk, sessie, tafel, ronde, tekst };
    let rijen = [
        rij("Noord", "ws1", "1", "1", "dementie"),
        rij("Noord", "ws1", "2", "2", "tijd"),
        rij("Zuid", "ws1", "1", "1", "sociale kaart"),
        rij("Oost", "ws2", "1", "1", "dementie"),
        rij("Oost", "ws2", "", "morgen", "elkaar bellen"),
    ];
    let ids = store.importeer_sessies("Woerden", "2026-11-01", &rijen).await.unwrap();
    assert_eq!(ids.len(), 2);
    let s = store.duidingssessie(ids[0]).await.unwrap().unwrap();
    assert_eq!((s.gebieden.len(), s.tafels.len(), s.rondes.len(), s.status), (2, 3, 2, SessieStatus::Gesloten));
    let d = store.draad_bijdragen("Woerden").await.unwrap();
    let mut per: Vec<(&str, &str)> = d.iter().map(|x| (x.wijk.as_str(), x.tekst.as_str())).collect();
    per.sort_unstable();
    assert_eq!(per, [("Noord", "dementie"), ("Noord", "tijd"), ("Oost", "dementie"), ("Zuid", "sociale kaart")]);
    let slot = store.bijdragen(ids[1], 0).await.unwrap();
    assert!(slot.iter().any(|b| b.slot && b.tekst == "elkaar bellen"));
    // a file whose session cannot be made (too many tables) stores nothing
    let veel: Vec<String> = (0..40).map(|i| i.to_string()).collect();
    let slecht: Vec<ImportRij> = veel.iter().map(|t| rij("Noord", "ws3", t, "1", "x")).collect();
    let alles = [&rijen[..1], &slecht[..]].concat();
    assert!(geweigerd(store.importeer_sessies("Woerden", "2026-11-01", &alles).await).contains("ws3"));
    assert_eq!(store.duidingssessies("Woerden").await.unwrap().len(), 2, "{}", db.kind);
}
}

wv_testkit::on_both_stores! {
async fn a_person_removed_from_the_sociale_kaart_leaves_the_participants(db) {
    let store = woerden(&db.url).await;
    let s = wereldcafe(&store).await;
    assert_eq!(s.deelnemers.len(), 2);
    store.delete_actor("Woerden", "hA").await.unwrap();
    let s = store.duidingssessie(s.id).await.unwrap().unwrap();
    assert_eq!(s.deelnemers, [Deelnemer { actor: None, naam: "inwoner".into() }], "{}", db.kind);
}
}
