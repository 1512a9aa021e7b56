//! The wijkfoto by interview ("fotografen fotograferen ieder 5 à 10 professionals"): a bewerker
//! assigns respondents of a round to a fotograaf — an account whose role holds for those
//! respondents of that round only — who fills in the survey with the professional and records
//! that they agreed. The answers are the professional's (stored and counted like any other);
//! the fotograaf sees only the answers they entered themselves, and only until the professional
//! takes them over through their own link. The first interview answers retire every link the
//! coordinator handed out for that respondent: the professional's own link comes from the
//! fotograaf (`nieuwe_interviewlink`), so nobody else can open what was said in the interview.

use sqlx::Row;

use crate::wijkfoto::{AntwoordRij, RondeFout, bewaar, hash, voor_respondent};
use crate::{Store, StoreError};

/// A respondent assigned to a fotograaf, as the fotograaf's list shows them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Interview {
    pub ronde: i64,
    pub regio: String,
    pub wijkverband: String,
    pub datum: String,
    pub gesloten: bool,
    pub actor: String,
    pub naam: String,
    pub ingediend: bool,
    /// The fotograaf entered answers (and still holds them).
    pub ingevuld: bool,
    /// The professional took the answers over through their own link.
    pub overgenomen: bool,
    /// When the professional agreed.
    pub toestemming: Option<String>,
}

/// Every link of a respondent retired.
const LINKS_WEG: &str = "DELETE FROM enquete_link WHERE ronde = $1 AND actor = $2";

fn geweigerd(t: &str) -> StoreError {
    StoreError::Geweigerd(t.into())
}

impl Store {
    /// Assigns respondents of a round to the fotograaf `email` (an existing account); each
    /// respondent has one fotograaf at most, so this replaces an earlier one.
    pub async fn wijs_fotograaf_toe(&self, ronde: i64, email: &str, actors: &[String]) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        let bestaat: Option<String> = sqlx::query_scalar("SELECT email FROM gebruiker WHERE email = $1")
            .bind(email)
            .fetch_optional(&mut *tx)
            .await?;
        if bestaat.is_none() {
            return Err(geweigerd(
                "Er is geen account met dit e-mailadres: nodig de fotograaf eerst uit onder Beheer.",
            ));
        }
        for a in actors {
            let is_respondent: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM respondent WHERE ronde = $1 AND actor = $2")
                    .bind(ronde)
                    .bind(a)
                    .fetch_one(&mut *tx)
                    .await?;
            if is_respondent == 0 {
                return Err(geweigerd("Kies respondenten van deze ronde."));
            }
            voor_respondent(&mut tx, "DELETE FROM fotograaf WHERE ronde = $1 AND actor = $2", ronde, a).await?;
            sqlx::query("INSERT INTO fotograaf (ronde, actor, email) VALUES ($1, $2, $3)")
                .bind(ronde)
                .bind(a)
                .bind(email)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The fotograaf of each assigned respondent of a round: (actor, email).
    pub async fn fotografen(&self, ronde: i64) -> Result<Vec<(String, String)>, StoreError> {
        let rows = sqlx::query("SELECT actor, email FROM fotograaf WHERE ronde = $1 ORDER BY email, actor")
            .bind(ronde)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok((r.try_get("actor")?, r.try_get("email")?))).collect()
    }

    /// The respondents assigned to the fotograaf `email`, newest round first.
    pub async fn interviews(&self, email: &str) -> Result<Vec<Interview>, StoreError> {
        let rows = sqlx::query(
            "SELECT f.ronde, r.regio, r.wijkverband, r.datum, r.gesloten, f.actor, a.naam, p.ingediend, p.code, \
             p.ingevuld_door, p.toestemming FROM fotograaf f JOIN ronde r ON r.id = f.ronde \
             JOIN respondent p ON p.ronde = f.ronde AND p.actor = f.actor \
             LEFT JOIN actor a ON a.regio = r.regio AND a.id = f.actor \
             WHERE f.email = $1 ORDER BY r.datum DESC, f.ronde DESC, a.naam",
        )
        .bind(email)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let door: Option<String> = r.try_get("ingevuld_door")?;
                let code: Option<String> = r.try_get("code")?;
                Ok(Interview {
                    ronde: r.try_get("ronde")?,
                    regio: r.try_get("regio")?,
                    wijkverband: r.try_get("wijkverband")?,
                    datum: r.try_get("datum")?,
                    gesloten: r.try_get::<i64, _>("gesloten")? != 0,
                    actor: r.try_get("actor")?,
                    naam: r.try_get::<Option<String>, _>("naam")?.unwrap_or_default(),
                    ingediend: r.try_get::<i64, _>("ingediend")? != 0,
                    ingevuld: door.as_deref() == Some(email),
                    overgenomen: door.is_none() && code.is_some(),
                    toestemming: r.try_get("toestemming")?,
                })
            })
            .collect()
    }

    /// How many respondents of `ronde` the fotograaf `email` entered answers for (also those
    /// taken over since: the fotograaf still knows what was said). Whoever knows k answers needs
    /// k more respondents behind every shown mean than the round's minimum.
    pub async fn bekend_bij(&self, ronde: i64, email: &str) -> Result<usize, StoreError> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM fotograaf f JOIN respondent p ON p.ronde = f.ronde AND p.actor = f.actor \
             WHERE f.ronde = $1 AND f.email = $2 AND p.toestemming IS NOT NULL",
        )
        .bind(ronde)
        .bind(email)
        .fetch_one(&self.pool)
        .await?;
        Ok(n as usize)
    }

    /// The interview of `actor` in `ronde` if it is assigned to `email`.
    pub async fn interview(&self, ronde: i64, actor: &str, email: &str) -> Result<Option<Interview>, StoreError> {
        Ok(self.interviews(email).await?.into_iter().find(|i| i.ronde == ronde && i.actor == actor))
    }

    /// The answers the fotograaf `email` entered for `actor` (none once the professional took
    /// them over, or when someone else entered them).
    pub async fn interview_antwoorden(
        &self,
        ronde: i64,
        actor: &str,
        email: &str,
    ) -> Result<Vec<AntwoordRij>, StoreError> {
        let door: Option<Option<String>> =
            sqlx::query_scalar("SELECT ingevuld_door FROM respondent WHERE ronde = $1 AND actor = $2")
                .bind(ronde)
                .bind(actor)
                .fetch_optional(&self.pool)
                .await?;
        if door.flatten().as_deref() != Some(email) {
            return Ok(Vec::new());
        }
        self.antwoorden_van(ronde, actor).await
    }

    /// Saves what the fotograaf `email` entered with `actor`, as the professional's answers.
    /// Refused when the respondent is not assigned to them, the professional has not agreed
    /// (the first time), the round is closed, or the professional took the answers over.
    pub async fn bewaar_interview(
        &self,
        ronde: i64,
        actor: &str,
        email: &str,
        antwoorden: &[AntwoordRij],
        indienen: bool,
        toestemming: Option<&str>,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        if self.backend == crate::Backend::Postgres {
            sqlx::query("SELECT id FROM ronde WHERE id = $1 FOR UPDATE").bind(ronde).execute(&mut *tx).await?;
        }
        let row = sqlx::query(
            "SELECT p.code, p.ingevuld_door, p.toestemming, r.gesloten, r.regio, r.wijkverband FROM fotograaf f \
             JOIN respondent p ON p.ronde = f.ronde AND p.actor = f.actor JOIN ronde r ON r.id = f.ronde \
             WHERE f.ronde = $1 AND f.actor = $2 AND f.email = $3",
        )
        .bind(ronde)
        .bind(actor)
        .bind(email)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NietGevonden("Dit interview is niet aan u toegewezen."))?;
        let code: Option<String> = row.try_get("code")?;
        let door: Option<String> = row.try_get("ingevuld_door")?;
        let eerder: Option<String> = row.try_get("toestemming")?;
        if code.is_some() && door.as_deref() != Some(email) {
            return Err(geweigerd("De professional beheert deze antwoorden nu zelf, via de eigen link."));
        }
        let toestemming = match (eerder, toestemming) {
            (Some(e), _) => e,
            (None, Some(t)) => t.to_string(),
            (None, None) => {
                return Err(geweigerd(
                    "Vink aan dat de professional ermee instemt dat u de antwoorden namens hem of haar invult.",
                ));
            }
        };
        if row.try_get::<i64, _>("gesloten")? != 0 {
            return Err(geweigerd(&RondeFout::Gesloten.to_string()));
        }
        let (regio, wijkverband): (String, String) = (row.try_get("regio")?, row.try_get("wijkverband")?);
        if let Err(e) = bewaar(&mut tx, self.backend, ronde, actor, (&regio, &wijkverband), antwoorden).await? {
            return Err(StoreError::Geweigerd(format!("Niet bewaard: {e}.")));
        }
        if door.is_none() {
            // The first interview answers: links handed out earlier no longer open them.
            voor_respondent(&mut tx, LINKS_WEG, ronde, actor).await?;
        }
        sqlx::query("UPDATE respondent SET ingevuld_door = $1, toestemming = $2 WHERE ronde = $3 AND actor = $4")
            .bind(email)
            .bind(&toestemming)
            .bind(ronde)
            .bind(actor)
            .execute(&mut *tx)
            .await?;
        if indienen {
            voor_respondent(
                &mut tx,
                "UPDATE respondent SET ingediend = 1 WHERE ronde = $1 AND actor = $2",
                ronde,
                actor,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A new personal link for the professional of an interview, which the fotograaf hands
    /// them (the only one: earlier links stop working). Only while the fotograaf holds the
    /// answers.
    pub async fn nieuwe_interviewlink(
        &self,
        ronde: i64,
        actor: &str,
        email: &str,
        token: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        let door: Option<Option<String>> = sqlx::query_scalar(
            "SELECT p.ingevuld_door FROM fotograaf f JOIN respondent p ON p.ronde = f.ronde AND p.actor = f.actor \
             WHERE f.ronde = $1 AND f.actor = $2 AND f.email = $3",
        )
        .bind(ronde)
        .bind(actor)
        .bind(email)
        .fetch_optional(&mut *tx)
        .await?;
        match door {
            None => return Err(StoreError::NietGevonden("Dit interview is niet aan u toegewezen.")),
            Some(d) if d.as_deref() != Some(email) => {
                return Err(geweigerd(
                    "Vul eerst samen de antwoorden in; daarna krijgt de professional een eigen link.",
                ));
            }
            Some(_) => {}
        }
        voor_respondent(&mut tx, LINKS_WEG, ronde, actor).await?;
        sqlx::query("INSERT INTO enquete_link (hash, ronde, actor) VALUES ($1, $2, $3)")
            .bind(hash(token))
            .bind(ronde)
            .bind(actor)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
