//! Editing a plan by hand: assign buurten, rename, add, remove and lock
//! wijkverbanden. Every edit keeps the plan whole (each buurt in exactly one
//! wijkverband) or is refused with a reason; the workbench stores each
//! accepted edit as a new version.

use serde::{Deserialize, Serialize};

/// The editable state of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanState {
    /// (buurt code, wijkverband), ordered by buurt.
    pub toewijzing: Vec<(String, String)>,
    /// Every wijkverband in its order, also those without buurten yet.
    pub wijkverbanden: Vec<WijkverbandState>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WijkverbandState {
    pub naam: String,
    /// A locked wijkverband keeps its buurten: none move in or out.
    pub vergrendeld: bool,
}

/// One change by a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Move buurten to a wijkverband (a new name adds it).
    Assign {
        buurten: Vec<String>,
        wijkverband: String,
    },
    Rename {
        van: String,
        naar: String,
    },
    Add {
        naam: String,
    },
    /// Remove a wijkverband; its buurten go to `naar`.
    Remove {
        naam: String,
        naar: Option<String>,
    },
    Lock {
        naam: String,
        vergrendeld: bool,
    },
}

/// Why an edit was refused, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditError(pub String);

const MAX_NAME: usize = 80;

impl PlanState {
    /// The state of (buurt, wijkverband) rows: wijkverbanden in order of first appearance, unlocked.
    pub fn from_rows(mut toewijzing: Vec<(String, String)>) -> PlanState {
        toewijzing.sort();
        let mut wijkverbanden: Vec<WijkverbandState> = Vec::new();
        for (_, w) in &toewijzing {
            if !wijkverbanden.iter().any(|x| &x.naam == w) {
                wijkverbanden.push(WijkverbandState { naam: w.clone(), vergrendeld: false });
            }
        }
        PlanState { toewijzing, wijkverbanden }
    }

    /// The names of the wijkverbanden in order.
    pub fn names(&self) -> Vec<String> {
        self.wijkverbanden.iter().map(|w| w.naam.clone()).collect()
    }

    fn find(&self, naam: &str) -> Option<usize> {
        self.wijkverbanden.iter().position(|w| w.naam == naam)
    }

    fn existing(&self, naam: &str) -> Result<usize, EditError> {
        self.find(naam).ok_or_else(|| EditError(format!("Er is geen wijkverband '{naam}'.")))
    }

    fn unlocked(&self, naam: &str) -> Result<usize, EditError> {
        let d = self.existing(naam)?;
        if self.wijkverbanden[d].vergrendeld {
            return Err(EditError(format!("Wijkverband '{naam}' is vergrendeld; ontgrendel het eerst.")));
        }
        Ok(d)
    }

    fn fresh_name(&self, naam: &str) -> Result<String, EditError> {
        let naam = naam.trim();
        if naam.is_empty() || naam.chars().count() > MAX_NAME {
            return Err(EditError(format!("Geef een naam van 1 tot {MAX_NAME} tekens.")));
        }
        if self.find(naam).is_some() {
            return Err(EditError(format!("Er is al een wijkverband '{naam}'.")));
        }
        Ok(naam.to_string())
    }

    /// Applies an edit. Returns what changed in words, or `None` when nothing did.
    pub fn apply(&mut self, edit: &Edit) -> Result<Option<String>, EditError> {
        match edit {
            Edit::Assign { buurten, wijkverband } => self.assign(buurten, wijkverband),
            Edit::Rename { van, naar } => {
                let d = self.existing(van)?;
                let naar = self.fresh_name(naar)?;
                for row in self.toewijzing.iter_mut().filter(|r| &r.1 == van) {
                    row.1 = naar.clone();
                }
                self.wijkverbanden[d].naam = naar.clone();
                Ok(Some(format!("{van} hernoemd tot {naar}")))
            }
            Edit::Add { naam } => {
                let naam = self.fresh_name(naam)?;
                self.wijkverbanden.push(WijkverbandState { naam: naam.clone(), vergrendeld: false });
                Ok(Some(format!("wijkverband {naam} toegevoegd")))
            }
            Edit::Remove { naam, naar } => {
                let d = self.unlocked(naam)?;
                let count = self.toewijzing.iter().filter(|r| &r.1 == naam).count();
                let target = match naar {
                    Some(t) if t == naam => {
                        return Err(EditError("Kies een ander wijkverband voor de buurten.".into()));
                    }
                    Some(t) => Some(self.unlocked(t).map(|_| t.clone())?),
                    None if count > 0 => {
                        return Err(EditError(format!(
                            "'{naam}' heeft {count} buurten: kies het wijkverband waar ze naartoe gaan."
                        )));
                    }
                    None => None,
                };
                if let Some(t) = &target {
                    for row in self.toewijzing.iter_mut().filter(|r| &r.1 == naam) {
                        row.1 = t.clone();
                    }
                }
                self.wijkverbanden.remove(d);
                Ok(Some(match target {
                    Some(t) => format!("wijkverband {naam} verwijderd; {count} buurten naar {t}"),
                    None => format!("wijkverband {naam} verwijderd"),
                }))
            }
            Edit::Lock { naam, vergrendeld } => {
                let d = self.existing(naam)?;
                if self.wijkverbanden[d].vergrendeld == *vergrendeld {
                    return Ok(None);
                }
                self.wijkverbanden[d].vergrendeld = *vergrendeld;
                Ok(Some(format!("{naam} {}", if *vergrendeld { "vergrendeld" } else { "ontgrendeld" })))
            }
        }
    }

    /// Moves buurten to an existing wijkverband; a name that is not one is refused (a typo would
    /// otherwise make a new wijkverband), with the likeliest meant name. New ones come from `Add`.
    fn assign(&mut self, buurten: &[String], wijkverband: &str) -> Result<Option<String>, EditError> {
        let target = wijkverband.trim();
        if self.find(target).is_none() {
            let bedoeld = self
                .wijkverbanden
                .iter()
                .map(|w| (strsim::levenshtein(&w.naam.to_lowercase(), &target.to_lowercase()), &w.naam))
                .filter(|(d, _)| *d <= 2)
                .min()
                .map(|(_, n)| format!(" Bedoelt u '{n}'?"))
                .unwrap_or_default();
            return Err(EditError(format!(
                "Wijkverband '{target}' bestaat niet in deze indeling.{bedoeld} Kies een bestaand wijkverband, of maak eerst een nieuw met 'Nieuw wijkverband'."
            )));
        }
        self.unlocked(target)?;
        let mut rows = Vec::with_capacity(buurten.len());
        for b in buurten {
            let r = self
                .toewijzing
                .binary_search_by(|(x, _)| x.as_str().cmp(b))
                .map_err(|_| EditError(format!("Buurt {b} hoort niet bij deze indeling.")))?;
            let from = &self.toewijzing[r].1;
            if from != target {
                self.unlocked(from)?;
                rows.push(r);
            }
        }
        rows.sort_unstable();
        rows.dedup();
        if rows.is_empty() {
            return Ok(None);
        }
        for &r in &rows {
            self.toewijzing[r].1 = target.to_string();
        }
        Ok(Some(match rows.len() {
            1 => format!("{} naar {target}", self.toewijzing[rows[0]].0),
            n => format!("{n} buurten naar {target}"),
        }))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn state() -> PlanState {
        PlanState::from_rows(
            [("BU3", "B"), ("BU1", "A"), ("BU2", "A"), ("BU4", "B")]
                .iter()
                .map(|(b, w)| (b.to_string(), w.to_string()))
                .collect(),
        )
    }

    fn assign(b: &[&str], w: &str) -> Edit {
        Edit::Assign { buurten: b.iter().map(|s| s.to_string()).collect(), wijkverband: w.into() }
    }

    #[test]
    fn assigning_moves_buurten_to_existing_wijkverbanden_only() {
        let mut s = state();
        assert_eq!(s.names(), ["A", "B"]);
        // A name that is no wijkverband is refused, with the likeliest meant one; nothing changes.
        let before = s.clone();
        let e = s.apply(&assign(&["BU1"], "Bb")).unwrap_err();
        assert!(e.0.contains("'Bb' bestaat niet") && e.0.contains("Bedoelt u 'B'?"), "{}", e.0);
        assert_eq!(s, before);
        s.apply(&Edit::Add { naam: "C".into() }).unwrap();
        assert_eq!(s.apply(&assign(&["BU1", "BU3"], "C")).unwrap().as_deref(), Some("2 buurten naar C"));
        assert_eq!(s.names(), ["A", "B", "C"]);
        assert_eq!(s.toewijzing[0], ("BU1".into(), "C".into()));
        assert_eq!(s.apply(&assign(&["BU1"], "C")).unwrap(), None, "nothing changes");
        let err = s.apply(&assign(&["BU9"], "A")).unwrap_err();
        assert!(err.0.contains("BU9"));
    }

    #[test]
    fn locks_keep_buurten_in_and_out() {
        let mut s = state();
        s.apply(&Edit::Lock { naam: "A".into(), vergrendeld: true }).unwrap();
        let before = s.clone();
        assert!(s.apply(&assign(&["BU1"], "B")).unwrap_err().0.contains("vergrendeld"));
        assert!(s.apply(&assign(&["BU3"], "A")).unwrap_err().0.contains("vergrendeld"));
        assert!(s.apply(&Edit::Remove { naam: "A".into(), naar: Some("B".into()) }).is_err());
        assert_eq!(s, before, "a refused edit changes nothing");
        s.apply(&Edit::Lock { naam: "A".into(), vergrendeld: false }).unwrap();
        assert!(s.apply(&assign(&["BU1"], "B")).is_ok());
    }

    #[test]
    fn rename_add_remove() {
        let mut s = state();
        s.apply(&Edit::Rename { van: "A".into(), naar: "Noord".into() }).unwrap();
        assert_eq!(s.toewijzing[0].1, "Noord");
        assert!(s.apply(&Edit::Rename { van: "B".into(), naar: "Noord".into() }).is_err(), "names stay unique");
        s.apply(&Edit::Add { naam: "Leeg".into() }).unwrap();
        assert_eq!(s.names(), ["Noord", "B", "Leeg"]);
        assert!(s.apply(&Edit::Remove { naam: "B".into(), naar: None }).unwrap_err().0.contains("2 buurten"));
        s.apply(&Edit::Remove { naam: "B".into(), naar: Some("Leeg".into()) }).unwrap();
        assert_eq!(s.names(), ["Noord", "Leeg"]);
        assert_eq!(s.toewijzing.iter().filter(|r| r.1 == "Leeg").count(), 2);
        assert!(s.apply(&Edit::Add { naam: " ".into() }).is_err());
    }

    fn edits() -> impl Strategy<Value = Vec<Edit>> {
        let name = prop::sample::select(vec!["A", "B", "C", "D"]).prop_map(String::from);
        let buurt = prop::sample::select(vec!["BU1", "BU2", "BU3", "BU4"]).prop_map(String::from);
        let edit = prop_oneof![
            (prop::collection::vec(buurt, 1..4), name.clone())
                .prop_map(|(buurten, wijkverband)| Edit::Assign { buurten, wijkverband }),
            (name.clone(), name.clone()).prop_map(|(van, naar)| Edit::Rename { van, naar }),
            name.clone().prop_map(|naam| Edit::Add { naam }),
            (name.clone(), prop::option::of(name.clone())).prop_map(|(naam, naar)| Edit::Remove { naam, naar }),
            (name, any::<bool>()).prop_map(|(naam, vergrendeld)| Edit::Lock { naam, vergrendeld }),
        ];
        prop::collection::vec(edit, 0..30)
    }

    proptest! {
        /// Whatever is asked, every buurt stays in exactly one listed wijkverband, names stay
        /// unique, locked wijkverbanden keep their buurten, and refused edits change nothing.
        #[test]
        fn edits_keep_the_plan_whole(edits in edits()) {
            let mut s = state();
            for e in &edits {
                let before = s.clone();
                match s.apply(e) {
                    Err(_) | Ok(None) => prop_assert_eq!(&s, &before),
                    Ok(Some(_)) => {
                        for w in before.wijkverbanden.iter().filter(|w| w.vergrendeld) {
                            let of = |p: &PlanState| p.toewijzing.iter().filter(|r| r.1 == w.naam).map(|r| r.0.clone()).collect::<Vec<_>>();
                            if s.find(&w.naam).is_some() {
                                prop_assert_eq!(of(&s), of(&before));
                            }
                        }
                    }
                }
                let codes: Vec<_> = s.toewijzing.iter().map(|r| r.0.as_str()).collect();
                prop_assert_eq!(codes, ["BU1", "BU2", "BU3", "BU4"]);
                for (_, w) in &s.toewijzing {
                    prop_assert!(s.find(w).is_some(), "{} is listed", w);
                }
                let mut names = s.names();
                names.sort();
                names.dedup();
                prop_assert_eq!(names.len(), s.wijkverbanden.len());
            }
        }
    }
}
