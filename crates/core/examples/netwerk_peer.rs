//! For `bench/netwerk-peers`: analyses a seeded random network (the same as
//! `demo::random`), writes its edge list for the peer, and prints as JSON the
//! median time of the whole analysis (and every run's) and the figures the peer recomputes.
//!   netwerk_peer ACTORS TIES SEED EDGES_FILE RUNS

use std::io::Write;
use std::time::Instant;

use wv_core::netwerk::demo::random;
use wv_core::netwerk::{Options, analyse};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |i: usize, default: u64| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    let (actors, ties, seed, runs) = (arg(1, 2000) as usize, arg(2, 20_000) as usize, arg(3, 7), arg(5, 5));
    let edges = args.get(4).cloned().unwrap_or_else(|| "edges.txt".into());
    let w = random(actors, ties, seed);
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let a = analyse(&w, &Options::default());
        times.push(t.elapsed().as_secs_f64());
        last = Some(a);
    }
    let a = last.expect("at least one run");
    times.sort_by(f64::total_cmp);
    let mut out = std::io::BufWriter::new(std::fs::File::create(&edges).expect("the edges file can be written"));
    for t in &a.verbindingen {
        writeln!(out, "{} {}", t.a, t.b).expect("writing the edges");
    }
    let doc = serde_json::json!({
        "actors": w.actors.len(),
        "edges": a.verbindingen.len(),
        "seconds_median": times[times.len() / 2],
        "seconds": times,
        "density": a.dichtheid,
        "components": a.componenten.iter().map(Vec::len).collect::<Vec<_>>(),
        "isolates": a.isolaten.len(),
        "betweenness": a.per_actor.iter().map(|x| x.tussenpositie).collect::<Vec<_>>(),
        "brokers": a.makelaars,
    });
    println!("{doc}");
}
