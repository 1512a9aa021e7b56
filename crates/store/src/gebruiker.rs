//! Accounts, roles per region, sessions and login attempts.

use sqlx::Row;

use crate::import::now;
use crate::{Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rol {
    Lezer,
    Bewerker,
}

impl Rol {
    pub fn as_str(self) -> &'static str {
        match self {
            Rol::Lezer => "lezer",
            Rol::Bewerker => "bewerker",
        }
    }

    pub fn parse(s: &str) -> Option<Rol> {
        match s {
            "lezer" => Some(Rol::Lezer),
            "bewerker" => Some(Rol::Bewerker),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Gebruiker {
    pub email: String,
    pub naam: String,
    pub beheerder: bool,
    /// (regio, rol)
    pub rollen: Vec<(String, Rol)>,
}

impl Gebruiker {
    /// The role on a region: beheerders may do everything.
    pub fn rol(&self, regio: &str) -> Option<Rol> {
        if self.beheerder {
            return Some(Rol::Bewerker);
        }
        self.rollen.iter().find(|(r, _)| r == regio).map(|(_, rol)| *rol)
    }
}

fn unix_now() -> i64 {
    now().parse().unwrap_or(0)
}

impl Store {
    pub async fn gebruikers_aantal(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM gebruiker").fetch_one(&self.pool).await?)
    }

    /// Creates or replaces an account; `hash` is an argon2 PHC string.
    pub async fn maak_gebruiker(&self, email: &str, naam: &str, hash: &str, beheerder: bool) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM gebruiker WHERE email = $1").bind(email).execute(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO gebruiker (email, naam, wachtwoord, beheerder, aangemaakt) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(email)
        .bind(naam)
        .bind(hash)
        .bind(i64::from(beheerder))
        .bind(now())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn zet_rol(&self, email: &str, regio: &str, rol: Rol) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM rol WHERE email = $1 AND regio = $2")
            .bind(email)
            .bind(regio)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO rol (email, regio, rol) VALUES ($1, $2, $3)")
            .bind(email)
            .bind(regio)
            .bind(rol.as_str())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The stored password hash of an account.
    pub async fn wachtwoord_hash(&self, email: &str) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT wachtwoord FROM gebruiker WHERE email = $1")
            .bind(email)
            .fetch_optional(&self.pool)
            .await?)
    }

    pub async fn gebruiker(&self, email: &str) -> Result<Option<Gebruiker>, StoreError> {
        let Some(row) = sqlx::query("SELECT naam, beheerder FROM gebruiker WHERE email = $1")
            .bind(email)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let rollen = sqlx::query("SELECT regio, rol FROM rol WHERE email = $1 ORDER BY regio")
            .bind(email)
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .filter_map(|r| {
                let regio: String = r.try_get(0).ok()?;
                let rol: String = r.try_get(1).ok()?;
                Some((regio, Rol::parse(&rol)?))
            })
            .collect();
        Ok(Some(Gebruiker {
            email: email.to_string(),
            naam: row.try_get(0)?,
            beheerder: row.try_get::<i64, _>(1)? != 0,
            rollen,
        }))
    }

    pub async fn maak_sessie(&self, token: &str, email: &str, csrf: &str, seconden: i64) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO sessie (token, email, csrf, verloopt) VALUES ($1, $2, $3, $4)")
            .bind(token)
            .bind(email)
            .bind(csrf)
            .bind(unix_now() + seconden)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The account and CSRF token of a live session.
    pub async fn sessie(&self, token: &str) -> Result<Option<(Gebruiker, String)>, StoreError> {
        let row = sqlx::query("SELECT email, csrf FROM sessie WHERE token = $1 AND verloopt > $2")
            .bind(token)
            .bind(unix_now())
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let email: String = row.try_get(0)?;
        Ok(self.gebruiker(&email).await?.map(|g| (g, row.try_get(1).unwrap_or_default())))
    }

    pub async fn einde_sessie(&self, token: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessie WHERE token = $1").bind(token).execute(&self.pool).await?;
        Ok(())
    }

    /// Records a failed login and returns the failures for `sleutel` in the last `window` seconds.
    pub async fn mislukte_inlog(&self, sleutel: &str, window: i64) -> Result<i64, StoreError> {
        let t = unix_now();
        sqlx::query("INSERT INTO inlogpoging (sleutel, tijdstip) VALUES ($1, $2)")
            .bind(sleutel)
            .bind(t)
            .execute(&self.pool)
            .await?;
        self.inlogpogingen(sleutel, window).await
    }

    pub async fn inlogpogingen(&self, sleutel: &str, window: i64) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM inlogpoging WHERE sleutel = $1 AND tijdstip > $2")
            .bind(sleutel)
            .bind(unix_now() - window)
            .fetch_one(&self.pool)
            .await?)
    }
}
