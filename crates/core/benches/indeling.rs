//! The wijkindeling engine on the province's 855 buurten: contiguity, one
//! move of the incremental partition, and a whole max-p proposal.
//! Run with `cargo bench -p wv-core`.

use criterion::{Criterion, criterion_group, criterion_main};
use geo_types::MultiPolygon;
use wv_core::indeling::contiguity::{Kind, Options};
use wv_core::indeling::{Constraints, MaxPOptions, Partition, Region, contiguity, max_p};

fn province() -> (Vec<MultiPolygon<f64>>, Vec<serde_json::Map<String, serde_json::Value>>) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/buurten_2015_provincie_utrecht.geojson");
    let fc: geojson::FeatureCollection = std::fs::read_to_string(path).unwrap().parse().unwrap();
    let props = fc.features.iter().map(|f| f.properties.clone().unwrap()).collect();
    let polys = fc
        .features
        .into_iter()
        .map(|f| wv_core::gebied::geometry::to_multi_polygon(f.geometry.unwrap().try_into().unwrap()).unwrap())
        .collect();
    (polys, props)
}

fn bench(c: &mut Criterion) {
    let (polys, props) = province();
    let mut g = c.benchmark_group("indeling");
    for (name, kind) in [("queen", Kind::Queen), ("rook", Kind::Rook)] {
        g.bench_function(format!("contiguity {name}, 855 buurten"), |b| {
            b.iter(|| contiguity(&polys, Options { kind, tolerance_m: 1.0 }))
        });
    }
    let graph = contiguity(&polys, Options::default()).graph;
    let vars = ["P_00_14_JR", "P_65_EO_JR", "P_EENP_HH", "P_N_W_AL"];
    let num = |p: &serde_json::Map<String, serde_json::Value>, k: &str| p[k].as_f64().unwrap();
    let region = Region::new(
        (0..polys.len()).map(|i| i.to_string()).collect(),
        props.iter().map(|p| num(p, "AANT_INW")).collect(),
        props.iter().map(|p| p["GM_CODE"].as_str().unwrap().to_string()).collect(),
        &polys,
        props.iter().map(|p| vars.iter().map(|v| num(p, v)).collect()).collect(),
        graph,
    );
    let constraints =
        Constraints { min: 5000.0, max: None, gemeentegrenzen: false, vast: vec![], ..Default::default() };
    let opts = MaxPOptions::default();
    let plan = max_p(&region, &constraints, &opts, &|_| {}).unwrap().plan;
    // One move: a border buurt to a neighbouring wijkverband and back, metrics kept current.
    let (i, to) = (0..region.len())
        .find_map(|i| {
            region
                .graph
                .neighbours(i)
                .iter()
                .find(|(j, _)| plan.assignment[*j] != plan.assignment[i])
                .map(|(j, _)| (i, plan.assignment[*j]))
        })
        .unwrap();
    let from = plan.assignment[i];
    let mut part = Partition::new(&region, &plan);
    g.bench_function("one move with metrics (there and back)", |b| {
        b.iter(|| {
            part.move_buurt(i, to);
            part.move_buurt(i, from);
            part.heterogeneity(to) + part.polsby_popper(from)
        })
    });
    g.sample_size(20);
    g.bench_function("max-p proposal, floor 5000 (32 constructions, 2 repartitioned)", |b| {
        b.iter(|| max_p(&region, &constraints, &opts, &|_| {}).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
