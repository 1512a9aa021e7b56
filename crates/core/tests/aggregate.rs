//! Aggregation: hand-checked values and the union property for every indicator kind.

mod common;

use proptest::prelude::*;
use wv_core::indicator::{Catalogue, Parts, SeriesKey, ValueTable, accumulate, aggregate, aggregate_only, finish};

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
code = "ouderen"
label = "65+"
domain = "demografie"
unit = "personen"
kind = "count"
direction = "neutral"
share = "k.P65"
of = "k.INW"
coverage = "k.INW"

[[indicator]]
code = "aandeel_65"
label = "% 65+"
domain = "demografie"
unit = "%"
kind = "rate"
direction = "need"
share = "k.P65"
denominator = "k.INW"

[[indicator]]
code = "bijstand"
label = "bijstand per 1000"
domain = "sociaal-economisch"
unit = "per 1000"
kind = "rate"
direction = "need"
numerator = "k.WWB"
denominator = "@inwoners"
per = 1000

[[indicator]]
code = "hh_grootte"
label = "Huishoudensgrootte"
domain = "huishoudens"
unit = "personen"
kind = "average"
direction = "neutral"
value = "k.HHGR"
base = "k.HH"

[[indicator]]
code = "sted"
label = "Stedelijkheid"
domain = "nabijheid"
unit = "klasse"
kind = "class"
direction = "neutral"
from = "@hh_grootte"
thresholds = [3, 2]
classes = ["groot", "middel", "klein"]
"#;

const VARS: [&str; 5] = ["INW", "P65", "WWB", "HHGR", "HH"];

fn key(v: &str) -> SeriesKey {
    SeriesKey::new("kwb", 2015, "", v)
}

fn table(rows: &[(&str, [Option<f64>; 5])]) -> ValueTable {
    let mut t = ValueTable::new();
    for (code, vals) in rows {
        for (v, x) in VARS.iter().zip(vals) {
            t.insert(code, &key(v), *x);
        }
    }
    t
}

fn value(cat: &Catalogue, t: &ValueTable, buurten: &[&str], code: &str) -> (Option<f64>, Option<f64>) {
    let a = &aggregate(cat, t, buurten)[cat.position(code).unwrap()];
    (a.waarde, a.dekking)
}

#[test]
fn hand_checked_values() {
    let cat = common::catalogue(0.5, "Kerncijfers", INDICATORS);
    let t = table(&[
        ("BU00000001", [Some(100.0), Some(10.0), Some(5.0), Some(2.0), Some(40.0)]),
        ("BU00000002", [Some(300.0), Some(30.0), Some(15.0), Some(3.0), Some(60.0)]),
    ]);
    let all = ["BU00000001", "BU00000002"];
    assert_eq!(value(&cat, &t, &all, "inwoners"), (Some(400.0), Some(1.0)));
    assert_eq!(value(&cat, &t, &all, "ouderen"), (Some(100.0), Some(1.0)));
    // (10% of 100 + 30% of 300) / 400 = 25%, not the mean of the percentages (20%).
    assert_eq!(value(&cat, &t, &all, "aandeel_65"), (Some(25.0), Some(1.0)));
    assert_eq!(value(&cat, &t, &all, "bijstand"), (Some(50.0), Some(1.0)));
    // (2 × 40 + 3 × 60) / 100 = 2.6 persons per household.
    let (hh, _) = value(&cat, &t, &all, "hh_grootte");
    assert!((hh.unwrap() - 2.6).abs() < 1e-12);
    // 2.6 reaches the threshold 2 but not 3: class 2.
    assert_eq!(value(&cat, &t, &all, "sted").0, Some(2.0));
}

#[test]
fn missing_values_stay_missing_and_lower_coverage() {
    let cat = common::catalogue(0.5, "Kerncijfers", INDICATORS);
    let t = table(&[
        ("BU00000001", [Some(100.0), Some(10.0), None, None, Some(40.0)]),
        ("BU00000002", [Some(300.0), None, Some(15.0), Some(3.0), Some(60.0)]),
    ]);
    let all = ["BU00000001", "BU00000002"];
    // Only the first buurt has a share: coverage 100 / 400 = 25% < 50% minimum: unknown.
    assert_eq!(value(&cat, &t, &all, "aandeel_65"), (None, Some(0.25)));
    // Benefits known for the 300 inhabitants of the second buurt only: 15 / 300, not 15 / 400.
    assert_eq!(value(&cat, &t, &all, "bijstand"), (Some(50.0), Some(0.75)));
    // A single buurt without a value is unknown, not zero.
    assert_eq!(value(&cat, &t, &["BU00000001"], "bijstand").0, None);
    // A buurt with no inhabitants has no rate at all.
    let empty = table(&[("BU00000003", [Some(0.0), Some(0.0), None, None, Some(0.0)])]);
    assert_eq!(value(&cat, &empty, &["BU00000003"], "aandeel_65"), (None, None));
    // An average over buurten without any base (no households) is the plain mean of what is published.
    let no_base = table(&[
        ("BU00000004", [Some(20.0), Some(0.0), None, Some(1.5), Some(0.0)]),
        ("BU00000005", [Some(10.0), Some(0.0), None, Some(2.5), Some(0.0)]),
    ]);
    assert_eq!(value(&cat, &no_base, &["BU00000004", "BU00000005"], "hh_grootte").0, Some(2.0));
    // A buurt absent from the table is a buurt without data.
    assert_eq!(value(&cat, &t, &["BU00000001", "BU00000009"], "inwoners"), (Some(100.0), Some(0.5)));
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0),
        _ => false,
    }
}

fn arb_value(max: f64) -> impl Strategy<Value = Option<f64>> {
    prop_oneof![1 => Just(None), 4 => (0.0..max).prop_map(|v: f64| Some(v.round()))]
}

fn arb_rows() -> impl Strategy<Value = Vec<([Option<f64>; 5], bool)>> {
    let row = (arb_value(3000.0), arb_value(100.0), arb_value(200.0), arb_value(5.0), arb_value(1500.0));
    prop::collection::vec((row.prop_map(|(a, b, c, d, e)| [a, b, c, d, e]), any::<bool>()), 1..40)
}

proptest! {
    /// The aggregate of a union of disjoint sets equals the combination of their aggregates.
    #[test]
    fn union_equals_combination(rows in arb_rows()) {
        let cat = common::catalogue(0.5, "Kerncijfers", INDICATORS);
        let codes: Vec<String> = (0..rows.len()).map(|i| format!("BU{i:08}")).collect();
        let named: Vec<(&str, [Option<f64>; 5])> = codes.iter().map(String::as_str).zip(rows.iter().map(|r| r.0)).collect();
        let t = table(&named);
        let (a, b): (Vec<&str>, Vec<&str>) = {
            let mut a = Vec::new();
            let mut b = Vec::new();
            for (code, (_, in_a)) in codes.iter().zip(&rows) {
                if *in_a { a.push(code.as_str()) } else { b.push(code.as_str()) }
            }
            (a, b)
        };
        let all: Vec<&str> = codes.iter().map(String::as_str).collect();
        let whole = aggregate(&cat, &t, &all);
        let combined: Vec<Parts> = accumulate(&cat, &t, &a).into_iter().zip(accumulate(&cat, &t, &b)).map(|(x, y)| x.combine(y)).collect();
        let combined = finish(&cat, &combined);
        for (w, c) in whole.iter().zip(&combined) {
            prop_assert!(close(w.waarde, c.waarde), "{}: {:?} vs {:?}", w.code, w.waarde, c.waarde);
            prop_assert!(close(w.dekking, c.dekking), "{}: coverage {:?} vs {:?}", w.code, w.dekking, c.dekking);
        }
        // And the rate equals the independently computed Σ share × base / Σ base over known pairs.
        let (mut num, mut den, mut all_den) = (0.0, 0.0, 0.0);
        for (vals, _) in &rows {
            if let Some(inw) = vals[0] {
                all_den += inw;
                if let Some(p) = vals[1] { num += p * inw; den += inw; }
            }
        }
        let expect = (den > 0.0 && den / all_den >= 0.5).then(|| num / den);
        prop_assert!(close(whole[cat.position("aandeel_65").unwrap()].waarde, expect));
    }

    /// A page that shows a few indicators aggregates only those: the same values as the full
    /// aggregate, every other indicator missing (but a class and what it is derived from).
    #[test]
    fn aggregating_a_few_equals_the_full_aggregate(rows in arb_rows(), wanted in prop::collection::vec(0..6usize, 0..4)) {
        let cat = common::catalogue(0.5, "Kerncijfers", INDICATORS);
        let codes: Vec<String> = (0..rows.len()).map(|i| format!("BU{i:08}")).collect();
        let named: Vec<(&str, [Option<f64>; 5])> = codes.iter().map(String::as_str).zip(rows.iter().map(|r| r.0)).collect();
        let t = table(&named);
        let all: Vec<&str> = codes.iter().map(String::as_str).collect();
        let whole = aggregate(&cat, &t, &all);
        let few = aggregate_only(&cat, &t, &all, &wanted);
        for (i, (w, f)) in whole.iter().zip(&few).enumerate() {
            if wanted.contains(&i) {
                prop_assert!(w.waarde == f.waarde && w.dekking == f.dekking, "{}: {:?} vs {:?}", w.code, w.waarde, f.waarde);
            } else if !(i == 4 && wanted.contains(&5) || i == 5 && wanted.contains(&4)) {
                // (sted is a class of hh_grootte: one comes with the other)
                prop_assert!(f.waarde.is_none(), "{} was not asked for", f.code);
            }
        }
    }
}
