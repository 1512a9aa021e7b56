//! The wijkfoto analysis of a large network: 5,000 actors and 50,000
//! verbindingen (random, seeded; each named by one side with five ratings), and its exact
//! betweenness alone. Target: under 1 s. Run with `cargo bench -p wv-core --bench netwerk`.

use criterion::{Criterion, criterion_group, criterion_main};
use wv_core::netwerk::demo::random;
use wv_core::netwerk::{Options, Verbinding, analyse, betweenness};

fn bench(c: &mut Criterion) {
    let w = random(5_000, 50_000, 42);
    let mut g = c.benchmark_group("netwerk");
    g.sample_size(10);
    g.bench_function("analyse 5,000 actors, 50,000 verbindingen", |b| b.iter(|| analyse(&w, &Options::default())));
    let ties: Vec<Verbinding> = analyse(&w, &Options::default()).verbindingen;
    g.bench_function("exact betweenness, 5,000 actors", |b| b.iter(|| betweenness(w.actors.len(), &ties)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
