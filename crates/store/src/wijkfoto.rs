//! Wijkfoto rounds: respondents with personal links, their answers, closing,
//! and the round as the analysis needs it.
//!
//! A link's token is stored only as its SHA-256 hash. A respondent claims their
//! link with a code of their own (stored as an argon2id hash by the caller);
//! answers exist only for claimed respondents, so whoever hands out the links
//! cannot open the answers behind them.

use sha2::{Digest, Sha256};
use sqlx::Row;
use wv_core::netwerk::{Actor, Antwoord, Discipline, Wijkfoto};

use crate::{Store, StoreError};

/// A round as the coordinator sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Ronde {
    pub id: i64,
    pub regio: String,
    pub wijkverband: String,
    pub datum: String,
    pub gesloten: bool,
    pub synthetisch: bool,
    pub respons: wv_core::netwerk::Respons,
    /// The fewest respondents an aggregate of ratings shows (at least 3).
    pub minimum: usize,
    /// The date (YYYY-MM-DD) after which the answers and links are removed.
    pub bewaren_tot: Option<String>,
    /// When they were removed.
    pub opgeschoond: Option<String>,
}

/// What opening a round takes.
#[derive(Debug, Clone, PartialEq)]
pub struct NieuweRonde<'a> {
    pub regio: &'a str,
    pub wijkverband: &'a str,
    pub datum: &'a str,
    pub synthetisch: bool,
    pub minimum: usize,
    pub bewaren_tot: Option<&'a str>,
}

pub use wv_core::netwerk::MINIMUM;

/// One invited actor of a round, for the coordinator's list (no links: those are shown once,
/// when made).
#[derive(Debug, Clone, PartialEq)]
pub struct Respondent {
    pub actor: String,
    /// The respondent has protected their link with a code of their own.
    pub geclaimd: bool,
    pub ingediend: bool,
    /// When last reminded (YYYY-MM-DD).
    pub herinnerd: Option<String>,
    /// A fotograaf entered the answers in an interview: the professional's own link comes from them.
    pub via_fotograaf: bool,
}

/// One respondent's answer, by actor ids.
#[derive(Debug, Clone, PartialEq)]
pub struct AntwoordRij {
    /// The actor worked with (ignored when `nieuw` names someone not on the sociale kaart).
    pub naar: String,
    pub doel: String,
    pub vorm: String,
    pub per_jaar: u16,
    pub scores: [Option<u8>; 5],
    /// Someone not on the sociale kaart yet (name, discipline): added to it, in the round's
    /// wijkverband, in the same transaction as the answers.
    pub nieuw: Option<(String, Discipline)>,
}

impl AntwoordRij {
    /// The answers respondent `van` gave in a wijkfoto, by actor ids (to store a generated round).
    pub fn van(w: &Wijkfoto, van: usize) -> Vec<AntwoordRij> {
        w.antwoorden
            .iter()
            .filter(|a| a.van == van)
            .map(|a| AntwoordRij {
                naar: w.actors[a.naar].id.clone(),
                doel: a.doel.clone(),
                vorm: a.vorm.clone(),
                per_jaar: a.per_jaar,
                scores: a.scores,
                nieuw: None,
            })
            .collect()
    }
}

/// The most people one respondent may add to the sociale kaart through the survey.
pub const MAX_NIEUW: usize = 10;

/// What a personal link opens: the round, the respondent, and their code (an argon2id hash, or
/// `None` while unclaimed); `wacht_tot` (Unix seconds) is when a code may be tried again.
#[derive(Debug, Clone, PartialEq)]
pub struct Toegang {
    pub ronde: i64,
    pub actor: String,
    pub code: Option<String>,
    pub wacht_tot: i64,
}

/// The stored form of a token: its SHA-256 hash.
pub(crate) fn hash(token: &str) -> String {
    let d = Sha256::digest(token.as_bytes());
    let mut s = String::with_capacity(7 + 64);
    s.push_str("sha256:");
    for b in d {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// The code of answers stored without the survey (a generated round): no code opens them.
const GEEN_CODE: &str = "!";

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum RondeFout {
    #[error("deze ronde is gesloten: antwoorden kunnen niet meer veranderen")]
    Gesloten,
    #[error("onbekende link")]
    OnbekendeLink,
    #[error("{0} staat niet op de sociale kaart van dit wijkverband")]
    OnbekendeActor(String),
    #[error("u kunt hoogstens {MAX_NIEUW} mensen toevoegen die niet op de sociale kaart staan")]
    TeveelNieuw,
}

const COLUMNS: [&str; 5] = ["ambitie", "belangen", "relatie", "organisatie", "proces"];

impl Store {
    /// Opens a round for a wijkverband with its respondents (actor id, token); returns its id.
    pub async fn create_ronde(
        &self,
        r: &NieuweRonde<'_>,
        respondenten: &[(String, String)],
    ) -> Result<i64, StoreError> {
        let mut tx = self.write().await?;
        let id: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM ronde").fetch_one(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO ronde (id, regio, wijkverband, datum, gesloten, synthetisch, minimum, bewaren_tot) VALUES ($1, $2, $3, $4, 0, $5, $6, $7)",
        )
        .bind(id)
        .bind(r.regio)
        .bind(r.wijkverband)
        .bind(r.datum)
        .bind(i64::from(r.synthetisch))
        .bind(r.minimum.max(MINIMUM) as i64)
        .bind(r.bewaren_tot.map(String::from))
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO ronde_actor (ronde, actor) SELECT $1, id FROM actor WHERE regio = $2 AND wijkverband = $3",
        )
        .bind(id)
        .bind(r.regio)
        .bind(r.wijkverband)
        .execute(&mut *tx)
        .await?;
        for (actor, token) in respondenten {
            sqlx::query("INSERT INTO respondent (ronde, actor, ingediend) VALUES ($1, $2, 0)")
                .bind(id)
                .bind(actor)
                .execute(&mut *tx)
                .await?;
            sqlx::query("INSERT INTO enquete_link (hash, ronde, actor) VALUES ($1, $2, $3)")
                .bind(hash(token))
                .bind(id)
                .bind(actor)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    pub async fn rondes(&self, regio: &str) -> Result<Vec<Ronde>, StoreError> {
        let rows = sqlx::query(
            "SELECT r.id, r.wijkverband, r.datum, r.gesloten, r.synthetisch, COUNT(p.actor) AS uitgenodigd, CAST(COALESCE(SUM(p.ingediend), 0) AS BIGINT) AS ingevuld, \
             r.minimum, r.bewaren_tot, r.opgeschoond \
             FROM ronde r LEFT JOIN respondent p ON p.ronde = r.id WHERE r.regio = $1 \
             GROUP BY r.id, r.wijkverband, r.datum, r.gesloten, r.synthetisch, r.minimum, r.bewaren_tot, r.opgeschoond ORDER BY r.id",
        )
        .bind(regio)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(Ronde {
                    id: r.try_get("id")?,
                    regio: regio.to_string(),
                    wijkverband: r.try_get("wijkverband")?,
                    datum: r.try_get("datum")?,
                    gesloten: r.try_get::<i64, _>("gesloten")? != 0,
                    synthetisch: r.try_get::<i64, _>("synthetisch")? != 0,
                    respons: wv_core::netwerk::Respons {
                        uitgenodigd: r.try_get("uitgenodigd")?,
                        ingevuld: r.try_get("ingevuld")?,
                    },
                    minimum: r.try_get::<i64, _>("minimum")? as usize,
                    bewaren_tot: r.try_get("bewaren_tot")?,
                    opgeschoond: r.try_get("opgeschoond")?,
                })
            })
            .collect()
    }

    /// The round and actor behind a personal token.
    pub async fn respondent(&self, token: &str) -> Result<Option<(i64, String)>, StoreError> {
        Ok(self.toegang(token).await?.map(|t| (t.ronde, t.actor)))
    }

    /// What a personal token opens, with the respondent's code.
    pub async fn toegang(&self, token: &str) -> Result<Option<Toegang>, StoreError> {
        let row = sqlx::query(
            "SELECT p.ronde, p.actor, p.code, p.code_wacht FROM enquete_link l \
             JOIN respondent p ON p.ronde = l.ronde AND p.actor = l.actor WHERE l.hash = $1",
        )
        .bind(hash(token))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(Toegang {
                ronde: r.try_get("ronde")?,
                actor: r.try_get("actor")?,
                code: r.try_get("code")?,
                wacht_tot: r.try_get("code_wacht")?,
            })
        })
        .transpose()
    }

    /// Another link for a respondent of a round (the earlier ones keep working); false when
    /// the actor is no respondent of it.
    pub async fn add_link(&self, ronde: i64, actor: &str, token: &str) -> Result<bool, StoreError> {
        let n = sqlx::query(
            "INSERT INTO enquete_link (hash, ronde, actor) SELECT $1, ronde, actor FROM respondent WHERE ronde = $2 AND actor = $3",
        )
        .bind(hash(token))
        .bind(ronde)
        .bind(actor)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// The respondent claims their link with their code's hash; false when it was claimed already.
    pub async fn claim(&self, token: &str, code_hash: &str) -> Result<bool, StoreError> {
        let Some(t) = self.toegang(token).await? else { return Ok(false) };
        // Claimed by the professional: answers a fotograaf entered are theirs from now on.
        let n = sqlx::query(
            "UPDATE respondent SET code = $1, ingevuld_door = NULL WHERE ronde = $2 AND actor = $3 AND code IS NULL",
        )
        .bind(code_hash)
        .bind(t.ronde)
        .bind(&t.actor)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Counts a wrong code, atomically: from the `vrij`-th wrong code in a row on, every further
    /// one makes the respondent wait twice as long (from a minute, at most a day).
    /// Returns the wrong codes so far.
    pub async fn code_failed(&self, t: &Toegang, nu: i64, vrij: i64) -> Result<i64, StoreError> {
        let mut tx = self.write().await?;
        let fouten: i64 = sqlx::query_scalar(
            "UPDATE respondent SET code_fouten = code_fouten + 1 WHERE ronde = $1 AND actor = $2 RETURNING code_fouten",
        )
        .bind(t.ronde)
        .bind(&t.actor)
        .fetch_one(&mut *tx)
        .await?;
        if fouten >= vrij {
            let wacht = 60i64 << (fouten - vrij).min(10);
            sqlx::query("UPDATE respondent SET code_wacht = $1 WHERE ronde = $2 AND actor = $3")
                .bind(nu + wacht.min(86_400))
                .bind(t.ronde)
                .bind(&t.actor)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(fouten)
    }

    /// The right code: the count of wrong ones starts again.
    pub async fn code_accepted(&self, t: &Toegang) -> Result<(), StoreError> {
        sqlx::query("UPDATE respondent SET code_fouten = 0, code_wacht = 0 WHERE ronde = $1 AND actor = $2")
            .bind(t.ronde)
            .bind(&t.actor)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A respondent's browser session after the code (`cookie` is stored hashed).
    pub async fn create_enquete_sessie(&self, cookie: &str, t: &Toegang, verloopt: i64) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO enquete_sessie (hash, ronde, actor, verloopt) VALUES ($1, $2, $3, $4)")
            .bind(hash(cookie))
            .bind(t.ronde)
            .bind(&t.actor)
            .bind(verloopt)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Whether the cookie is a live session of this respondent.
    pub async fn enquete_sessie(&self, cookie: &str, t: &Toegang, nu: i64) -> Result<bool, StoreError> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM enquete_sessie WHERE hash = $1 AND ronde = $2 AND actor = $3 AND verloopt > $4",
        )
        .bind(hash(cookie))
        .bind(t.ronde)
        .bind(&t.actor)
        .bind(nu)
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }

    /// The coordinator starts a respondent over (a forgotten code): their answers, the people
    /// they added, their code, sessions and links go; a new link can then be made.
    pub async fn restart_respondent(&self, ronde: i64, actor: &str) -> Result<bool, StoreError> {
        let mut tx = self.write().await?;
        let n = erase_respondent(&mut tx, ronde, actor).await?;
        for sql in [
            "DELETE FROM enquete_sessie WHERE ronde = $1 AND actor = $2",
            "DELETE FROM enquete_link WHERE ronde = $1 AND actor = $2",
        ] {
            sqlx::query(sql).bind(ronde).bind(actor).execute(&mut *tx).await?;
        }
        let m = sqlx::query(
            "UPDATE respondent SET code = NULL, code_fouten = 0, code_wacht = 0, ingediend = 0 WHERE ronde = $1 AND actor = $2",
        )
        .bind(ronde)
        .bind(actor)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(n > 0 || m > 0)
    }

    /// Replaces a respondent's answers (a draft, or submitted); refused once the round is closed.
    pub async fn save_antwoorden(
        &self,
        token: &str,
        antwoorden: &[AntwoordRij],
        indienen: bool,
    ) -> Result<Result<(), RondeFout>, StoreError> {
        let mut tx = self.write().await?;
        // On PostgreSQL the round's row is locked: its respondents' additions are numbered in turn.
        let lock = if self.backend == crate::Backend::Postgres { " FOR UPDATE OF r" } else { "" };
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT p.ronde, p.actor, r.gesloten, r.regio, r.wijkverband FROM enquete_link l \
             JOIN respondent p ON p.ronde = l.ronde AND p.actor = l.actor JOIN ronde r ON r.id = p.ronde WHERE l.hash = $1{lock}"
        )))
        .bind(hash(token))
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Ok(Err(RondeFout::OnbekendeLink));
        };
        let (ronde, actor): (i64, String) = (row.try_get("ronde")?, row.try_get("actor")?);
        if row.try_get::<i64, _>("gesloten")? != 0 {
            return Ok(Err(RondeFout::Gesloten));
        }
        let (regio, wijkverband): (String, String) = (row.try_get("regio")?, row.try_get("wijkverband")?);
        if let Err(e) = bewaar(&mut tx, self.backend, ronde, &actor, (&regio, &wijkverband), antwoorden).await? {
            return Ok(Err(e));
        }
        // Answers exist only for claimed respondents: stored without the survey, no code opens
        // them. Saved through their own link, they are the respondent's own again (a fotograaf
        // who entered them no longer sees them).
        voor_respondent(
            &mut tx,
            "UPDATE respondent SET ingevuld_door = NULL WHERE ronde = $1 AND actor = $2",
            ronde,
            &actor,
        )
        .await?;
        sqlx::query("UPDATE respondent SET code = $1 WHERE ronde = $2 AND actor = $3 AND code IS NULL")
            .bind(GEEN_CODE)
            .bind(ronde)
            .bind(&actor)
            .execute(&mut *tx)
            .await?;
        if indienen {
            sqlx::query("UPDATE respondent SET ingediend = 1 WHERE ronde = $1 AND actor = $2")
                .bind(ronde)
                .bind(&actor)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// A respondent's own answers (what they see and may correct).
    pub async fn eigen_antwoorden(&self, token: &str) -> Result<Vec<AntwoordRij>, StoreError> {
        match self.toegang(token).await? {
            Some(t) => self.antwoorden_van(t.ronde, &t.actor).await,
            None => Ok(Vec::new()),
        }
    }

    /// The answers of `actor` in `ronde`, drafts included (for them, or the fotograaf who entered them).
    pub(crate) async fn antwoorden_van(&self, ronde: i64, actor: &str) -> Result<Vec<AntwoordRij>, StoreError> {
        let sql = format!(
            "SELECT naar, doel, vorm, per_jaar, {} FROM antwoord WHERE ronde = $1 AND van = $2 ORDER BY naar",
            COLUMNS.join(", ")
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(ronde).bind(actor).fetch_all(&self.pool).await?;
        rows.into_iter()
            .map(|r| {
                let mut scores = [None; 5];
                for (s, c) in scores.iter_mut().zip(COLUMNS) {
                    *s = r.try_get::<Option<i64>, _>(c)?.map(|v| v as u8);
                }
                Ok(AntwoordRij {
                    naar: r.try_get("naar")?,
                    doel: r.try_get("doel")?,
                    vorm: r.try_get("vorm")?,
                    per_jaar: r.try_get::<i64, _>("per_jaar")? as u16,
                    scores,
                    nieuw: None,
                })
            })
            .collect()
    }

    pub async fn close_ronde(&self, id: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE ronde SET gesloten = 1 WHERE id = $1").bind(id).execute(&self.pool).await?;
        Ok(())
    }

    /// The actors a round is about (see `ronde_actor`), as the sociale kaart has them now.
    pub async fn deelnemers(&self, ronde: i64) -> Result<Vec<Actor>, StoreError> {
        let regio: String =
            sqlx::query_scalar("SELECT regio FROM ronde WHERE id = $1").bind(ronde).fetch_one(&self.pool).await?;
        let ids: std::collections::HashSet<String> =
            sqlx::query_scalar("SELECT actor FROM ronde_actor WHERE ronde = $1")
                .bind(ronde)
                .fetch_all(&self.pool)
                .await?
                .into_iter()
                .collect();
        Ok(self.actors(&regio).await?.into_iter().map(|(a, _)| a).filter(|a| ids.contains(&a.id)).collect())
    }

    /// The round as the analysis takes it: the round's actors, who was asked and who
    /// submitted, and the submitted answers (drafts do not count).
    pub async fn wijkfoto(&self, id: i64) -> Result<Wijkfoto, StoreError> {
        let actors = self.deelnemers(id).await?;
        let index = |id: &str| actors.iter().position(|a| a.id == id);
        let mut w = Wijkfoto { actors: actors.clone(), ..Wijkfoto::default() };
        for r in sqlx::query("SELECT actor, ingediend FROM respondent WHERE ronde = $1")
            .bind(id)
            .fetch_all(&self.pool)
            .await?
        {
            let actor: String = r.try_get("actor")?;
            if let Some(i) = index(&actor) {
                w.gevraagd.push(i);
                if r.try_get::<i64, _>("ingediend")? != 0 {
                    w.geantwoord.push(i);
                }
            }
        }
        let sql = format!(
            "SELECT a.van, a.naar, a.doel, a.vorm, a.per_jaar, {} FROM antwoord a JOIN respondent p ON p.ronde = a.ronde AND p.actor = a.van WHERE a.ronde = $1 AND p.ingediend = 1 ORDER BY a.van, a.naar",
            COLUMNS.map(|c| format!("a.{c}")).join(", ")
        );
        for r in sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_all(&self.pool).await? {
            let (van, naar): (String, String) = (r.try_get("van")?, r.try_get("naar")?);
            let (Some(van), Some(naar)) = (index(&van), index(&naar)) else { continue };
            let mut scores = [None; 5];
            for (s, c) in scores.iter_mut().zip(COLUMNS) {
                *s = r.try_get::<Option<i64>, _>(c)?.map(|v| v as u8);
            }
            w.antwoorden.push(Antwoord {
                van,
                naar,
                doel: r.try_get("doel")?,
                vorm: r.try_get("vorm")?,
                per_jaar: r.try_get::<i64, _>("per_jaar")? as u16,
                scores,
            });
        }
        Ok(w)
    }
}

impl Store {
    /// One round by its id.
    pub async fn ronde(&self, id: i64) -> Result<Option<Ronde>, StoreError> {
        let Some(regio) = sqlx::query_scalar::<_, String>("SELECT regio FROM ronde WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        Ok(self.rondes(&regio).await?.into_iter().find(|r| r.id == id))
    }

    /// The round behind a personal token, and the respondent's actor id.
    pub async fn ronde_van(&self, token: &str) -> Result<Option<(Ronde, String)>, StoreError> {
        let Some((id, actor)) = self.respondent(token).await? else { return Ok(None) };
        Ok(self.ronde(id).await?.map(|r| (r, actor)))
    }
}

impl Store {
    /// The respondents of a round, for the coordinator's list of links.
    pub async fn respondenten(&self, ronde: i64) -> Result<Vec<Respondent>, StoreError> {
        let rows = sqlx::query(
            "SELECT actor, code, ingediend, herinnerd, ingevuld_door FROM respondent WHERE ronde = $1 ORDER BY actor",
        )
        .bind(ronde)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(Respondent {
                    actor: r.try_get("actor")?,
                    geclaimd: r.try_get::<Option<String>, _>("code")?.is_some(),
                    ingediend: r.try_get::<i64, _>("ingediend")? != 0,
                    herinnerd: r.try_get("herinnerd")?,
                    via_fotograaf: r.try_get::<Option<String>, _>("ingevuld_door")?.is_some(),
                })
            })
            .collect()
    }

    /// Notes that the respondents who have not submitted were reminded on `datum`; returns how many.
    pub async fn mark_herinnerd(&self, ronde: i64, datum: &str) -> Result<u64, StoreError> {
        let n = sqlx::query("UPDATE respondent SET herinnerd = $1 WHERE ronde = $2 AND ingediend = 0")
            .bind(datum)
            .bind(ronde)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(n)
    }

    /// A respondent removes their own answers of the round behind their link (also after
    /// closing: the right to erasure outranks the freeze), and the people they added who appear
    /// nowhere else; returns how many answers were removed.
    pub async fn delete_eigen_antwoorden(&self, token: &str) -> Result<u64, StoreError> {
        let Some(t) = self.toegang(token).await? else { return Ok(0) };
        let mut tx = self.write().await?;
        let n = erase_respondent(&mut tx, t.ronde, &t.actor).await?;
        sqlx::query("UPDATE respondent SET ingediend = 0 WHERE ronde = $1 AND actor = $2")
            .bind(t.ronde)
            .bind(&t.actor)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Retention: every round whose `bewaren_tot` lies before `vandaag` loses its answers and
    /// links (the round itself stays, marked as cleaned on that day). Returns the rounds cleaned.
    pub async fn expire_rondes(&self, vandaag: &str) -> Result<Vec<i64>, StoreError> {
        let mut tx = self.write().await?;
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM ronde WHERE bewaren_tot IS NOT NULL AND bewaren_tot < $1 AND opgeschoond IS NULL ORDER BY id",
        )
        .bind(vandaag)
        .fetch_all(&mut *tx)
        .await?;
        for &id in &ids {
            for sql in [
                "DELETE FROM antwoord WHERE ronde = $1",
                "DELETE FROM enquete_sessie WHERE ronde = $1",
                "DELETE FROM enquete_link WHERE ronde = $1",
                "DELETE FROM respondent WHERE ronde = $1",
            ] {
                sqlx::query(sql).bind(id).execute(&mut *tx).await?;
            }
            sqlx::query("UPDATE ronde SET opgeschoond = $1, gesloten = 1 WHERE id = $2")
                .bind(vandaag)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(ids)
    }
}

/// Removes a respondent's answers of a round, and the people they added through it whom no
/// other answer names and who are no respondent anywhere; returns the answers removed.
async fn erase_respondent(tx: &mut sqlx::AnyConnection, ronde: i64, actor: &str) -> Result<u64, StoreError> {
    let n = sqlx::query("DELETE FROM antwoord WHERE ronde = $1 AND van = $2")
        .bind(ronde)
        .bind(actor)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    let added: Vec<(String, String)> =
        sqlx::query_as("SELECT regio, id FROM actor WHERE genoemd_ronde = $1 AND genoemd_door = $2")
            .bind(ronde)
            .bind(actor)
            .fetch_all(&mut *tx)
            .await?;
    for (regio, id) in added {
        let used: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM antwoord WHERE naar = $1 OR van = $1) + (SELECT COUNT(*) FROM respondent WHERE actor = $1)",
        )
        .bind(&id)
        .fetch_one(&mut *tx)
        .await?;
        if used == 0 {
            for sql in [
                "DELETE FROM ronde_actor WHERE actor = $1 AND ronde IN (SELECT id FROM ronde WHERE regio = $2)",
                "DELETE FROM deelname WHERE actor = $1 AND regio = $2",
                "DELETE FROM actor WHERE id = $1 AND regio = $2",
            ] {
                sqlx::query(sql).bind(&id).bind(&regio).execute(&mut *tx).await?;
            }
        }
    }
    Ok(n)
}

impl Store {
    /// Links stored before they were hashed (migration 0012) are hashed now.
    pub(crate) async fn hash_old_links(&self) -> Result<(), StoreError> {
        let plain: Vec<String> = sqlx::query_scalar("SELECT hash FROM enquete_link WHERE hash NOT LIKE 'sha256:%'")
            .fetch_all(&self.pool)
            .await?;
        if plain.is_empty() {
            return Ok(());
        }
        let mut tx = self.write().await?;
        for token in plain {
            sqlx::query("UPDATE enquete_link SET hash = $1 WHERE hash = $2")
                .bind(hash(&token))
                .bind(&token)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Writes a respondent's answers of an open round, replacing their earlier ones; people named
/// who are not on the sociale kaart join it first. Refused (nothing written) with the reason.
pub(crate) async fn bewaar(
    tx: &mut sqlx::AnyConnection,
    backend: crate::Backend,
    ronde: i64,
    actor: &str,
    (regio, wijkverband): (&str, &str),
    antwoorden: &[AntwoordRij],
) -> Result<Result<(), RondeFout>, StoreError> {
    // People named who are not on the sociale kaart yet join it first.
    let mut antwoorden = antwoorden.to_vec();
    let mut nieuw = Vec::new();
    let prefix = format!("genoemd-{ronde}-");
    let mut last: u64 = 0;
    let adding = antwoorden.iter().filter(|a| a.nieuw.is_some()).count();
    if adding > 0 {
        let earlier: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM actor WHERE regio = $1 AND genoemd_ronde = $2 AND genoemd_door = $3",
        )
        .bind(regio)
        .bind(ronde)
        .bind(actor)
        .fetch_one(&mut *tx)
        .await?;
        if earlier as usize + adding > MAX_NIEUW {
            return Ok(Err(RondeFout::TeveelNieuw));
        }
        let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM actor WHERE regio = $1 AND id LIKE $2")
            .bind(regio)
            .bind(format!("{prefix}%"))
            .fetch_all(&mut *tx)
            .await?;
        last = ids.iter().filter_map(|i| i.strip_prefix(&prefix)?.parse().ok()).max().unwrap_or(0);
    }
    for a in antwoorden.iter_mut() {
        let Some((naam, discipline)) = a.nieuw.take() else { continue };
        last += 1;
        a.naar = format!("{prefix}{last}");
        nieuw
            .push(Actor { wijkverband: Some(wijkverband.to_string()), ..Actor::new(a.naar.clone(), naam, discipline) });
    }
    for x in &nieuw {
        sqlx::query(
                "INSERT INTO actor (regio, id, naam, discipline, organisatie, buurt, wijkverband, contact, genoemd_ronde, genoemd_door) \
                 VALUES ($1, $2, $3, $4, NULL, NULL, $5, NULL, $6, $7)",
            )
            .bind(regio)
            .bind(&x.id)
            .bind(&x.naam)
            .bind(crate::sociale_kaart::discipline_text(x.discipline))
            .bind(wijkverband)
            .bind(ronde)
            .bind(actor)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO ronde_actor (ronde, actor) VALUES ($1, $2)")
            .bind(ronde)
            .bind(&x.id)
            .execute(&mut *tx)
            .await?;
    }
    for a in &antwoorden {
        let known: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM ronde_actor p JOIN actor a ON a.id = p.actor AND a.regio = $1 WHERE p.ronde = $2 AND p.actor = $3",
            )
            .bind(regio)
            .bind(ronde)
            .bind(&a.naar)
            .fetch_one(&mut *tx)
            .await?;
        if known == 0 || a.naar == *actor {
            return Ok(Err(RondeFout::OnbekendeActor(a.naar.clone())));
        }
    }
    sqlx::query("DELETE FROM antwoord WHERE ronde = $1 AND van = $2").bind(ronde).bind(actor).execute(&mut *tx).await?;
    for a in &antwoorden {
        let mut q = sqlx::query(
                "INSERT INTO antwoord (ronde, van, naar, doel, vorm, per_jaar, ambitie, belangen, relatie, organisatie, proces) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(ronde)
            .bind(actor)
            .bind(&a.naar)
            .bind(&a.doel)
            .bind(&a.vorm)
            .bind(i64::from(a.per_jaar))
            .persistent(backend == crate::Backend::Sqlite);
        for s in a.scores {
            q = q.bind(s.map(i64::from));
        }
        q.execute(&mut *tx).await?;
    }
    Ok(Ok(()))
}

/// Runs `sql` on one respondent: `$1` is the round, `$2` the actor.
pub(crate) async fn voor_respondent(
    tx: &mut sqlx::AnyConnection,
    sql: &'static str,
    ronde: i64,
    actor: &str,
) -> Result<(), StoreError> {
    sqlx::query(sql).bind(ronde).bind(actor).execute(&mut *tx).await?;
    Ok(())
}
