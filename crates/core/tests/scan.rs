//! The scan on hand-made buurten: z-scores, percentiles, veerkracht and opgaven
//! checked by hand, and the property that improving an indicator never lowers veerkracht.

mod common;

use proptest::prelude::*;
use wv_core::indicator::{Catalogue, SeriesKey, ValueTable};
use wv_core::scan::{Area, BuurtFigures, Reference, Soort, VeerkrachtModel, profile};

const INDICATORS: &str = r#"

[[indicator]]
code = "inwoners"
label = "Inwoners"
domain = "demografie"
unit = "personen"
kind = "count"
direction = "neutral"
value = "k.INW"

[[indicator]]
code = "gezond"
label = "Gezond"
domain = "gezondheid"
unit = "%"
kind = "rate"
direction = "strength"
share = "k.A"
denominator = "k.INW"

[[indicator]]
code = "eenzaam"
label = "Eenzaam"
domain = "gezondheid"
unit = "%"
kind = "rate"
direction = "need"
share = "k.B"
denominator = "k.INW"
"#;

const MODEL: &str = r#"
uitleg = "test"
[[onderdeel]]
code = "persoonlijk"
label = "Persoonlijk"
indicatoren = [{ code = "gezond" }]
[[onderdeel]]
code = "sociaal"
label = "Sociaal"
indicatoren = [{ code = "eenzaam" }]
"#;

fn table(rows: &[(f64, f64, f64)]) -> (ValueTable, Vec<String>) {
    let mut t = ValueTable::new();
    let mut codes = Vec::new();
    for (i, (inw, a, b)) in rows.iter().enumerate() {
        let code = format!("BU{:08}", i + 1);
        t.insert(&code, &SeriesKey::new("kwb", 2015, "", "INW"), Some(*inw));
        t.insert(&code, &SeriesKey::new("kwb", 2015, "", "A"), Some(*a));
        t.insert(&code, &SeriesKey::new("kwb", 2015, "", "B"), Some(*b));
        codes.push(code);
    }
    (t, codes)
}

fn area(codes: &[String]) -> Area {
    Area { naam: "test".into(), soort: Soort::Selectie, buurten: codes.to_vec() }
}

#[test]
fn z_scores_percentiles_and_veerkracht_by_hand() {
    let cat = common::catalogue(0.8, "Kerncijfers 2015", INDICATORS);
    let model = VeerkrachtModel::from_toml(MODEL, &cat).unwrap();
    let (t, codes) = table(&[(100.0, 10.0, 20.0), (300.0, 30.0, 10.0), (100.0, 20.0, 30.0)]);
    let figures = BuurtFigures::compute(&cat, &t, &codes);
    let reference = Reference::of_buurten(&cat, &t, &figures, "de gemeente", &codes);
    let p = profile(&cat, &t, &area(&codes[..1]), &reference, &model);
    // gezond: weighted mean (10·100 + 30·300 + 20·100) / 500 = 24; variance 64, sd 8.
    let gezond = p.row("gezond").unwrap();
    assert_eq!(gezond.referentie, Some(24.0));
    assert_eq!(gezond.verschil, Some(-14.0));
    assert_eq!(gezond.z, Some(-1.75));
    // 10 is the lowest of 10, 20, 30: half of one tie out of three buurten.
    assert!((gezond.percentiel.unwrap() - 50.0 / 3.0).abs() < 1e-9);
    // eenzaam: mean 16, sd 8; 20 is 0.5 sd above: for a need indicator that is −0.5 veerkracht.
    assert_eq!(p.row("eenzaam").unwrap().z, Some(0.5));
    let v = &p.veerkracht;
    assert_eq!(v.onderdelen[0].score, Some(-1.75));
    assert_eq!(v.onderdelen[1].score, Some(-0.5));
    assert_eq!(v.score, Some(-1.125));
    // Opgaven: both deviate unfavourably; gezond most (1.75 sd), then eenzaam (0.5 sd).
    let o: Vec<&str> = p.opgaven.iter().map(|o| o.indicator.as_str()).collect();
    assert_eq!(o, ["gezond", "eenzaam"]);
    assert_eq!(p.opgaven[0].tekst, "Gezond: lager dan gemiddeld in de gemeente (10,0% tegen 24,0%)");
    assert_eq!(p.opgaven[0].bron, "Kerncijfers 2015");
    // Demography first.
    assert_eq!(p.rijen[0].code, "inwoners");
}

#[test]
fn a_missing_indicator_makes_its_component_and_the_score_unknown() {
    let cat = common::catalogue(0.8, "Kerncijfers 2015", INDICATORS);
    let model = VeerkrachtModel::from_toml(MODEL, &cat).unwrap();
    let (mut t, codes) = table(&[(100.0, 10.0, 20.0), (300.0, 30.0, 10.0), (100.0, 20.0, 30.0)]);
    t.insert(&codes[0], &SeriesKey::new("kwb", 2015, "", "B"), None);
    let figures = BuurtFigures::compute(&cat, &t, &codes);
    let reference = Reference::of_buurten(&cat, &t, &figures, "ref", &codes);
    let p = profile(&cat, &t, &area(&codes[..1]), &reference, &model);
    assert_eq!(p.veerkracht.onderdelen[0].score, Some((10.0 - 24.0) / 8.0));
    assert_eq!(p.veerkracht.onderdelen[1].score, None);
    assert_eq!(p.veerkracht.score, None, "missing is unknown, not low");
}

#[test]
fn the_model_is_checked_against_the_catalogue() {
    let cat = common::catalogue(0.8, "Kerncijfers 2015", INDICATORS);
    let e = VeerkrachtModel::from_toml(&MODEL.replace("\"eenzaam\"", "\"inwoners\""), &cat).unwrap_err();
    assert!(e.to_string().contains("sociaal") && e.to_string().contains("inwoners"), "{e}");
    let e = VeerkrachtModel::from_toml(&MODEL.replace("\"eenzaam\"", "\"onbekend\""), &cat).unwrap_err();
    assert!(e.to_string().contains("onbekend"), "{e}");
    let builtin = Catalogue::builtin();
    VeerkrachtModel::builtin(&builtin).expect("the shipped model fits the shipped catalogue");
}

fn arb_buurten() -> impl Strategy<Value = Vec<(f64, f64, f64)>> {
    prop::collection::vec((1.0..5000.0f64, 0.0..100.0f64, 0.0..100.0f64), 3..25)
}

proptest! {
    /// Improving one indicator of a buurt (the area) in its favourable direction
    /// never lowers its veerkracht, also when the buurt is part of the reference.
    #[test]
    fn improving_never_lowers_veerkracht(rows in arb_buurten(), pick in any::<prop::sample::Index>(), delta in 0.01..50.0f64, which in 0..2usize) {
        let cat = common::catalogue(0.8, "Kerncijfers 2015", INDICATORS);
        let model = VeerkrachtModel::from_toml(MODEL, &cat).unwrap();
        let i = pick.index(rows.len());
        let score = |rows: &[(f64, f64, f64)]| {
            let (t, codes) = table(rows);
            let figures = BuurtFigures::compute(&cat, &t, &codes);
            let reference = Reference::of_buurten(&cat, &t, &figures, "ref", &codes);
            profile(&cat, &t, &area(&codes[i..=i]), &reference, &model).veerkracht.score
        };
        let before = score(&rows);
        let mut better = rows.clone();
        if which == 0 { better[i].1 = (better[i].1 + delta).min(100.0) } else { better[i].2 = (better[i].2 - delta).max(0.0) }
        let after = score(&better);
        if let (Some(b), Some(a)) = (before, after) {
            prop_assert!(a >= b - 1e-9, "{b} -> {a}");
        }
    }

    /// For an area of several buurten against a fixed reference, the same holds.
    #[test]
    fn improving_an_area_never_lowers_veerkracht(rows in arb_buurten(), delta in 0.01..50.0f64, k in 1..3usize) {
        let cat = common::catalogue(0.8, "Kerncijfers 2015", INDICATORS);
        let model = VeerkrachtModel::from_toml(MODEL, &cat).unwrap();
        let (t, codes) = table(&rows);
        let figures = BuurtFigures::compute(&cat, &t, &codes);
        let reference = Reference::of_buurten(&cat, &t, &figures, "ref", &codes);
        let area_rows: Vec<_> = rows.iter().take(k).copied().collect();
        let mut better = area_rows.clone();
        better.iter_mut().for_each(|r| r.1 = (r.1 + delta).min(100.0));
        let score = |rows: &[(f64, f64, f64)]| {
            let (t, codes) = table(rows);
            profile(&cat, &t, &area(&codes), &reference, &model).veerkracht.score
        };
        if let (Some(b), Some(a)) = (score(&area_rows), score(&better)) {
            prop_assert!(a >= b - 1e-9, "{b} -> {a}");
        }
    }
}
