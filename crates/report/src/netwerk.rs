//! A wijkfoto's network for people and for other tools: the nodes and edges
//! the interactive picture draws (colour per discipline, shape per corner of
//! the vierkant, edges by frequency and by the shown ratings of their kind of
//! tie, positions on the map for the geographic layout), and the same network
//! as CSV, GraphML and JSON for Gephi or Kumu.
//!
//! Ratings leave here only as aggregates: an edge carries the means of its
//! kind of tie (all ties between the same two disciplines) where those show,
//! never the scores of the one or two people who rated it.

use std::fmt::Write;

use geo::Centroid;
use geo_types::MultiPolygon;
use serde::Serialize;
use wv_core::netwerk::{Analyse, Band, Conditie, Discipline, Hoek, Wijkfoto};

use crate::svg::{MapShape, escape};

/// A colour per discipline (`Discipline::ALL` order): Okabe–Ito and Tol's muted set,
/// told apart by shape and label as well.
const KLEUREN: [&str; 14] = [
    "#0072B2", "#56B4E9", "#009E73", "#D55E00", "#CC79A7", "#E69F00", "#882255", "#44AA99", "#117733", "#999933",
    "#AA4499", "#332288", "#6B6B6B", "#A0A0A0",
];

pub fn kleur(d: Discipline) -> &'static str {
    KLEUREN[Discipline::ALL.iter().position(|x| *x == d).unwrap_or(13)]
}

/// The node shape of a corner of the vierkant (others are round).
pub fn vorm(h: Option<Hoek>) -> &'static str {
    match h {
        Some(Hoek::Huisarts) => "round-rectangle",
        Some(Hoek::Wijkverpleging) => "diamond",
        Some(Hoek::SociaalDomein) => "hexagon",
        Some(Hoek::Apotheek) => "triangle",
        None => "ellipse",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Knoop {
    pub id: String,
    pub naam: String,
    pub soort: &'static str,
    pub rol: String,
    pub discipline: &'static str,
    pub hoek: Option<&'static str>,
    pub kleur: &'static str,
    pub vorm: &'static str,
    pub organisatie: String,
    pub buurt: String,
    pub plaats: String,
    pub overleggen: String,
    pub graad: usize,
    pub tussenpositie: f64,
    pub makelaar: bool,
    /// Position on the map (pixels of `Netwerk::kaart`), when the actor has a buurt on it.
    pub x: Option<f64>,
    pub y: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verbinding {
    pub source: String,
    pub target: String,
    /// Why and how, as the first side that answered put it.
    pub doel: String,
    pub vorm: String,
    /// Times per year (the higher of the two answers; 0 when unknown).
    pub per_jaar: u16,
    /// 1 when one side named the tie, 2 when both did.
    pub genoemd: u8,
    /// The kind of tie, e.g. "huisarts – wijkverpleging".
    pub soort: String,
    /// The kind's shown mean per condition (`Conditie::ALL` order), and their mean.
    pub scores: [Option<f64>; 5],
    pub score: Option<f64>,
    /// The band of each score and of their mean: what the picture colours the tie by.
    pub banden: [Band; 5],
    pub band: Band,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Netwerk {
    pub synthetisch: bool,
    pub minimum: usize,
    pub condities: Vec<&'static str>,
    pub disciplines: Vec<(&'static str, &'static str, &'static str)>,
    pub knopen: Vec<Knoop>,
    pub verbindingen: Vec<Verbinding>,
    /// The buurten of the actors' gemeenten as SVG (the geographic layout's background), and its size.
    #[serde(skip)]
    pub kaart: String,
    pub kaart_maat: (f64, f64),
}

/// A buurt of the map: code, name, outline.
pub type KaartBuurt<'a> = (&'a str, &'a str, &'a MultiPolygon<f64>);

/// The network of a wijkfoto with its analysis; `buurten` are drawn under the geographic layout.
pub fn netwerk(w: &Wijkfoto, a: &Analyse, minimum: usize, synthetisch: bool, buurten: &[KaartBuurt]) -> Netwerk {
    let shape = MapShape::new(buurten, 1000.0);
    let mut per_buurt: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let knopen = w
        .actors
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let on_map = x.buurt.as_deref().and_then(|b| buurten.iter().find(|m| m.0 == b));
            let (px, py) = match on_map.and_then(|m| m.2.centroid()) {
                Some(c) => {
                    // Actors of one buurt on a small spiral around its centre.
                    let n = per_buurt.entry(on_map.map(|m| m.0).unwrap_or("")).or_default();
                    let (r, t) = (9.0 * (*n as f64).sqrt(), *n as f64 * 2.399_963);
                    *n += 1;
                    let (cx, cy) = shape.project(c.x(), c.y());
                    (Some(cx + r * t.cos()), Some(cy + r * t.sin()))
                }
                None => (None, None),
            };
            let c = &a.per_actor[i];
            Knoop {
                id: x.id.clone(),
                naam: x.naam.clone(),
                soort: x.soort.label(),
                rol: x.rol.clone().unwrap_or_default(),
                discipline: x.discipline.label(),
                hoek: x.discipline.hoek().map(Hoek::label),
                kleur: kleur(x.discipline),
                vorm: vorm(x.discipline.hoek()),
                organisatie: x.organisatie.clone().unwrap_or_default(),
                buurt: x.buurt.clone().unwrap_or_default(),
                plaats: on_map.map(|m| m.1.to_string()).unwrap_or_default(),
                overleggen: x.overleggen.join("; "),
                graad: c.graad,
                tussenpositie: c.tussenpositie,
                makelaar: c.makelaar,
                x: px,
                y: py,
            }
        })
        .collect();
    let verbindingen = a
        .verbindingen
        .iter()
        .enumerate()
        .map(|(k, t)| {
            let answers: Vec<_> = [t.van_a, t.van_b].into_iter().flatten().map(|x| &w.antwoorden[x]).collect();
            let soort = &a.soorten[a.soort_van[k]];
            let mut scores = [None; 5];
            for (s, c) in scores.iter_mut().zip(&soort.condities) {
                *s = c.gemiddelde;
            }
            Verbinding {
                source: w.actors[t.a].id.clone(),
                target: w.actors[t.b].id.clone(),
                doel: answers.first().map(|x| x.doel.clone()).unwrap_or_default(),
                vorm: answers.first().map(|x| x.vorm.clone()).unwrap_or_default(),
                per_jaar: answers.iter().map(|x| x.per_jaar).max().unwrap_or(0),
                genoemd: answers.len() as u8,
                soort: format!("{} – {}", soort.a.label(), soort.b.label()),
                banden: scores.map(Band::of),
                band: Band::of(soort.gemiddelde()),
                scores,
                score: soort.gemiddelde(),
            }
        })
        .collect();
    let fills = vec![Some(0); buurten.len()];
    Netwerk {
        synthetisch,
        minimum,
        condities: Conditie::ALL.iter().map(|c| c.label()).collect(),
        disciplines: Discipline::ALL.iter().map(|d| (d.label(), kleur(*d), vorm(d.hoek()))).collect(),
        knopen,
        verbindingen,
        kaart: shape.draw("De buurten onder de verbindingen", &fills, &["#f3f3f3"]),
        kaart_maat: shape.size(),
    }
}

/// A round's analysis as the wijkverband's report shows it: the vierkant, the vijf condities
/// (shown means only) and the opgaven.
#[derive(Debug, Clone, PartialEq)]
pub struct Samenvatting {
    /// The wijkverband (the report's area of the same name shows it).
    pub wijkverband: String,
    pub datum: String,
    pub synthetisch: bool,
    pub respons: String,
    pub minimum: usize,
    /// (pair, verbindingen)
    pub vierkant: Vec<(String, usize)>,
    /// (condition, shown mean or why not)
    pub condities: Vec<(&'static str, String)>,
    pub opgaven: Vec<String>,
}

pub fn samenvatting(wijkverband: &str, datum: &str, synthetisch: bool, minimum: usize, a: &Analyse) -> Samenvatting {
    Samenvatting {
        wijkverband: wijkverband.to_string(),
        datum: datum.to_string(),
        synthetisch,
        respons: a.respons.map(|r| wv_core::format::share(Some(r))).unwrap_or_else(|| "–".into()),
        minimum,
        vierkant: a.vierkant.iter().map(|p| (format!("{} – {}", p.a.label(), p.b.label()), p.verbindingen)).collect(),
        condities: Conditie::ALL
            .iter()
            .zip(&a.condities)
            .map(|(c, g)| {
                let shown = g
                    .gemiddelde
                    .map(|m| wv_core::format::number(m, 1))
                    .unwrap_or_else(|| "te weinig antwoorden".into());
                (c.label(), shown)
            })
            .collect(),
        opgaven: a.opgaven.clone(),
    }
}

fn csv_text(rows: impl IntoIterator<Item = Vec<String>>) -> String {
    wv_data::csv_uit::tekst(rows)
}

fn shown(x: Option<f64>) -> String {
    x.map(|v| format!("{:.2}", v)).unwrap_or_default()
}

/// The nodes as CSV (Gephi and Kumu read `id` and `label`).
pub fn knopen_csv(n: &Netwerk) -> String {
    let head = [
        "id",
        "label",
        "soort",
        "rol",
        "discipline",
        "hoek",
        "organisatie",
        "buurt",
        "overleggen",
        "graad",
        "tussenpositie",
        "makelaar",
    ];
    csv_text(std::iter::once(head.map(String::from).to_vec()).chain(n.knopen.iter().map(|k| {
        vec![
            k.id.clone(),
            k.naam.clone(),
            k.soort.into(),
            k.rol.clone(),
            k.discipline.into(),
            k.hoek.unwrap_or("").into(),
            k.organisatie.clone(),
            k.buurt.clone(),
            k.overleggen.clone(),
            k.graad.to_string(),
            format!("{:.4}", k.tussenpositie),
            k.makelaar.to_string(),
        ]
    })))
}

/// The edges as CSV (`source,target` as Gephi and Kumu expect), with the kind's shown means.
pub fn verbindingen_csv(n: &Netwerk) -> String {
    let mut head: Vec<String> =
        ["source", "target", "type", "doel", "vorm", "per_jaar", "genoemd", "soort"].map(String::from).to_vec();
    head.extend(n.condities.iter().map(|c| format!("soort_{}", c.to_lowercase())));
    csv_text(std::iter::once(head).chain(n.verbindingen.iter().map(|l| {
        let mut r = vec![
            l.source.clone(),
            l.target.clone(),
            "Undirected".into(),
            l.doel.clone(),
            l.vorm.clone(),
            l.per_jaar.to_string(),
            l.genoemd.to_string(),
            l.soort.clone(),
        ];
        r.extend(l.scores.iter().map(|s| shown(*s)));
        r
    })))
}

/// A Kumu blueprint (Kumu's JSON import): `elements` with a unique `label` and `type`, their
/// attributes beside them, and `connections` `from` and `to` those labels, undirected, with the
/// kind's shown means. Two actors of the same name get their id added to keep labels unique.
pub fn kumu(n: &Netwerk) -> serde_json::Value {
    use serde_json::json;
    let mut count: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for k in &n.knopen {
        *count.entry(k.naam.as_str()).or_default() += 1;
    }
    let label = |k: &Knoop| if count[k.naam.as_str()] > 1 { format!("{} ({})", k.naam, k.id) } else { k.naam.clone() };
    let labels: std::collections::HashMap<&str, String> = n.knopen.iter().map(|k| (k.id.as_str(), label(k))).collect();
    let elements: Vec<serde_json::Value> = n
        .knopen
        .iter()
        .map(|k| {
            json!({
                "label": labels[k.id.as_str()],
                "type": k.discipline,
                "id": k.id,
                "soort": k.soort,
                "rol": k.rol,
                "hoek van het vierkant": k.hoek,
                "organisatie": k.organisatie,
                "buurt": k.buurt,
                "overleggen": k.overleggen,
                "verbindingen": k.graad,
                "tussenpositie": k.tussenpositie,
                "makelaar": k.makelaar,
            })
        })
        .collect();
    let connections: Vec<serde_json::Value> = n
        .verbindingen
        .iter()
        .map(|l| {
            let mut c = json!({
                "from": labels[l.source.as_str()],
                "to": labels[l.target.as_str()],
                "direction": "undirected",
                "type": l.vorm,
                "doel": l.doel,
                "per jaar": l.per_jaar,
                "soort verbinding": l.soort,
            });
            for (name, s) in n.condities.iter().zip(l.scores) {
                c[format!("{name} (gemiddelde van de soort)")] = json!(s);
            }
            c
        })
        .collect();
    json!({ "elements": elements, "connections": connections })
}

/// GraphML (Gephi, yEd, NetworkX): node and edge attributes as declared keys.
pub fn graphml(n: &Netwerk) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n",
    );
    let node_keys = ["label", "soort", "rol", "discipline", "hoek", "organisatie", "buurt", "overleggen"];
    for k in node_keys {
        let _ = writeln!(s, "  <key id=\"{k}\" for=\"node\" attr.name=\"{k}\" attr.type=\"string\"/>");
    }
    let _ = writeln!(s, "  <key id=\"graad\" for=\"node\" attr.name=\"graad\" attr.type=\"int\"/>");
    let _ = writeln!(s, "  <key id=\"tussenpositie\" for=\"node\" attr.name=\"tussenpositie\" attr.type=\"double\"/>");
    let edge_keys = ["doel", "vorm", "soort"];
    for k in edge_keys {
        let _ = writeln!(s, "  <key id=\"{k}\" for=\"edge\" attr.name=\"{k}\" attr.type=\"string\"/>");
    }
    let _ = writeln!(s, "  <key id=\"per_jaar\" for=\"edge\" attr.name=\"per_jaar\" attr.type=\"int\"/>");
    let _ = writeln!(
        s,
        "  <key id=\"soort_gemiddelde\" for=\"edge\" attr.name=\"soort_gemiddelde\" attr.type=\"double\"/>"
    );
    s.push_str("  <graph id=\"wijkfoto\" edgedefault=\"undirected\">\n");
    for k in &n.knopen {
        let _ = write!(s, "    <node id=\"{}\">", escape(&k.id));
        for (key, v) in node_keys.iter().zip([
            &k.naam,
            k.soort,
            &k.rol,
            k.discipline,
            k.hoek.unwrap_or(""),
            &k.organisatie,
            &k.buurt,
            &k.overleggen,
        ]) {
            let _ = write!(s, "<data key=\"{key}\">{}</data>", escape(v));
        }
        let _ = writeln!(
            s,
            "<data key=\"graad\">{}</data><data key=\"tussenpositie\">{:.6}</data></node>",
            k.graad, k.tussenpositie
        );
    }
    for l in &n.verbindingen {
        let _ = write!(s, "    <edge source=\"{}\" target=\"{}\">", escape(&l.source), escape(&l.target));
        for (key, v) in edge_keys.iter().zip([&l.doel, &l.vorm, &l.soort]) {
            let _ = write!(s, "<data key=\"{key}\">{}</data>", escape(v));
        }
        let _ = write!(s, "<data key=\"per_jaar\">{}</data>", l.per_jaar);
        if let Some(m) = l.score {
            let _ = write!(s, "<data key=\"soort_gemiddelde\">{m:.4}</data>");
        }
        s.push_str("</edge>\n");
    }
    s.push_str("  </graph>\n</graphml>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use wv_core::netwerk::demo::{DemoWijkverband, ronde, sociale_kaart};
    use wv_core::netwerk::{Options, analyse};

    fn demo() -> Netwerk {
        let wvs = [DemoWijkverband { naam: "Noord", buurten: vec![("BU1", "Een", 9000.0), ("BU2", "Twee", 7000.0)] }];
        let w = ronde(&sociale_kaart(&wvs, 3), "Noord", 1, 3);
        netwerk(&w, &analyse(&w, &Options::default()), 3, true, &[])
    }

    #[test]
    fn exports_hold_every_node_and_edge() {
        let n = demo();
        let nodes = knopen_csv(&n);
        let edges = verbindingen_csv(&n);
        assert_eq!(nodes.lines().count(), n.knopen.len() + 1);
        assert_eq!(edges.lines().count(), n.verbindingen.len() + 1);
        assert!(edges.starts_with("source,target,type,doel,vorm,per_jaar,genoemd,soort,soort_ambitie"));
        let g = graphml(&n);
        assert_eq!(g.matches("<node ").count(), n.knopen.len());
        assert_eq!(g.matches("<edge ").count(), n.verbindingen.len());
        // Every edge's ends are nodes.
        for l in &n.verbindingen {
            assert!(n.knopen.iter().any(|k| k.id == l.source) && n.knopen.iter().any(|k| k.id == l.target));
        }
    }

    /// Kumu's documented blueprint: `{"elements": [{"label"}], "connections": [{"from", "to"}]}`,
    /// every connection between labels of elements, every label unique.
    #[test]
    fn the_kumu_blueprint_is_what_kumu_imports() {
        let n = demo();
        let k = kumu(&n);
        let elements = k["elements"].as_array().unwrap();
        let connections = k["connections"].as_array().unwrap();
        assert_eq!((elements.len(), connections.len()), (n.knopen.len(), n.verbindingen.len()));
        let labels: std::collections::BTreeSet<&str> = elements.iter().map(|e| e["label"].as_str().unwrap()).collect();
        assert_eq!(labels.len(), elements.len(), "labels are unique");
        for c in connections {
            assert!(labels.contains(c["from"].as_str().unwrap()) && labels.contains(c["to"].as_str().unwrap()));
            assert_eq!(c["direction"], "undirected");
        }
        assert_eq!(k.as_object().unwrap().keys().collect::<Vec<_>>(), ["connections", "elements"]);
    }

    #[test]
    fn edges_carry_only_their_kinds_aggregates() {
        let n = demo();
        // Ties of one kind share their scores, whatever the two raters said.
        for l in &n.verbindingen {
            for m in n.verbindingen.iter().filter(|m| m.soort == l.soort) {
                assert_eq!(l.scores, m.scores);
            }
        }
        assert!(n.verbindingen.iter().any(|l| l.score.is_some()), "the common kinds have enough raters");
    }
}
