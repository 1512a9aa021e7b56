//! Accounts, roles per region, sessions and login attempts.

use sqlx::Row;

use crate::import::now;
use crate::{Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rol {
    Lezer,
    Bewerker,
    /// Reads the region and edits the wijkcyclus of one wijkverband (`Gebruiker::wijkverbanden`).
    Wijkcoordinator,
}

impl Rol {
    pub fn as_str(self) -> &'static str {
        match self {
            Rol::Lezer => "lezer",
            Rol::Bewerker => "bewerker",
            Rol::Wijkcoordinator => "wijkcoordinator",
        }
    }

    pub fn parse(s: &str) -> Option<Rol> {
        match s {
            "lezer" => Some(Rol::Lezer),
            "bewerker" => Some(Rol::Bewerker),
            "wijkcoordinator" => Some(Rol::Wijkcoordinator),
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
    /// (regio, wijkverband) where the account is wijkcoördinator.
    pub wijkverbanden: Vec<(String, String)>,
}

impl Gebruiker {
    /// The role on a region: beheerders may do everything.
    pub fn rol(&self, regio: &str) -> Option<Rol> {
        if self.beheerder {
            return Some(Rol::Bewerker);
        }
        self.rollen.iter().find(|(r, _)| r == regio).map(|(_, rol)| *rol)
    }

    /// Whether the account edits the wijkcyclus of this wijkverband: a bewerker of the
    /// region, or its wijkcoördinator.
    pub fn coordineert(&self, regio: &str, wijkverband: &str) -> bool {
        self.rol(regio) == Some(Rol::Bewerker) || self.wijkverbanden.iter().any(|(r, w)| r == regio && w == wijkverband)
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
    pub async fn create_gebruiker(
        &self,
        email: &str,
        naam: &str,
        hash: &str,
        beheerder: bool,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
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

    pub async fn set_rol(&self, email: &str, regio: &str, rol: Rol) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        set_role(&mut tx, email, regio, rol).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Makes an account the wijkcoördinator of a wijkverband of the region (its role there).
    pub async fn set_wijkcoordinator(&self, email: &str, regio: &str, wijkverband: &str) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        set_role(&mut tx, email, regio, Rol::Wijkcoordinator).await?;
        sqlx::query("UPDATE rol SET wijkverband = $1 WHERE email = $2 AND regio = $3")
            .bind(wijkverband)
            .bind(email)
            .bind(regio)
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
        let rows = sqlx::query(
            "SELECT g.email, g.naam, g.beheerder, r.regio, r.rol, r.wijkverband FROM gebruiker g LEFT JOIN rol r ON r.email = g.email \
             WHERE g.email = $1 ORDER BY r.regio",
        )
        .bind(email)
        .fetch_all(&self.pool)
        .await?;
        gebruiker_of(&rows)
    }

    pub async fn create_sessie(&self, token: &str, email: &str, csrf: &str, seconden: i64) -> Result<(), StoreError> {
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
        // One query (a request's first): the session, its account and the account's roles.
        let rows = sqlx::query(
            "SELECT s.csrf, g.email, g.naam, g.beheerder, r.regio, r.rol, r.wijkverband FROM sessie s \
             JOIN gebruiker g ON g.email = s.email LEFT JOIN rol r ON r.email = s.email \
             WHERE s.token = $1 AND s.verloopt > $2 ORDER BY r.regio",
        )
        .bind(token)
        .bind(unix_now())
        .fetch_all(&self.pool)
        .await?;
        let Some(first) = rows.first() else { return Ok(None) };
        let csrf: String = first.try_get("csrf")?;
        Ok(gebruiker_of(&rows)?.map(|g| (g, csrf)))
    }

    pub async fn end_sessie(&self, token: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessie WHERE token = $1").bind(token).execute(&self.pool).await?;
        Ok(())
    }

    /// Records a login attempt for an address from a client before its password is checked,
    /// atomically: `None` when that client already had `max` attempts in the last `venster`
    /// seconds (nothing recorded); otherwise the attempts on the address from every client in
    /// the window, this one included. The attempt counts as failed until [`Store::inlog_gelukt`].
    pub async fn login_attempt(
        &self,
        sleutel: &str,
        client: &str,
        venster: i64,
        max: i64,
    ) -> Result<Option<i64>, StoreError> {
        let t = unix_now();
        let mut tx = self.write().await?;
        if self.backend == crate::Backend::Postgres {
            // One lock row per address: simultaneous attempts on it are counted in turn.
            sqlx::query("INSERT INTO inlogslot (sleutel) VALUES ($1) ON CONFLICT DO NOTHING")
                .bind(sleutel)
                .execute(&mut *tx)
                .await?;
            sqlx::query("SELECT sleutel FROM inlogslot WHERE sleutel = $1 FOR UPDATE")
                .bind(sleutel)
                .fetch_one(&mut *tx)
                .await?;
        }
        let van_client: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM inlogpoging WHERE sleutel = $1 AND client = $2 AND tijdstip > $3")
                .bind(sleutel)
                .bind(client)
                .bind(t - venster)
                .fetch_one(&mut *tx)
                .await?;
        if van_client >= max {
            return Ok(None);
        }
        sqlx::query("INSERT INTO inlogpoging (sleutel, client, tijdstip) VALUES ($1, $2, $3)")
            .bind(sleutel)
            .bind(client)
            .bind(t)
            .execute(&mut *tx)
            .await?;
        let totaal: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM inlogpoging WHERE sleutel = $1 AND tijdstip > $2")
            .bind(sleutel)
            .bind(t - venster)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(totaal))
    }

    /// A successful login: that client's attempts on the address are forgotten.
    pub async fn login_succeeded(&self, sleutel: &str, client: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM inlogpoging WHERE sleutel = $1 AND client = $2")
            .bind(sleutel)
            .bind(client)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// An open invitation.
#[derive(Debug, Clone, PartialEq)]
pub struct Uitnodiging {
    pub email: String,
    pub regio: Option<String>,
    pub rol: Option<Rol>,
    pub beheerder: bool,
}

impl Store {
    /// Every account with its roles, by e-mail address.
    pub async fn gebruikers(&self) -> Result<Vec<Gebruiker>, StoreError> {
        let emails: Vec<String> =
            sqlx::query_scalar("SELECT email FROM gebruiker ORDER BY email").fetch_all(&self.pool).await?;
        let mut out = Vec::with_capacity(emails.len());
        for e in emails {
            out.extend(self.gebruiker(&e).await?);
        }
        Ok(out)
    }

    /// Removes an account with its roles, sessions and interview assignments; its plan versions,
    /// adoptions and the answers it entered as a fotograaf keep no name.
    pub async fn delete_gebruiker(&self, email: &str) -> Result<bool, StoreError> {
        let mut tx = self.write().await?;
        for table in ["sessie", "rol", "fotograaf"] {
            sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table} WHERE email = $1")))
                .bind(email)
                .execute(&mut *tx)
                .await?;
        }
        for table in
            ["indeling_versie", "indeling_vaststelling", "actie_voortgang", "cyclus_historie", "goede_praktijk"]
        {
            sqlx::query(sqlx::AssertSqlSafe(format!("UPDATE {table} SET door = NULL WHERE door = $1")))
                .bind(email)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("UPDATE respondent SET ingevuld_door = NULL WHERE ingevuld_door = $1")
            .bind(email)
            .execute(&mut *tx)
            .await?;
        let gone = sqlx::query("DELETE FROM gebruiker WHERE email = $1").bind(email).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(gone.rows_affected() > 0)
    }

    pub async fn delete_rol(&self, email: &str, regio: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM rol WHERE email = $1 AND regio = $2")
            .bind(email)
            .bind(regio)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Stores an invitation under `token`, valid for `seconden`.
    pub async fn create_uitnodiging(&self, token: &str, u: &Uitnodiging, seconden: i64) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO uitnodiging (token, email, regio, rol, beheerder, verloopt) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(token)
        .bind(&u.email)
        .bind(u.regio.clone())
        .bind(u.rol.map(|r| r.as_str().to_string()))
        .bind(i64::from(u.beheerder))
        .bind(unix_now() + seconden)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The invitation behind a token, if it is still valid.
    pub async fn uitnodiging(&self, token: &str) -> Result<Option<Uitnodiging>, StoreError> {
        let row =
            sqlx::query("SELECT email, regio, rol, beheerder FROM uitnodiging WHERE token = $1 AND verloopt > $2")
                .bind(token)
                .bind(unix_now())
                .fetch_optional(&self.pool)
                .await?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(Uitnodiging {
            email: row.try_get("email")?,
            regio: row.try_get("regio")?,
            rol: row.try_get::<Option<String>, _>("rol")?.as_deref().and_then(Rol::parse),
            beheerder: row.try_get::<i64, _>("beheerder")? != 0,
        }))
    }

    /// Accepts an invitation: makes the account (or adds the role to an existing one) and uses the token up.
    /// `account`: the name and password hash of a new account; `None` when the address has one.
    pub async fn accept_uitnodiging(
        &self,
        token: &str,
        account: Option<(&str, &str)>,
    ) -> Result<Option<String>, StoreError> {
        let Some(u) = self.uitnodiging(token).await? else { return Ok(None) };
        let mut tx = self.write().await?;
        let used = sqlx::query("DELETE FROM uitnodiging WHERE token = $1").bind(token).execute(&mut *tx).await?;
        if used.rows_affected() == 0 {
            return Ok(None);
        }
        let exists: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM gebruiker WHERE email = $1")
            .bind(&u.email)
            .fetch_one(&mut *tx)
            .await?;
        if exists == 0 {
            let Some((naam, hash)) = account else { return Ok(None) };
            sqlx::query(
                "INSERT INTO gebruiker (email, naam, wachtwoord, beheerder, aangemaakt) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&u.email)
            .bind(naam)
            .bind(hash)
            .bind(i64::from(u.beheerder))
            .bind(now())
            .execute(&mut *tx)
            .await?;
        }
        if let (Some(regio), Some(rol)) = (&u.regio, u.rol) {
            set_role(&mut tx, &u.email, regio, rol).await?;
        }
        tx.commit().await?;
        Ok(Some(u.email))
    }
}

async fn set_role(conn: &mut sqlx::AnyConnection, email: &str, regio: &str, rol: Rol) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM rol WHERE email = $1 AND regio = $2").bind(email).bind(regio).execute(&mut *conn).await?;
    sqlx::query("INSERT INTO rol (email, regio, rol) VALUES ($1, $2, $3)")
        .bind(email)
        .bind(regio)
        .bind(rol.as_str())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// An account from rows of it joined with its roles (`email`, `naam`, `beheerder`, `regio`, `rol`;
/// one row with NULL `regio` when it has none).
fn gebruiker_of(rows: &[sqlx::any::AnyRow]) -> Result<Option<Gebruiker>, StoreError> {
    let Some(first) = rows.first() else { return Ok(None) };
    let rollen = rows
        .iter()
        .filter_map(|r| {
            let regio: String = r.try_get::<Option<String>, _>("regio").ok()??;
            let rol: String = r.try_get::<Option<String>, _>("rol").ok()??;
            Some((regio, Rol::parse(&rol)?))
        })
        .collect();
    let wijkverbanden = rows
        .iter()
        .filter_map(|r| {
            let regio: String = r.try_get::<Option<String>, _>("regio").ok()??;
            let w: String = r.try_get::<Option<String>, _>("wijkverband").ok()??;
            Some((regio, w))
        })
        .collect();
    Ok(Some(Gebruiker {
        email: first.try_get("email")?,
        naam: first.try_get("naam")?,
        beheerder: first.try_get::<i64, _>("beheerder")? != 0,
        rollen,
        wijkverbanden,
    }))
}
