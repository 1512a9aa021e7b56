//! The opgaven proposed to a kernteam: every opgave of the wijkverband's startfoto (an
//! indicator that deviates unfavourably from its reference, with value, reference, source and
//! year) as an *inhoudelijke* opgave, and every finding of its latest wijkfoto (vierkant gaps,
//! unconnected disciplines, missing corners, the weakest condition) as one *in de samenwerking*.
//! A proposal's key stays the same while its finding does, so a decision on it sticks.

use serde::Serialize;

use super::model::OpgaveSoort;
use crate::scan::Opgave;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Voorstel {
    /// `startfoto:INDICATOR` or `wijkfoto:FINDING`.
    pub sleutel: String,
    pub soort: OpgaveSoort,
    pub titel: String,
    /// The evidence in words.
    pub bewijs: String,
    /// Where it comes from, with the year or the round.
    pub bron: String,
}

/// The latest wijkfoto of the wijkverband as a proposal needs it: its name and date, and its
/// findings in words (`netwerk::Analyse::opgaven`).
pub struct Bevindingen<'a> {
    pub ronde: &'a str,
    pub datum: &'a str,
    pub opgaven: &'a [String],
}

/// The proposals from a startfoto's opgaven and a wijkfoto's findings, in that order.
pub fn voorstellen(startfoto: &[Opgave], wijkfoto: Option<Bevindingen>) -> Vec<Voorstel> {
    let inhoud = startfoto.iter().map(|o| Voorstel {
        sleutel: format!("startfoto:{}", o.indicator),
        soort: OpgaveSoort::Inhoudelijk,
        titel: o.tekst.split_once(": ").map_or(o.tekst.as_str(), |(t, _)| t).to_string(),
        bewijs: o.tekst.clone(),
        bron: o.bron.clone(),
    });
    let samenwerking = wijkfoto.into_iter().flat_map(|w| {
        w.opgaven.iter().map(move |b| Voorstel {
            sleutel: format!("wijkfoto:{b}"),
            soort: OpgaveSoort::Samenwerking,
            titel: b.trim_end_matches('.').to_string(),
            bewijs: b.clone(),
            bron: format!("Wijkfoto {} ({})", w.ronde, w.datum),
        })
    });
    inhoud.chain(samenwerking).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn startfoto_opgaven_are_about_content_and_wijkfoto_findings_about_collaboration() {
        let scan = [Opgave {
            indicator: "eenzaam_65plus".into(),
            tekst: "Eenzaam (65+): hoger dan gemiddeld in gemeente Woerden (50,2% tegen 45,1%)".into(),
            afwijking: 0.8,
            bron: "Gezondheidsmonitor Volwassenen en Ouderen 2022, 65 jaar en ouder".into(),
        }];
        let bevindingen = ["Er is geen verbinding tussen huisarts en apotheek.".to_string()];
        let v = voorstellen(&scan, Some(Bevindingen { ronde: "Voorjaar", datum: "2026-03-01", opgaven: &bevindingen }));
        assert_eq!(v.len(), 2);
        assert_eq!(
            (v[0].sleutel.as_str(), v[0].soort, v[0].titel.as_str()),
            ("startfoto:eenzaam_65plus", OpgaveSoort::Inhoudelijk, "Eenzaam (65+)")
        );
        assert!(v[0].bron.contains("2022"));
        assert_eq!(v[1].soort, OpgaveSoort::Samenwerking);
        assert_eq!(v[1].titel, "Er is geen verbinding tussen huisarts en apotheek");
        assert_eq!(v[1].bron, "Wijkfoto Voorjaar (2026-03-01)");
        assert_eq!(voorstellen(&scan, None).len(), 1);
    }
}
