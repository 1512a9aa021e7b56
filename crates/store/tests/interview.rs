//! The wijkfoto by interview, on both stores: a fotograaf enters a professional's answers with
//! their consent; the answers count as the professional's; links handed out earlier stop
//! opening them; the professional gets their own link from the fotograaf, claims it, and from
//! then on the fotograaf sees and changes nothing; another fotograaf never sees them.

use wv_core::netwerk::Actor;
use wv_core::netwerk::Discipline::{Apotheek, Huisarts, Wijkverpleging};
use wv_store::{AntwoordRij, NieuweRonde, Store, StoreError};

fn geweigerd<T: std::fmt::Debug>(r: Result<T, StoreError>) -> String {
    match r {
        Err(StoreError::Geweigerd(t)) => t,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn rij(naar: &str, score: u8) -> AntwoordRij {
    AntwoordRij {
        naar: naar.into(),
        doel: "MDO ouderen".into(),
        vorm: "MDO".into(),
        per_jaar: 12,
        scores: [Some(score); 5],
        nieuw: None,
    }
}

wv_testkit::on_both_stores! {
async fn a_fotograaf_enters_answers_that_become_the_professionals_own(db) {
    let store = Store::open(&db.url).await.unwrap();
    let actors: Vec<(Actor, Option<String>)> = [("ha", "Dokter A", Huisarts), ("wv", "Zuster B", Wijkverpleging), ("ap", "Apotheek C", Apotheek)]
        .into_iter()
        .map(|(id, naam, d)| (Actor { wijkverband: Some("Noord".into()), ..Actor::new(id, naam, d) }, None))
        .collect();
    store.save_actors("Regio", &actors).await.unwrap();
    let nieuw = NieuweRonde { regio: "Regio", wijkverband: "Noord", datum: "2026-11-23", synthetisch: false, minimum: 3, bewaren_tot: None };
    let tokens: Vec<(String, String)> = ["ha", "wv", "ap"].iter().map(|a| (a.to_string(), format!("link-van-de-coordinator-{a}"))).collect();
    let ronde = store.create_ronde(&nieuw, &tokens).await.unwrap();
    for e in ["foto@test.nl", "ander@test.nl"] {
        store.create_gebruiker(e, e, "x", false).await.unwrap();
    }
    // assigning: an account and respondents of the round only
    assert!(geweigerd(store.wijs_fotograaf_toe(ronde, "niemand@test.nl", &["ha".into()]).await).contains("geen account"));
    assert!(geweigerd(store.wijs_fotograaf_toe(ronde, "foto@test.nl", &["onbekend".into()]).await).contains("respondenten"));
    store.wijs_fotograaf_toe(ronde, "foto@test.nl", &["ha".into(), "wv".into()]).await.unwrap();
    assert_eq!(store.interviews("foto@test.nl").await.unwrap().len(), 2);
    assert!(store.interviews("ander@test.nl").await.unwrap().is_empty());
    // without the professional's consent nothing is stored
    assert!(geweigerd(store.bewaar_interview(ronde, "ha", "foto@test.nl", &[rij("wv", 4)], true, None).await).contains("instemt"));
    assert!(store.interview_antwoorden(ronde, "ha", "foto@test.nl").await.unwrap().is_empty());
    // another fotograaf, or a respondent not assigned, is not found
    assert!(matches!(store.bewaar_interview(ronde, "ha", "ander@test.nl", &[rij("wv", 4)], true, Some("2026-11-24")).await,
        Err(StoreError::NietGevonden(_))));
    assert!(matches!(store.bewaar_interview(ronde, "ap", "foto@test.nl", &[rij("wv", 4)], true, Some("2026-11-24")).await,
        Err(StoreError::NietGevonden(_))));
    store.bewaar_interview(ronde, "ha", "foto@test.nl", &[rij("wv", 4)], true, Some("2026-11-24")).await.unwrap();
    // the answers are the professional's: submitted, in the round's network, by them
    let w = store.wijkfoto(ronde).await.unwrap();
    assert_eq!(w.antwoorden.len(), 1, "{}", db.kind);
    assert_eq!(w.actors[w.antwoorden[0].van].id, "ha");
    assert_eq!(store.interview_antwoorden(ronde, "ha", "foto@test.nl").await.unwrap(), [rij("wv", 4)]);
    assert!(store.interview_antwoorden(ronde, "ha", "ander@test.nl").await.unwrap().is_empty(), "only who entered them");
    let i = store.interview(ronde, "ha", "foto@test.nl").await.unwrap().unwrap();
    assert!(i.ingevuld && i.ingediend && !i.overgenomen && i.toestemming.as_deref() == Some("2026-11-24"));
    // the coordinator's link no longer opens them; the fotograaf hands the professional a new one
    assert!(store.toegang("link-van-de-coordinator-ha").await.unwrap().is_none(), "{}", db.kind);
    assert!(store.toegang("link-van-de-coordinator-wv").await.unwrap().is_some(), "other respondents keep theirs");
    store.nieuwe_interviewlink(ronde, "ha", "foto@test.nl", "eigen-link-van-ha").await.unwrap();
    assert_eq!(store.eigen_antwoorden("eigen-link-van-ha").await.unwrap(), [rij("wv", 4)]);
    assert!(geweigerd(store.nieuwe_interviewlink(ronde, "wv", "foto@test.nl", "te-vroeg").await).contains("Vul eerst"));
    // the professional claims it: from then on the fotograaf sees and changes nothing
    assert!(store.claim("eigen-link-van-ha", "code-hash").await.unwrap());
    assert!(store.interview_antwoorden(ronde, "ha", "foto@test.nl").await.unwrap().is_empty(), "{}", db.kind);
    assert!(store.interview(ronde, "ha", "foto@test.nl").await.unwrap().unwrap().overgenomen);
    assert!(geweigerd(store.bewaar_interview(ronde, "ha", "foto@test.nl", &[rij("wv", 1)], true, None).await).contains("zelf"));
    // the professional corrects through their own link
    store.save_antwoorden("eigen-link-van-ha", &[rij("wv", 2)], true).await.unwrap().unwrap();
    assert_eq!(store.eigen_antwoorden("eigen-link-van-ha").await.unwrap(), [rij("wv", 2)]);
    // a fotograaf's account removed: assignments gone, the answers stay the professional's
    store.bewaar_interview(ronde, "wv", "foto@test.nl", &[rij("ha", 5)], false, Some("2026-11-24")).await.unwrap();
    assert!(store.delete_gebruiker("foto@test.nl").await.unwrap());
    assert!(store.fotografen(ronde).await.unwrap().is_empty());
    assert!(store.respondenten(ronde).await.unwrap().iter().all(|r| !r.via_fotograaf), "{}", db.kind);
}
}
