//! The opgaven proposed to a kernteam: every opgave of the wijkverband's startfoto (an
//! indicator that deviates unfavourably from its reference, with value, reference, source and
//! year) as an *inhoudelijke* opgave, and every finding of its latest wijkfoto (vierkant gaps,
//! unconnected disciplines, missing corners, the weakest condition) as one *in de samenwerking*,
//! and the themes and "morgen beginnen" answers of the duidingssessies about the wijkverband
//! (a theme linked to an indicator of the startfoto is inhoudelijk, the rest samenwerking).
//! A proposal's key stays the same while its finding does, so a decision on it sticks.

use serde::Serialize;

use super::model::OpgaveSoort;
use crate::scan::Opgave;
use crate::sessie::thema::sleutel;

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

/// A duidingssessie about the wijkverband as a proposal needs it.
pub struct Duiding<'a> {
    pub sessie: i64,
    pub titel: &'a str,
    pub datum: &'a str,
    /// (theme, its evidence: `startfoto:INDICATOR`, `wijkfoto:FINDING` or none)
    pub themas: &'a [(String, Option<String>)],
    /// The answers to "waar kunnen we morgen mee beginnen?".
    pub morgen: &'a [String],
}

/// The proposals from a startfoto's opgaven, a wijkfoto's findings and duidingssessies, in
/// that order.
pub fn voorstellen(startfoto: &[Opgave], wijkfoto: Option<Bevindingen>, duidingen: &[Duiding]) -> Vec<Voorstel> {
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
    let sessies = duidingen.iter().flat_map(|d| {
        let bron = format!("Duidingssessie {} ({})", d.titel, d.datum);
        let themas = d.themas.iter().map({
            let bron = bron.clone();
            move |(naam, bewijs)| Voorstel {
                sleutel: format!("sessie:{}:thema:{}", d.sessie, sleutel(naam)),
                soort: match bewijs {
                    Some(b) if b.starts_with("startfoto:") => OpgaveSoort::Inhoudelijk,
                    _ => OpgaveSoort::Samenwerking,
                },
                titel: naam.clone(),
                bewijs: match bewijs {
                    Some(b) => format!("Een thema van de sessie, met als bewijs {b}."),
                    None => "Een thema van de sessie.".into(),
                },
                bron: bron.clone(),
            }
        });
        let morgen = d.morgen.iter().map(move |m| Voorstel {
            sleutel: format!("sessie:{}:morgen:{}", d.sessie, sleutel(m)),
            soort: OpgaveSoort::Samenwerking,
            titel: m.clone(),
            bewijs: "Genoemd bij \u{201c}Waar kunnen we morgen mee beginnen?\u{201d}".into(),
            bron: bron.clone(),
        });
        themas.chain(morgen)
    });
    inhoud.chain(samenwerking).chain(sessies).collect()
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
        let v = voorstellen(
            &scan,
            Some(Bevindingen { ronde: "Voorjaar", datum: "2026-03-01", opgaven: &bevindingen }),
            &[],
        );
        assert_eq!(v.len(), 2);
        assert_eq!(
            (v[0].sleutel.as_str(), v[0].soort, v[0].titel.as_str()),
            ("startfoto:eenzaam_65plus", OpgaveSoort::Inhoudelijk, "Eenzaam (65+)")
        );
        assert!(v[0].bron.contains("2022"));
        assert_eq!(v[1].soort, OpgaveSoort::Samenwerking);
        assert_eq!(v[1].titel, "Er is geen verbinding tussen huisarts en apotheek");
        assert_eq!(v[1].bron, "Wijkfoto Voorjaar (2026-03-01)");
        assert_eq!(voorstellen(&scan, None, &[]).len(), 1);
    }

    #[test]
    fn session_themes_and_morgen_answers_are_proposed_with_their_session() {
        let themas =
            [("Sociale kaart".to_string(), None), ("Eenzaamheid".to_string(), Some("startfoto:eenzaam_65plus".into()))];
        let morgen = ["Een kennismakingsochtend".to_string()];
        let d = Duiding { sessie: 7, titel: "Wereldcafé", datum: "2026-10-08", themas: &themas, morgen: &morgen };
        let v = voorstellen(&[], None, &[d]);
        let kort: Vec<(&str, OpgaveSoort)> = v.iter().map(|v| (v.sleutel.as_str(), v.soort)).collect();
        let k = |w: &str| format!("sessie:7:{w}");
        assert_eq!(
            kort,
            [
                (k("thema:social kaart").as_str(), OpgaveSoort::Samenwerking),
                (k(&format!("thema:{}", sleutel("eenzaamheid"))).as_str(), OpgaveSoort::Inhoudelijk),
                (k(&format!("morgen:{}", sleutel("Een kennismakingsochtend"))).as_str(), OpgaveSoort::Samenwerking),
            ]
        );
        assert!(v.iter().all(|v| v.bron == "Duidingssessie Wereldcafé (2026-10-08)"));
    }
}
