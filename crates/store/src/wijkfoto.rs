//! Wijkfoto rounds: respondents with personal tokens, their answers, closing,
//! and the round as the analysis needs it.

use sqlx::Row;
use wv_core::netwerk::{Antwoord, Wijkfoto};

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
    /// (invited, submitted)
    pub respons: (i64, i64),
}

/// One respondent's answer, by actor ids.
#[derive(Debug, Clone, PartialEq)]
pub struct AntwoordRij {
    pub naar: String,
    pub doel: String,
    pub vorm: String,
    pub per_jaar: u16,
    pub scores: [Option<u8>; 5],
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum RondeFout {
    #[error("deze ronde is gesloten: antwoorden kunnen niet meer veranderen")]
    Gesloten,
    #[error("onbekende link")]
    OnbekendeLink,
    #[error("{0} staat niet op de sociale kaart van dit wijkverband")]
    OnbekendeActor(String),
}

const COLUMNS: [&str; 5] = ["ambitie", "belangen", "relatie", "organisatie", "proces"];

impl Store {
    /// Opens a round for a wijkverband with its respondents (actor id, token); returns its id.
    pub async fn maak_ronde(
        &self,
        regio: &str,
        wijkverband: &str,
        datum: &str,
        synthetisch: bool,
        respondenten: &[(String, String)],
    ) -> Result<i64, StoreError> {
        let mut tx = self.pool.begin().await?;
        let id: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM ronde").fetch_one(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO ronde (id, regio, wijkverband, datum, gesloten, synthetisch) VALUES ($1, $2, $3, $4, 0, $5)",
        )
        .bind(id)
        .bind(regio)
        .bind(wijkverband)
        .bind(datum)
        .bind(i64::from(synthetisch))
        .execute(&mut *tx)
        .await?;
        for (actor, token) in respondenten {
            sqlx::query("INSERT INTO respondent (ronde, actor, token, ingediend) VALUES ($1, $2, $3, 0)")
                .bind(id)
                .bind(actor)
                .bind(token)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    pub async fn rondes(&self, regio: &str) -> Result<Vec<Ronde>, StoreError> {
        let rows = sqlx::query(
            "SELECT r.id, r.wijkverband, r.datum, r.gesloten, r.synthetisch, COUNT(p.actor), CAST(COALESCE(SUM(p.ingediend), 0) AS BIGINT) \
             FROM ronde r LEFT JOIN respondent p ON p.ronde = r.id WHERE r.regio = $1 \
             GROUP BY r.id, r.wijkverband, r.datum, r.gesloten, r.synthetisch ORDER BY r.id",
        )
        .bind(regio)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(Ronde {
                    id: r.try_get(0)?,
                    regio: regio.to_string(),
                    wijkverband: r.try_get(1)?,
                    datum: r.try_get(2)?,
                    gesloten: r.try_get::<i64, _>(3)? != 0,
                    synthetisch: r.try_get::<i64, _>(4)? != 0,
                    respons: (r.try_get(5)?, r.try_get(6)?),
                })
            })
            .collect()
    }

    /// The round and actor behind a personal token.
    pub async fn respondent(&self, token: &str) -> Result<Option<(i64, String)>, StoreError> {
        let row = sqlx::query("SELECT ronde, actor FROM respondent WHERE token = $1")
            .bind(token)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).transpose()
    }

    /// Replaces a respondent's answers (a draft, or submitted); refused once the round is closed.
    pub async fn bewaar_antwoorden(
        &self,
        token: &str,
        antwoorden: &[AntwoordRij],
        indienen: bool,
    ) -> Result<Result<(), RondeFout>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let Some(row) = sqlx::query(
            "SELECT p.ronde, p.actor, r.gesloten, r.regio, r.wijkverband FROM respondent p JOIN ronde r ON r.id = p.ronde WHERE p.token = $1",
        )
        .bind(token)
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Ok(Err(RondeFout::OnbekendeLink));
        };
        let (ronde, actor): (i64, String) = (row.try_get(0)?, row.try_get(1)?);
        if row.try_get::<i64, _>(2)? != 0 {
            return Ok(Err(RondeFout::Gesloten));
        }
        let (regio, wijkverband): (String, String) = (row.try_get(3)?, row.try_get(4)?);
        for a in antwoorden {
            let known: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM actor WHERE regio = $1 AND id = $2 AND wijkverband = $3")
                    .bind(&regio)
                    .bind(&a.naar)
                    .bind(&wijkverband)
                    .fetch_one(&mut *tx)
                    .await?;
            if known == 0 || a.naar == actor {
                return Ok(Err(RondeFout::OnbekendeActor(a.naar.clone())));
            }
        }
        sqlx::query("DELETE FROM antwoord WHERE ronde = $1 AND van = $2")
            .bind(ronde)
            .bind(&actor)
            .execute(&mut *tx)
            .await?;
        for a in antwoorden {
            let mut q = sqlx::query(
                "INSERT INTO antwoord (ronde, van, naar, doel, vorm, per_jaar, ambitie, belangen, relatie, organisatie, proces) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(ronde)
            .bind(&actor)
            .bind(&a.naar)
            .bind(&a.doel)
            .bind(&a.vorm)
            .bind(i64::from(a.per_jaar))
            .persistent(self.backend == crate::Backend::Sqlite);
            for s in a.scores {
                q = q.bind(s.map(i64::from));
            }
            q.execute(&mut *tx).await?;
        }
        if indienen {
            sqlx::query("UPDATE respondent SET ingediend = 1 WHERE token = $1").bind(token).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// A respondent's own answers (what they see and may correct).
    pub async fn eigen_antwoorden(&self, token: &str) -> Result<Vec<AntwoordRij>, StoreError> {
        let sql = format!(
            "SELECT a.naar, a.doel, a.vorm, a.per_jaar, {} FROM antwoord a JOIN respondent p ON p.ronde = a.ronde AND p.actor = a.van WHERE p.token = $1 ORDER BY a.naar",
            COLUMNS.map(|c| format!("a.{c}")).join(", ")
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(token).fetch_all(&self.pool).await?;
        rows.into_iter()
            .map(|r| {
                let mut scores = [None; 5];
                for (k, s) in scores.iter_mut().enumerate() {
                    *s = r.try_get::<Option<i64>, _>(4 + k)?.map(|v| v as u8);
                }
                Ok(AntwoordRij {
                    naar: r.try_get(0)?,
                    doel: r.try_get(1)?,
                    vorm: r.try_get(2)?,
                    per_jaar: r.try_get::<i64, _>(3)? as u16,
                    scores,
                })
            })
            .collect()
    }

    pub async fn sluit_ronde(&self, id: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE ronde SET gesloten = 1 WHERE id = $1").bind(id).execute(&self.pool).await?;
        Ok(())
    }

    /// The round as the analysis takes it: the wijkverband's actors, who was asked and who
    /// submitted, and the submitted answers (drafts do not count).
    pub async fn wijkfoto(&self, id: i64) -> Result<Wijkfoto, StoreError> {
        let head =
            sqlx::query("SELECT regio, wijkverband FROM ronde WHERE id = $1").bind(id).fetch_one(&self.pool).await?;
        let (regio, wijkverband): (String, String) = (head.try_get(0)?, head.try_get(1)?);
        let actors: Vec<_> = self
            .actors(&regio)
            .await?
            .into_iter()
            .map(|(a, _)| a)
            .filter(|a| a.wijkverband.as_deref() == Some(wijkverband.as_str()))
            .collect();
        let index = |id: &str| actors.iter().position(|a| a.id == id);
        let mut w = Wijkfoto { actors: actors.clone(), ..Wijkfoto::default() };
        for r in sqlx::query("SELECT actor, ingediend FROM respondent WHERE ronde = $1")
            .bind(id)
            .fetch_all(&self.pool)
            .await?
        {
            let actor: String = r.try_get(0)?;
            if let Some(i) = index(&actor) {
                w.gevraagd.push(i);
                if r.try_get::<i64, _>(1)? != 0 {
                    w.geantwoord.push(i);
                }
            }
        }
        let sql = format!(
            "SELECT a.van, a.naar, a.doel, a.vorm, a.per_jaar, {} FROM antwoord a JOIN respondent p ON p.ronde = a.ronde AND p.actor = a.van WHERE a.ronde = $1 AND p.ingediend = 1 ORDER BY a.van, a.naar",
            COLUMNS.map(|c| format!("a.{c}")).join(", ")
        );
        for r in sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_all(&self.pool).await? {
            let (van, naar): (String, String) = (r.try_get(0)?, r.try_get(1)?);
            let (Some(van), Some(naar)) = (index(&van), index(&naar)) else { continue };
            let mut scores = [None; 5];
            for (k, s) in scores.iter_mut().enumerate() {
                *s = r.try_get::<Option<i64>, _>(5 + k)?.map(|v| v as u8);
            }
            w.antwoorden.push(Antwoord {
                van,
                naar,
                doel: r.try_get(2)?,
                vorm: r.try_get(3)?,
                per_jaar: r.try_get::<i64, _>(4)? as u16,
                scores,
            });
        }
        Ok(w)
    }
}

impl Store {
    /// The round behind a personal token, and the respondent's actor id.
    pub async fn ronde_van(&self, token: &str) -> Result<Option<(Ronde, String)>, StoreError> {
        let Some((id, actor)) = self.respondent(token).await? else { return Ok(None) };
        let row = sqlx::query("SELECT regio FROM ronde WHERE id = $1").bind(id).fetch_one(&self.pool).await?;
        let regio: String = row.try_get(0)?;
        Ok(self.rondes(&regio).await?.into_iter().find(|r| r.id == id).map(|r| (r, actor)))
    }
}

impl Store {
    /// The respondents of a round: (actor id, token, submitted), for the coordinator's list of links.
    pub async fn respondenten(&self, ronde: i64) -> Result<Vec<(String, String, bool)>, StoreError> {
        let rows = sqlx::query("SELECT actor, token, ingediend FROM respondent WHERE ronde = $1 ORDER BY actor")
            .bind(ronde)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get::<i64, _>(2)? != 0))).collect()
    }
}
