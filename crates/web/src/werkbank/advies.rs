//! Why a proposal cannot be made, in words, and what the user may allow instead — the page's
//! counterpart of the command line's `--verbindingen`, `--min` and dropping
//! `--gemeentegrenzen`: a lower floor for one gemeente, letting one gemeente join a neighbour,
//! or a link between the nearest buurten of a part that borders nothing.

use wv_core::format;
use wv_core::indeling::contiguity::nearest_outside;
use wv_core::indeling::{Constraints, Region, Uitzondering};
use wv_store::RegionModel;

/// A way out: the button's text and the exception it allows.
pub(crate) struct Optie {
    pub tekst: String,
    pub uitzondering: String,
}

/// The cause of `reden` in words, and the exceptions that would lift it.
pub(crate) fn advies(model: &RegionModel, region: &Region, c: &Constraints, reden: &str) -> (String, Vec<Optie>) {
    let graph = c.graph(region);
    let Some((part, pop, floor)) = c.short_part(region, &graph) else {
        return (format!("{reden}."), Vec::new());
    };
    let buurt = |i: usize| &model.buurten[i];
    let mut gemeenten: Vec<(&str, &str)> =
        part.iter().map(|&i| (buurt(i).gemeente_code.as_str(), buurt(i).gemeente_naam.as_str())).collect();
    gemeenten.sort_unstable();
    gemeenten.dedup();
    let in_gemeente = |g: &str| model.buurten.iter().filter(|b| b.gemeente_code.as_str() == g).count();
    let whole = gemeenten.len() == 1 && in_gemeente(gemeenten[0].0) == part.len();
    // Isolated: nothing outside the part borders it, even across a gemeente border.
    let full = Constraints { gemeentegrenzen: false, ..c.clone() }.graph(region);
    let isolated = part.iter().all(|&i| full.neighbours(i).iter().all(|(j, _)| part.contains(j)));
    let names: Vec<&str> = part.iter().take(4).map(|&i| buurt(i).naam.as_str()).collect();
    let wie = if whole {
        format!("Gemeente {}", gemeenten[0].1)
    } else if part.len() == 1 {
        format!("Buurt {} ({})", names[0], gemeenten[0].1)
    } else {
        let more =
            if part.len() > names.len() { format!(" en {} andere", part.len() - names.len()) } else { String::new() };
        format!("De buurten {}{more}", names.join(", "))
    };
    let waarom = if isolated {
        "grenst aan geen andere buurt (bijvoorbeeld door water)"
    } else {
        "mag niet samen met een buurgemeente, omdat geen wijkverband over een gemeentegrens mag"
    };
    let tekst = format!(
        "Er is geen voorstel mogelijk. {wie} heeft {} inwoners, minder dan de ondergrens van {}, en {waarom}. Kies hieronder wat mag, of verlaag de ondergrens voor alle wijkverbanden.",
        format::count(Some(pop)),
        format::count(Some(floor))
    );
    let mut opties = Vec::new();
    if let [(code, naam)] = gemeenten[..] {
        opties.push(Optie {
            tekst: format!("Sta voor {naam} wijkverbanden vanaf {} inwoners toe", format::count(Some(pop.floor()))),
            uitzondering: Uitzondering::Ondergrens { gemeente: code.into(), ondergrens: pop.floor() }.text(),
        });
        if c.gemeentegrenzen && !isolated {
            opties.push(Optie {
                tekst: format!("Laat {naam} samengaan met een buurgemeente"),
                uitzondering: Uitzondering::Open { gemeente: code.into() }.text(),
            });
        }
    }
    if isolated {
        let polygons: Vec<_> = model.buurten.iter().map(|b| b.geometrie.clone()).collect();
        if let Some((a, b)) = nearest_outside(&polygons, &part) {
            opties.push(Optie {
                tekst: format!(
                    "Sta een verbinding toe tussen {} en {} (de dichtstbijzijnde buurten, bijvoorbeeld een brug of pont)",
                    buurt(a).naam,
                    buurt(b).naam
                ),
                uitzondering: Uitzondering::Verbinding { a: buurt(a).code.to_string(), b: buurt(b).code.to_string() }
                    .text(),
            });
        }
    }
    (tekst, opties)
}

/// An exception in words, for the list of those allowed.
pub(crate) fn beschrijf(model: &RegionModel, u: &Uitzondering) -> String {
    let gemeente = |g: &str| {
        model.buurten.iter().find(|b| b.gemeente_code.as_str() == g).map_or(g.to_string(), |b| b.gemeente_naam.clone())
    };
    let buurt = |c: &str| model.buurten.iter().find(|b| b.code.as_str() == c).map_or(c.to_string(), |b| b.naam.clone());
    match u {
        Uitzondering::Ondergrens { gemeente: g, ondergrens } => {
            format!("{}: wijkverbanden vanaf {} inwoners", gemeente(g), format::count(Some(*ondergrens)))
        }
        Uitzondering::Open { gemeente: g } => format!("{} mag samengaan met een buurgemeente", gemeente(g)),
        Uitzondering::Verbinding { a, b } => format!("verbinding tussen {} en {}", buurt(a), buurt(b)),
    }
}
