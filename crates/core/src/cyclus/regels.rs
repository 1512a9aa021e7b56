//! The phase rules of a cycle: which phase may follow, and when a cycle may be closed — each
//! refusal a reason in words. And the five phases as a cycle's page shows them: what each
//! holds and whether it is done.

use serde::Serialize;

use super::model::{ActieStatus, Fase};
use crate::format::plural;

/// What a cycle holds, as far as the rules look at it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stand {
    /// Wijkfoto rounds of the wijkverband.
    pub rondes: usize,
    pub aanvaarde_opgaven: usize,
    pub doelen: usize,
    /// Goals the kernteam has not judged yet.
    pub doelen_zonder_oordeel: usize,
    pub acties: Vec<ActieStatus>,
}

impl Stand {
    fn acties_met(&self, s: ActieStatus) -> usize {
        self.acties.iter().filter(|a| **a == s).count()
    }

    fn open(&self) -> usize {
        self.acties.iter().filter(|a| a.open()).count()
    }
}

/// The phase after `fase`, if the cycle holds what it needs; otherwise why not.
pub fn volgende(fase: Fase, stand: &Stand) -> Result<Fase, String> {
    let Some(next) = fase.next() else {
        return Err(
            "De wijkevaluatie is de laatste fase: sluit de evaluatie af om een nieuwe cyclus te beginnen.".into()
        );
    };
    let reden = match fase {
        Fase::Wijkfoto if stand.rondes == 0 => {
            Some("Er is nog geen wijkfoto-ronde van dit wijkverband. Maak eerst een wijkfoto.".to_string())
        }
        Fase::Wijkopgave if stand.aanvaarde_opgaven == 0 => {
            Some("Het wijkplan kan pas beginnen als het kernteam minstens één opgave heeft aanvaard.".to_string())
        }
        Fase::Wijkplan if stand.doelen == 0 || stand.acties.is_empty() => Some(format!(
            "De uitvoering kan pas beginnen met minstens één doel en één actie in het wijkplan (nu {} en {}).",
            plural(stand.doelen as u64, "doel", "doelen"),
            plural(stand.acties.len() as u64, "actie", "acties")
        )),
        _ => None,
    };
    reden.map_or(Ok(next), Err)
}

/// Whether the evaluation of a cycle in `fase` may be closed (which starts the next cycle).
pub fn afsluiten(fase: Fase, stand: &Stand) -> Result<(), String> {
    if fase != Fase::Wijkevaluatie {
        return Err(format!(
            "Alleen een cyclus in de wijkevaluatie kan worden afgesloten; deze is in de fase {}.",
            fase.as_str()
        ));
    }
    let open = stand.open();
    if open > 0 {
        return Err(format!(
            "{} nog open (gepland of bezig). Zet ze op klaar of gestopt voordat u de evaluatie afsluit.",
            if open == 1 { "Eén actie staat".to_string() } else { format!("{open} acties staan") }
        ));
    }
    if stand.doelen_zonder_oordeel > 0 {
        return Err(format!(
            "Bij {} ontbreekt het oordeel van het kernteam. Schrijf per doel op wat het heeft opgeleverd.",
            plural(stand.doelen_zonder_oordeel as u64, "doel", "doelen")
        ));
    }
    Ok(())
}

/// One phase as the cycle's page shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stap {
    pub fase: Fase,
    pub huidig: bool,
    pub klaar: bool,
    /// What it holds, in words.
    pub inhoud: String,
}

/// The five phases of a cycle now in `fase` (closed when `afgesloten`).
pub fn stappen(fase: Fase, afgesloten: bool, stand: &Stand) -> Vec<Stap> {
    Fase::ALL
        .into_iter()
        .map(|f| {
            let inhoud = match f {
                Fase::Wijkfoto => plural(stand.rondes as u64, "wijkfoto-ronde", "wijkfoto-rondes"),
                Fase::Wijkopgave => plural(stand.aanvaarde_opgaven as u64, "aanvaarde opgave", "aanvaarde opgaven"),
                Fase::Wijkplan => format!(
                    "{}, {}",
                    plural(stand.doelen as u64, "doel", "doelen"),
                    plural(stand.acties.len() as u64, "actie", "acties")
                ),
                Fase::Wijkuitvoering => format!(
                    "{} klaar, {} bezig, {} gepland, {} gestopt",
                    stand.acties_met(ActieStatus::Klaar),
                    stand.acties_met(ActieStatus::Bezig),
                    stand.acties_met(ActieStatus::Gepland),
                    stand.acties_met(ActieStatus::Gestopt)
                ),
                Fase::Wijkevaluatie => {
                    format!(
                        "oordeel bij {} van {} doelen",
                        stand.doelen - stand.doelen_zonder_oordeel.min(stand.doelen),
                        stand.doelen
                    )
                }
            };
            Stap { fase: f, huidig: f == fase && !afgesloten, klaar: f < fase || afgesloten, inhoud }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stand() -> Stand {
        Stand { rondes: 1, aanvaarde_opgaven: 2, doelen: 1, doelen_zonder_oordeel: 0, acties: vec![ActieStatus::Klaar] }
    }

    #[test]
    fn each_phase_needs_what_the_one_before_makes() {
        let leeg = Stand::default();
        assert!(volgende(Fase::Wijkfoto, &leeg).unwrap_err().contains("wijkfoto-ronde"));
        assert!(volgende(Fase::Wijkopgave, &leeg).unwrap_err().contains("opgave heeft aanvaard"));
        let geen_actie = Stand { acties: vec![], ..stand() };
        assert!(volgende(Fase::Wijkplan, &geen_actie).unwrap_err().contains("1 doel en 0 acties"));
        assert_eq!(volgende(Fase::Wijkfoto, &stand()), Ok(Fase::Wijkopgave));
        assert_eq!(volgende(Fase::Wijkopgave, &stand()), Ok(Fase::Wijkplan));
        assert_eq!(volgende(Fase::Wijkplan, &stand()), Ok(Fase::Wijkuitvoering));
        assert_eq!(volgende(Fase::Wijkuitvoering, &leeg), Ok(Fase::Wijkevaluatie));
        assert!(volgende(Fase::Wijkevaluatie, &stand()).is_err());
    }

    #[test]
    fn an_evaluation_closes_only_with_every_action_finished_or_stopped_and_every_goal_judged() {
        let open = Stand { acties: vec![ActieStatus::Klaar, ActieStatus::Bezig, ActieStatus::Gepland], ..stand() };
        assert!(afsluiten(Fase::Wijkevaluatie, &open).unwrap_err().starts_with("2 acties staan nog open"));
        let gestopt = Stand { acties: vec![ActieStatus::Klaar, ActieStatus::Gestopt], ..stand() };
        assert_eq!(afsluiten(Fase::Wijkevaluatie, &gestopt), Ok(()));
        let zonder = Stand { doelen_zonder_oordeel: 1, ..gestopt };
        assert!(afsluiten(Fase::Wijkevaluatie, &zonder).unwrap_err().contains("1 doel ontbreekt"));
        assert!(afsluiten(Fase::Wijkuitvoering, &stand()).is_err());
    }

    #[test]
    fn the_phases_before_the_current_one_are_done() {
        let s = stappen(Fase::Wijkplan, false, &stand());
        assert_eq!(
            s.iter().map(|s| (s.klaar, s.huidig)).collect::<Vec<_>>(),
            vec![(true, false), (true, false), (false, true), (false, false), (false, false)]
        );
        assert!(stappen(Fase::Wijkevaluatie, true, &stand()).iter().all(|s| s.klaar && !s.huidig));
    }
}
