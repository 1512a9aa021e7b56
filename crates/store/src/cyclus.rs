//! The wijkcyclus: a region's cycles per wijkverband of its adopted indeling, with their
//! kernteam, opgaven, goals, actions and progress, and every change in a history per item.
//! Each change runs in one write transaction that first locks its cycle (`FOR UPDATE` on
//! PostgreSQL; SQLite's writer lock), checks that the cycle is still open and that the item
//! belongs to it, and is refused with a reason (`StoreError::Geweigerd`) changing nothing.

use sqlx::{AnyConnection, Row};
use wv_core::cyclus::{ActieStatus, Fase, OpgaveSoort, OpgaveStatus, Stand, afsluiten, volgende};

use crate::import::now;
use crate::{Backend, Store, StoreError};

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Cyclus {
    pub id: i64,
    pub regio: String,
    /// The adopted plan the wijkverband belongs to.
    pub indeling: String,
    pub wijkverband: String,
    pub nummer: i64,
    pub fase: Fase,
    pub begonnen: String,
    pub afgesloten: Option<String>,
    pub synthetisch: bool,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OpgaveRij {
    pub id: i64,
    /// The proposal it came from (`startfoto:…`, `wijkfoto:…`); none when added by hand.
    pub sleutel: Option<String>,
    pub soort: OpgaveSoort,
    pub titel: String,
    pub bewijs: String,
    pub bron: String,
    pub status: OpgaveStatus,
    pub rang: Option<i64>,
    pub samengevoegd_in: Option<i64>,
}

/// An opgave to store: a proposal decided on, or one added by hand.
#[derive(Debug, Clone)]
pub struct NieuweOpgave<'a> {
    pub sleutel: Option<&'a str>,
    pub soort: OpgaveSoort,
    pub titel: &'a str,
    pub bewijs: &'a str,
    pub bron: &'a str,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct DoelRij {
    pub id: i64,
    pub titel: String,
    /// Goals of the Visie eerstelijnszorg 2030 (1–6).
    pub visie: Vec<u8>,
    /// The opgaven it serves.
    pub opgaven: Vec<i64>,
    pub meting: Meting,
    pub oordeel: Option<String>,
}

/// How a goal is measured: an indicator with baseline and target, a wijkfoto measure, or not.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Meting {
    pub indicator: Option<String>,
    pub basis: Option<f64>,
    pub basis_jaar: Option<i32>,
    pub basis_bron: Option<String>,
    pub streef: Option<f64>,
    /// A wijkfoto measure in words (e.g. "alle zes paren van het vierkant verbonden").
    pub maat: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ActieRij {
    pub id: i64,
    pub cyclus: i64,
    pub doel: Option<i64>,
    pub titel: String,
    /// An actor of the sociale kaart.
    pub eigenaar: Option<String>,
    pub disciplines: Vec<String>,
    pub begin: Option<String>,
    pub eind: Option<String>,
    pub status: ActieStatus,
    pub voortgang: Vec<Voortgang>,
}

#[derive(Debug, Clone)]
pub struct NieuweActie<'a> {
    pub doel: Option<i64>,
    pub titel: &'a str,
    pub eigenaar: Option<&'a str>,
    pub disciplines: &'a [String],
    pub begin: Option<&'a str>,
    pub eind: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Voortgang {
    pub status: ActieStatus,
    pub notitie: String,
    pub datum: String,
    pub door: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Historie {
    pub item: String,
    pub wat: String,
    pub door: Option<String>,
    pub tijdstip: String,
}

/// Everything a cycle holds.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CyclusInhoud {
    pub cyclus: Cyclus,
    /// Actor ids.
    pub kernteam: Vec<String>,
    pub opgaven: Vec<OpgaveRij>,
    pub doelen: Vec<DoelRij>,
    pub acties: Vec<ActieRij>,
}

impl CyclusInhoud {
    /// What the phase rules look at, with the wijkverband's number of wijkfoto rounds.
    pub fn stand(&self, rondes: usize) -> Stand {
        Stand {
            rondes,
            aanvaarde_opgaven: self.opgaven.iter().filter(|o| o.status == OpgaveStatus::Aanvaard).count(),
            doelen: self.doelen.len(),
            doelen_zonder_oordeel: self.doelen.iter().filter(|d| d.oordeel.is_none()).count(),
            acties: self.acties.iter().map(|a| a.status).collect(),
        }
    }
}

/// A practice of the register of good collaboration practices.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Praktijk {
    pub id: i64,
    pub wijkverband: String,
    pub naam: String,
    pub beschrijving: String,
    pub disciplines: Vec<String>,
    pub actoren: String,
    pub overleg: String,
    pub datum: String,
}

const CYCLUS: &str = "id, regio, indeling, wijkverband, nummer, fase, begonnen, afgesloten, synthetisch";

fn cyclus_of(r: &sqlx::any::AnyRow) -> Result<Cyclus, StoreError> {
    let fase: String = r.try_get("fase")?;
    Ok(Cyclus {
        id: r.try_get("id")?,
        regio: r.try_get("regio")?,
        indeling: r.try_get("indeling")?,
        wijkverband: r.try_get("wijkverband")?,
        nummer: r.try_get("nummer")?,
        fase: Fase::parse(&fase).ok_or_else(|| StoreError::Model(format!("onbekende fase '{fase}'")))?,
        begonnen: r.try_get("begonnen")?,
        afgesloten: r.try_get("afgesloten")?,
        synthetisch: r.try_get::<i64, _>("synthetisch")? != 0,
    })
}

fn lijst(s: &str) -> Vec<String> {
    s.split(',').map(str::trim).filter(|t| !t.is_empty()).map(String::from).collect()
}

fn geweigerd(reden: impl Into<String>) -> StoreError {
    StoreError::Geweigerd(reden.into())
}

/// The next number from a counter of `teller`.
async fn volgend(conn: &mut AnyConnection, naam: &str) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("UPDATE teller SET waarde = waarde + 1 WHERE naam = $1 RETURNING waarde")
        .bind(naam)
        .fetch_one(&mut *conn)
        .await?)
}

impl Store {
    /// Every cycle of a region, oldest first per wijkverband.
    pub async fn cycli(&self, regio: &str) -> Result<Vec<Cyclus>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {CYCLUS} FROM cyclus WHERE regio = $1 ORDER BY indeling, wijkverband, nummer"
        )))
        .bind(regio)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(cyclus_of).collect()
    }

    pub async fn cyclus(&self, id: i64) -> Result<Option<Cyclus>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {CYCLUS} FROM cyclus WHERE id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(cyclus_of).transpose()
    }

    /// The current cycle of a wijkverband of the plan, begun (number 1, in the wijkfoto phase,
    /// on `datum`) if it has none yet.
    pub async fn begin_cyclus(
        &self,
        regio: &str,
        indeling: &str,
        wijkverband: &str,
        datum: &str,
        door: Option<&str>,
        synthetisch: bool,
    ) -> Result<Cyclus, StoreError> {
        let mut tx = self.write().await?;
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT naam FROM regio WHERE naam = $1 FOR UPDATE").bind(regio).execute(&mut *tx).await?;
        }
        if let Some(c) = huidig(&mut tx, regio, indeling, wijkverband).await? {
            return Ok(c);
        }
        let id = volgend(&mut tx, "cyclus").await?;
        sqlx::query(
            "INSERT INTO cyclus (id, regio, indeling, wijkverband, nummer, fase, begonnen, synthetisch) \
             VALUES ($1, $2, $3, $4, 1, 'wijkfoto', $5, $6)",
        )
        .bind(id)
        .bind(regio)
        .bind(indeling)
        .bind(wijkverband)
        .bind(datum)
        .bind(i64::from(synthetisch))
        .execute(&mut *tx)
        .await?;
        log(&mut tx, id, "cyclus", "begonnen (cyclus 1, fase wijkfoto)", door).await?;
        let c = huidig(&mut tx, regio, indeling, wijkverband).await?;
        tx.commit().await?;
        c.ok_or_else(|| StoreError::Model("de nieuwe cyclus is niet terug te lezen".into()))
    }

    /// Everything a cycle holds.
    pub async fn cyclus_inhoud(&self, id: i64) -> Result<Option<CyclusInhoud>, StoreError> {
        let Some(cyclus) = self.cyclus(id).await? else { return Ok(None) };
        let kernteam = sqlx::query_scalar("SELECT actor FROM kernteam WHERE cyclus = $1 ORDER BY actor")
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
        let opgaven = sqlx::query(
            "SELECT id, sleutel, soort, titel, bewijs, bron, status, rang, samengevoegd_in FROM opgave WHERE cyclus = $1 \
             ORDER BY CASE WHEN rang IS NULL THEN 1 ELSE 0 END, rang, id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            let soort: String = r.try_get("soort")?;
            let status: String = r.try_get("status")?;
            Ok(OpgaveRij {
                id: r.try_get("id")?,
                sleutel: r.try_get("sleutel")?,
                soort: OpgaveSoort::parse(&soort).unwrap_or(OpgaveSoort::Inhoudelijk),
                titel: r.try_get("titel")?,
                bewijs: r.try_get("bewijs")?,
                bron: r.try_get("bron")?,
                status: OpgaveStatus::parse(&status).unwrap_or(OpgaveStatus::Voorgesteld),
                rang: r.try_get("rang")?,
                samengevoegd_in: r.try_get("samengevoegd_in")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        let doelen = sqlx::query(
            "SELECT id, titel, visie, opgaven, indicator, basis, basis_jaar, basis_bron, streef, maat, oordeel FROM doel \
             WHERE cyclus = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(DoelRij {
                id: r.try_get("id")?,
                titel: r.try_get("titel")?,
                visie: lijst(&r.try_get::<String, _>("visie")?).iter().filter_map(|v| v.parse().ok()).collect(),
                opgaven: lijst(&r.try_get::<String, _>("opgaven")?).iter().filter_map(|v| v.parse().ok()).collect(),
                meting: Meting {
                    indicator: r.try_get("indicator")?,
                    basis: r.try_get("basis")?,
                    basis_jaar: r.try_get::<Option<i64>, _>("basis_jaar")?.map(|j| j as i32),
                    basis_bron: r.try_get("basis_bron")?,
                    streef: r.try_get("streef")?,
                    maat: r.try_get("maat")?,
                },
                oordeel: r.try_get("oordeel")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        let acties = self.acties_waar("a.cyclus = $1", id).await?;
        Ok(Some(CyclusInhoud { cyclus, kernteam, opgaven, doelen, acties }))
    }

    /// The actions of the current cycles of a region's adopted plan, by wijkverband and end date.
    pub async fn acties_van_regio(&self, regio: &str, indeling: &str) -> Result<Vec<(String, ActieRij)>, StoreError> {
        let cycli: Vec<Cyclus> = self.cycli(regio).await?;
        let mut uit = Vec::new();
        for c in huidige(&cycli, indeling) {
            for a in self.acties_waar("a.cyclus = $1", c.id).await? {
                uit.push((c.wijkverband.clone(), a));
            }
        }
        Ok(uit)
    }

    async fn acties_waar(&self, waar: &str, id: i64) -> Result<Vec<ActieRij>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT a.id, a.cyclus, a.doel, a.titel, a.eigenaar, a.disciplines, a.begin, a.eind, a.status, \
             v.status AS v_status, v.notitie, v.datum, v.door FROM actie a LEFT JOIN actie_voortgang v ON v.actie = a.id \
             WHERE {waar} ORDER BY CASE WHEN a.eind IS NULL THEN 1 ELSE 0 END, a.eind, a.id, v.volgnummer"
        )))
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let mut acties: Vec<ActieRij> = Vec::new();
        for r in &rows {
            let id: i64 = r.try_get("id")?;
            if acties.last().is_none_or(|a| a.id != id) {
                let status: String = r.try_get("status")?;
                acties.push(ActieRij {
                    id,
                    cyclus: r.try_get("cyclus")?,
                    doel: r.try_get("doel")?,
                    titel: r.try_get("titel")?,
                    eigenaar: r.try_get("eigenaar")?,
                    disciplines: lijst(&r.try_get::<String, _>("disciplines")?),
                    begin: r.try_get("begin")?,
                    eind: r.try_get("eind")?,
                    status: ActieStatus::parse(&status).unwrap_or(ActieStatus::Gepland),
                    voortgang: Vec::new(),
                });
            }
            if let Some(s) = r.try_get::<Option<String>, _>("v_status")? {
                let v = Voortgang {
                    status: ActieStatus::parse(&s).unwrap_or(ActieStatus::Gepland),
                    notitie: r.try_get("notitie")?,
                    datum: r.try_get("datum")?,
                    door: r.try_get("door")?,
                };
                if let Some(a) = acties.last_mut() {
                    a.voortgang.push(v);
                }
            }
        }
        Ok(acties)
    }

    /// The history of a cycle, oldest first.
    pub async fn cyclus_historie(&self, id: i64) -> Result<Vec<Historie>, StoreError> {
        sqlx::query("SELECT item, wat, door, tijdstip FROM cyclus_historie WHERE cyclus = $1 ORDER BY volgnummer")
            .bind(id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(Historie {
                    item: r.try_get("item")?,
                    wat: r.try_get("wat")?,
                    door: r.try_get("door")?,
                    tijdstip: r.try_get("tijdstip")?,
                })
            })
            .collect()
    }

    /// Moves a cycle from phase `van` to the next, if its content allows (the rules of
    /// `wv_core::cyclus::volgende`).
    pub async fn volgende_fase(&self, id: i64, van: Fase, door: Option<&str>) -> Result<Fase, StoreError> {
        let mut tx = self.write().await?;
        let c = open(&mut tx, self.backend, id).await?;
        if c.fase != van {
            return Err(geweigerd(format!(
                "De cyclus is intussen in de fase {}; bekijk de pagina opnieuw.",
                c.fase.as_str()
            )));
        }
        let stand = stand(&mut tx, &c).await?;
        let naar = volgende(c.fase, &stand).map_err(geweigerd)?;
        sqlx::query("UPDATE cyclus SET fase = $1 WHERE id = $2").bind(naar.as_str()).bind(id).execute(&mut *tx).await?;
        log(&mut tx, id, "fase", &format!("{} → {}", van.as_str(), naar.as_str()), door).await?;
        tx.commit().await?;
        Ok(naar)
    }

    /// Closes a cycle's evaluation on `datum` and begins the next cycle of its wijkverband in
    /// the wijkfoto phase, with the same kernteam; returns the new cycle's id.
    pub async fn sluit_cyclus(&self, id: i64, datum: &str, door: Option<&str>) -> Result<i64, StoreError> {
        let mut tx = self.write().await?;
        let c = open(&mut tx, self.backend, id).await?;
        let stand = stand(&mut tx, &c).await?;
        afsluiten(c.fase, &stand).map_err(geweigerd)?;
        sqlx::query("UPDATE cyclus SET afgesloten = $1 WHERE id = $2").bind(datum).bind(id).execute(&mut *tx).await?;
        log(&mut tx, id, "cyclus", "evaluatie afgesloten", door).await?;
        let nieuw = volgend(&mut tx, "cyclus").await?;
        sqlx::query(
            "INSERT INTO cyclus (id, regio, indeling, wijkverband, nummer, fase, begonnen, synthetisch) \
             SELECT $1, regio, indeling, wijkverband, nummer + 1, 'wijkfoto', $2, synthetisch FROM cyclus WHERE id = $3",
        )
        .bind(nieuw)
        .bind(datum)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO kernteam (cyclus, actor) SELECT $1, actor FROM kernteam WHERE cyclus = $2")
            .bind(nieuw)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        log(&mut tx, nieuw, "cyclus", &format!("begonnen (cyclus {}, na de evaluatie)", c.nummer + 1), door).await?;
        tx.commit().await?;
        Ok(nieuw)
    }

    /// Sets the kernteam: actors of the region's sociale kaart.
    pub async fn set_kernteam(&self, id: i64, actoren: &[String], door: Option<&str>) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        let c = open(&mut tx, self.backend, id).await?;
        for a in actoren {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM actor WHERE regio = $1 AND id = $2")
                .bind(&c.regio)
                .bind(a)
                .fetch_one(&mut *tx)
                .await?;
            if n == 0 {
                return Err(geweigerd(format!("'{a}' staat niet op de sociale kaart van deze regio.")));
            }
        }
        sqlx::query("DELETE FROM kernteam WHERE cyclus = $1").bind(id).execute(&mut *tx).await?;
        for a in actoren {
            sqlx::query("INSERT INTO kernteam (cyclus, actor) VALUES ($1, $2)")
                .bind(id)
                .bind(a)
                .execute(&mut *tx)
                .await?;
        }
        log(&mut tx, id, "kernteam", &format!("{} leden", actoren.len()), door).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores an opgave with a status: a proposal decided on (its key: deciding again changes
    /// the status) or one added by hand. Returns its id.
    pub async fn save_opgave(
        &self,
        id: i64,
        o: &NieuweOpgave<'_>,
        status: OpgaveStatus,
        door: Option<&str>,
    ) -> Result<i64, StoreError> {
        let mut tx = self.write().await?;
        open(&mut tx, self.backend, id).await?;
        let bestaand: Option<i64> = match o.sleutel {
            Some(s) => {
                sqlx::query_scalar("SELECT id FROM opgave WHERE cyclus = $1 AND sleutel = $2")
                    .bind(id)
                    .bind(s)
                    .fetch_optional(&mut *tx)
                    .await?
            }
            None => None,
        };
        let opgave = match bestaand {
            Some(o) => {
                sqlx::query("UPDATE opgave SET status = $1 WHERE id = $2")
                    .bind(status.as_str())
                    .bind(o)
                    .execute(&mut *tx)
                    .await?;
                o
            }
            None => {
                let n = volgend(&mut tx, "opgave").await?;
                sqlx::query(
                    "INSERT INTO opgave (id, cyclus, sleutel, soort, titel, bewijs, bron, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(n)
                .bind(id)
                .bind(o.sleutel)
                .bind(o.soort.as_str())
                .bind(o.titel)
                .bind(o.bewijs)
                .bind(o.bron)
                .bind(status.as_str())
                .execute(&mut *tx)
                .await?;
                n
            }
        };
        log(&mut tx, id, &format!("opgave {opgave}"), &format!("{}: {}", status.as_str(), o.titel), door).await?;
        tx.commit().await?;
        Ok(opgave)
    }

    /// Changes the status of a stored opgave of the cycle.
    pub async fn set_opgave_status(
        &self,
        id: i64,
        opgave: i64,
        status: OpgaveStatus,
        door: Option<&str>,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        open(&mut tx, self.backend, id).await?;
        let n = sqlx::query("UPDATE opgave SET status = $1, samengevoegd_in = NULL WHERE cyclus = $2 AND id = $3")
            .bind(status.as_str())
            .bind(id)
            .bind(opgave)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(geweigerd("Deze opgave hoort niet bij deze cyclus."));
        }
        log(&mut tx, id, &format!("opgave {opgave}"), status.as_str(), door).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Merges opgaven into one (`in`, which becomes accepted and carries their evidence).
    pub async fn merge_opgaven(
        &self,
        id: i64,
        into: i64,
        andere: &[i64],
        door: Option<&str>,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        open(&mut tx, self.backend, id).await?;
        let mut bewijs: Vec<String> = Vec::new();
        for o in std::iter::once(&into).chain(andere) {
            let b: Option<String> = sqlx::query_scalar("SELECT bewijs FROM opgave WHERE cyclus = $1 AND id = $2")
                .bind(id)
                .bind(*o)
                .fetch_optional(&mut *tx)
                .await?;
            bewijs.push(b.ok_or_else(|| geweigerd(format!("Opgave {o} hoort niet bij deze cyclus.")))?);
        }
        if andere.is_empty() || andere.contains(&into) {
            return Err(geweigerd("Kies twee of meer verschillende opgaven om samen te voegen."));
        }
        sqlx::query("UPDATE opgave SET status = 'aanvaard', bewijs = $1 WHERE id = $2")
            .bind(bewijs.join("\n"))
            .bind(into)
            .execute(&mut *tx)
            .await?;
        for o in andere {
            sqlx::query("UPDATE opgave SET status = 'samengevoegd', samengevoegd_in = $1 WHERE id = $2")
                .bind(into)
                .bind(*o)
                .execute(&mut *tx)
                .await?;
        }
        let namen = andere.iter().map(|o| o.to_string()).collect::<Vec<_>>().join(", ");
        log(&mut tx, id, &format!("opgave {into}"), &format!("samengevoegd met {namen}"), door).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Ranks the cycle's opgaven: `volgorde` first to last; the others lose their rank.
    pub async fn rank_opgaven(&self, id: i64, volgorde: &[i64], door: Option<&str>) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        open(&mut tx, self.backend, id).await?;
        sqlx::query("UPDATE opgave SET rang = NULL WHERE cyclus = $1").bind(id).execute(&mut *tx).await?;
        for (i, o) in volgorde.iter().enumerate() {
            let n = sqlx::query("UPDATE opgave SET rang = $1 WHERE cyclus = $2 AND id = $3")
                .bind(i as i64 + 1)
                .bind(id)
                .bind(*o)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n == 0 {
                return Err(geweigerd(format!("Opgave {o} hoort niet bij deze cyclus.")));
            }
        }
        log(&mut tx, id, "opgaven", "volgorde gewijzigd", door).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds a goal to the wijkplan; its opgaven must be accepted opgaven of the cycle.
    pub async fn add_doel(
        &self,
        id: i64,
        titel: &str,
        visie: &[u8],
        opgaven: &[i64],
        meting: &Meting,
        door: Option<&str>,
    ) -> Result<i64, StoreError> {
        let mut tx = self.write().await?;
        open(&mut tx, self.backend, id).await?;
        for o in opgaven {
            let s: Option<String> = sqlx::query_scalar("SELECT status FROM opgave WHERE cyclus = $1 AND id = $2")
                .bind(id)
                .bind(*o)
                .fetch_optional(&mut *tx)
                .await?;
            if s.as_deref() != Some(OpgaveStatus::Aanvaard.as_str()) {
                return Err(geweigerd(format!("Opgave {o} is geen aanvaarde opgave van deze cyclus.")));
            }
        }
        let n = volgend(&mut tx, "doel").await?;
        let join = |v: &mut dyn Iterator<Item = String>| v.collect::<Vec<_>>().join(",");
        sqlx::query(
            "INSERT INTO doel (id, cyclus, titel, visie, opgaven, indicator, basis, basis_jaar, basis_bron, streef, maat) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(n)
        .bind(id)
        .bind(titel)
        .bind(join(&mut visie.iter().map(u8::to_string)))
        .bind(join(&mut opgaven.iter().map(i64::to_string)))
        .bind(meting.indicator.as_deref())
        .bind(meting.basis)
        .bind(meting.basis_jaar.map(i64::from))
        .bind(meting.basis_bron.as_deref())
        .bind(meting.streef)
        .bind(meting.maat.as_deref())
        .execute(&mut *tx)
        .await?;
        log(&mut tx, id, &format!("doel {n}"), &format!("toegevoegd: {titel}"), door).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// The kernteam's judgement of a goal, in words (empty: none yet).
    pub async fn set_oordeel(&self, id: i64, doel: i64, oordeel: &str, door: Option<&str>) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        open(&mut tx, self.backend, id).await?;
        let oordeel = Some(oordeel.trim()).filter(|o| !o.is_empty());
        let n = sqlx::query("UPDATE doel SET oordeel = $1 WHERE cyclus = $2 AND id = $3")
            .bind(oordeel)
            .bind(id)
            .bind(doel)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(geweigerd("Dit doel hoort niet bij deze cyclus."));
        }
        log(&mut tx, id, &format!("doel {doel}"), "oordeel", door).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds an action (planned) to the wijkplan; its owner must be on the region's sociale
    /// kaart, its goal a goal of the cycle.
    pub async fn add_actie(&self, id: i64, a: &NieuweActie<'_>, door: Option<&str>) -> Result<i64, StoreError> {
        let mut tx = self.write().await?;
        let c = open(&mut tx, self.backend, id).await?;
        if let Some(e) = a.eigenaar {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM actor WHERE regio = $1 AND id = $2")
                .bind(&c.regio)
                .bind(e)
                .fetch_one(&mut *tx)
                .await?;
            if n == 0 {
                return Err(geweigerd("De eigenaar staat niet op de sociale kaart van deze regio."));
            }
        }
        if let Some(d) = a.doel {
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM doel WHERE cyclus = $1 AND id = $2")
                .bind(id)
                .bind(d)
                .fetch_one(&mut *tx)
                .await?;
            if n == 0 {
                return Err(geweigerd("Dit doel hoort niet bij deze cyclus."));
            }
        }
        if let (Some(b), Some(e)) = (a.begin, a.eind)
            && e < b
        {
            return Err(geweigerd(format!("De einddatum ({e}) ligt voor de begindatum ({b}).")));
        }
        let n = volgend(&mut tx, "actie").await?;
        sqlx::query(
            "INSERT INTO actie (id, cyclus, doel, titel, eigenaar, disciplines, begin, eind, status) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'gepland')",
        )
        .bind(n)
        .bind(id)
        .bind(a.doel)
        .bind(a.titel)
        .bind(a.eigenaar)
        .bind(a.disciplines.join(","))
        .bind(a.begin)
        .bind(a.eind)
        .execute(&mut *tx)
        .await?;
        log(&mut tx, id, &format!("actie {n}"), &format!("toegevoegd: {}", a.titel), door).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// A status update of an action with a dated note.
    pub async fn update_actie(
        &self,
        id: i64,
        actie: i64,
        status: ActieStatus,
        notitie: &str,
        datum: &str,
        door: Option<&str>,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        open(&mut tx, self.backend, id).await?;
        let n = sqlx::query("UPDATE actie SET status = $1 WHERE cyclus = $2 AND id = $3")
            .bind(status.as_str())
            .bind(id)
            .bind(actie)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(geweigerd("Deze actie hoort niet bij deze cyclus."));
        }
        let volgnummer: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(volgnummer), 0) + 1 FROM actie_voortgang WHERE actie = $1")
                .bind(actie)
                .fetch_one(&mut *tx)
                .await?;
        sqlx::query("INSERT INTO actie_voortgang (actie, volgnummer, status, notitie, datum, door) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(actie)
            .bind(volgnummer)
            .bind(status.as_str())
            .bind(notitie.trim())
            .bind(datum)
            .bind(door)
            .execute(&mut *tx)
            .await?;
        log(&mut tx, id, &format!("actie {actie}"), status.as_str(), door).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds a practice to the region's register of good practices.
    pub async fn add_praktijk(&self, regio: &str, p: &Praktijk, door: Option<&str>) -> Result<i64, StoreError> {
        let mut tx = self.write().await?;
        let n = volgend(&mut tx, "praktijk").await?;
        sqlx::query(
            "INSERT INTO goede_praktijk (id, regio, wijkverband, naam, beschrijving, disciplines, actoren, overleg, door, datum) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(n)
        .bind(regio)
        .bind(&p.wijkverband)
        .bind(&p.naam)
        .bind(&p.beschrijving)
        .bind(p.disciplines.join(","))
        .bind(&p.actoren)
        .bind(&p.overleg)
        .bind(door)
        .bind(&p.datum)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(n)
    }

    /// The register of good practices of a region, by wijkverband.
    pub async fn praktijken(&self, regio: &str) -> Result<Vec<Praktijk>, StoreError> {
        sqlx::query(
            "SELECT id, wijkverband, naam, beschrijving, disciplines, actoren, overleg, datum FROM goede_praktijk \
             WHERE regio = $1 ORDER BY wijkverband, id",
        )
        .bind(regio)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(Praktijk {
                id: r.try_get("id")?,
                wijkverband: r.try_get("wijkverband")?,
                naam: r.try_get("naam")?,
                beschrijving: r.try_get("beschrijving")?,
                disciplines: lijst(&r.try_get::<String, _>("disciplines")?),
                actoren: r.try_get("actoren")?,
                overleg: r.try_get("overleg")?,
                datum: r.try_get("datum")?,
            })
        })
        .collect()
    }
}

/// The current (highest-numbered) cycle of each wijkverband of a plan.
pub fn huidige<'a>(cycli: &'a [Cyclus], indeling: &str) -> Vec<&'a Cyclus> {
    let mut uit: Vec<&Cyclus> = Vec::new();
    for c in cycli.iter().filter(|c| c.indeling == indeling) {
        match uit.last_mut() {
            Some(l) if l.wijkverband == c.wijkverband => {
                if c.nummer > l.nummer {
                    *l = c;
                }
            }
            _ => uit.push(c),
        }
    }
    uit
}

/// The highest-numbered cycle of a wijkverband of a plan.
async fn huidig(
    conn: &mut AnyConnection,
    regio: &str,
    indeling: &str,
    wijkverband: &str,
) -> Result<Option<Cyclus>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {CYCLUS} FROM cyclus WHERE regio = $1 AND indeling = $2 AND wijkverband = $3 ORDER BY nummer DESC LIMIT 1"
    )))
    .bind(regio)
    .bind(indeling)
    .bind(wijkverband)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(cyclus_of).transpose()
}

/// The cycle, locked for the transaction, if it is still open.
async fn open(conn: &mut AnyConnection, backend: Backend, id: i64) -> Result<Cyclus, StoreError> {
    let lock = if backend == Backend::Postgres { " FOR UPDATE" } else { "" };
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {CYCLUS} FROM cyclus WHERE id = $1{lock}")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    let c = row.as_ref().map(cyclus_of).transpose()?.ok_or_else(|| geweigerd("Deze cyclus bestaat niet."))?;
    if let Some(d) = &c.afgesloten {
        return Err(geweigerd(format!("Cyclus {} is op {d} afgesloten en blijft zoals hij was.", c.nummer)));
    }
    Ok(c)
}

/// What the rules look at, read in the transaction.
async fn stand(conn: &mut AnyConnection, c: &Cyclus) -> Result<Stand, StoreError> {
    let rondes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ronde WHERE regio = $1 AND wijkverband = $2")
        .bind(&c.regio)
        .bind(&c.wijkverband)
        .fetch_one(&mut *conn)
        .await?;
    let aanvaard = tel(conn, "SELECT COUNT(*) FROM opgave WHERE cyclus = $1 AND status = 'aanvaard'", c.id).await?;
    let doelen = tel(conn, "SELECT COUNT(*) FROM doel WHERE cyclus = $1", c.id).await?;
    let zonder = tel(conn, "SELECT COUNT(*) FROM doel WHERE cyclus = $1 AND oordeel IS NULL", c.id).await?;
    let statussen: Vec<String> =
        sqlx::query_scalar("SELECT status FROM actie WHERE cyclus = $1").bind(c.id).fetch_all(&mut *conn).await?;
    Ok(Stand {
        rondes: rondes as usize,
        aanvaarde_opgaven: aanvaard,
        doelen,
        doelen_zonder_oordeel: zonder,
        acties: statussen.iter().filter_map(|s| ActieStatus::parse(s)).collect(),
    })
}

async fn tel(conn: &mut AnyConnection, sql: &'static str, id: i64) -> Result<usize, StoreError> {
    Ok(sqlx::query_scalar::<_, i64>(sql).bind(id).fetch_one(&mut *conn).await? as usize)
}

/// One line of a cycle's history.
async fn log(conn: &mut AnyConnection, id: i64, item: &str, wat: &str, door: Option<&str>) -> Result<(), StoreError> {
    let volgnummer: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(volgnummer), 0) + 1 FROM cyclus_historie WHERE cyclus = $1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
    sqlx::query(
        "INSERT INTO cyclus_historie (cyclus, volgnummer, item, wat, door, tijdstip) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(volgnummer)
    .bind(item)
    .bind(wat)
    .bind(door)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}
