//! Scanning every gemeente of the shared province in one run, and rendering
//! their startfoto reports. Target: each under 1 s on the 2-core machine.
//! Run with `cargo bench -p wv-report`.

use std::collections::HashMap;

use criterion::{Criterion, criterion_group, criterion_main};
use wv_core::indicator::Catalogue;
use wv_core::scan::{Area, BuurtFigures, Per, Profile, Reference, Soort, VeerkrachtModel, profile};
use wv_data::buurten::{self, ReadOptions};
use wv_store::{BuurtFilter, Quiet, Store};

fn data(file: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data").join(file)
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cat = Catalogue::builtin();
    let model = VeerkrachtModel::builtin(&cat).unwrap();
    let (values, geo) = rt.block_on(async {
        let store = Store::open(&dir.path().join("b.db").display().to_string()).await.unwrap();
        let file = buurten::read(&data("buurten_2015_provincie_utrecht.geojson"), 2015, &ReadOptions::default())
            .await
            .unwrap();
        store.import_buurten(&file, "b", &Quiet).await.unwrap();
        let g = wv_data::gezondheid::read(&data("gezondheid_wijk_buurt_2012_2016_2020_provincie_utrecht.csv")).unwrap();
        store.import_gezondheid(&g, "g", &Quiet).await.unwrap();
        let values = store.values(&[], &cat.all_series()).await.unwrap();
        let geo = store.buurten_met_geometrie(&BuurtFilter { jaar: Some(2015), gemeenten: vec![] }).await.unwrap();
        (values, geo)
    });
    let all: Vec<String> = geo.iter().map(|b| b.code.to_string()).collect();
    let nl = Area { naam: "Nederland".into(), soort: Soort::Regio, buurten: all.clone() };
    let gemeenten: Vec<Area> = nl.split(&geo, Per::Gemeente);
    assert_eq!(gemeenten.len(), 26);
    let outlines: HashMap<String, (String, geo_types::MultiPolygon<f64>)> =
        geo.iter().map(|b| (b.code.to_string(), (b.naam.clone(), b.geometrie.clone()))).collect();

    let scan = || -> (BuurtFigures, Vec<Profile>) {
        let figures = BuurtFigures::compute(&cat, &values, &all);
        let reference = Reference::of_buurten(&cat, &values, &figures, "alle ingelezen buurten", &all);
        let profiles = gemeenten.iter().map(|a| profile(&cat, &values, a, &reference, &model)).collect();
        (figures, profiles)
    };
    let mut g = c.benchmark_group("startfoto");
    g.sample_size(20);
    g.bench_function("scan all 26 gemeenten of the province", |b| b.iter(scan));
    let (figures, profiles) = scan();
    let kaart = cat.kaart();
    g.bench_function("render the report of all 26 gemeenten (HTML)", |b| {
        b.iter(|| {
            wv_report::startfoto(&wv_report::ReportInput {
                titel: "Provincie Utrecht",
                jaar: 2015,
                catalogue: &cat,
                model: &model,
                profiles: &profiles,
                buurten: &outlines,
                figures: &figures,
                kaart,
                nonce: None,
                wijkfotos: &[],
            })
            .unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
