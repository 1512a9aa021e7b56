//! A synthetic sociale kaart and two wijkfoto rounds for a demo region. No
//! real collaboration data is public, so this is generated, with a fixed
//! seed, and must be labelled synthetic wherever it shows. It has the
//! structure the regions describe: clusters around GP practices, a sociaal
//! wijkteam and welzijn that broker between them, an apotheek that is hardly
//! connected, Organisatie and Proces rated lowest, about two thirds response;
//! and a second round a year later with the apotheek better connected.

use rand::{Rng, RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::model::{Actor, ActorSoort, Antwoord, Discipline, Scores, Wijkfoto};

/// A wijkverband of the demo: its name and its buurten (code, name, inhabitants).
pub struct DemoWijkverband<'a> {
    pub naam: &'a str,
    pub buurten: Vec<(&'a str, &'a str, f64)>,
}

/// One GP practice per this many inhabitants.
const PER_PRAKTIJK: f64 = 6_000.0;

/// The actors of every wijkverband, placed in its largest buurten.
pub fn sociale_kaart(wijkverbanden: &[DemoWijkverband], seed: u64) -> Vec<Actor> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut actors = Vec::new();
    for (k, wv) in wijkverbanden.iter().enumerate() {
        let first = actors.len();
        let mut buurten = wv.buurten.clone();
        buurten.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(b.0)));
        if buurten.is_empty() {
            continue;
        }
        let inwoners: f64 = buurten.iter().map(|b| b.2).sum();
        let praktijken = ((inwoners / PER_PRAKTIJK).round() as usize).clamp(1, 6);
        let mut add = |d: Discipline, naam: String, org: &str, b: usize| {
            let (code, _, _) = buurten[b % buurten.len()];
            let n = actors.len();
            actors.push(Actor {
                id: format!("demo-{k}-{n}"),
                naam,
                discipline: d,
                organisatie: Some(org.to_string()),
                buurt: Some(code.to_string()),
                wijkverband: Some(wv.naam.to_string()),
                overleggen: vec![],
                soort: ActorSoort::Persoon,
                rol: None,
            });
        };
        for p in 0..praktijken {
            let org = format!("Huisartsenpraktijk {}", buurten[p % buurten.len()].1);
            for h in 0..rng.random_range(1..=3) {
                add(Discipline::Huisarts, format!("Huisarts {} ({org})", h + 1), &org, p);
            }
            add(Discipline::Poh, format!("POH ouderen ({org})"), &org, p);
            if rng.random_bool(0.6) {
                add(Discipline::Poh, format!("POH-GGZ ({org})"), &org, p);
            }
            let fysio = format!("Fysiotherapie {}", buurten[p % buurten.len()].1);
            add(Discipline::Fysiotherapie, fysio.clone(), &fysio, p);
        }
        let zorg = format!("Wijkverpleging {}", wv.naam);
        for t in 0..praktijken.div_ceil(2) {
            add(Discipline::Wijkverpleging, format!("Wijkverpleegkundige {} ({zorg})", t + 1), &zorg, t);
        }
        let team = format!("Sociaal wijkteam {}", wv.naam);
        add(Discipline::SociaalWerk, format!("Sociaal werker 1 ({team})"), &team, 0);
        add(Discipline::SociaalWerk, format!("Sociaal werker 2 ({team})"), &team, 1);
        add(Discipline::Welzijn, format!("Ouderenadviseur ({})", wv.naam), "Welzijnsorganisatie", 0);
        add(Discipline::Apotheek, format!("Apotheek {}", buurten[0].1), "Apotheek", 0);
        add(Discipline::Ggz, format!("Basis-ggz {}", wv.naam), "Basis-ggz", 1);
        add(Discipline::CasemanagerDementie, format!("Casemanager dementie ({})", wv.naam), "Dementienetwerk", 0);
        add(Discipline::Gemeente, format!("Beleidsadviseur zorg en welzijn ({})", wv.naam), "Gemeente", 0);
        if rng.random_bool(0.5) {
            add(Discipline::Ergotherapie, format!("Ergotherapeut ({})", wv.naam), "Ergotherapie", 2);
        }
        if rng.random_bool(0.4) {
            add(Discipline::Dietetiek, format!("Diëtist ({})", wv.naam), "Diëtetiek", 1);
        }
        overleggen(&mut actors[first..], wv.naam);
        for a in &mut actors[first..] {
            (a.soort, a.rol) = soort_en_rol(&a.naam);
        }
    }
    actors
}

/// Practices and services are organisations; the others are people with the role their name
/// starts with ("Huisarts 2 (…)" is a huisarts).
fn soort_en_rol(naam: &str) -> (ActorSoort, Option<String>) {
    if ["Apotheek", "Fysiotherapie", "Basis-ggz"].iter().any(|p| naam.starts_with(p)) {
        return (ActorSoort::Organisatie, None);
    }
    let rol = naam.split(" (").next().unwrap_or(naam).trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
    (ActorSoort::Persoon, Some(rol.to_string()))
}

/// The overleggen of a wijkverband: an MDO ouderen per GP practice (its
/// huisartsen and POH ouderen, the wijkverpleging and the casemanager
/// dementie), a kernteam of the sociaal domein with the wijkverpleging, and a
/// netwerk dementie. The apotheek sits at none of these tables.
fn overleggen(actors: &mut [Actor], wijkverband: &str) {
    use Discipline::*;
    let praktijken: Vec<String> = actors
        .iter()
        .filter(|a| a.discipline == Huisarts)
        .filter_map(|a| a.organisatie.clone())
        .fold(Vec::new(), |mut v, o| {
            if !v.contains(&o) {
                v.push(o);
            }
            v
        });
    for a in actors.iter_mut() {
        let org = a.organisatie.clone().unwrap_or_default();
        let mdo = |o: &str| format!("MDO ouderen {}", o.trim_start_matches("Huisartsenpraktijk "));
        match a.discipline {
            Huisarts => a.overleggen.push(mdo(&org)),
            Poh if a.naam.starts_with("POH ouderen") => a.overleggen.push(mdo(&org)),
            Wijkverpleging | CasemanagerDementie => a.overleggen.extend(praktijken.iter().map(|p| mdo(p))),
            _ => {}
        }
        if matches!(a.discipline, SociaalWerk | Welzijn | Gemeente | Wijkverpleging) {
            a.overleggen.push(format!("Kernteam {wijkverband}"));
        }
        if matches!(a.discipline, CasemanagerDementie | Welzijn) {
            a.overleggen.push(format!("Netwerk dementie {wijkverband}"));
        }
    }
}

/// How likely two disciplines work together in the first round (symmetric).
fn likely(a: Discipline, b: Discipline, same_org: bool) -> f64 {
    use Discipline::*;
    let (a, b) = if a <= b { (a, b) } else { (b, a) };
    match (a, b) {
        (Huisarts, Poh) | (Huisarts, Huisarts) | (Poh, Poh) if same_org => 1.0,
        (Huisarts, Wijkverpleging) => 0.85,
        (Poh, Wijkverpleging) => 0.7,
        (Huisarts, SociaalWerk) | (Huisarts, Ggz) => 0.4,
        (Huisarts, Welzijn) | (Fysiotherapie, Wijkverpleging) | (Wijkverpleging, Gemeente) => 0.3,
        (Wijkverpleging, Welzijn) => 0.5,
        (Poh, Welzijn) | (Poh, Ggz) => 0.5,
        (Huisarts, CasemanagerDementie) | (Wijkverpleging, CasemanagerDementie) => 0.7,
        (Wijkverpleging, SociaalWerk) => 0.75,
        (SociaalWerk, Welzijn) | (SociaalWerk, Gemeente) | (Welzijn, Gemeente) => 0.85,
        (SociaalWerk, SociaalWerk) => 1.0,
        (Poh, SociaalWerk) => 0.55,
        (Huisarts, Fysiotherapie) if same_org => 0.3,
        (Huisarts, Fysiotherapie) => 0.15,
        (Huisarts, Apotheek) => 0.12,
        (Poh, Apotheek) | (Wijkverpleging, Apotheek) => 0.05,
        (SociaalWerk, Ggz) | (Welzijn, CasemanagerDementie) => 0.35,
        (Fysiotherapie, Ergotherapie) | (Wijkverpleging, Ergotherapie) => 0.4,
        (Poh, Dietetiek) => 0.4,
        _ => 0.04,
    }
}

/// Mean rating per condition (Ambitie, Belangen, Relatie, Organisatie, Proces).
const BASE: [f64; 5] = [3.9, 3.4, 3.7, 2.8, 2.9];

fn scores(rng: &mut impl Rng, lift: f64) -> Scores {
    let mut s = [None; 5];
    for (c, v) in s.iter_mut().enumerate() {
        if rng.random_bool(0.08) {
            continue; // weet niet
        }
        let x = BASE[c] + lift + (rng.random::<f64>() - 0.5) * 2.4;
        *v = Some(x.round().clamp(1.0, 5.0) as u8);
    }
    s
}

/// A round for one wijkverband: `ronde` 1 or 2 (a year later: the apotheek
/// better connected, ratings somewhat higher). Everyone is invited.
pub fn ronde(actors: &[Actor], wijkverband: &str, ronde: u8, seed: u64) -> Wijkfoto {
    let idx: Vec<usize> =
        (0..actors.len()).filter(|&i| actors[i].wijkverband.as_deref() == Some(wijkverband)).collect();
    let local: Vec<Actor> = idx.iter().map(|&i| actors[i].clone()).collect();
    // The ties: the same draw in both rounds, plus new apotheek links in round 2.
    let mut net = ChaCha8Rng::seed_from_u64(seed ^ 0x006e_6574_776f_726b);
    let mut ties = Vec::new();
    for a in 0..local.len() {
        for b in a + 1..local.len() {
            let same = local[a].organisatie == local[b].organisatie;
            let mut p = likely(local[a].discipline, local[b].discipline, same);
            let draw: f64 = net.random();
            let apotheek = [local[a].discipline, local[b].discipline].contains(&Discipline::Apotheek);
            if ronde >= 2 && apotheek {
                p = (p * 4.0).min(0.6);
            }
            if draw < p {
                ties.push((a, b));
            }
        }
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed.wrapping_add(u64::from(ronde)));
    let response = if ronde >= 2 { 0.72 } else { 0.64 };
    let geantwoord: Vec<usize> = (0..local.len()).filter(|_| rng.random_bool(response)).collect();
    let lift = if ronde >= 2 { 0.4 } else { 0.0 };
    let mut antwoorden = Vec::new();
    for &(a, b) in &ties {
        for (van, naar) in [(a, b), (b, a)] {
            if geantwoord.contains(&van) && rng.random_bool(0.9) {
                let vorm = ["MDO", "VVO", "kernteam", "schakelteam", "ad hoc"][rng.random_range(0..5)];
                antwoorden.push(Antwoord {
                    van,
                    naar,
                    doel: "zorg en ondersteuning van gezamenlijke cliënten".into(),
                    vorm: vorm.into(),
                    per_jaar: [4, 12, 26, 52][rng.random_range(0..4)],
                    scores: scores(&mut rng, lift),
                });
            }
        }
    }
    Wijkfoto { actors: local, gevraagd: (0..idx.len()).collect(), geantwoord, antwoorden }
}

/// A random network for benchmarks and comparisons with other tools: `actors` actors of every
/// discipline in turn and `ties` answers between random pairs, each with five random ratings.
/// Everyone is asked and answers. Seeded: the same network for the same arguments.
pub fn random(actors: usize, ties: usize, seed: u64) -> Wijkfoto {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let n = actors.max(2);
    let actors: Vec<Actor> = (0..n)
        .map(|i| Actor::new(format!("a{i}"), format!("Actor {i}"), Discipline::ALL[i % Discipline::ALL.len()]))
        .collect();
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
