//! Normalising and grouping 10,000 contributions from 50 sessions (target: under 100 ms), and
//! the rode draad over them. The contributions are drawn with a fixed seed from phrases of the
//! regions' own workshops (seeds/003_midden_brabant.txt), varied in case, accents, plurals and
//! punctuation the way people type them.

use criterion::{Criterion, criterion_group, criterion_main};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use wv_core::sessie::{Bijdrage, groepeer, rode_draad};

const ZINNEN: &[&str] = &[
    "Elkaar kennen en vinden",
    "elkaar beter leren kennen",
    "Structuur, duidelijkheid en afstemming kan beter",
    "Efficiënte informatie-uitwisseling",
    "één systeem of beter gekoppelde systemen",
    "Samenwerking met belangrijke partners kan beter",
    "Tijd en capaciteit",
    "tijd en financiering niet geregeld",
    "dementie",
    "ouderen langer thuis",
    "mensen die tussen wal en schip vallen",
    "Sociale kaart bijhouden",
    "de sociale kaarten zijn verouderd",
    "korte lijntjes",
    "MDO's met de apotheek",
    "wijkverpleging sluit niet aan",
    "eenzaamheid 🙁",
    "goodwill speelt een te grote rol",
];

pub fn invoer() -> Vec<(String, String)> {
    let mut rng = ChaCha8Rng::seed_from_u64(18);
    (0..10_000)
        .map(|i| {
            let wijk = format!("wijk {}", i % 50);
            let mut t = ZINNEN[rng.random_range(0..ZINNEN.len())].to_string();
            if rng.random_bool(0.3) {
                t = t.to_uppercase();
            }
            if rng.random_bool(0.3) {
                t.push_str("!!  ");
            }
            (wijk, t)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let invoer = invoer();
    let b: Vec<Bijdrage> = invoer.iter().map(|(w, t)| Bijdrage { wijk: w, tekst: t, thema: None }).collect();
    c.bench_function("sessie/groepeer 10.000 bijdragen, 50 sessies", |x| x.iter(|| groepeer(&b)));
    c.bench_function("sessie/rode draad 10.000 bijdragen, 50 wijken", |x| x.iter(|| rode_draad(&b, 2)));
}

criterion_group!(benches, bench);
criterion_main!(benches);
