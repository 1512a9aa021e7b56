//! Duidingssessies by role, on both stores: a lezer reads, a bewerker of the region prepares and
//! runs, nobody of another region sees anything; every change needs the CSRF token; a table's
//! link adds only to its own table of its own session while open, never reads another table
//! until the wall is shown; typed text is escaped everywhere; exports read back.

mod common;

use axum::http::StatusCode;
use common::{app, attrs, get, login, post, send, texts, value};

const SESSIES: &str = "/regio/Woerden/sessies";

/// Prepares a world café about a gemeente and returns its page's path.
async fn wereldcafe(app: &axum::Router, cookie: &str, csrf: &str, titel: &str) -> String {
    let form = format!(
        "csrf={csrf}&titel={titel}&datum=2026-11-12&sjabloon=wereld-cafe&gebied=gemeente%3AGM0632&inwoners=Piet&figuur=opgaven"
    );
    let (status, _, _, headers) = send(app, post(SESSIES, Some(cookie), &form)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    headers["location"].to_str().unwrap().to_string()
}

/// A phone on a table link: its login cookie and CSRF token.
async fn telefoon(app: &axum::Router, link: &str) -> (String, String) {
    let (status, cookies, page, _) = send(app, get(link, None)).await;
    assert_eq!(status, StatusCode::OK, "{link}");
    let csrf = value(&cookies, "wv_inlog").unwrap().to_string();
    assert!(page.contains(&csrf));
    (format!("wv_inlog={csrf}"), csrf)
}

wv_testkit::on_both_stores! {
async fn every_session_route_by_role_and_csrf(db) {
    let app = app(&db).await;
    let (bewerker, csrf) = login(&app, "bewerker@test.nl", "geheim-bewerker").await;
    let (lezer, lcsrf) = login(&app, "lezer@test.nl", "geheim-lezer").await;
    let (ander, acsrf) = login(&app, "ander@test.nl", "geheim-ander").await;
    // preparing: a bewerker only, with the token
    let form = String::from("titel=x&datum=2026-11-12&sjabloon=wereld-cafe&gebied=gemeente%3AGM0632");
    assert_eq!(send(&app, post(SESSIES, Some(&bewerker), &form)).await.0, StatusCode::FORBIDDEN, "no CSRF token");
    assert_eq!(send(&app, post(SESSIES, Some(&lezer), &format!("csrf={lcsrf}&{form}"))).await.0, StatusCode::FORBIDDEN);
    assert_eq!(send(&app, post(SESSIES, Some(&ander), &format!("csrf={acsrf}&{form}"))).await.0, StatusCode::FORBIDDEN);
    let sessie = wereldcafe(&app, &bewerker, &csrf, "%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
    // bad input is refused with the reason, nothing made
    let slecht = format!("csrf={csrf}&titel=y&datum=12-11-2026&sjabloon=wereld-cafe&gebied=gemeente%3AGM0632");
    assert!(send(&app, post(SESSIES, Some(&bewerker), &slecht)).await.2.contains("JJJJ-MM-DD"));
    let vreemd = format!("csrf={csrf}&titel=y&datum=2026-11-12&sjabloon=wereld-cafe&gebied=gemeente%3AGM0344");
    assert!(send(&app, post(SESSIES, Some(&bewerker), &vreemd)).await.2.contains("hoort niet bij de regio"));
    let (_, _, lijst, _) = send(&app, get(SESSIES, Some(&lezer))).await;
    assert_eq!(texts(&lijst, "#sessies tbody th"), vec!["<script>alert(1)</script>"], "{}: one session, escaped", db.kind);
    assert!(!lijst.contains("<script>alert(1)"));
    // reading: every role of the region; nothing for another region's bewerker or nobody
    let paden = [sessie.clone(), format!("{sessie}/scherm"), format!("{sessie}/stand.json"), format!("{sessie}/verslag"),
        format!("{sessie}/bijdragen.csv"), format!("{sessie}/bijdragen.xlsx"), format!("{sessie}/bijdragen.json"),
        "/regio/Woerden/rode-draad".into(), "/regio/Woerden/rode-draad.json".into(), SESSIES.into()];
    for p in &paden {
        assert_eq!(send(&app, get(p, Some(&lezer))).await.0, StatusCode::OK, "{} {p}", db.kind);
        assert_eq!(send(&app, get(p, Some(&ander))).await.0, StatusCode::FORBIDDEN, "{} {p}", db.kind);
        assert_eq!(send(&app, get(p, None)).await.0, StatusCode::SEE_OTHER, "{p}: to the login page");
    }
    // a session of this region is not found under another
    let elders = sessie.replace("/regio/Woerden/", "/regio/Ander/");
    assert_eq!(send(&app, get(&elders, Some(&ander))).await.0, StatusCode::NOT_FOUND, "{}", db.kind);
    // the lezer sees no table links (they let anyone type), the bewerker does
    let (_, _, page, _) = send(&app, get(&sessie, Some(&lezer))).await;
    assert!(attrs(&page, "a.tafel-link", "href").is_empty());
    let (_, _, page, _) = send(&app, get(&sessie, Some(&bewerker))).await;
    let links: Vec<String> = attrs(&page, "a.tafel-link", "href").iter().map(|l| l.trim_start_matches("http://localhost").to_string()).collect();
    assert_eq!(links.len(), 3, "{}", db.kind);
    assert_eq!(attrs(&page, ".tafel svg", "aria-label").len(), 3, "a labelled QR code per table");
    // every change: a bewerker with the token; a lezer or another region's bewerker never
    let wijzigingen = [("stuur", "wat=open"), ("typen", "tafel=1&ronde=1&regels=dementie%0Atijd"), ("themas/voorstel", ""),
        ("thema/indelen", "naar=nieuw&naam=x&bijdrage=1"), ("themas/samenvoegen", "thema=1&thema=2&naam=x"),
        ("thema/wijzig", "thema=1&naam=x"), ("bijdrage/verwijder", "bijdrage=1"), ("verwijder", "")];
    for (pad, f) in wijzigingen {
        let url = format!("{sessie}/{pad}");
        assert_eq!(send(&app, post(&url, Some(&lezer), &format!("csrf={lcsrf}&{f}"))).await.0, StatusCode::FORBIDDEN, "{url}");
        assert_eq!(send(&app, post(&url, Some(&bewerker), f)).await.0, StatusCode::FORBIDDEN, "{url}: no token");
        assert_eq!(send(&app, post(&url, Some(&ander), &format!("csrf={acsrf}&{f}"))).await.0, StatusCode::FORBIDDEN, "{url}");
    }
    let stuur = |wat: &str| post(&format!("{sessie}/stuur"), Some(&bewerker), &format!("csrf={csrf}&wat={wat}"));
    assert_eq!(send(&app, stuur("open")).await.0, StatusCode::SEE_OTHER);
    let (status, _, body, _) = send(&app, stuur("open")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{}", db.kind);
    assert!(body.contains("al open"));
    let typen = format!("csrf={csrf}&tafel=2&ronde=1&regels=%3Cb%3Edementie%3C%2Fb%3E%0A%0Aouderen+langer+thuis");
    assert_eq!(send(&app, post(&format!("{sessie}/typen"), Some(&bewerker), &typen)).await.0, StatusCode::SEE_OTHER);
    let (_, _, page, _) = send(&app, get(&sessie, Some(&lezer))).await;
    assert!(texts(&page, "ul.bijdragen li").iter().any(|t| t.starts_with("<b>dementie</b>")), "{}", db.kind);
    assert!(!page.contains("<b>dementie"));
    // deleting the session: a bewerker; then it is gone
    assert_eq!(send(&app, post(&format!("{sessie}/verwijder"), Some(&bewerker), &format!("csrf={csrf}"))).await.0, StatusCode::SEE_OTHER);
    assert_eq!(send(&app, get(&sessie, Some(&lezer))).await.0, StatusCode::NOT_FOUND);
}
}

wv_testkit::on_both_stores! {
async fn a_table_link_writes_to_its_own_table_only_and_sees_the_wall_only_when_shown(db) {
    let app = app(&db).await;
    let (bewerker, csrf) = login(&app, "bewerker@test.nl", "geheim-bewerker").await;
    let een = wereldcafe(&app, &bewerker, &csrf, "Een").await;
    let twee = wereldcafe(&app, &bewerker, &csrf, "Twee").await;
    let links = |page: &str| -> Vec<String> {
        attrs(page, "a.tafel-link", "href").iter().map(|l| l.trim_start_matches("http://localhost").to_string()).collect()
    };
    let (_, _, p1, _) = send(&app, get(&een, Some(&bewerker))).await;
    let (_, _, p2, _) = send(&app, get(&twee, Some(&bewerker))).await;
    let (t1, t2, andere) = (links(&p1)[0].clone(), links(&p1)[1].clone(), links(&p2)[0].clone());
    let (cookie, token) = telefoon(&app, &t1).await;
    let zend = |link: &str, tekst: &str, sleutel: &str| {
        let mut r = post(link, Some(&cookie), &format!("tekst={tekst}&sleutel={sleutel}"));
        r.headers_mut().insert("x-csrf-token", token.parse().unwrap());
        r
    };
    // not open: refused, nothing stored
    assert_eq!(send(&app, zend(&t1, "dementie", "k1")).await.0, StatusCode::UNPROCESSABLE_ENTITY, "{}", db.kind);
    assert_eq!(send(&app, post(&format!("{een}/stuur"), Some(&bewerker), &format!("csrf={csrf}&wat=open"))).await.0, StatusCode::SEE_OTHER);
    // no token: refused
    assert_eq!(send(&app, post(&t1, Some(&cookie), "tekst=x&sleutel=k0")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(send(&app, zend(&t1, "%3Cimg+src%3Dx%3E+dementie+%F0%9F%99%82", "k1")).await.0, StatusCode::OK);
    assert_eq!(send(&app, zend(&t1, "%3Cimg+src%3Dx%3E+dementie+%F0%9F%99%82", "k1")).await.0, StatusCode::OK, "a resend");
    // the token of table 1 also works on table 2's link (the login cookie is per browser), but
    // what it sends lands on table 2 only, which is what that link is for
    assert_eq!(send(&app, zend(&t2, "tijd", "k2")).await.0, StatusCode::OK);
    // another session's table link: that session is not open
    assert_eq!(send(&app, zend(&andere, "vreemd", "k3")).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(send(&app, zend("/tafel/0123456789abcdef0123456789abcdef", "x", "k4")).await.0, StatusCode::NOT_FOUND);
    let (_, _, stand, _) = send(&app, get(&format!("{t1}/stand.json"), Some(&cookie))).await;
    let s: serde_json::Value = serde_json::from_str(&stand).unwrap();
    assert_eq!(s["eigen"], serde_json::json!(["<img src=x> dementie 🙂"]), "{}: its own table, once", db.kind);
    assert!(s["muur"].is_null(), "no other table's contributions before the wall is shown");
    assert!(!stand.contains("tijd"));
    assert_eq!(s["resterend"], 600);
    assert_eq!(send(&app, post(&format!("{een}/stuur"), Some(&bewerker), &format!("csrf={csrf}&wat=muur-aan"))).await.0, StatusCode::SEE_OTHER);
    let (_, _, stand, _) = send(&app, get(&format!("{t1}/stand.json"), Some(&cookie))).await;
    let s: serde_json::Value = serde_json::from_str(&stand).unwrap();
    assert_eq!(s["muur"].as_array().unwrap().len(), 2, "{}", db.kind);
    // the projector sees both tables; the phone's page escapes what it shows
    let (_, _, scherm, _) = send(&app, get(&format!("{een}/stand.json"), Some(&bewerker))).await;
    let s: serde_json::Value = serde_json::from_str(&scherm).unwrap();
    assert_eq!(s["tafels"][0]["bijdragen"].as_array().unwrap().len(), 1);
    assert_eq!(s["tafels"][1]["bijdragen"], serde_json::json!(["tijd"]));
    assert_eq!(s["bijdragen"], 2);
    // closed: the link adds nothing more
    assert_eq!(send(&app, post(&format!("{een}/stuur"), Some(&bewerker), &format!("csrf={csrf}&wat=sluit"))).await.0, StatusCode::SEE_OTHER);
    assert_eq!(send(&app, zend(&t1, "laat", "k5")).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    // the export reads back as the import's columns, with the typed text as typed
    let (_, _, csv, _) = send(&app, get(&format!("{een}/bijdragen.csv"), Some(&bewerker))).await;
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(r.headers().unwrap().iter().collect::<Vec<_>>(), ["wijk", "sessie", "tafel", "ronde", "tekst", "thema"]);
    let rijen: Vec<Vec<String>> = r.records().map(|x| x.unwrap().iter().map(String::from).collect()).collect();
    assert_eq!(rijen.len(), 2);
    assert_eq!(rijen[0][..5], ["Woerden", "Een", "1", "1", "<img src=x> dementie 🙂"]);
    // the JSON export names no participant
    let (_, _, json, _) = send(&app, get(&format!("{een}/bijdragen.json"), Some(&bewerker))).await;
    assert!(!json.contains("Piet"), "{}: residents are never named", db.kind);
    let (_, _, verslag, _) = send(&app, get(&format!("{een}/verslag"), Some(&bewerker))).await;
    assert!(!verslag.contains("Piet") && verslag.contains("1 inwoner"));
}
}

wv_testkit::on_both_stores! {
async fn a_sessions_themes_and_morgen_answers_become_opgaven_of_its_wijkverband(db) {
    let app = app(&db).await;
    let (bewerker, csrf) = login(&app, "bewerker@test.nl", "geheim-bewerker").await;
    let plan = format!("csrf={csrf}&naam=Een&basis=voorstel&min=8000&max=&seed=3");
    assert_eq!(send(&app, post("/regio/Woerden/indelingen", Some(&bewerker), &plan)).await.0, StatusCode::SEE_OTHER);
    assert_eq!(send(&app, post("/regio/Woerden/indelingen/kies", Some(&bewerker), &format!("csrf={csrf}&naam=Een"))).await.0, StatusCode::SEE_OTHER);
    let form = format!("csrf={csrf}&titel=Duiding&datum=2026-11-12&sjabloon=data-duiding&gebied=wijkverband%3AWijkverband%201");
    let (status, _, _, headers) = send(&app, post(SESSIES, Some(&bewerker), &form)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let sessie = headers["location"].to_str().unwrap().to_string();
    let typen = |regels: &str, tafel: &str| post(&format!("{sessie}/typen"), Some(&bewerker), &format!("csrf={csrf}&tafel={tafel}&ronde=1&regels={regels}"));
    assert_eq!(send(&app, typen("Sociale+kaarten%0Ade+sociale+kaart", "1")).await.0, StatusCode::SEE_OTHER);
    assert_eq!(send(&app, typen("Samen+koffie+drinken", "slot")).await.0, StatusCode::SEE_OTHER);
    assert_eq!(send(&app, post(&format!("{sessie}/themas/voorstel"), Some(&bewerker), &format!("csrf={csrf}"))).await.0, StatusCode::SEE_OTHER);
    let cyclus = "/regio/Woerden/cyclus/Wijkverband%201";
    // no cycle yet: listed on the wijkverband's page as candidates
    let (_, _, page, _) = send(&app, get(cyclus, Some(&bewerker))).await;
    let kandidaten = texts(&page, "#kandidaten tbody th");
    assert!(kandidaten.contains(&"Sociale kaarten".to_string()) || kandidaten.contains(&"sociale kaart".to_string()), "{}: {kandidaten:?}", db.kind);
    assert!(kandidaten.contains(&"Samen koffie drinken".to_string()), "{kandidaten:?}");
    // with a cycle: proposals, to accept
    assert_eq!(send(&app, post(&format!("{cyclus}/begin"), Some(&bewerker), &format!("csrf={csrf}"))).await.0, StatusCode::SEE_OTHER);
    let (_, _, page, _) = send(&app, get(cyclus, Some(&bewerker))).await;
    let sleutels = attrs(&page, "#voorstellen input[name=sleutel]", "value");
    let morgen = sleutels.iter().find(|k| k.contains(":morgen:")).expect("the morgen answer proposed");
    assert!(sleutels.iter().any(|k| k.contains(":thema:")), "{sleutels:?}");
    let aanvaard = format!("csrf={csrf}&sleutel={}&status=aanvaard", morgen.replace(' ', "+").replace(':', "%3A"));
    assert_eq!(send(&app, post(&format!("{cyclus}/opgave"), Some(&bewerker), &aanvaard)).await.0, StatusCode::SEE_OTHER);
    let (_, _, page, _) = send(&app, get(cyclus, Some(&bewerker))).await;
    assert!(texts(&page, "#opgaven-tabel tbody th").contains(&"Samen koffie drinken".to_string()), "{}", db.kind);
    // the wijkverband's sessions, from its cycle page
    let (_, _, page, _) = send(&app, get(cyclus, Some(&bewerker))).await;
    assert!(attrs(&page, "a", "href").contains(&"/regio/Woerden/sessies?wijkverband=Wijkverband%201".to_string()));
    let (_, _, lijst, _) = send(&app, get("/regio/Woerden/sessies?wijkverband=Wijkverband%201", Some(&bewerker))).await;
    assert_eq!(texts(&lijst, "#sessies tbody th"), vec!["Duiding"]);
    let (_, _, lijst, _) = send(&app, get("/regio/Woerden/sessies?wijkverband=Wijkverband%202", Some(&bewerker))).await;
    assert!(texts(&lijst, "#sessies tbody th").is_empty());
    // other wijkverbanden do not get them
    let (_, _, page, _) = send(&app, get("/regio/Woerden/cyclus/Wijkverband%202", Some(&bewerker))).await;
    assert!(!texts(&page, "#kandidaten tbody th").contains(&"Samen koffie drinken".to_string()));
}
}
