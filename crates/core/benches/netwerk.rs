//! The wijkfoto analysis of a large network: 5,000 actors and 50,000
//! verbindingen (random, seeded; each named by one side with five ratings).
//! Target: under 1 s. Run with `cargo bench -p wv-core --bench netwerk`.

use criterion::{Criterion, criterion_group, criterion_main};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use wv_core::netwerk::{Actor, Antwoord, Discipline, Options, Wijkfoto, analyse};

fn network(actors: usize, ties: usize) -> Wijkfoto {
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    let actors: Vec<Actor> = (0..actors)
        .map(|i| Actor {
            id: format!("a{i}"),
            naam: format!("Actor {i}"),
            discipline: Discipline::ALL[i % Discipline::ALL.len()],
            organisatie: None,
            buurt: None,
            wijkverband: None,
            overleggen: vec![],
        })
        .collect();
    let n = actors.len();
    let antwoorden = (0..ties)
        .map(|_| {
            let van = rng.random_range(0..n);
            let mut naar = rng.random_range(0..n - 1);
            if naar >= van {
                naar += 1;
            }
            let scores = [0; 5].map(|_| Some(rng.random_range(1..=5u8)));
            Antwoord { van, naar, doel: String::new(), vorm: "MDO".into(), per_jaar: 12, scores }
        })
        .collect();
    Wijkfoto { gevraagd: (0..n).collect(), geantwoord: (0..n).collect(), actors, antwoorden }
}

fn bench(c: &mut Criterion) {
    let w = network(5_000, 50_000);
    let mut g = c.benchmark_group("netwerk");
    g.sample_size(10);
    g.bench_function("analyse 5,000 actors, 50,000 verbindingen", |b| b.iter(|| analyse(&w, &Options::default())));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
