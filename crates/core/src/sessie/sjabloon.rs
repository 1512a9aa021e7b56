//! A session's format: tables, each with a question (and the area it is about); rounds, each
//! with an instruction and a duration; a closing question. Two templates ship, from the
//! regions' own workshops: Midden-Brabant's world café (three tables with a question each, two
//! rounds of ten minutes, closing with "waar kunnen we morgen mee beginnen?") and Utrecht
//! Noord-West's data duiding (a table per area, a round per question about its figures).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tafel {
    pub vraag: String,
    /// The area (index into the session's areas) the table is about, if one.
    pub gebied: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ronde {
    pub instructie: String,
    pub minuten: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Format {
    pub tafels: Vec<Tafel>,
    pub rondes: Vec<Ronde>,
    pub slotvraag: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sjabloon {
    WereldCafe,
    DataDuiding,
}

pub const MAX_TAFELS: usize = 30;
pub const MAX_RONDES: usize = 10;
pub const MAX_MINUTEN: u32 = 180;
pub const MAX_VRAAG: usize = 500;

pub const MORGEN: &str = "Waar kunnen we morgen mee beginnen?";

impl Sjabloon {
    pub const ALLE: [Sjabloon; 2] = [Sjabloon::WereldCafe, Sjabloon::DataDuiding];

    pub fn as_str(self) -> &'static str {
        match self {
            Sjabloon::WereldCafe => "wereld-cafe",
            Sjabloon::DataDuiding => "data-duiding",
        }
    }

    pub fn parse(s: &str) -> Option<Sjabloon> {
        Sjabloon::ALLE.into_iter().find(|x| x.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Sjabloon::WereldCafe => "Wereldcafé: 3 tafels met elk een vraag, 2 rondes van 10 minuten",
            Sjabloon::DataDuiding => "Data duiden: per gebied een tafel, per vraag over de cijfers een ronde",
        }
    }

    /// The format for a session about `gebieden` (their names).
    pub fn format(self, gebieden: &[String]) -> Format {
        match self {
            Sjabloon::WereldCafe => Format {
                tafels: [
                    "Hoe kunnen we de bestaande samenwerking in de wijk versterken?",
                    "Hoe kan een hecht wijkverband echt het verschil maken?",
                    "Wat valt je op bij de cijfers en de wijkfoto?",
                ]
                .into_iter()
                .map(|v| Tafel { vraag: v.into(), gebied: None })
                .collect(),
                rondes: vec![
                    Ronde { instructie: "Schrijf kernwoorden op!".into(), minuten: 10 },
                    Ronde { instructie: "Vul aan!".into(), minuten: 10 },
                ],
                slotvraag: MORGEN.into(),
            },
            Sjabloon::DataDuiding => Format {
                tafels: (0..gebieden.len().max(1))
                    .map(|i| Tafel {
                        vraag: match gebieden.get(i) {
                            Some(g) => format!("Wat zien we in {g}?"),
                            None => "Wat zien we in de wijk?".into(),
                        },
                        gebied: gebieden.get(i).map(|_| i),
                    })
                    .collect(),
                rondes: ["Herkent u dit beeld?", "Wat mist in de cijfers?", "Wat is de belangrijkste opgave?"]
                    .into_iter()
                    .map(|v| Ronde { instructie: v.into(), minuten: 10 })
                    .collect(),
                slotvraag: MORGEN.into(),
            },
        }
    }
}

impl Format {
    /// Why the format cannot be run, in words for the facilitator; `gebieden` is the number of
    /// the session's areas.
    pub fn fout(&self, gebieden: usize) -> Option<String> {
        let lang = |t: &str| t.chars().count() > MAX_VRAAG;
        if self.tafels.is_empty() || self.tafels.len() > MAX_TAFELS {
            return Some(format!("Een sessie heeft 1 tot {MAX_TAFELS} tafels."));
        }
        if self.rondes.is_empty() || self.rondes.len() > MAX_RONDES {
            return Some(format!("Een sessie heeft 1 tot {MAX_RONDES} rondes."));
        }
        if let Some(n) = self.tafels.iter().position(|t| t.vraag.trim().is_empty() || lang(&t.vraag)) {
            return Some(format!("Tafel {} heeft geen vraag (of een van meer dan {MAX_VRAAG} tekens).", n + 1));
        }
        if let Some(n) = self.tafels.iter().position(|t| t.gebied.is_some_and(|g| g >= gebieden)) {
            return Some(format!("Tafel {} gaat over een gebied dat de sessie niet heeft.", n + 1));
        }
        if let Some(n) = self.rondes.iter().position(|r| r.instructie.trim().is_empty() || lang(&r.instructie)) {
            return Some(format!("Ronde {} heeft geen opdracht (of een van meer dan {MAX_VRAAG} tekens).", n + 1));
        }
        if let Some(n) = self.rondes.iter().position(|r| r.minuten == 0 || r.minuten > MAX_MINUTEN) {
            return Some(format!("Ronde {} duurt 1 tot {MAX_MINUTEN} minuten.", n + 1));
        }
        lang(&self.slotvraag).then(|| format!("De slotvraag is langer dan {MAX_VRAAG} tekens."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_world_cafe_is_three_tables_two_rounds_of_ten_minutes_and_morgen_beginnen() {
        let f = Sjabloon::WereldCafe.format(&["Montfoort".into()]);
        assert_eq!(f.tafels.len(), 3);
        assert_eq!(f.rondes.iter().map(|r| r.minuten).collect::<Vec<_>>(), [10, 10]);
        assert_eq!(f.slotvraag, "Waar kunnen we morgen mee beginnen?");
        assert_eq!(f.fout(1), None);
    }

    #[test]
    fn the_data_duiding_has_a_table_per_area_and_a_round_per_question() {
        let g: Vec<String> = (1..=6).map(|i| format!("Woerden {i}")).collect();
        let f = Sjabloon::DataDuiding.format(&g);
        assert_eq!(f.tafels.len(), 6);
        assert_eq!(f.tafels[5].gebied, Some(5));
        assert_eq!(f.rondes[1].instructie, "Wat mist in de cijfers?");
        assert_eq!(f.fout(6), None);
        assert!(f.fout(5).unwrap().contains("Tafel 6"));
    }

    #[test]
    fn a_format_that_cannot_run_says_why() {
        let mut f = Sjabloon::WereldCafe.format(&[]);
        f.rondes[1].minuten = 0;
        assert!(f.fout(0).unwrap().contains("Ronde 2"));
        f.rondes.clear();
        assert!(f.fout(0).is_some());
    }
}
