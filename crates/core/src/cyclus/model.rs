//! The words of the cycle: its phases, the kinds and states of an opgave, the states of an
//! action, and the six goals of the Visie eerstelijnszorg 2030 a plan's goals link to.

use serde::Serialize;

/// The five phases of the wijkcyclus, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Fase {
    Wijkfoto,
    Wijkopgave,
    Wijkplan,
    Wijkuitvoering,
    Wijkevaluatie,
}

impl Fase {
    pub const ALL: [Fase; 5] =
        [Fase::Wijkfoto, Fase::Wijkopgave, Fase::Wijkplan, Fase::Wijkuitvoering, Fase::Wijkevaluatie];

    /// The name stored and used in addresses and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Fase::Wijkfoto => "wijkfoto",
            Fase::Wijkopgave => "wijkopgave",
            Fase::Wijkplan => "wijkplan",
            Fase::Wijkuitvoering => "wijkuitvoering",
            Fase::Wijkevaluatie => "wijkevaluatie",
        }
    }

    pub fn parse(s: &str) -> Option<Fase> {
        Fase::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// As a heading: "Wijkfoto".
    pub fn label(self) -> &'static str {
        match self {
            Fase::Wijkfoto => "Wijkfoto",
            Fase::Wijkopgave => "Wijkopgave",
            Fase::Wijkplan => "Wijkplan",
            Fase::Wijkuitvoering => "Wijkuitvoering",
            Fase::Wijkevaluatie => "Wijkevaluatie",
        }
    }

    /// What the phase is for, in plain Dutch.
    pub fn uitleg(self) -> &'static str {
        match self {
            Fase::Wijkfoto => {
                "Wie werkt er in de wijk en hoe werken zij samen? Een wijkfoto-ronde van het wijkverband."
            }
            Fase::Wijkopgave => {
                "Welke opgaven heeft de wijk, inhoudelijk en in de samenwerking? Het kernteam kiest ze."
            }
            Fase::Wijkplan => "Doelen voor de gekozen opgaven, gekoppeld aan de Visie eerstelijnszorg 2030, en acties.",
            Fase::Wijkuitvoering => "De acties worden uitgevoerd; de voortgang wordt bijgehouden.",
            Fase::Wijkevaluatie => {
                "Per doel: de uitgangswaarde tegen de laatste waarde, en het oordeel van het kernteam."
            }
        }
    }

    pub fn next(self) -> Option<Fase> {
        Fase::ALL.get(self as usize + 1).copied()
    }

    /// The position in the cycle, 1 to 5.
    pub fn nummer(self) -> usize {
        self as usize + 1
    }
}

/// What an opgave is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OpgaveSoort {
    /// About the residents' needs (e.g. loneliness of older residents).
    Inhoudelijk,
    /// About the collaboration (e.g. the apotheek is not connected).
    Samenwerking,
}

impl OpgaveSoort {
    pub fn as_str(self) -> &'static str {
        match self {
            OpgaveSoort::Inhoudelijk => "inhoudelijk",
            OpgaveSoort::Samenwerking => "samenwerking",
        }
    }

    pub fn parse(s: &str) -> Option<OpgaveSoort> {
        [OpgaveSoort::Inhoudelijk, OpgaveSoort::Samenwerking].into_iter().find(|k| k.as_str() == s)
    }
}

/// Where the kernteam stands on an opgave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OpgaveStatus {
    Voorgesteld,
    Aanvaard,
    Afgewezen,
    /// Merged into another opgave, which carries its evidence on.
    Samengevoegd,
}

impl OpgaveStatus {
    pub const ALL: [OpgaveStatus; 4] =
        [OpgaveStatus::Voorgesteld, OpgaveStatus::Aanvaard, OpgaveStatus::Afgewezen, OpgaveStatus::Samengevoegd];

    pub fn as_str(self) -> &'static str {
        match self {
            OpgaveStatus::Voorgesteld => "voorgesteld",
            OpgaveStatus::Aanvaard => "aanvaard",
            OpgaveStatus::Afgewezen => "afgewezen",
            OpgaveStatus::Samengevoegd => "samengevoegd",
        }
    }

    pub fn parse(s: &str) -> Option<OpgaveStatus> {
        OpgaveStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The state of an action of the wijkplan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActieStatus {
    Gepland,
    Bezig,
    Klaar,
    Gestopt,
}

impl ActieStatus {
    pub const ALL: [ActieStatus; 4] =
        [ActieStatus::Gepland, ActieStatus::Bezig, ActieStatus::Klaar, ActieStatus::Gestopt];

    pub fn as_str(self) -> &'static str {
        match self {
            ActieStatus::Gepland => "gepland",
            ActieStatus::Bezig => "bezig",
            ActieStatus::Klaar => "klaar",
            ActieStatus::Gestopt => "gestopt",
        }
    }

    pub fn parse(s: &str) -> Option<ActieStatus> {
        ActieStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Still to be done: planned or under way.
    pub fn open(self) -> bool {
        matches!(self, ActieStatus::Gepland | ActieStatus::Bezig)
    }

    /// Overdue: still open after its end date (dates as `JJJJ-MM-DD`, which order as text).
    pub fn te_laat(self, eind: Option<&str>, vandaag: &str) -> bool {
        self.open() && eind.is_some_and(|e| e < vandaag)
    }
}

/// The six goals of the Visie eerstelijnszorg 2030, numbered as the parties number them.
pub const VISIE_DOELEN: [&str; 6] = [
    "Verminderen van ongewenste druk op de eerstelijnszorg",
    "Goede voorbereiding op en toeleiding naar de eerste lijn",
    "Passende eerstelijnszorg, met focus op gezondheid en kwaliteit van leven, waar mogelijk digitaal ondersteund",
    "Betere benutting van capaciteit; ruimte voor anders organiseren van taken",
    "Hechte samenwerking in de wijk tussen professionals, zodat proactief kan worden ingespeeld op gezondheidsproblemen",
    "Aanspreekbaarheid van de eerstelijnszorg en samenwerking op regionaal niveau",
];

/// Goal `n` (1 to 6) of the Visie, if there is one.
pub fn visie_doel(n: u8) -> Option<&'static str> {
    VISIE_DOELEN.get(usize::from(n).checked_sub(1)?).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_follow_in_order_and_read_back() {
        assert_eq!(Fase::Wijkfoto.next(), Some(Fase::Wijkopgave));
        assert_eq!(Fase::Wijkevaluatie.next(), None);
        for f in Fase::ALL {
            assert_eq!(Fase::parse(f.as_str()), Some(f));
        }
        assert_eq!(Fase::parse("Wijkplan"), None);
    }

    #[test]
    fn an_action_is_overdue_only_while_open_after_its_end() {
        assert!(ActieStatus::Bezig.te_laat(Some("2026-11-30"), "2026-12-01"));
        assert!(!ActieStatus::Bezig.te_laat(Some("2026-12-01"), "2026-12-01"));
        assert!(!ActieStatus::Klaar.te_laat(Some("2026-01-01"), "2026-12-01"));
        assert!(!ActieStatus::Gepland.te_laat(None, "2026-12-01"));
    }

    #[test]
    fn visie_goals_are_numbered_one_to_six() {
        assert!(visie_doel(0).is_none() && visie_doel(7).is_none());
        assert!(visie_doel(5).is_some_and(|d| d.starts_with("Hechte samenwerking")));
    }
}
