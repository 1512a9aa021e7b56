//! The workbench: proposals, plan pages with live metrics, moving a buurt; and
//! the authorisation matrix of every state-changing route against every role.

mod common;

use axum::http::StatusCode;
use common::{app, get, login, post, send};
use wv_testkit::{num, raw_kwb};

/// Woerden's inhabitants per buurt, from the raw file.
fn inwoners(code: &str) -> f64 {
    num(raw_kwb().iter().find(|r| r["BU_CODE"] == code).unwrap(), "AANT_INW").unwrap()
}

/// (wijkverband, inhabitants) from the plan page's table.
fn wijkverbanden(page: &str) -> Vec<(String, f64)> {
    let table = page.split("<table id=\"wijkverbanden\">").nth(1).unwrap().split("</table>").next().unwrap();
    table
        .split("<tr><th scope=\"row\">")
        .skip(1)
        .map(|row| {
            let naam = row.split("</svg> ").nth(1).unwrap().split("</th>").next().unwrap().to_string();
            let cells: Vec<&str> =
                row.split("<td class=\"getal\">").skip(1).map(|c| c.split("</td>").next().unwrap()).collect();
            (naam, cells[1].replace('.', "").parse().unwrap())
        })
        .collect()
}

#[tokio::test]
async fn a_bewerker_proposes_and_moves_a_buurt_with_live_figures() {
    let db = wv_testkit::sqlite();
    let app = app(&db).await;
    let (cookie, csrf) = login(&app, "bewerker@test.nl", "geheim-bewerker").await;
    let (status, _, _, headers) =
        send(&app, post("/regio/Woerden/indelingen", Some(&cookie), &format!("csrf={csrf}&min=8000&max=&seed=3")))
            .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let location = headers["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/regio/Woerden/indeling/Voorstel%201"), "{location}");
    let (status, _, page, _) = send(&app, get(&location, Some(&cookie))).await;
    assert_eq!(status, StatusCode::OK);
    let before = wijkverbanden(&page);
    let total: f64 = raw_kwb().iter().filter(|r| r["GM_CODE"] == "GM0632").map(|r| num(r, "AANT_INW").unwrap()).sum();
    assert_eq!(before.iter().map(|w| w.1).sum::<f64>(), total, "every inhabitant once");
    assert!(before.iter().all(|w| w.1 >= 8000.0));
    assert!(page.contains("id=\"verplaats\""), "a bewerker gets the move form");
    // Move Binnenstad into another wijkverband: its inhabitants follow.
    let home = page.split("BU06320101, nu ").nth(1).unwrap().split(')').next().unwrap().to_string();
    let target = before.iter().find(|w| w.0 != home).unwrap().0.clone();
    let form = format!("csrf={csrf}&buurt=BU06320101&wijkverband={}", target.replace(' ', "+"));
    assert_eq!(
        send(&app, post("/regio/Woerden/indeling/Voorstel%201/verplaats", Some(&cookie), &form)).await.0,
        StatusCode::SEE_OTHER
    );
    let (_, _, page, _) = send(&app, get("/regio/Woerden/indeling/Voorstel%201?min=8000", Some(&cookie))).await;
    let after = wijkverbanden(&page);
    let get = |ws: &[(String, f64)], n: &str| ws.iter().find(|w| w.0 == n).unwrap().1;
    assert_eq!(get(&after, &target), get(&before, &target) + inwoners("BU06320101"));
    assert_eq!(get(&after, &home), get(&before, &home) - inwoners("BU06320101"));
}

#[tokio::test]
async fn every_state_changing_route_against_every_role() {
    for db in wv_testkit::backends().await {
        let app = app(&db).await;
        // A plan to act on, made by the beheerder.
        let (admin, admin_csrf) = login(&app, "beheerder@test.nl", "geheim-beheerder").await;
        let made = send(
            &app,
            post("/regio/Woerden/indelingen", Some(&admin), &format!("csrf={admin_csrf}&min=8000&max=&seed=1")),
        )
        .await;
        assert_eq!(made.0, StatusCode::SEE_OTHER, "{}", db.kind);
        let routes = [
            ("/regio/Woerden/indelingen", "min=8000&max=&seed=2".to_string()),
            (
                "/regio/Woerden/indeling/Voorstel%201/verplaats",
                "buurt=BU06320101&wijkverband=Wijkverband+1".to_string(),
            ),
        ];
        let accounts = [
            ("beheerder@test.nl", "geheim-beheerder", StatusCode::SEE_OTHER),
            ("bewerker@test.nl", "geheim-bewerker", StatusCode::SEE_OTHER),
            ("lezer@test.nl", "geheim-lezer", StatusCode::FORBIDDEN),
            ("ander@test.nl", "geheim-ander", StatusCode::FORBIDDEN),
        ];
        for (email, password, expected) in accounts {
            let (cookie, csrf) = login(&app, email, password).await;
            for (route, form) in &routes {
                let with = send(&app, post(route, Some(&cookie), &format!("csrf={csrf}&{form}"))).await.0;
                assert_eq!(with, expected, "{} {email} {route}", db.kind);
                let without = send(&app, post(route, Some(&cookie), form)).await.0;
                assert_eq!(without, StatusCode::FORBIDDEN, "{email} {route} without a CSRF token");
            }
            // Reading: everyone with a role on Woerden sees the plan; only bewerkers get the forms.
            let (status, _, page, _) = send(&app, get("/regio/Woerden/indeling/Voorstel%201", Some(&cookie))).await;
            if email == "ander@test.nl" {
                assert_eq!(status, StatusCode::FORBIDDEN);
            } else {
                assert_eq!(status, StatusCode::OK);
                assert_eq!(page.contains("id=\"verplaats\""), expected == StatusCode::SEE_OTHER, "{email}");
            }
        }
        // Without a session, no state-changing request gets through.
        for (route, form) in &routes {
            assert_eq!(send(&app, post(route, None, form)).await.0, StatusCode::FORBIDDEN);
        }
    }
}
