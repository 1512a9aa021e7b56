//! The sociale kaart and a wijkfoto: actors with their discipline, and the
//! answers of a survey round — who works with whom, why, how, how often, and
//! the vijf condities of each verbinding rated 1–5 (or "weet niet").

use serde::{Deserialize, Serialize};

/// The disciplines of the sociale kaart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Discipline {
    Huisarts,
    Poh,
    Wijkverpleging,
    Apotheek,
    SociaalWerk,
    Welzijn,
    Ggz,
    Fysiotherapie,
    Ergotherapie,
    Dietetiek,
    CasemanagerDementie,
    Gemeente,
    Inwoner,
    Overig,
}

/// The four corners of the vierkant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Hoek {
    Huisarts,
    Wijkverpleging,
    SociaalDomein,
    Apotheek,
}

impl Hoek {
    pub const ALL: [Hoek; 4] = [Hoek::Huisarts, Hoek::Wijkverpleging, Hoek::SociaalDomein, Hoek::Apotheek];

    pub fn label(self) -> &'static str {
        match self {
            Hoek::Huisarts => "huisarts",
            Hoek::Wijkverpleging => "wijkverpleging",
            Hoek::SociaalDomein => "sociaal domein",
            Hoek::Apotheek => "apotheek",
        }
    }
}

impl Discipline {
    pub const ALL: [Discipline; 14] = [
        Discipline::Huisarts,
        Discipline::Poh,
        Discipline::Wijkverpleging,
        Discipline::Apotheek,
        Discipline::SociaalWerk,
        Discipline::Welzijn,
        Discipline::Ggz,
        Discipline::Fysiotherapie,
        Discipline::Ergotherapie,
        Discipline::Dietetiek,
        Discipline::CasemanagerDementie,
        Discipline::Gemeente,
        Discipline::Inwoner,
        Discipline::Overig,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Discipline::Huisarts => "huisarts",
            Discipline::Poh => "praktijkondersteuner (POH)",
            Discipline::Wijkverpleging => "wijkverpleging",
            Discipline::Apotheek => "apotheek",
            Discipline::SociaalWerk => "sociaal werk / sociaal wijkteam",
            Discipline::Welzijn => "welzijn",
            Discipline::Ggz => "ggz",
            Discipline::Fysiotherapie => "fysiotherapie",
            Discipline::Ergotherapie => "ergotherapie",
            Discipline::Dietetiek => "diëtetiek",
            Discipline::CasemanagerDementie => "casemanager dementie",
            Discipline::Gemeente => "gemeente",
            Discipline::Inwoner => "inwoner / ervaringsdeskundige",
            Discipline::Overig => "overig",
        }
    }

    /// The corner of the vierkant a discipline stands on, if any (the POH works in the GP practice).
    pub fn hoek(self) -> Option<Hoek> {
        match self {
            Discipline::Huisarts | Discipline::Poh => Some(Hoek::Huisarts),
            Discipline::Wijkverpleging => Some(Hoek::Wijkverpleging),
            Discipline::SociaalWerk | Discipline::Gemeente => Some(Hoek::SociaalDomein),
            Discipline::Apotheek => Some(Hoek::Apotheek),
            _ => None,
        }
    }

    /// Reads a discipline as people write it ("Wijkverpleegkundige", "apotheker", "POH-GGZ", …).
    pub fn parse(text: &str) -> Option<Discipline> {
        let t = text.trim().to_lowercase();
        let has = |w: &str| t.contains(w);
        Some(if has("poh") || has("praktijkondersteun") {
            Discipline::Poh
        } else if has("huisarts") {
            Discipline::Huisarts
        } else if has("wijkverple") || has("thuiszorg") {
            Discipline::Wijkverpleging
        } else if has("apothe") {
            Discipline::Apotheek
        } else if has("casemanager") || has("dementie") {
            Discipline::CasemanagerDementie
        } else if has("sociaal") || has("wijkteam") || has("maatschappelijk") {
            Discipline::SociaalWerk
        } else if has("welzijn") || has("ouderenadvis") || has("buurtwerk") {
            Discipline::Welzijn
        } else if has("ggz") || has("psycholo") || has("psychiat") {
            Discipline::Ggz
        } else if has("fysio") {
            Discipline::Fysiotherapie
        } else if has("ergo") {
            Discipline::Ergotherapie
        } else if has("diët") || has("diet") {
            Discipline::Dietetiek
        } else if has("gemeente") {
            Discipline::Gemeente
        } else if has("inwoner") || has("ervaring") || has("mantelzorg") {
            Discipline::Inwoner
        } else if has("overig") || has("anders") {
            Discipline::Overig
        } else {
            return None;
        })
    }
}

/// How a shown mean score (1 slecht – 5 goed) reads: the one banding the network picture's
/// colours, its filter and legend and the heatmap share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    /// Below 2.75.
    Laag,
    /// 2.75 up to 3.75.
    Midden,
    /// 3.75 and up.
    Hoog,
    /// Not shown: too few respondents.
    Geen,
}

impl Band {
    pub fn of(score: Option<f64>) -> Band {
        match score {
            None => Band::Geen,
            Some(s) if s < 2.75 => Band::Laag,
            Some(s) if s < 3.75 => Band::Midden,
            Some(_) => Band::Hoog,
        }
    }

    /// The word the page uses, also as CSS class and filter value.
    pub fn label(self) -> &'static str {
        match self {
            Band::Laag => "laag",
            Band::Midden => "midden",
            Band::Hoog => "hoog",
            Band::Geen => "geen",
        }
    }

    /// The band with its bounds, for a legend or a filter.
    pub fn uitleg(self) -> &'static str {
        match self {
            Band::Laag => "laag (onder 2,75)",
            Band::Midden => "midden (2,75 tot 3,75)",
            Band::Hoog => "hoog (3,75 of meer)",
            Band::Geen => "te weinig antwoorden",
        }
    }

    pub const ALL: [Band; 4] = [Band::Laag, Band::Midden, Band::Hoog, Band::Geen];
}

/// The vijf condities of Kaats & Opheij.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Conditie {
    Ambitie,
    Belangen,
    Relatie,
    Organisatie,
    Proces,
}

impl Conditie {
    pub const ALL: [Conditie; 5] =
        [Conditie::Ambitie, Conditie::Belangen, Conditie::Relatie, Conditie::Organisatie, Conditie::Proces];

    pub fn label(self) -> &'static str {
        match self {
            Conditie::Ambitie => "Ambitie",
            Conditie::Belangen => "Belangen",
            Conditie::Relatie => "Relatie",
            Conditie::Organisatie => "Organisatie",
            Conditie::Proces => "Proces",
        }
    }
}

/// What an actor of the sociale kaart is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorSoort {
    #[default]
    Persoon,
    Team,
    Organisatie,
}

impl ActorSoort {
    pub const ALL: [ActorSoort; 3] = [ActorSoort::Persoon, ActorSoort::Team, ActorSoort::Organisatie];

    pub fn label(self) -> &'static str {
        match self {
            ActorSoort::Persoon => "persoon",
            ActorSoort::Team => "team",
            ActorSoort::Organisatie => "organisatie",
        }
    }

    /// Reads a kind as people write it ("Professional", "team", "Organisatie", …); empty is a person.
    pub fn parse(text: &str) -> Option<ActorSoort> {
        let t = text.trim().to_lowercase();
        Some(match t.as_str() {
            "" | "persoon" | "professional" | "medewerker" | "zorgverlener" => ActorSoort::Persoon,
            "team" | "wijkteam" => ActorSoort::Team,
            "organisatie" | "praktijk" | "instelling" => ActorSoort::Organisatie,
            _ => return None,
        })
    }
}

/// An organisation, team or professional of the sociale kaart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Actor {
    /// Stable identifier (unique in the sociale kaart).
    pub id: String,
    pub naam: String,
    pub discipline: Discipline,
    /// The organisation a professional works for, if any.
    pub organisatie: Option<String>,
    pub buurt: Option<String>,
    pub wijkverband: Option<String>,
    /// The overleggen (MDO, VVO, kernteam, …) the actor takes part in, by name.
    #[serde(default)]
    pub overleggen: Vec<String>,
    /// A person, a team or an organisation.
    #[serde(default)]
    pub soort: ActorSoort,
    /// The role or function ("praktijkhouder", "teamleider"), in the kaart's own words.
    #[serde(default)]
    pub rol: Option<String>,
}

impl Actor {
    /// A person of a discipline, with nothing else known yet.
    pub fn new(id: impl Into<String>, naam: impl Into<String>, discipline: Discipline) -> Actor {
        Actor {
            id: id.into(),
            naam: naam.into(),
            discipline,
            organisatie: None,
            buurt: None,
            wijkverband: None,
            overleggen: vec![],
            soort: ActorSoort::Persoon,
            rol: None,
        }
    }
}

/// Scores 1–5 per condition in `Conditie::ALL` order; `None` is "weet niet" or no answer.
pub type Scores = [Option<u8>; 5];

/// One respondent's answer about one verbinding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Antwoord {
    /// The respondent (index into the actors).
    pub van: usize,
    /// The actor they work with.
    pub naar: usize,
    /// Why: the purpose of the collaboration, in their words.
    pub doel: String,
    /// How: MDO, VVO, kernteam, schakelteam, ad hoc, …
    pub vorm: String,
    /// How often, in times per year (0 when unknown).
    pub per_jaar: u16,
    pub scores: Scores,
}

/// A survey round for a wijkverband: who was asked, who answered, and what.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Wijkfoto {
    pub actors: Vec<Actor>,
    /// Actors invited to answer.
    pub gevraagd: Vec<usize>,
    /// Actors who submitted their answers.
    pub geantwoord: Vec<usize>,
    pub antwoorden: Vec<Antwoord>,
}

impl Wijkfoto {
    /// The share of the invited who answered.
    pub fn respons(&self) -> Option<f64> {
        (!self.gevraagd.is_empty()).then(|| self.geantwoord.len() as f64 / self.gevraagd.len() as f64)
    }
}
