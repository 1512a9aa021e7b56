//! Runs wijkverband's contiguity and max-p on a GeoJSON file and prints JSON,
//! for `bench/indeling-peers`, which runs PySAL and GeoDa on the same file.
//!
//! peer contiguity FILE [--runs N]
//! peer maxp FILE --min F --vars A,B,.. [--population AANT_INW] [--runs N] [--seed S] [--constructions C]

use std::time::{Duration, Instant};

use geo_types::MultiPolygon;
use wv_core::indeling::contiguity::{Kind, Options};
use wv_core::indeling::{Constraints, MaxPOptions, Region, contiguity, max_p};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (cmd, file) = (&args[1], &args[2]);
    let runs: usize = arg(&args, "--runs").map(|r| r.parse().unwrap()).unwrap_or(5);
    let fc: geojson::FeatureCollection = std::fs::read_to_string(file).unwrap().parse().unwrap();
    let props: Vec<_> = fc.features.iter().map(|f| f.properties.clone().unwrap_or_default()).collect();
    let polys: Vec<MultiPolygon<f64>> = fc
        .features
        .into_iter()
        .map(|f| wv_core::gebied::geometry::to_multi_polygon(f.geometry.unwrap().try_into().unwrap()).unwrap())
        .collect();
    let opts = Options { kind: Kind::Queen, tolerance_m: 1e-6 };
    let mut times = Vec::new();
    let mut c = contiguity(&polys, opts);
    for _ in 0..runs {
        let t = Instant::now();
        c = contiguity(&polys, opts);
        times.push(t.elapsed().as_secs_f64());
    }
    if cmd == "contiguity" {
        let edges: Vec<[usize; 2]> = c.graph.edges().iter().map(|(a, b, _)| [*a, *b]).collect();
        println!("{}", serde_json::json!({"seconds": median(times.clone()), "times": times, "edges": edges}));
        return;
    }
    let min: f64 = arg(&args, "--min").unwrap().parse().unwrap();
    let vars: Vec<String> = arg(&args, "--vars").unwrap().split(',').map(String::from).collect();
    let pop_col = arg(&args, "--population").unwrap_or_else(|| "AANT_INW".into());
    let num = |p: &serde_json::Map<String, serde_json::Value>, k: &str| {
        p[k].as_f64().unwrap_or_else(|| panic!("{k} is numeric"))
    };
    let population = props.iter().map(|p| num(p, &pop_col)).collect();
    let attrs = props.iter().map(|p| vars.iter().map(|v| num(p, v)).collect()).collect();
    let codes = (0..props.len()).map(|i| i.to_string()).collect();
    let region = Region::new(codes, population, vec![String::new(); props.len()], &polys, attrs, c.graph);
    let constraints = Constraints { min, max: None, gemeentegrenzen: false, vast: vec![], ..Default::default() };
    let mopts = MaxPOptions {
        seed: arg(&args, "--seed").map(|s| s.parse().unwrap()).unwrap_or(1),
        constructions: arg(&args, "--constructions")
            .map(|s| s.parse().unwrap())
            .unwrap_or(MaxPOptions::default().constructions),
        finalists: 6,
        time_budget: Duration::from_secs(600),
        keep_whole: None,
        stop: None,
    };
    let mut times = Vec::new();
    let mut plans = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        plans.push(max_p(&region, &constraints, &mopts, &|_| {}).expect("feasible"));
        times.push(t.elapsed().as_secs_f64());
    }
    let p = &plans[0];
    // Every run with the seed must give the same plan.
    let deterministic = plans.iter().all(|q| q.plan == p.plan);
    println!(
        "{}",
        serde_json::json!({"seconds": median(times.clone()), "times": times, "deterministic": deterministic,
                           "p": p.p, "heterogeneity": p.heterogeniteit, "labels": p.plan.assignment})
    );
}
