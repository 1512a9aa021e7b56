//! The sociale kaart as people use it: searching it ("wie is de apotheker in
//! Kamerik?") and the overleggen its actors take part in, with the corners of
//! the vierkant each overleg lacks.

use serde::Serialize;

use super::model::{Actor, Discipline, Hoek};

/// Whether an actor matches every word of a search. `plaats` is the name of
/// its buurt (or empty). A word that names a discipline ("apotheker") matches
/// that discipline; the others match the name, role, organisation, place,
/// wijkverband, overleggen or id, case-insensitively.
pub fn matches(actor: &Actor, plaats: &str, words: &[String]) -> bool {
    let text = format!(
        "{} {} {} {} {} {} {} {}",
        actor.naam,
        actor.rol.as_deref().unwrap_or(""),
        actor.discipline.label(),
        actor.organisatie.as_deref().unwrap_or(""),
        plaats,
        actor.wijkverband.as_deref().unwrap_or(""),
        actor.overleggen.join(" "),
        actor.id
    )
    .to_lowercase();
    words.iter().all(|w| {
        let w = w.to_lowercase();
        text.contains(&w) || Discipline::parse(&w) == Some(actor.discipline)
    })
}

/// The search words of a query: split on white space, question words and
/// punctuation dropped, so a question reads as well as keywords.
pub fn words(query: &str) -> Vec<String> {
    const SKIP: [&str; 10] = ["wie", "is", "de", "het", "een", "in", "van", "wat", "waar", "zit"];
    query
        .split(|c: char| c.is_whitespace() || matches!(c, '?' | ',' | '!' | '.'))
        .map(str::to_lowercase)
        .filter(|w| !w.is_empty() && !SKIP.contains(&w.as_str()))
        .collect()
}

/// An overleg (MDO, VVO, kernteam, …) and the actors that take part.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overleg {
    pub naam: String,
    /// Indices into the actors.
    pub leden: Vec<usize>,
    /// Corners of the vierkant without anyone at the table.
    pub ontbrekend: Vec<Hoek>,
}

/// Every overleg named on the sociale kaart, by name (names compare case-insensitively).
pub fn overleggen(actors: &[Actor]) -> Vec<Overleg> {
    let mut out: Vec<Overleg> = Vec::new();
    for (i, a) in actors.iter().enumerate() {
        for naam in &a.overleggen {
            let key = naam.trim();
            if key.is_empty() {
                continue;
            }
            match out.iter_mut().find(|o| o.naam.eq_ignore_ascii_case(key)) {
                Some(o) if !o.leden.contains(&i) => o.leden.push(i),
                Some(_) => {}
                None => out.push(Overleg { naam: key.to_string(), leden: vec![i], ontbrekend: vec![] }),
            }
        }
    }
    for o in &mut out {
        o.ontbrekend = Hoek::ALL
            .into_iter()
            .filter(|h| !o.leden.iter().any(|&i| actors[i].discipline.hoek() == Some(*h)))
            .collect();
    }
    out.sort_by_key(|o| o.naam.to_lowercase());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::netwerk::ActorSoort;

    fn actor(id: &str, naam: &str, d: Discipline, overleggen: &[&str]) -> Actor {
        Actor {
            id: id.into(),
            naam: naam.into(),
            discipline: d,
            organisatie: None,
            buurt: None,
            wijkverband: Some("Woerden Noord".into()),
            overleggen: overleggen.iter().map(|s| s.to_string()).collect(),
            soort: ActorSoort::Persoon,
            rol: None,
        }
    }

    #[test]
    fn a_question_finds_the_apotheker_of_a_place() {
        let a = actor("apo", "Apotheek De Brug", Discipline::Apotheek, &[]);
        let h = actor("ha", "J. de Vries", Discipline::Huisarts, &["MDO ouderen"]);
        let q = words("Wie is de apotheker in Kamerik?");
        assert_eq!(q, ["apotheker", "kamerik"]);
        assert!(matches(&a, "Kamerik", &q));
        assert!(!matches(&a, "Harmelen", &q));
        assert!(!matches(&h, "Kamerik", &q));
        assert!(matches(&h, "", &words("mdo")));
        assert!(matches(&h, "", &words("VRIES noord")));
        assert!(matches(&a, "", &words("apotheker De Brug")), "by role and name");
    }

    #[test]
    fn overleggen_group_their_members_and_name_missing_corners() {
        let actors = [
            actor("ha", "Huisarts", Discipline::Huisarts, &["MDO ouderen", "Kernteam"]),
            actor("wv", "Wijkverpleging", Discipline::Wijkverpleging, &["mdo ouderen "]),
            actor("sw", "Sociaal werker", Discipline::SociaalWerk, &["Kernteam"]),
            actor("fy", "Fysio", Discipline::Fysiotherapie, &["MDO ouderen"]),
        ];
        let o = overleggen(&actors);
        assert_eq!(o.len(), 2);
        assert_eq!((o[0].naam.as_str(), o[0].leden.clone()), ("Kernteam", vec![0, 2]));
        assert_eq!(o[0].ontbrekend, [Hoek::Wijkverpleging, Hoek::Apotheek]);
        assert_eq!((o[1].naam.as_str(), o[1].leden.clone()), ("MDO ouderen", vec![0, 1, 3]));
        assert_eq!(o[1].ontbrekend, [Hoek::SociaalDomein, Hoek::Apotheek]);
    }
}
