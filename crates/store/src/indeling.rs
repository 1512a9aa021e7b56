//! Stored wijkindelingen (plans): the current state in tables a query can
//! join, and every accepted edit as a version, for undo, redo and history.
//! A plan is known by its region and name (`''` for a plan without region):
//! names are unique per region only.

use sqlx::{AnyConnection, AssertSqlSafe, Row};
use wv_core::indeling::{PlanState, WijkverbandState};

use crate::import::now;
use crate::{Backend, Store, StoreError, placeholders};

/// A stored plan as listed: its name, its region (none for a plan of no region) and how it was
/// made (leeg, gemeente, wijk, voorstel, upload, …).
#[derive(Debug, Clone, PartialEq)]
pub struct PlanNaam {
    pub naam: String,
    pub regio: Option<String>,
    pub bron: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoredPlan {
    pub naam: String,
    pub regio: Option<String>,
    pub jaar: i32,
    pub bron: String,
    /// The population floor and ceiling the plan is judged by.
    pub ondergrens: Option<f64>,
    pub plafond: Option<f64>,
    /// Exceptions to the rules (`wv_core::indeling::Uitzondering` in text form).
    pub uitzonderingen: Vec<String>,
    pub staat: PlanState,
    /// The current version (1 when made).
    pub versie: i64,
}

/// One version in a plan's history.
#[derive(Debug, Clone, PartialEq)]
pub struct Versie {
    pub versie: i64,
    pub wijziging: String,
    /// The name of who made it (gone when that account is deleted).
    pub door: Option<String>,
    /// Seconds since 1970.
    pub tijd: i64,
}

/// Where a plan's current version stands among the others: see [`Store::plan_and_place`].
#[derive(Debug, Clone, PartialEq)]
pub struct VersiePlaats {
    pub wijziging: String,
    /// The name of who made it (gone when that account is deleted).
    pub door: Option<String>,
    /// Whether the history holds a version before it (undo is possible), and one after it
    /// (undone, so redo is possible).
    pub eerder: bool,
    pub later: bool,
}

/// The stored key of a plan's region ('' for none).
fn key(regio: Option<&str>) -> &str {
    regio.unwrap_or("")
}

impl StoredPlan {
    /// A new plan from (buurt, wijkverband) rows.
    pub fn new(naam: &str, regio: Option<&str>, jaar: i32, bron: &str, rows: Vec<(String, String)>) -> StoredPlan {
        StoredPlan {
            naam: naam.to_string(),
            regio: regio.map(String::from),
            jaar,
            bron: bron.to_string(),
            ondergrens: None,
            plafond: None,
            uitzonderingen: Vec::new(),
            staat: PlanState::from_rows(rows),
            versie: 1,
        }
    }
}

/// What an edit of a stored plan did.
pub enum Edited<E> {
    /// Saved as a new version (the plan as it is now), with what changed in words.
    Saved(StoredPlan, String),
    /// Nothing changed; nothing saved.
    Unchanged(StoredPlan),
    /// The edit was refused; nothing saved.
    Refused(E),
}

impl Store {
    /// Saves a new plan under its name as version 1, replacing one of the same
    /// name with its history (returns whether it existed).
    pub async fn save_plan(&self, plan: &StoredPlan, door: Option<&str>) -> Result<bool, StoreError> {
        let mut tx = self.write().await?;
        let regio = key(plan.regio.as_deref());
        for table in ["indeling_buurt", "indeling_wijkverband", "indeling_versie"] {
            sqlx::query(AssertSqlSafe(format!("DELETE FROM {table} WHERE regio = $1 AND indeling = $2")))
                .bind(regio)
                .bind(&plan.naam)
                .execute(&mut *tx)
                .await?;
        }
        let existed = sqlx::query("DELETE FROM indeling WHERE regio = $1 AND naam = $2")
            .bind(regio)
            .bind(&plan.naam)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            > 0;
        sqlx::query(
            "INSERT INTO indeling (naam, regio, jaar, bron, aangemaakt, ondergrens, plafond, uitzonderingen, versie) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1)",
        )
        .bind(&plan.naam)
        .bind(regio)
        .bind(i64::from(plan.jaar))
        .bind(&plan.bron)
        .bind(now())
        .bind(plan.ondergrens)
        .bind(plan.plafond)
        .bind(plan.uitzonderingen.join("\n"))
        .persistent(self.backend == Backend::Sqlite)
        .execute(&mut *tx)
        .await?;
        let mut plan = plan.clone();
        plan.versie = 0;
        let revisie =
            write_version(&mut tx, self.backend, &plan, None, &format!("gemaakt ({})", plan.bron), door).await?;
        crate::regio::touch(&mut tx, regio).await?;
        tx.commit().await?;
        self.plans.put(regio, &plan.naam, revisie, &plan.staat);
        Ok(existed)
    }

    pub async fn plan(&self, regio: Option<&str>, naam: &str) -> Result<StoredPlan, StoreError> {
        Ok(self.plan_and_place(regio, naam).await?.0)
    }

    /// A plan, and where its current version stands in its history (none for a plan without).
    pub async fn plan_and_place(
        &self,
        regio: Option<&str>,
        naam: &str,
    ) -> Result<(StoredPlan, Option<VersiePlaats>), StoreError> {
        let mut conn = self.pool.acquire().await?;
        read_plan_and_place(&mut conn, &self.plans, regio, naam).await
    }

    /// The region of the plan called `naam`: the one given, or the only region with a plan of
    /// that name (the command line names plans without their region where that is clear).
    pub async fn plan_regio(&self, regio: Option<&str>, naam: &str) -> Result<Option<String>, StoreError> {
        if let Some(r) = regio {
            return Ok(Some(r.to_string()));
        }
        let regios: Vec<String> =
            sqlx::query_scalar("SELECT regio FROM indeling WHERE naam = $1").bind(naam).fetch_all(&self.pool).await?;
        match regios.as_slice() {
            [] => Err(StoreError::UnknownPlan(naam.to_string())),
            [one] => Ok((!one.is_empty()).then(|| one.clone())),
            _ => Err(StoreError::Model(format!(
                "er zijn indelingen '{naam}' in meer regio's ({}): geef --regio",
                regios
                    .iter()
                    .map(|r| if r.is_empty() { "zonder regio" } else { r.as_str() })
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }

    /// Applies `edit` to the current state of a plan in one transaction (other
    /// edits of the plan wait): a change becomes the next version and drops
    /// versions undone before it.
    pub async fn edit_plan<E>(
        &self,
        regio: Option<&str>,
        naam: &str,
        door: Option<&str>,
        edit: impl FnOnce(&mut StoredPlan) -> Result<Option<String>, E>,
    ) -> Result<Edited<E>, StoreError> {
        let mut tx = self.write().await?;
        lock_plan(&mut tx, self.backend, regio, naam).await?;
        let mut plan = read_plan(&mut tx, &self.plans, regio, naam).await?;
        let before = plan.staat.clone();
        match edit(&mut plan) {
            Err(e) => Ok(Edited::Refused(e)),
            Ok(None) => Ok(Edited::Unchanged(plan)),
            Ok(Some(wijziging)) => {
                let revisie = write_version(&mut tx, self.backend, &plan, Some(&before), &wijziging, door).await?;
                if let Some(r) = regio {
                    crate::regio::sync_wijkverbanden(&mut tx, r).await?;
                }
                tx.commit().await?;
                self.plans.put(key(regio), naam, revisie, &plan.staat);
                plan.versie += 1;
                Ok(Edited::Saved(plan, wijziging))
            }
        }
    }

    /// Goes `delta` versions back (-1, undo) or forward (+1, redo); `None` when there is none.
    pub async fn step_plan(
        &self,
        regio: Option<&str>,
        naam: &str,
        delta: i64,
    ) -> Result<Option<StoredPlan>, StoreError> {
        let mut tx = self.write().await?;
        lock_plan(&mut tx, self.backend, regio, naam).await?;
        let mut plan = read_plan(&mut tx, &self.plans, regio, naam).await?;
        let target = plan.versie + delta;
        let Some(staat) = version_state(&mut tx, regio, naam, target).await? else { return Ok(None) };
        let before = std::mem::replace(&mut plan.staat, staat.0);
        (plan.ondergrens, plan.plafond) = staat.1;
        plan.versie = target;
        let revisie = write_state(&mut tx, self.backend, &plan, Some(&before)).await?;
        if let Some(r) = regio {
            crate::regio::sync_wijkverbanden(&mut tx, r).await?;
        }
        tx.commit().await?;
        self.plans.put(key(regio), naam, revisie, &plan.staat);
        Ok(Some(plan))
    }

    /// The state of a plan at an earlier version.
    pub async fn plan_version(
        &self,
        regio: Option<&str>,
        naam: &str,
        versie: i64,
    ) -> Result<Option<StoredPlan>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let mut plan = read_plan(&mut conn, &self.plans, regio, naam).await?;
        Ok(version_state(&mut conn, regio, naam, versie).await?.map(|(staat, (lo, hi))| {
            (plan.staat, plan.ondergrens, plan.plafond, plan.versie) = (staat, lo, hi, versie);
            plan
        }))
    }

    /// A plan's history, newest first (also versions undone and not yet replaced).
    pub async fn versions(&self, regio: Option<&str>, naam: &str) -> Result<Vec<Versie>, StoreError> {
        let rows = sqlx::query(
            "SELECT v.versie, v.wijziging, g.naam, v.tijd FROM indeling_versie v LEFT JOIN gebruiker g ON g.email = v.door WHERE v.regio = $1 AND v.indeling = $2 ORDER BY v.versie DESC",
        )
        .bind(key(regio))
        .bind(naam)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(Versie {
                    versie: r.try_get("versie")?,
                    wijziging: r.try_get("wijziging")?,
                    door: r.try_get("naam")?,
                    tijd: r.try_get::<String, _>("tijd")?.parse().unwrap_or(0),
                })
            })
            .collect()
    }

    /// Deletes a plan with its history; false when there was none.
    pub async fn delete_plan(&self, regio: Option<&str>, naam: &str) -> Result<bool, StoreError> {
        let mut tx = self.write().await?;
        for table in ["indeling_buurt", "indeling_wijkverband", "indeling_versie"] {
            sqlx::query(AssertSqlSafe(format!("DELETE FROM {table} WHERE regio = $1 AND indeling = $2")))
                .bind(key(regio))
                .bind(naam)
                .execute(&mut *tx)
                .await?;
        }
        let gone = sqlx::query("DELETE FROM indeling WHERE regio = $1 AND naam = $2")
            .bind(key(regio))
            .bind(naam)
            .execute(&mut *tx)
            .await?;
        // A removed plan is no longer the region's: the actors keep the wijkverbanden they had.
        sqlx::query("DELETE FROM regio_indeling WHERE regio = $1 AND indeling = $2")
            .bind(key(regio))
            .bind(naam)
            .execute(&mut *tx)
            .await?;
        crate::regio::touch(&mut tx, key(regio)).await?;
        tx.commit().await?;
        self.plans.forget(key(regio), naam);
        Ok(gone.rows_affected() > 0)
    }

    /// The stored plans, by name: of one region, or of every region (`None`).
    pub async fn plans(&self, regio: Option<&str>) -> Result<Vec<PlanNaam>, StoreError> {
        let rows = match regio {
            Some(r) => {
                sqlx::query("SELECT naam, regio, bron FROM indeling WHERE regio = $1 ORDER BY naam")
                    .bind(r)
                    .fetch_all(&self.pool)
                    .await?
            }
            None => {
                sqlx::query("SELECT naam, regio, bron FROM indeling ORDER BY naam, regio").fetch_all(&self.pool).await?
            }
        };
        rows.into_iter()
            .map(|r| {
                let of: String = r.try_get("regio")?;
                Ok(PlanNaam {
                    naam: r.try_get("naam")?,
                    regio: (!of.is_empty()).then_some(of),
                    bron: r.try_get("bron")?,
                })
            })
            .collect()
    }
}

/// Makes concurrent edits of one plan wait for each other (SQLite has one writer anyway).
async fn lock_plan(
    conn: &mut AnyConnection,
    backend: Backend,
    regio: Option<&str>,
    naam: &str,
) -> Result<(), StoreError> {
    if backend == Backend::Postgres {
        sqlx::query("SELECT naam FROM indeling WHERE regio = $1 AND naam = $2 FOR UPDATE")
            .bind(key(regio))
            .bind(naam)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Plans read before, by region key and name, with the stamp (`revisie`) of the state they hold
/// (shared by the clones of a store).
#[derive(Default, Clone)]
pub(crate) struct PlanCache(std::sync::Arc<std::sync::Mutex<PlanMap>>);

type PlanMap = std::collections::HashMap<(String, String), (i64, PlanState)>;

impl PlanCache {
    fn get(&self, regio: &str, naam: &str, revisie: i64) -> Option<PlanState> {
        let plans = self.0.lock().expect("not poisoned");
        plans.get(&(regio.to_string(), naam.to_string())).filter(|(r, _)| *r == revisie).map(|(_, s)| s.clone())
    }

    fn put(&self, regio: &str, naam: &str, revisie: i64, staat: &PlanState) {
        self.0.lock().expect("not poisoned").insert((regio.to_string(), naam.to_string()), (revisie, staat.clone()));
    }

    fn forget(&self, regio: &str, naam: &str) {
        self.0.lock().expect("not poisoned").remove(&(regio.to_string(), naam.to_string()));
    }
}

/// A plan as stored now: its head row, and its state from the cache while the stamp matches
/// (one row read instead of one per buurt).
async fn read_plan(
    conn: &mut AnyConnection,
    cache: &PlanCache,
    regio: Option<&str>,
    naam: &str,
) -> Result<StoredPlan, StoreError> {
    Ok(read_plan_and_place(conn, cache, regio, naam).await?.0)
}

/// [`read_plan`], with the place of its version in the history from the same query.
async fn read_plan_and_place(
    conn: &mut AnyConnection,
    cache: &PlanCache,
    regio: Option<&str>,
    naam: &str,
) -> Result<(StoredPlan, Option<VersiePlaats>), StoreError> {
    let head = sqlx::query(
        "SELECT i.regio, i.jaar, i.bron, i.ondergrens, i.plafond, i.versie, i.uitzonderingen, i.revisie, v.wijziging, \
         g.naam AS door, \
         (SELECT COUNT(*) FROM indeling_versie e WHERE e.regio = i.regio AND e.indeling = i.naam AND e.versie < i.versie) AS eerder, \
         (SELECT COUNT(*) FROM indeling_versie e WHERE e.regio = i.regio AND e.indeling = i.naam AND e.versie > i.versie) AS later \
         FROM indeling i LEFT JOIN indeling_versie v ON v.regio = i.regio AND v.indeling = i.naam AND v.versie = i.versie \
         LEFT JOIN gebruiker g ON g.email = v.door WHERE i.regio = $1 AND i.naam = $2",
    )
    .bind(key(regio))
    .bind(naam)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| StoreError::UnknownPlan(naam.to_string()))?;
    let revisie: i64 = head.try_get("revisie")?;
    let staat = match cache.get(key(regio), naam, revisie) {
        Some(staat) => staat,
        None => {
            let staat = read_state(conn, regio, naam).await?;
            cache.put(key(regio), naam, revisie, &staat);
            staat
        }
    };
    let plaats = match head.try_get::<Option<String>, _>("wijziging")? {
        Some(wijziging) => Some(VersiePlaats {
            wijziging,
            door: head.try_get("door")?,
            eerder: head.try_get::<i64, _>("eerder")? > 0,
            later: head.try_get::<i64, _>("later")? > 0,
        }),
        None => None,
    };
    let plan = StoredPlan {
        naam: naam.to_string(),
        regio: Some(head.try_get::<String, _>("regio")?).filter(|r| !r.is_empty()),
        jaar: head.try_get::<i64, _>("jaar")? as i32,
        bron: head.try_get("bron")?,
        ondergrens: head.try_get("ondergrens")?,
        plafond: head.try_get("plafond")?,
        uitzonderingen: head.try_get::<String, _>("uitzonderingen")?.lines().map(String::from).collect(),
        staat,
        versie: head.try_get("versie")?,
    };
    Ok((plan, plaats))
}

/// A plan's buurten and wijkverbanden from its tables.
async fn read_state(conn: &mut AnyConnection, regio: Option<&str>, naam: &str) -> Result<PlanState, StoreError> {
    let rows =
        sqlx::query("SELECT buurt, wijkverband FROM indeling_buurt WHERE regio = $1 AND indeling = $2 ORDER BY buurt")
            .bind(key(regio))
            .bind(naam)
            .fetch_all(&mut *conn)
            .await?;
    let toewijzing: Vec<(String, String)> = rows
        .into_iter()
        .map(|r| Ok((r.try_get("buurt")?, r.try_get("wijkverband")?)))
        .collect::<Result<_, StoreError>>()?;
    let listed = sqlx::query(
        "SELECT naam, vergrendeld FROM indeling_wijkverband WHERE regio = $1 AND indeling = $2 ORDER BY volgorde",
    )
    .bind(key(regio))
    .bind(naam)
    .fetch_all(&mut *conn)
    .await?;
    let mut staat = PlanState::from_rows(toewijzing);
    if !listed.is_empty() {
        staat.wijkverbanden = listed
            .into_iter()
            .map(|r| {
                Ok(WijkverbandState { naam: r.try_get("naam")?, vergrendeld: r.try_get::<i64, _>("vergrendeld")? != 0 })
            })
            .collect::<Result<_, StoreError>>()?;
    }
    Ok(staat)
}

/// The current state into the plan's tables; returns the state's new stamp. When the plan had
/// `before`, with the same buurten and wijkverbanden, only the buurten that moved are written (a
/// stroke of the brush is one statement).
async fn write_state(
    conn: &mut AnyConnection,
    backend: Backend,
    plan: &StoredPlan,
    before: Option<&PlanState>,
) -> Result<i64, StoreError> {
    let regio = key(plan.regio.as_deref());
    // A fresh stamp: a state read before this write is not reused.
    let revisie = crate::revisie()?;
    sqlx::query(
        "UPDATE indeling SET ondergrens = $1, plafond = $2, versie = $3, revisie = $4 WHERE regio = $5 AND naam = $6",
    )
    .bind(plan.ondergrens)
    .bind(plan.plafond)
    .bind(plan.versie)
    .bind(revisie)
    .bind(regio)
    .bind(&plan.naam)
    .persistent(backend == Backend::Sqlite)
    .execute(&mut *conn)
    .await?;
    let now = &plan.staat;
    if let Some(before) = before
        && before.wijkverbanden == now.wijkverbanden
        && before.toewijzing.len() == now.toewijzing.len()
        && before.toewijzing.iter().zip(&now.toewijzing).all(|(b, n)| b.0 == n.0)
    {
        let mut moved: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
        for (b, n) in before.toewijzing.iter().zip(&now.toewijzing).filter(|(b, n)| b.1 != n.1) {
            moved.entry(n.1.as_str()).or_default().push(b.0.as_str());
        }
        for (wijkverband, buurten) in moved {
            for chunk in buurten.chunks(250) {
                let list: Vec<String> = (0..chunk.len()).map(|k| format!("${}", k + 4)).collect();
                let sql = format!(
                    "UPDATE indeling_buurt SET wijkverband = $1 WHERE regio = $2 AND indeling = $3 AND buurt IN ({})",
                    list.join(", ")
                );
                let mut q = sqlx::query(AssertSqlSafe(sql)).bind(wijkverband).bind(regio).bind(&plan.naam);
                for b in chunk {
                    q = q.bind(*b);
                }
                q.execute(&mut *conn).await?;
            }
        }
        return Ok(revisie);
    }
    for table in ["indeling_buurt", "indeling_wijkverband"] {
        sqlx::query(AssertSqlSafe(format!("DELETE FROM {table} WHERE regio = $1 AND indeling = $2")))
            .bind(regio)
            .bind(&plan.naam)
            .execute(&mut *conn)
            .await?;
    }
    for chunk in plan.staat.toewijzing.chunks(250) {
        let sql = format!(
            "INSERT INTO indeling_buurt (regio, indeling, buurt, wijkverband) VALUES {}",
            placeholders(backend, chunk.len(), 4)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql)).persistent(backend == Backend::Sqlite);
        for (b, w) in chunk {
            q = q.bind(regio).bind(&plan.naam).bind(b).bind(w);
        }
        q.execute(&mut *conn).await?;
    }
    for (k, chunk) in plan.staat.wijkverbanden.chunks(200).enumerate() {
        let sql = format!(
            "INSERT INTO indeling_wijkverband (regio, indeling, volgorde, naam, vergrendeld) VALUES {}",
            placeholders(backend, chunk.len(), 5)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql)).persistent(backend == Backend::Sqlite);
        for (j, w) in chunk.iter().enumerate() {
            q = q.bind(regio).bind(&plan.naam).bind((k * 200 + j) as i64).bind(&w.naam).bind(i64::from(w.vergrendeld));
        }
        q.execute(&mut *conn).await?;
    }
    Ok(revisie)
}

/// `plan` (at its current version) changed: store it as the next version (returns its stamp).
async fn write_version(
    conn: &mut AnyConnection,
    backend: Backend,
    plan: &StoredPlan,
    before: Option<&PlanState>,
    wijziging: &str,
    door: Option<&str>,
) -> Result<i64, StoreError> {
    let next = StoredPlan { versie: plan.versie + 1, ..plan.clone() };
    let regio = key(plan.regio.as_deref());
    sqlx::query("DELETE FROM indeling_versie WHERE regio = $1 AND indeling = $2 AND versie >= $3")
        .bind(regio)
        .bind(&plan.naam)
        .bind(next.versie)
        .execute(&mut *conn)
        .await?;
    let staat = serde_json::json!({
        "staat": next.staat,
        "ondergrens": next.ondergrens,
        "plafond": next.plafond,
    });
    sqlx::query(
        "INSERT INTO indeling_versie (regio, indeling, versie, wijziging, door, tijd, staat) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(regio)
    .bind(&plan.naam)
    .bind(next.versie)
    .bind(wijziging)
    .bind(door.map(String::from))
    .bind(now())
    .bind(staat.to_string())
    .execute(&mut *conn)
    .await?;
    write_state(conn, backend, &next, before).await
}

type Snapshot = (PlanState, (Option<f64>, Option<f64>));

async fn version_state(
    conn: &mut AnyConnection,
    regio: Option<&str>,
    naam: &str,
    versie: i64,
) -> Result<Option<Snapshot>, StoreError> {
    let row = sqlx::query("SELECT staat FROM indeling_versie WHERE regio = $1 AND indeling = $2 AND versie = $3")
        .bind(key(regio))
        .bind(naam)
        .bind(versie)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(row) = row else { return Ok(None) };
    #[derive(serde::Deserialize)]
    struct Stored {
        staat: PlanState,
        ondergrens: Option<f64>,
        plafond: Option<f64>,
    }
    let text: String = row.try_get("staat")?;
    let s: Stored = serde_json::from_str(&text)
        .map_err(|e| StoreError::Model(format!("versie {versie} van indeling '{naam}' is beschadigd: {e}")))?;
    Ok(Some((s.staat, (s.ondergrens, s.plafond))))
}

impl Store {
    /// How many plan versions an account made (for the overview of one's own data).
    pub async fn versions_by(&self, email: &str) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM indeling_versie WHERE door = $1")
            .bind(email)
            .fetch_one(&self.pool)
            .await?)
    }
}
