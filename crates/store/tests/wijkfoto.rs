//! Wijkfoto rounds in the store, on SQLite and PostgreSQL: the synthetic demo's answers go in
//! through personal tokens and come out as the same network; drafts do not count; a closed
//! round is frozen; only actors of the wijkverband's sociale kaart can be named.

use std::collections::BTreeSet;

use wv_core::netwerk::demo::{DemoWijkverband, ronde, sociale_kaart};
use wv_store::{AntwoordRij, NieuweRonde, RondeFout, Store};

fn nieuw(wijkverband: &str) -> NieuweRonde<'_> {
    NieuweRonde { regio: "Regio", wijkverband, datum: "2026-11-23", synthetisch: true, minimum: 3, bewaren_tot: None }
}

wv_testkit::on_both_stores! {
async fn a_round_goes_in_by_token_and_comes_out_whole(db) {
    let store = Store::open(&db.url).await.unwrap();
    let buurten: Vec<(String, String, f64)> =
        (0..12).map(|i| (format!("BU0632{i:04}"), format!("Buurt {i}"), 900.0 + 150.0 * i as f64)).collect();
    let wvs = vec![
        DemoWijkverband {
            naam: "Noord",
            buurten: buurten[..6].iter().map(|(c, n, p)| (c.as_str(), n.as_str(), *p)).collect(),
        },
        DemoWijkverband {
            naam: "Zuid",
            buurten: buurten[6..].iter().map(|(c, n, p)| (c.as_str(), n.as_str(), *p)).collect(),
        },
    ];
    let actors = sociale_kaart(&wvs, 11);
    let with_contact: Vec<_> = actors.iter().map(|a| (a.clone(), None)).collect();
    store.save_actors("Regio", &with_contact).await.unwrap();
    let r1 = ronde(&actors, "Noord", 1, 11);
    let tokens: Vec<(String, String)> =
        r1.actors.iter().map(|a| (a.id.clone(), format!("token-{}", a.id))).collect();
    let id = store.create_ronde(&nieuw("Noord"), &tokens).await.unwrap();
    // Every respondent who answered in the demo submits; one more only saves a draft.
    for &i in &r1.geantwoord {
        let rows = AntwoordRij::van(&r1, i);
        store.save_antwoorden(&tokens[i].1, &rows, true).await.unwrap().unwrap();
    }
    let drafter = (0..r1.actors.len()).find(|i| !r1.geantwoord.contains(i)).unwrap();
    let other = r1.actors.iter().position(|a| a.id != r1.actors[drafter].id).unwrap();
    let draft = AntwoordRij {
        naar: r1.actors[other].id.clone(),
        doel: "x".into(),
        vorm: "MDO".into(),
        per_jaar: 1,
        scores: [Some(1); 5],
        nieuw: None,
    };
    store.save_antwoorden(&tokens[drafter].1, std::slice::from_ref(&draft), false).await.unwrap().unwrap();
    assert_eq!(store.eigen_antwoorden(&tokens[drafter].1).await.unwrap(), vec![draft.clone()], "{}", db.kind);

    // Out comes the same network, by actor ids.
    let back = store.wijkfoto(id).await.unwrap();
    let key = |w: &wv_core::netwerk::Wijkfoto| -> BTreeSet<(String, String, String, [Option<u8>; 5])> {
        w.antwoorden
            .iter()
            .map(|a| (w.actors[a.van].id.clone(), w.actors[a.naar].id.clone(), a.vorm.clone(), a.scores))
            .collect()
    };
    assert_eq!(key(&back), key(&r1), "drafts do not count");
    assert_eq!(back.gevraagd.len(), r1.actors.len());
    assert_eq!(back.geantwoord.len(), r1.geantwoord.len());
    let rounds = store.rondes("Regio").await.unwrap();
    assert_eq!(rounds[0].respons, wv_core::netwerk::Respons { uitgenodigd: r1.actors.len() as i64, ingevuld: r1.geantwoord.len() as i64 });

    // Naming someone outside the wijkverband is refused; a closed round is frozen.
    let zuid = actors.iter().find(|a| a.wijkverband.as_deref() == Some("Zuid")).unwrap().id.clone();
    let wrong = AntwoordRij { naar: zuid.clone(), ..draft.clone() };
    assert_eq!(
        store.save_antwoorden(&tokens[drafter].1, &[wrong], true).await.unwrap(),
        Err(RondeFout::OnbekendeActor(zuid))
    );
    store.close_ronde(id).await.unwrap();
    assert_eq!(
        store.save_antwoorden(&tokens[drafter].1, &[draft], true).await.unwrap(),
        Err(RondeFout::Gesloten)
    );
    assert_eq!(store.save_antwoorden("geen-token", &[], true).await.unwrap(), Err(RondeFout::OnbekendeLink));

    // The round keeps its actors: someone added to Noord later is not in it; someone who
    // moved to Zuid still is, with their answers.
    let before = store.wijkfoto(id).await.unwrap();
    let mut newcomer = actors[0].clone();
    newcomer.id = "later".into();
    let mut mover = before.actors[1].clone();
    mover.wijkverband = Some("Zuid".into());
    store.save_actors("Regio", &[(newcomer, None), (mover.clone(), None)]).await.unwrap();
    let after = store.wijkfoto(id).await.unwrap();
    assert_eq!(after.actors.len(), before.actors.len(), "{}", db.kind);
    assert!(!after.actors.iter().any(|a| a.id == "later"));
    assert!(after.actors.iter().any(|a| a.id == mover.id));
    assert_eq!(key(&after), key(&before));
}
}

wv_testkit::on_both_stores! {
/// One survey link cannot flood the sociale kaart: at most `MAX_NIEUW` people per respondent,
/// over all saves; erasing one's answers removes the people one added whom nobody else names.
async fn a_respondent_adds_few_people_and_erasure_takes_them_away(db) {
    use wv_core::netwerk::{Actor, Discipline};
    let store = Store::open(&db.url).await.unwrap();
    let actor =
        |id: &str| (Actor { wijkverband: Some("Noord".into()), ..Actor::new(id, id, Discipline::Huisarts) }, None);
    store.save_actors("Regio", &[actor("a"), actor("b")]).await.unwrap();
    let tokens =
        [("a".to_string(), "token-a-0123456789".to_string()), ("b".to_string(), "token-b-0123456789".to_string())];
    let ronde = store.create_ronde(&nieuw("Noord"), &tokens).await.unwrap();
    let new = |k: usize| AntwoordRij {
        naar: "nieuw".into(),
        doel: "x".into(),
        vorm: "MDO".into(),
        per_jaar: 4,
        scores: [Some(3); 5],
        nieuw: Some((format!("Iemand {k}"), Discipline::Ggz)),
    };
    let six: Vec<AntwoordRij> = (0..6).map(new).collect();
    store.save_antwoorden(&tokens[0].1, &six, false).await.unwrap().unwrap();
    let kaart = store.actors("Regio").await.unwrap();
    assert_eq!(kaart.len(), 8, "{}", db.kind);
    // Five more in a second save would make eleven: refused, nothing changes.
    let mut more: Vec<AntwoordRij> = (6..11).map(new).collect();
    more.extend(kaart.iter().filter(|(a, _)| a.id.starts_with("genoemd-")).map(|(a, _)| AntwoordRij {
        naar: a.id.clone(),
        nieuw: None,
        ..new(0)
    }));
    assert_eq!(store.save_antwoorden(&tokens[0].1, &more, false).await.unwrap(), Err(RondeFout::TeveelNieuw));
    assert_eq!(store.actors("Regio").await.unwrap().len(), 8);
    // b names one of them; then a erases their answers: the other five go, that one stays.
    let named = kaart.iter().find(|(a, _)| a.id.starts_with("genoemd-")).unwrap().0.id.clone();
    let by_b = AntwoordRij { naar: named.clone(), nieuw: None, ..new(0) };
    store.save_antwoorden(&tokens[1].1, &[by_b], true).await.unwrap().unwrap();
    store.delete_eigen_antwoorden(&tokens[0].1).await.unwrap();
    let left: BTreeSet<String> = store.actors("Regio").await.unwrap().into_iter().map(|(a, _)| a.id).collect();
    assert_eq!(left, BTreeSet::from(["a".to_string(), "b".to_string(), named.clone()]), "{}", db.kind);
    assert!(store.deelnemers(ronde).await.unwrap().iter().any(|a| a.id == named));
    // Removing a person from the sociale kaart takes their (hashed) links away too.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&wv_store::database_url(&db.url)).await.unwrap();
    let links =
        || sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM enquete_link WHERE actor = 'b'").fetch_one(&pool);
    assert_eq!(links().await.unwrap(), 1);
    store.delete_actor("Regio", "b").await.unwrap();
    assert_eq!(links().await.unwrap(), 0, "{}", db.kind);
    assert_eq!(store.respondent(&tokens[1].1).await.unwrap(), None);
}
}
