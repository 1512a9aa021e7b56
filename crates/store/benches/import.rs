//! Import and aggregation on the largest shared data sets: the province's 855
//! buurten (GeoJSON with key figures) and the health table (9,032 rows).
//! Run with `cargo bench -p wv-store`.

use criterion::{Criterion, criterion_group, criterion_main};
use wv_core::gebied::Code;
use wv_core::indicator::{Catalogue, aggregate};
use wv_data::buurten::{self, ReadOptions};
use wv_store::{BuurtFilter, Quiet, Store};

fn data(file: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data").join(file)
}

const BUURTEN: &str = "buurten_2015_provincie_utrecht.geojson";
const GEZONDHEID: &str = "gezondheid_wijk_buurt_2012_2016_2020_provincie_utrecht.csv";

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut g = c.benchmark_group("import");
    g.sample_size(10);
    g.bench_function("read buurten (855, GeoJSON)", |b| {
        b.iter(|| rt.block_on(buurten::read(&data(BUURTEN), 2015, &ReadOptions::default())).unwrap())
    });
    g.bench_function("read gezondheid (9,032 rows, CSV)", |b| {
        b.iter(|| wv_data::gezondheid::read(&data(GEZONDHEID)).unwrap())
    });
    let file = rt.block_on(buurten::read(&data(BUURTEN), 2015, &ReadOptions::default())).unwrap();
    let health = wv_data::gezondheid::read(&data(GEZONDHEID)).unwrap();
    g.bench_function("store buurten + gezondheid (SQLite file)", |b| {
        b.iter(|| {
            rt.block_on(async {
                let dir = tempfile::tempdir().unwrap();
                let store = Store::open(&dir.path().join("b.db").display().to_string()).await.unwrap();
                store.import_buurten(&file, "b", &Quiet).await.unwrap();
                store.import_gezondheid(&health, "g", &Quiet).await.unwrap();
                store.close().await;
            })
        })
    });
    g.finish();

    // Aggregation: every catalogue indicator, for the whole province and per gemeente.
    let dir = tempfile::tempdir().unwrap();
    let (cat, values, buurten) = rt.block_on(async {
        let store = Store::open(&dir.path().join("a.db").display().to_string()).await.unwrap();
        store.import_buurten(&file, "b", &Quiet).await.unwrap();
        store.import_gezondheid(&health, "g", &Quiet).await.unwrap();
        let cat = Catalogue::builtin();
        let rows = store.buurten(&BuurtFilter { jaar: Some(2015), gemeenten: vec![] }).await.unwrap();
        let values = store.values(&[], &cat.all_series()).await.unwrap();
        (cat, values, rows)
    });
    let all: Vec<Code> = buurten.iter().map(|b| b.code.clone()).collect();
    let mut gemeenten: Vec<Vec<Code>> = Vec::new();
    for b in &buurten {
        match gemeenten.last_mut() {
            Some(g) if g[0].gemeente() == b.code.gemeente() => g.push(b.code.clone()),
            _ => gemeenten.push(vec![b.code.clone()]),
        }
    }
    let mut g = c.benchmark_group("aggregate");
    g.bench_function("all indicators, 855 buurten", |b| b.iter(|| aggregate(&cat, &values, &all)));
    g.bench_function("all indicators, each of 26 gemeenten", |b| {
        b.iter(|| gemeenten.iter().map(|g| aggregate(&cat, &values, g)).collect::<Vec<_>>())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
