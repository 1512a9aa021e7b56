//! Figures followed across divisions, on the real polygons: the health figures of 2020 reach the
//! 2015 buurten of De Ronde Venen through the 2020 outlines, and counts keep their totals when
//! buurten are split and merged. Expected values come from the raw files and the tests' own
//! overlap computation (geodesic areas of the intersections, no sliver rule).

use std::collections::HashMap;

use geo::{BooleanOps, BoundingRect, GeodesicArea};
use geo_types::{MultiPolygon, Rect};
use wv_core::gebied::koppeling::{self, Aard, Doel, Methode};
use wv_core::gebied::{Buurt, Code};
use wv_core::indicator::{Catalogue, SeriesKey, aggregate};
use wv_data::buurten::{self, ReadOptions};
use wv_store::{ModelOptions, Quiet, Store};
use wv_testkit::{data, num, raw_csv, raw_kwb};

const DEMO: [&str; 5] = ["GM0632", "GM0589", "GM0335", "GM0736", "GM1904"];
const GEWIJZIGD: &str = "reference/buurten_2020_de_ronde_venen_de_bilt_eemnes.geojson";

async fn read(file: &str, jaar: i32) -> Vec<Buurt> {
    buurten::read(&data(file), jaar, &ReadOptions { herstel: true, ..ReadOptions::default() }).await.unwrap().buurten
}

/// The demo's data: the 2015 province with its key figures, the 2020 outlines of the gemeenten
/// whose buurten changed, and the health figures (division 2020).
async fn demo_store(url: &str) -> Store {
    let store = Store::open(url).await.unwrap();
    let opts = ReadOptions { herstel: true, ..ReadOptions::default() };
    for (file, jaar) in [("buurten_2015_provincie_utrecht.geojson", 2015), (GEWIJZIGD, 2020)] {
        let f = buurten::read(&data(file), jaar, &opts).await.unwrap();
        store.import_buurten(&f, file, &Quiet).await.unwrap();
    }
    let g = wv_data::gezondheid::read(&data("gezondheid_wijk_buurt_2012_2016_2020_provincie_utrecht.csv")).unwrap();
    assert_eq!(g.indeling, 2020, "the newest wave's division");
    store.import_gezondheid(&g, "gezondheid", &Quiet).await.unwrap();
    store
}

fn intersection_m2(a: &MultiPolygon<f64>, b: &MultiPolygon<f64>) -> f64 {
    a.intersection(b).geodesic_area_unsigned()
}

wv_testkit::on_both_stores! {
async fn health_figures_reach_de_ronde_venen_through_the_2020_outlines(db) {
    let store = demo_store(&db.url).await;
    let gemeenten: Vec<Code> = DEMO.iter().map(|c| Code::parse(c).unwrap()).collect();
    store.create_regio("UNW", &gemeenten).await.unwrap();
    let cat = Catalogue::builtin();
    let model = store.region_model(&cat, "UNW", &ModelOptions::default()).await.unwrap();
    assert_eq!(model.jaar, 2015, "the 2020 outlines cover 3 gemeenten, not the region: {}", db.kind);
    let values = store.buurt_values(&cat, &model.buurten, &cat.all_series()).await.unwrap();
    let key = SeriesKey::new("gezondheid", 2020, "18+", "ErvarenGezondheidGoedZeerGoed");
    let h = values.herkomst("gezondheid", 2020, "18+").expect("health is of another division");
    assert_eq!(h.indeling, 2020);

    let raw: HashMap<String, f64> = raw_csv(&data("gezondheid_wijk_buurt_2012_2016_2020_provincie_utrecht.csv"))
        .into_iter()
        .filter(|r| r["jaar"] == "2020" && r["leeftijd"] == "18+")
        .filter_map(|r| Some((r["regiocode"].clone(), r["ErvarenGezondheidGoedZeerGoed"].parse().ok()?)))
        .collect();
    let outlines_2020 = read(GEWIJZIGD, 2020).await;
    let mut worst: f64 = 0.0;
    for b in &model.buurten {
        let got = values.get(b.code.as_str(), &key).unwrap_or_else(|| panic!("{} has no health figure", b.code));
        if b.gemeente_code.as_str() == "GM0736" {
            assert_eq!(h.methoden[b.code.as_str()], Methode::Geometrie, "{}", b.code);
            // The test's own areal weighting over the 2020 buurten it overlaps.
            let (sum, weight) = outlines_2020
                .iter()
                .filter_map(|s| Some((raw.get(s.code.as_str())?, intersection_m2(&b.geometrie, &s.geometrie))))
                .fold((0.0, 0.0), |(sv, sw), (v, a)| (sv + v * a, sw + a));
            let expected = sum / weight;
            worst = worst.max((got - expected).abs());
        } else if let Some(v) = raw.get(b.code.as_str()) {
            assert_eq!(h.methoden[b.code.as_str()], Methode::Code, "{}", b.code);
            assert_eq!(got, *v, "{}", b.code);
        } else {
            // Published without a figure for 2020 (a business park): its wijk's, marked.
            assert_eq!(h.methoden[b.code.as_str()], Methode::Wijk, "{}", b.code);
            assert_eq!(Some(&got), raw.get(b.wijk_code.as_str()), "{}", b.code);
        }
    }
    // Slivers where the two simplifications of a border differ are left out: within 0.5 point.
    assert!(worst < 0.5, "largest difference from the independent overlap: {worst}");
    let all: Vec<&str> = model.buurten.iter().map(|b| b.code.as_str()).collect();
    let i = cat.position("ervaren_gezondheid_18plus").unwrap();
    let region = &aggregate(&cat, &values, &all)[i];
    assert!(region.waarde.is_some() && region.dekking == Some(1.0), "{region:?}");
}
}

wv_testkit::on_both_stores! {
/// Without the outlines of the health figures' division, a buurt whose code is not in it gets
/// its gemeente's published figure — said so, and left out in the strict reading.
async fn without_outlines_the_gemeente_figure_is_used_and_marked(db) {
    let store = Store::open(&db.url).await.unwrap();
    let f = buurten::read(&data("buurten_2015_provincie_utrecht.geojson"), 2015, &ReadOptions::default()).await.unwrap();
    store.import_buurten(&f, "provincie", &Quiet).await.unwrap();
    let g = wv_data::gezondheid::read(&data("gezondheid_wijk_buurt_2012_2016_2020_provincie_utrecht.csv")).unwrap();
    store.import_gezondheid(&g, "gezondheid", &Quiet).await.unwrap();
    let cat = Catalogue::builtin();
    let drv: Vec<Buurt> = f.buurten.iter().filter(|b| b.gemeente_code.as_str() == "GM0736").cloned().collect();
    let values = store.buurt_values(&cat, &drv, &cat.all_series()).await.unwrap();
    let key = SeriesKey::new("gezondheid", 2020, "18+", "Eenzaam");
    let h = values.herkomst("gezondheid", 2020, "18+").unwrap();
    let published = g.rows.iter().find(|r| r.code.as_str() == "GM0736" && r.jaar == 2020 && r.groep == "18+").unwrap();
    let eenzaam = published.values[g.columns.iter().position(|c| c == "Eenzaam").unwrap()];
    let by_gemeente: Vec<&Buurt> = drv.iter().filter(|b| h.methoden[b.code.as_str()] == Methode::Gemeente).collect();
    assert!(!by_gemeente.is_empty(), "{}", db.kind);
    for b in &by_gemeente {
        assert_eq!(values.get(b.code.as_str(), &key), eenzaam);
        assert_eq!(values.streng().get(b.code.as_str(), &key), None, "the strict reading leaves it out");
    }
    let lines = wv_core::scan::koppelingen(&cat, &values, &drv.iter().map(|b| b.code.as_str()).collect::<Vec<_>>(), |_| {
        Some("De Ronde Venen")
    });
    let n = by_gemeente.len();
    assert!(
        lines.iter().any(|l| l.contains(&format!("voor {n} buurten van De Ronde Venen is het gemeentecijfer gebruikt"))),
        "{lines:?}"
    );
}
}

/// Carries a count from `bron` to `doel` by overlap (the product's linking) and returns the
/// targets' values.
fn carry(
    doel: &[MultiPolygon<f64>],
    bron: &[(String, MultiPolygon<f64>)],
    count: &HashMap<String, f64>,
) -> Vec<Option<f64>> {
    let codes: Vec<String> = bron.iter().map(|(c, _)| c.clone()).collect();
    let geo: Vec<MultiPolygon<f64>> = bron.iter().map(|(_, g)| g.clone()).collect();
    let names: Vec<String> = (0..doel.len()).map(|i| format!("BU9999{i:04}")).collect();
    let doelen: Vec<Doel> = names.iter().map(|c| Doel { code: c, wijk: "WK999900", gemeente: "GM9999" }).collect();
    let k = koppeling::koppel(&doelen, &codes, &codes, koppeling::overlap(doel, &geo));
    let values: Vec<Option<f64>> = k.bron.iter().map(|c| count.get(c).copied()).collect();
    (0..doel.len()).map(|t| k.waarde(t, Aard::Telling, &values, None)).collect()
}

fn inhabitants_2015() -> HashMap<String, f64> {
    raw_kwb().iter().filter_map(|r| Some((r["BU_CODE"].clone(), num(r, "AANT_INW")?))).collect()
}

#[tokio::test]
async fn counts_keep_their_total_when_buurten_are_split_and_merged() {
    let woerden = read("buurten_2015_woerden.geojson", 2015).await;
    let inw = inhabitants_2015();
    // A division made here: the first ten buurten merged in pairs, the others cut in two.
    let mut doel = Vec::new();
    for pair in woerden[..10].chunks(2) {
        doel.push(pair[0].geometrie.union(&pair[1].geometrie));
    }
    for b in &woerden[10..] {
        let r = b.geometrie.bounding_rect().unwrap();
        let mid = (r.min().x + r.max().x) / 2.0;
        let west = Rect::new(r.min(), geo_types::coord! { x: mid, y: r.max().y }).to_polygon();
        let east = Rect::new(geo_types::coord! { x: mid, y: r.min().y }, r.max()).to_polygon();
        doel.push(b.geometrie.intersection(&MultiPolygon(vec![west])));
        doel.push(b.geometrie.intersection(&MultiPolygon(vec![east])));
    }
    let bron: Vec<(String, MultiPolygon<f64>)> =
        woerden.iter().map(|b| (b.code.to_string(), b.geometrie.clone())).collect();
    let got = carry(&doel, &bron, &inw);
    assert!(got.iter().all(Option::is_some), "every buurt of the new division gets figures");
    let total: f64 = got.iter().flatten().sum();
    let expected: f64 = woerden.iter().map(|b| inw[b.code.as_str()]).sum();
    assert!((total - expected).abs() < 0.5, "{total} against {expected}");
}

#[tokio::test]
async fn real_divisions_of_2020_and_2023_get_the_2015_counts() {
    let inw = inhabitants_2015();
    let province = read("buurten_2015_provincie_utrecht.geojson", 2015).await;
    for (file, jaar, gemeenten) in [
        (GEWIJZIGD, 2020, &["GM0736", "GM0310", "GM0317"][..]),
        ("reference/buurten_2023_woerden.geojson", 2023, &["GM0632"][..]),
    ] {
        let doel: Vec<MultiPolygon<f64>> = read(file, jaar).await.into_iter().map(|b| b.geometrie).collect();
        let bron: Vec<(String, MultiPolygon<f64>)> = province
            .iter()
            .filter(|b| gemeenten.contains(&b.gemeente_code.as_str()))
            .map(|b| (b.code.to_string(), b.geometrie.clone()))
            .collect();
        let got = carry(&doel, &bron, &inw);
        assert!(got.iter().all(Option::is_some), "{file}: every buurt gets figures");
        let total: f64 = got.iter().flatten().sum();
        let expected: f64 = bron.iter().map(|(c, _)| inw[c.as_str()]).sum();
        // Two simplifications of the same outlines: the total within 1 %.
        assert!((total - expected).abs() / expected < 0.01, "{file}: {total} against {expected}");
    }
}

wv_testkit::on_both_stores! {
/// Each region reads a source in the newest year imported *for its gemeenten*: a 2021 file of
/// Ermelo beside the 2015 province does not move Woerden's figures to 2021.
async fn each_region_reads_the_newest_year_it_has(db) {
    let store = Store::open(&db.url).await.unwrap();
    let f = buurten::read(&data("buurten_2015_woerden.geojson"), 2015, &ReadOptions::default()).await.unwrap();
    store.import_buurten(&f, "woerden", &Quiet).await.unwrap();
    let ermelo = data("reference/wijkenbuurten_2021_ermelo_buurten_layout.gpkg");
    let f = buurten::read(&ermelo, None, &ReadOptions::default()).await.unwrap();
    store.import_buurten(&f, "ermelo", &Quiet).await.unwrap();
    let cat = Catalogue::builtin();
    let kwb = |c: &Catalogue| c.sources.values().find(|s| s.dataset == "kwb").unwrap().jaar;
    let gm = |c: &str| vec![Code::parse(c).unwrap()];
    let woerden = store.catalogue_for(&cat, &gm("GM0632")).await.unwrap();
    let ermelo = store.catalogue_for(&cat, &gm("GM0233")).await.unwrap();
    let alles = store.catalogue_for(&cat, &[]).await.unwrap();
    assert_eq!((kwb(&woerden), kwb(&ermelo), kwb(&alles)), (2015, 2021, 2021), "{}", db.kind);
    let s = woerden.sources.values().find(|s| s.dataset == "kwb").unwrap();
    assert!(s.naam.ends_with("2015"), "the source names its year: {}", s.naam);
}
}
