//! The wijkfoto analysis on small networks with values known by hand.

use wv_core::netwerk::{Actor, Antwoord, Cijfer, Conditie, Discipline, Hoek, Options, Wijkfoto, analyse, compare};

fn actor(id: &str, d: Discipline) -> Actor {
    Actor::new(id, id, d)
}

fn ans(van: usize, naar: usize, scores: [Option<u8>; 5]) -> Antwoord {
    Antwoord { van, naar, doel: "overleg".into(), vorm: "MDO".into(), per_jaar: 12, scores }
}

const ALL4: [Option<u8>; 5] = [Some(4); 5];

/// huisarts — wijkverpleging — sociaal werk — apotheek in a line, plus an unconnected fysiotherapeut.
fn line() -> Wijkfoto {
    Wijkfoto {
        actors: vec![
            actor("ha", Discipline::Huisarts),
            actor("wv", Discipline::Wijkverpleging),
            actor("sw", Discipline::SociaalWerk),
            actor("ap", Discipline::Apotheek),
            actor("fy", Discipline::Fysiotherapie),
        ],
        gevraagd: vec![0, 1, 2, 3, 4],
        geantwoord: vec![0, 1, 2],
        antwoorden: vec![
            ans(0, 1, [Some(5), Some(4), Some(5), Some(3), Some(4)]),
            ans(1, 0, [Some(3), Some(4), Some(2), Some(3), None]),
            ans(1, 2, ALL4),
            // The apotheek did not answer; the sociaal werker names it: the verbinding counts.
            ans(2, 3, [Some(2), Some(2), Some(2), Some(1), Some(2)]),
        ],
    }
}

#[test]
fn network_figures_of_a_line() {
    let w = line();
    let a = analyse(&w, &Options::default());
    assert_eq!(a.verbindingen.len(), 3, "ha–wv, wv–sw and sw–ap (named by one side only)");
    assert!((a.dichtheid - 3.0 / 10.0).abs() < 1e-12, "3 of 5·4/2 pairs");
    assert_eq!(a.componenten, vec![vec![0, 1, 2, 3]]);
    assert_eq!(a.isolaten, vec![4]);
    assert_eq!(a.per_actor.iter().map(|x| x.graad).collect::<Vec<_>>(), [1, 2, 2, 1, 0]);
    // Betweenness normalised by (n−1)(n−2)/2 = 6 pairs: wv lies on ha–sw and ha–ap (2 of 6), sw on ha–ap and wv–ap.
    assert!((a.per_actor[1].tussenpositie - 2.0 / 6.0).abs() < 1e-12, "{:?}", a.per_actor[1]);
    assert!((a.per_actor[2].tussenpositie - 2.0 / 6.0).abs() < 1e-12);
    assert_eq!(a.per_actor[0].tussenpositie, 0.0);
    assert_eq!(a.makelaars, vec![1, 2], "the two middle actors hold the line together");
    assert_eq!(a.respons, Some(3.0 / 5.0));
}

#[test]
fn ratings_are_aggregates_over_enough_respondents_and_missing_is_not_zero() {
    let w = line();
    // Three respondents gave ratings: shown with the default minimum of 3.
    let a = analyse(&w, &Options::default());
    let ambitie = &a.condities[0];
    assert_eq!(ambitie.respondenten, Some(3));
    assert_eq!(ambitie.gemiddelde, Some((5.0 + 3.0 + 4.0 + 2.0) / 4.0));
    // Proces: one "weet niet" is missing, not zero: the mean of 4, 4, 2 (3.33), published with one decimal.
    assert_eq!(a.condities[4].gemiddelde, Some(3.3));
    // The weakest condition has the lowest mean: Organisatie (3+3+4+1)/4 = 2.75.
    assert_eq!(a.zwakste, Some(Conditie::Organisatie));
    // Every kind of tie has fewer than three raters: none shows, nor does any pair of the vierkant.
    assert!(a.soorten.iter().flat_map(|s| &s.condities).all(|g| g.gemiddelde.is_none()));
    // With a minimum of 4 respondents nothing is shown, not even how many answered.
    let strict = analyse(&w, &Options { min_respondenten: 4 });
    assert!(strict.condities.iter().all(|c| *c == Cijfer::VERBORGEN));
    assert_eq!(strict.zwakste, None);
    // A minimum below three is raised to three.
    assert_eq!(analyse(&w, &Options { min_respondenten: 1 }), a);
}

#[test]
fn asymmetry_between_the_two_sides() {
    let mut w = line();
    // Only ha–wv was rated by both sides (Relatie 5 against 2): two respondents are too few.
    assert_eq!(analyse(&w, &Options::default()).asymmetrie[2], Cijfer::VERBORGEN, "two respondents < 3");
    // The sociaal werker rates wv back: two ties rated by both sides, three respondents.
    w.antwoorden.push(ans(2, 1, [Some(4), Some(4), Some(3), Some(4), None]));
    let a = analyse(&w, &Options::default());
    let relatie = &a.asymmetrie[2];
    assert_eq!(relatie.respondenten, Some(3));
    assert_eq!(relatie.gemiddelde, Some((3.0 + 1.0) / 2.0), "|5 − 2| and |4 − 3|");
    assert_eq!(a.asymmetrie[4], Cijfer::LEEG, "one side said 'weet niet' on Proces, both times: no gaps at all");
}

#[test]
fn vierkant_coverage_and_missing_disciplines() {
    let w = line();
    let a = analyse(&w, &Options::default());
    let pair = |x: Hoek, y: Hoek| a.vierkant.iter().find(|p| p.a == x && p.b == y).unwrap().verbindingen;
    assert_eq!(pair(Hoek::Huisarts, Hoek::Wijkverpleging), 1);
    assert_eq!(pair(Hoek::Wijkverpleging, Hoek::SociaalDomein), 1);
    assert_eq!(pair(Hoek::SociaalDomein, Hoek::Apotheek), 1);
    assert_eq!(pair(Hoek::Huisarts, Hoek::Apotheek), 0);
    assert_eq!(a.vierkant.len(), 6);
    assert_eq!(a.vierkant.iter().filter(|p| p.verbindingen == 0).count(), 3);
    assert!(a.opgaven.contains(&"Er is geen verbinding tussen huisarts en apotheek.".to_string()));
    assert_eq!(a.onverbonden, vec![Discipline::Fysiotherapie]);
    assert!(a.afwezig.contains(&Discipline::Ggz) && !a.afwezig.contains(&Discipline::Apotheek));
    // Every corner has someone (no POH or gemeente is no gap); without the apotheek, its corner is named.
    assert!(!a.opgaven.iter().any(|o| o.starts_with("Niemand")), "{:?}", a.opgaven);
    let mut zonder = line();
    zonder.actors[3].discipline = Discipline::Welzijn;
    let b = analyse(&zonder, &Options::default());
    let gaps: Vec<&String> = b.opgaven.iter().filter(|o| o.starts_with("Niemand")).collect();
    assert_eq!(gaps, ["Niemand van de hoek apotheek van het vierkant staat op de sociale kaart van dit wijkverband."]);
}

#[test]
fn before_and_after() {
    let before = line();
    let mut after = line();
    after.antwoorden.push(ans(0, 3, ALL4)); // huisarts and apotheek found each other
    after.antwoorden.retain(|x| !(x.van == 1 && x.naar == 2)); // wv–sw lost
    let (a, b) = (analyse(&before, &Options::default()), analyse(&after, &Options::default()));
    let cmp = compare((&before, &a), (&after, &b));
    assert_eq!(cmp.nieuw, vec![("ap".to_string(), "ha".to_string())]);
    assert_eq!(cmp.verdwenen, vec![("sw".to_string(), "wv".to_string())]);
    let ha_ap = cmp.vierkant.iter().find(|v| v.0 == Hoek::Huisarts && v.1 == Hoek::Apotheek).unwrap();
    assert_eq!((ha_ap.2, ha_ap.3), (0, 1));
}

#[test]
fn disciplines_read_as_people_write_them() {
    for (text, d) in [
        ("Wijkverpleegkundige", Discipline::Wijkverpleging),
        ("apotheker", Discipline::Apotheek),
        ("POH-GGZ", Discipline::Poh),
        ("Huisarts", Discipline::Huisarts),
        ("Casemanager dementie", Discipline::CasemanagerDementie),
        ("Sociaal wijkteam", Discipline::SociaalWerk),
        ("Fysiotherapeut", Discipline::Fysiotherapie),
    ] {
        assert_eq!(Discipline::parse(text), Some(d), "{text}");
    }
    assert_eq!(Discipline::parse("astronaut"), None);
    // Every label (what the app writes: exports, the Excel pick list) reads back as itself.
    for d in Discipline::ALL {
        assert_eq!(Discipline::parse(d.label()), Some(d), "{}", d.label());
    }
    assert_eq!(Discipline::parse("Diëtist"), Some(Discipline::Dietetiek));
    assert_eq!(Discipline::Poh.hoek(), Some(Hoek::Huisarts));
}

const WIJKVERBANDEN: [&str; 5] = ["Noord", "Oost", "Zuid", "West", "Midden"];

/// The seeded demo kaart of `n` wijkverbanden of ten buurten each, growing by `step` inhabitants.
fn demo_kaart(n: usize, step: f64) -> Vec<Actor> {
    use wv_core::netwerk::demo::{DemoWijkverband, sociale_kaart};
    let buurten: Vec<(String, String, f64)> =
        (0..10 * n).map(|i| (format!("BU0632{i:04}"), format!("Buurt {i}"), 300.0 + step * i as f64)).collect();
    let wvs: Vec<DemoWijkverband> = (0..n)
        .map(|k| DemoWijkverband {
            naam: WIJKVERBANDEN[k],
            buurten: buurten[k * 10..(k + 1) * 10].iter().map(|(c, n, p)| (c.as_str(), n.as_str(), *p)).collect(),
        })
        .collect();
    let kaart = sociale_kaart(&wvs, 7);
    assert_eq!(kaart, sociale_kaart(&wvs, 7), "the same seed, the same kaart");
    kaart
}

/// The synthetic demo is deterministic and has the structure it promises.
#[test]
fn the_demo_network_is_seeded_and_plausible() {
    use wv_core::netwerk::demo::ronde;
    let actors = demo_kaart(4, 97.0);
    let (mut apotheek_1, mut apotheek_2, mut responses) = (0, 0, Vec::new());
    for wv in ["Noord", "Oost", "Zuid", "West"] {
        let (r1, r2) = (ronde(&actors, wv, 1, 7), ronde(&actors, wv, 2, 7));
        assert_eq!(r1, ronde(&actors, wv, 1, 7));
        let (a1, a2) = (analyse(&r1, &Options::default()), analyse(&r2, &Options::default()));
        for h in [Hoek::Huisarts, Hoek::Wijkverpleging, Hoek::SociaalDomein] {
            assert!(r1.actors.iter().any(|a| a.discipline.hoek() == Some(h)), "{wv} has {h:?}");
        }
        let with_apotheek = |a: &wv_core::netwerk::Analyse, w: &Wijkfoto| {
            a.verbindingen
                .iter()
                .filter(|t| [t.a, t.b].iter().any(|&i| w.actors[i].discipline == Discipline::Apotheek))
                .count()
        };
        apotheek_1 += with_apotheek(&a1, &r1);
        apotheek_2 += with_apotheek(&a2, &r2);
        responses.push(r1.respons().unwrap());
        assert!(a1.componenten[0].len() * 2 > r1.actors.len(), "{wv}: one large component");
        assert!(!a1.makelaars.is_empty() || a1.componenten.len() == 1);
    }
    assert!(apotheek_2 > apotheek_1, "the second round connects the apotheek better ({apotheek_1} → {apotheek_2})");
    let mean = responses.iter().sum::<f64>() / responses.len() as f64;
    assert!((0.4..0.9).contains(&mean), "response {mean}");
}

/// Our betweenness against rustworkx-core's (a port of NetworkX's) on random networks — a
/// wijkverband's size, and one above the 2,000 actors where ours used to be an estimate — and on
/// a network of a path, a star and a clique with isolated actors.
#[test]
fn betweenness_matches_rustworkx_on_random_networks() {
    use rand::{RngExt, SeedableRng};
    use rustworkx_core::petgraph::graph::UnGraph;
    use wv_core::netwerk::{Verbinding, betweenness};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
    // Also shapes that take each side of the level-by-level passes: a long path (deep levels), a
    // star, a dense clique beside them, and isolated actors.
    let mut shapes = std::collections::BTreeSet::new();
    for i in 0..59 {
        shapes.insert((i, i + 1));
    }
    for i in 61..90 {
        shapes.insert((60, i));
    }
    for i in 90..110 {
        for j in i + 1..110 {
            shapes.insert((i, j));
        }
    }
    shapes.insert((59, 60));
    for (n, m) in [(300, 900), (2_500, 7_500), (115, 0)] {
        let mut pairs = if m == 0 { shapes.clone() } else { std::collections::BTreeSet::new() };
        while pairs.len() < m {
            let (a, b) = (rng.random_range(0..n), rng.random_range(0..n));
            if a != b {
                pairs.insert((a.min(b), a.max(b)));
            }
        }
        let ties: Vec<Verbinding> = pairs.iter().map(|&(a, b)| Verbinding { a, b, van_a: None, van_b: None }).collect();
        let ours = betweenness(n, &ties);
        let mut g: UnGraph<(), ()> = UnGraph::with_capacity(n, ties.len());
        let nodes: Vec<_> = (0..n).map(|_| g.add_node(())).collect();
        for &(a, b) in &pairs {
            g.add_edge(nodes[a], nodes[b], ());
        }
        let theirs = rustworkx_core::centrality::betweenness_centrality(&g, false, true, 1000);
        for i in 0..n {
            assert!(
                (ours[i] - theirs[i].unwrap()).abs() < 1e-9,
                "{n} actors, actor {i}: {} against {:?}",
                ours[i],
                theirs[i]
            );
        }
    }
}

/// Three wijkverpleegkundigen each rate their tie with the one huisarts; one also with the apotheek.
fn three_nurses() -> Wijkfoto {
    Wijkfoto {
        actors: vec![
            actor("ha", Discipline::Huisarts),
            actor("w1", Discipline::Wijkverpleging),
            actor("w2", Discipline::Wijkverpleging),
            actor("w3", Discipline::Wijkverpleging),
            actor("ap", Discipline::Apotheek),
        ],
        gevraagd: vec![0, 1, 2, 3, 4],
        geantwoord: vec![1, 2, 3],
        antwoorden: vec![
            ans(1, 0, [Some(5), Some(4), Some(3), Some(2), Some(1)]),
            ans(2, 0, [Some(3), Some(4), Some(3), Some(2), None]),
            ans(3, 0, [Some(4), Some(4), Some(3), Some(2), Some(1)]),
            ans(1, 4, ALL4),
        ],
    }
}

#[test]
fn kinds_of_ties_pool_ratings_per_pair_of_disciplines() {
    let w = three_nurses();
    let a = analyse(&w, &Options::default());
    assert_eq!(a.soorten.len(), 2);
    let s = &a.soorten[0];
    assert_eq!((s.a, s.b, s.verbindingen), (Discipline::Huisarts, Discipline::Wijkverpleging, 3), "most ties first");
    assert_eq!(s.condities[0].gemiddelde, Some(4.0), "(5+3+4)/3 over three respondents");
    assert_eq!(s.condities[4], Cijfer::VERBORGEN, "a 'weet niet' is no rating: two raters are too few");
    // The mean of the shown condition means: (4 + 4 + 3 + 2) / 4.
    assert_eq!(s.gemiddelde(), Some(3.25));
    let t = &a.soorten[1];
    assert_eq!((t.a, t.b, t.verbindingen), (Discipline::Wijkverpleging, Discipline::Apotheek, 1));
    assert_eq!(t.gemiddelde(), None, "one rater never shows");
    let apotheek_tie = a.verbindingen.iter().position(|v| v.b == 4).unwrap();
    assert_eq!(a.soort_van[apotheek_tie], 1);
    assert!(a.verbindingen.iter().enumerate().all(|(k, v)| v.b == 4 || a.soort_van[k] == 0));
}

/// The differencing attack: take every shown total of a condition (the round, a pair of the
/// vierkant), subtract every shown part of it (the kinds of tie and the pairs it holds), and see
/// whether what is left is a group of fewer respondents than the minimum. The cells are
/// recomputed here from the answers, independently of the analysis; the attacker is even
/// granted the exact number of scores of every shown figure.
fn differencing_finds_nothing(w: &Wijkfoto, minimum: usize) -> Result<(), String> {
    use std::collections::{BTreeMap, BTreeSet};
    use wv_core::netwerk::Discipline as D;
    let a = analyse(w, &Options { min_respondenten: minimum });
    let minimum = minimum.max(wv_core::netwerk::MINIMUM);
    let pair = |x: D, y: D| (x.min(y), x.max(y));
    for c in 0..5 {
        // Raw cells: who rated the ties between two disciplines, and the sum of their scores.
        let mut cells: BTreeMap<(D, D), (BTreeSet<usize>, f64)> = BTreeMap::new();
        for ans in w.antwoorden.iter().filter(|x| x.van != x.naar) {
            if let Some(s) = ans.scores[c] {
                let e = cells.entry(pair(w.actors[ans.van].discipline, w.actors[ans.naar].discipline)).or_default();
                e.0.insert(ans.van);
                e.1 += f64::from(s);
            }
        }
        let shown_cell: BTreeSet<(D, D)> =
            a.soorten.iter().filter(|s| s.condities[c].gemiddelde.is_some()).map(|s| pair(s.a, s.b)).collect();
        for s in &a.soorten {
            // A hidden cell shows no count; one nobody rated says so (0), which reveals nothing.
            let g = &s.condities[c];
            let empty = !cells.contains_key(&pair(s.a, s.b));
            let allowed = if empty { Cijfer::LEEG } else { Cijfer::VERBORGEN };
            if g.gemiddelde.is_none() && *g != allowed {
                return Err(format!("hidden cell {:?}–{:?} shows {g:?}", s.a, s.b));
            }
        }
        let in_pair = |k: &(D, D), p: &wv_core::netwerk::VierkantPaar| {
            let (x, y) = (k.0.hoek(), k.1.hoek());
            (x == Some(p.a) && y == Some(p.b)) || (x == Some(p.b) && y == Some(p.a))
        };
        let shown_pairs: Vec<_> = a.vierkant.iter().filter(|p| p.condities[c].gemiddelde.is_some()).collect();
        let mut totals: Vec<(String, Vec<(D, D)>)> = shown_pairs
            .iter()
            .map(|p| (format!("{:?}–{:?}", p.a, p.b), cells.keys().filter(|k| in_pair(k, p)).copied().collect()))
            .collect();
        if a.condities[c].gemiddelde.is_some() {
            // The round minus the shown pairs (whole) and the shown kinds outside them.
            let rest = cells.keys().filter(|k| !shown_pairs.iter().any(|p| in_pair(k, p))).copied().collect();
            totals.push(("de ronde".into(), rest));
        }
        for (name, parts) in totals {
            let left: Vec<&(D, D)> = parts.iter().filter(|k| !shown_cell.contains(k)).collect();
            let who: BTreeSet<usize> = left.iter().flat_map(|k| cells[k].0.iter().copied()).collect();
            if !left.is_empty() && who.len() < minimum {
                let sum: f64 = left.iter().map(|k| cells[k].1).sum();
                return Err(format!(
                    "condition {c}: {name} minus its shown parts leaves {left:?}, rated by {} respondent(s) (sum {sum})",
                    who.len()
                ));
            }
        }
    }
    Ok(())
}

#[test]
fn no_hidden_rating_can_be_derived_from_the_demo_rounds() {
    use wv_core::netwerk::demo::ronde;
    let actors = demo_kaart(5, 131.0);
    let mut hidden = 0;
    for wv in WIJKVERBANDEN {
        for k in [1, 2] {
            let w = ronde(&actors, wv, k, 7);
            for minimum in [3, 4, 6] {
                differencing_finds_nothing(&w, minimum)
                    .unwrap_or_else(|e| panic!("{wv} ronde {k}, minimum {minimum}: {e}"));
            }
            let a = analyse(&w, &Options::default());
            hidden += a.soorten.iter().flat_map(|s| &s.condities).filter(|g| g.gemiddelde.is_none()).count();
        }
    }
    assert!(hidden > 0, "the demo has hidden cells, so the attack had something to find");
}

#[test]
fn the_one_rater_of_a_kind_is_not_the_round_minus_the_rest() {
    // Wijkverpleging–apotheek has one rater; the round's mean over both kinds would be the
    // shown huisarts–wijkverpleging plus it. So one of the two must hide too.
    let w = three_nurses();
    differencing_finds_nothing(&w, 3).unwrap();
    let a = analyse(&w, &Options::default());
    assert_eq!(a.soorten[0].condities[0].gemiddelde, Some(4.0), "the kind with three raters shows");
    assert_eq!(a.condities[0], Cijfer::VERBORGEN, "the round's total would reveal the fourth");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 200, ..Default::default() })]
    /// Random rounds on random kaarten: the attack never finds a group below the minimum.
    #[test]
    fn differencing_never_reveals_a_hidden_group(
        disciplines in proptest::collection::vec(0usize..8, 4..14),
        answers in proptest::collection::vec((0usize..14, 0usize..14, proptest::collection::vec(proptest::option::of(1u8..=5), 5)), 0..40),
        minimum in 3usize..5,
    ) {
        let pick = [Discipline::Huisarts, Discipline::Poh, Discipline::Wijkverpleging, Discipline::SociaalWerk,
            Discipline::Apotheek, Discipline::Fysiotherapie, Discipline::Welzijn, Discipline::Gemeente];
        let actors: Vec<Actor> = disciplines.iter().enumerate().map(|(i, &d)| actor(&format!("a{i}"), pick[d])).collect();
        let n = actors.len();
        let mut seen = std::collections::BTreeSet::new();
        let antwoorden: Vec<Antwoord> = answers
            .into_iter()
            .filter(|(v, t, _)| v % n != t % n && seen.insert((v % n, t % n)))
            .map(|(v, t, s)| ans(v % n, t % n, [s[0], s[1], s[2], s[3], s[4]]))
            .collect();
        let w = Wijkfoto { actors, gevraagd: (0..n).collect(), geantwoord: (0..n).collect(), antwoorden };
        proptest::prop_assert_eq!(differencing_finds_nothing(&w, minimum), Ok(()));
    }
}

/// Before/after in words: a pair that keeps ties but loses some says so, and a different
/// response is a warning (it used to say "verbonden" while ties fell from 38 to 30).
#[test]
fn before_and_after_in_words() {
    use wv_core::netwerk::{Respons, paar_verandering, respons_waarschuwing};
    assert_eq!(paar_verandering(38, 30), "minder verbindingen (−8)");
    assert_eq!(paar_verandering(3, 5), "meer verbindingen (+2)");
    assert_eq!(paar_verandering(4, 4), "evenveel verbindingen");
    assert_eq!(paar_verandering(0, 2), "nieuw verbonden");
    assert_eq!(paar_verandering(2, 0), "verbinding verloren");
    assert_eq!(paar_verandering(0, 0), "nog steeds geen verbinding");
    let r = |ingevuld| Respons { uitgenodigd: 35, ingevuld };
    let w = respons_waarschuwing(r(22), r(18)).unwrap();
    assert!(w.contains("22 van 35 tegen 18 van 35"), "{w}");
    assert_eq!(respons_waarschuwing(r(22), r(22)), None);
}

/// The same network gives the same figures to the last bit on every run, however many threads
/// share the work: the synthetic demo and a report must be reproducible for their seed.
#[test]
fn betweenness_is_the_same_on_every_run() {
    use rand::{RngExt, SeedableRng};
    use wv_core::netwerk::{Verbinding, betweenness};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
    let n = 1_500;
    let mut pairs = std::collections::BTreeSet::new();
    while pairs.len() < 6_000 {
        let (a, b) = (rng.random_range(0..n), rng.random_range(0..n));
        if a != b {
            pairs.insert((a.min(b), a.max(b)));
        }
    }
    let ties: Vec<Verbinding> = pairs.iter().map(|&(a, b)| Verbinding { a, b, van_a: None, van_b: None }).collect();
    let on = |threads: usize| -> Vec<u64> {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| betweenness(n, &ties)).iter().map(|x| x.to_bits()).collect()
    };
    let first = on(1);
    for threads in [1, 2, 3, 4, 7] {
        assert!(first == on(threads), "{threads} threads give other figures than one");
    }
}
