//! Linking the largest shared data set, the province of Utrecht's 855 buurten of 2015, to
//! another division by geometry: the overlap of every target with every source (R-tree and
//! polygon intersections) and the links made from it. Two source divisions: the province's 175
//! wijken (every buurt inside one) and the 855 buurten themselves under other codes (every
//! border shared, the worst case for intersections). Run with `cargo bench -p wv-core --bench
//! koppeling`; the README quotes the medians.

use criterion::{Criterion, criterion_group, criterion_main};
use geo_types::MultiPolygon;
use wv_core::gebied::koppeling::{Doel, koppel, overlap};

fn read(file: &str, code: &str) -> (Vec<String>, Vec<MultiPolygon<f64>>) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data").join(file);
    let fc: geojson::FeatureCollection = std::fs::read_to_string(path).unwrap().parse().unwrap();
    fc.features
        .into_iter()
        .map(|f| {
            let c = f.properties.as_ref().unwrap()[code].as_str().unwrap().to_string();
            (c, wv_core::gebied::geometry::to_multi_polygon(f.geometry.unwrap().try_into().unwrap()).unwrap())
        })
        .unzip()
}

fn bench(c: &mut Criterion) {
    let (codes, buurten) = read("buurten_2015_provincie_utrecht.geojson", "BU_CODE");
    let (wijk_codes, wijken) = read("wijken_2015_provincie_utrecht.geojson", "WK_CODE");
    let wijk: Vec<String> = codes.iter().map(|c| format!("WK{}", &c[2..8])).collect();
    let gemeente: Vec<String> = codes.iter().map(|c| format!("GM{}", &c[2..6])).collect();
    let doelen: Vec<Doel> = (0..codes.len())
        .map(|i| Doel { code: codes[i].as_str(), wijk: wijk[i].as_str(), gemeente: gemeente[i].as_str() })
        .collect();
    // The same polygons under codes no target has: linked by geometry only.
    let anders: Vec<String> = codes.iter().map(|c| format!("BU9{}", &c[3..])).collect();
    let mut g = c.benchmark_group("koppeling");
    g.sample_size(10);
    for (name, bron_codes, bron) in [("op 175 wijken", &wijk_codes, &wijken), ("op 855 buurten", &anders, &buurten)] {
        g.bench_function(format!("855 buurten {name}"), |b| {
            b.iter(|| {
                let delen = overlap(&buurten, bron);
                koppel(&doelen, bron_codes, bron_codes, delen)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
