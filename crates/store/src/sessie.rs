//! Duidingssessies: a region's sessions with their areas, tables (each with its link), rounds,
//! participants, contributions and themes. The facilitator (a bewerker) prepares, opens, moves
//! through the rounds, shows the wall and closes; a table's link adds contributions to its own
//! table only while the session is open, each once however often a phone resends it. Every
//! change is one transaction that locks its session and is refused with a reason
//! (`StoreError::Geweigerd`) changing nothing.

use sqlx::{AnyConnection, Row};
use wv_core::sessie::{Bijdrage, Format, Ronde, Tafel, groepeer};

use crate::import::now;
use crate::{Backend, Store, StoreError};

/// The longest contribution stored: a post-it, not an essay (as `wv_data::sessie`).
pub const MAX_BIJDRAGE: usize = 2000;
/// The most contributions a session takes.
pub const MAX_BIJDRAGEN: i64 = 20_000;
/// The longest name of a theme, an area or a participant.
pub const MAX_NAAM: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SessieStatus {
    Voorbereid,
    Open,
    Gesloten,
}

impl SessieStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SessieStatus::Voorbereid => "voorbereid",
            SessieStatus::Open => "open",
            SessieStatus::Gesloten => "gesloten",
        }
    }

    fn parse(s: &str) -> Result<SessieStatus, StoreError> {
        Ok(match s {
            "voorbereid" => SessieStatus::Voorbereid,
            "open" => SessieStatus::Open,
            "gesloten" => SessieStatus::Gesloten,
            _ => return Err(StoreError::Model(format!("onbekende sessiestatus '{s}'"))),
        })
    }
}

/// An area a session is about.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SessieGebied {
    pub naam: String,
    /// wijkverband | wijk | gemeente | buurten
    pub soort: String,
    pub buurten: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Deelnemer {
    /// An actor of the sociale kaart; none for a resident.
    pub actor: Option<String>,
    /// The actor's name, a resident's first name, or "inwoner".
    pub naam: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TafelRij {
    pub nr: i64,
    pub vraag: String,
    pub gebied: Option<usize>,
    #[serde(skip)]
    pub token: String,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Sessie {
    pub id: i64,
    pub regio: String,
    pub titel: String,
    pub datum: String,
    pub plaats: String,
    pub begeleider: String,
    pub slotvraag: String,
    pub status: SessieStatus,
    /// The current round (1-based); 0 before the first, one past the last for the closing question.
    pub ronde: i64,
    /// When the current round began (seconds since 1970).
    pub ronde_sinds: Option<i64>,
    pub muur: bool,
    /// The figures on the table: `startfoto:INDICATOR`, `opgaven`, `veerkracht`, `wijkfoto:…`.
    pub figuren: Vec<String>,
    pub synthetisch: bool,
    pub gebieden: Vec<SessieGebied>,
    pub tafels: Vec<TafelRij>,
    pub rondes: Vec<Ronde>,
    pub deelnemers: Vec<Deelnemer>,
}

impl Sessie {
    /// The name a contribution at `tafel` counts for in the rode draad: the table's area, else
    /// the session's first area, else its title.
    pub fn wijk_van(&self, tafel: Option<i64>) -> &str {
        let gebied = tafel
            .and_then(|t| self.tafels.iter().find(|x| x.nr == t))
            .and_then(|t| t.gebied)
            .and_then(|g| self.gebieden.get(g))
            .or(self.gebieden.first());
        gebied.map_or(self.titel.as_str(), |g| g.naam.as_str())
    }

    /// Whether the closing question is on.
    pub fn bij_slot(&self) -> bool {
        self.ronde > self.rondes.len() as i64
    }
}

/// A session to prepare.
#[derive(Debug, Clone)]
pub struct NieuweSessie<'a> {
    pub titel: &'a str,
    pub datum: &'a str,
    pub plaats: &'a str,
    pub begeleider: &'a str,
    pub gebieden: &'a [SessieGebied],
    pub format: &'a Format,
    pub deelnemers: &'a [Deelnemer],
    pub figuren: &'a [String],
    pub synthetisch: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BijdrageRij {
    pub id: i64,
    pub tafel: Option<i64>,
    pub ronde: i64,
    /// An answer to the closing question.
    pub slot: bool,
    pub tekst: String,
    pub thema: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ThemaRij {
    pub id: i64,
    pub naam: String,
    /// `startfoto:INDICATOR` or `wijkfoto:FINDING`.
    pub bewijs: Option<String>,
}

/// What the facilitator does with a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stuur {
    /// Open it: the tables can type, the first round begins.
    Open,
    /// The next round, or after the last the closing question.
    Volgende,
    Vorige,
    /// Show or hide the wall (every table's contributions) on the tables' phones.
    Muur(bool),
    Sluit,
    /// Open a closed session again.
    Heropen,
}

/// What the rode draad reads of a contribution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraadBijdrage {
    pub sessie: i64,
    pub wijk: String,
    pub tekst: String,
    pub thema: Option<String>,
}

fn geweigerd(reden: impl Into<String>) -> StoreError {
    StoreError::Geweigerd(reden.into())
}

fn lijst(s: &str) -> Vec<String> {
    s.split(',').map(str::trim).filter(|t| !t.is_empty()).map(String::from).collect()
}

async fn volgend(conn: &mut AnyConnection, naam: &str) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar("UPDATE teller SET waarde = waarde + 1 WHERE naam = $1 RETURNING waarde")
        .bind(naam)
        .fetch_one(&mut *conn)
        .await?)
}

/// 128 random bits as hex: a table's link.
fn token() -> Result<String, StoreError> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| StoreError::Model(format!("no random token: {e}")))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

const SESSIE: &str =
    "id, regio, titel, datum, plaats, begeleider, slotvraag, status, ronde, ronde_sinds, muur, figuren, synthetisch";

impl Store {
    /// Prepares a session; refused when its format cannot run or a text is too long.
    pub async fn maak_sessie(&self, regio: &str, s: &NieuweSessie<'_>) -> Result<Sessie, StoreError> {
        if let Some(f) = s.format.fout(s.gebieden.len()) {
            return Err(geweigerd(f));
        }
        let lang = |t: &str| t.chars().count() > MAX_NAAM;
        if s.titel.trim().is_empty() {
            return Err(geweigerd("Geef de sessie een titel."));
        }
        if [s.titel, s.plaats, s.begeleider].into_iter().any(lang)
            || s.gebieden.iter().any(|g| lang(&g.naam))
            || s.deelnemers.iter().any(|d| lang(&d.naam))
        {
            return Err(geweigerd(format!("Een titel, plaats, naam of gebied is langer dan {MAX_NAAM} tekens.")));
        }
        if s.deelnemers.len() > 500 || s.gebieden.len() > 50 || s.figuren.len() > 100 {
            return Err(geweigerd("Te veel deelnemers (500), gebieden (50) of cijfers (100)."));
        }
        let mut tx = self.write().await?;
        let id = volgend(&mut tx, "duiding").await?;
        sqlx::query(
            "INSERT INTO duiding (id, regio, titel, datum, plaats, begeleider, slotvraag, status, ronde, muur, figuren, synthetisch) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'voorbereid', 0, 0, $8, $9)",
        )
        .bind(id)
        .bind(regio)
        .bind(s.titel.trim())
        .bind(s.datum)
        .bind(s.plaats.trim())
        .bind(s.begeleider.trim())
        .bind(s.format.slotvraag.trim())
        .bind(s.figuren.join(","))
        .bind(i64::from(s.synthetisch))
        .execute(&mut *tx)
        .await?;
        for (nr, g) in s.gebieden.iter().enumerate() {
            sqlx::query("INSERT INTO duiding_gebied (sessie, nr, naam, soort, buurten) VALUES ($1, $2, $3, $4, $5)")
                .bind(id)
                .bind(nr as i64)
                .bind(g.naam.trim())
                .bind(&g.soort)
                .bind(g.buurten.join(","))
                .execute(&mut *tx)
                .await?;
        }
        for (nr, t) in s.format.tafels.iter().enumerate() {
            sqlx::query("INSERT INTO duiding_tafel (sessie, nr, vraag, gebied, token) VALUES ($1, $2, $3, $4, $5)")
                .bind(id)
                .bind(nr as i64 + 1)
                .bind(t.vraag.trim())
                .bind(t.gebied.map(|g| g as i64))
                .bind(token()?)
                .execute(&mut *tx)
                .await?;
        }
        for (nr, r) in s.format.rondes.iter().enumerate() {
            sqlx::query("INSERT INTO duiding_ronde (sessie, nr, instructie, minuten) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(nr as i64 + 1)
                .bind(r.instructie.trim())
                .bind(i64::from(r.minuten))
                .execute(&mut *tx)
                .await?;
        }
        for (nr, d) in s.deelnemers.iter().enumerate() {
            sqlx::query("INSERT INTO duiding_deelnemer (sessie, nr, actor, naam) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(nr as i64)
                .bind(d.actor.as_deref())
                .bind(d.naam.trim())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        self.duidingssessie(id)
            .await?
            .ok_or_else(|| StoreError::Model("de nieuwe sessie is niet terug te lezen".into()))
    }

    /// A region's sessions, newest first.
    pub async fn duidingssessies(&self, regio: &str) -> Result<Vec<Sessie>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM duiding WHERE regio = $1 ORDER BY datum DESC, id DESC")
            .bind(regio)
            .fetch_all(&self.pool)
            .await?;
        let mut uit = Vec::with_capacity(ids.len());
        for id in ids {
            uit.extend(self.duidingssessie(id).await?);
        }
        Ok(uit)
    }

    pub async fn duidingssessie(&self, id: i64) -> Result<Option<Sessie>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        sessie_in(&mut conn, id).await
    }

    /// The session and table a table's link opens.
    pub async fn duiding_tafel(&self, token: &str) -> Result<Option<(Sessie, i64)>, StoreError> {
        let row = sqlx::query("SELECT sessie, nr FROM duiding_tafel WHERE token = $1")
            .bind(token)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let (id, nr): (i64, i64) = (row.try_get("sessie")?, row.try_get("nr")?);
        Ok(self.duidingssessie(id).await?.map(|s| (s, nr)))
    }

    pub async fn verwijder_sessie(&self, id: i64) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        for t in ["bijdrage", "duiding_thema", "duiding_deelnemer", "duiding_ronde", "duiding_tafel", "duiding_gebied"]
        {
            sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {t} WHERE sessie = $1")))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM duiding WHERE id = $1").bind(id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Opens, moves through the rounds, shows the wall, closes.
    pub async fn stuur_sessie(&self, id: i64, stuur: Stuur) -> Result<Sessie, StoreError> {
        let mut tx = self.write().await?;
        let s = vergrendel(&mut tx, self.backend, id).await?;
        let laatste = s.rondes.len() as i64 + 1; // the closing question
        let (status, ronde, muur) = match (stuur, s.status) {
            (Stuur::Open, SessieStatus::Voorbereid) => (SessieStatus::Open, 1, s.muur),
            (Stuur::Open | Stuur::Heropen, SessieStatus::Open) => return Err(geweigerd("De sessie is al open.")),
            (Stuur::Heropen, SessieStatus::Gesloten) => (SessieStatus::Open, s.ronde, s.muur),
            (_, SessieStatus::Gesloten) => return Err(geweigerd("De sessie is gesloten: heropen haar eerst.")),
            (Stuur::Volgende, SessieStatus::Open) if s.ronde < laatste => (s.status, s.ronde + 1, s.muur),
            (Stuur::Volgende, _) => return Err(geweigerd("Er is geen volgende ronde: sluit de sessie.")),
            (Stuur::Vorige, SessieStatus::Open) if s.ronde > 1 => (s.status, s.ronde - 1, s.muur),
            (Stuur::Vorige, _) => return Err(geweigerd("Er is geen vorige ronde.")),
            (Stuur::Muur(m), _) => (s.status, s.ronde, m),
            (Stuur::Sluit, SessieStatus::Open) => (SessieStatus::Gesloten, s.ronde, false),
            (Stuur::Sluit | Stuur::Heropen, SessieStatus::Voorbereid) => {
                return Err(geweigerd("De sessie is nog niet geopend."));
            }
        };
        let sinds = if ronde != s.ronde || s.ronde_sinds.is_none() { Some(now()) } else { None };
        sqlx::query(
            "UPDATE duiding SET status = $1, ronde = $2, muur = $3, ronde_sinds = COALESCE($4, ronde_sinds) WHERE id = $5",
        )
        .bind(status.as_str())
        .bind(ronde)
        .bind(i64::from(muur))
        .bind(sinds)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let s = sessie_in(&mut tx, id).await?;
        tx.commit().await?;
        s.ok_or_else(|| StoreError::Model("de sessie is niet terug te lezen".into()))
    }

    /// A contribution typed at a table's phone, in the current round (the closing question's
    /// when it is on). Only while the session is open; a resend with the same `sleutel` is
    /// stored once. Returns its id.
    pub async fn bijdrage_van_tafel(&self, token: &str, tekst: &str, sleutel: &str) -> Result<i64, StoreError> {
        let tekst = tekst.trim();
        if tekst.is_empty() || tekst.chars().count() > MAX_BIJDRAGE || sleutel.is_empty() || sleutel.len() > 64 {
            return Err(geweigerd(format!("Een bijdrage is 1 tot {MAX_BIJDRAGE} tekens.")));
        }
        let mut tx = self.write().await?;
        let row = sqlx::query("SELECT sessie, nr FROM duiding_tafel WHERE token = $1")
            .bind(token)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NietGevonden("Deze tafel bestaat niet."))?;
        let (id, tafel): (i64, i64) = (row.try_get("sessie")?, row.try_get("nr")?);
        let s = vergrendel(&mut tx, self.backend, id).await?;
        if let Some(b) = bestaand(&mut tx, id, sleutel).await? {
            return Ok(b);
        }
        if s.status != SessieStatus::Open {
            return Err(geweigerd("De sessie is niet open: er kan nu niets bij."));
        }
        ruimte(&mut tx, id, 1).await?;
        let slot = s.bij_slot();
        let b = voeg(&mut tx, id, (!slot).then_some(tafel), s.ronde, slot, tekst, Some(sleutel)).await?;
        tx.commit().await?;
        Ok(b)
    }

    /// Post-its typed in by the facilitator: one contribution per line, at a table and round
    /// (or the closing question: no table, `slot`). In any state of the session.
    pub async fn bijdragen_typen(
        &self,
        id: i64,
        tafel: Option<i64>,
        ronde: i64,
        slot: bool,
        regels: &[&str],
    ) -> Result<usize, StoreError> {
        let regels: Vec<&str> = regels.iter().map(|r| r.trim()).filter(|r| !r.is_empty()).collect();
        if let Some(r) = regels.iter().position(|r| r.chars().count() > MAX_BIJDRAGE) {
            return Err(geweigerd(format!("Regel {} is langer dan {MAX_BIJDRAGE} tekens.", r + 1)));
        }
        let mut tx = self.write().await?;
        let s = vergrendel(&mut tx, self.backend, id).await?;
        if !slot && !s.tafels.iter().any(|t| Some(t.nr) == tafel) {
            return Err(geweigerd("Kies een tafel van deze sessie."));
        }
        if !slot && !(1..=s.rondes.len() as i64).contains(&ronde) {
            return Err(geweigerd("Kies een ronde van deze sessie."));
        }
        ruimte(&mut tx, id, regels.len()).await?;
        let (tafel, ronde) = if slot { (None, s.rondes.len() as i64 + 1) } else { (tafel, ronde) };
        for r in &regels {
            voeg(&mut tx, id, tafel, ronde, slot, r, None).await?;
        }
        tx.commit().await?;
        Ok(regels.len())
    }

    /// A session's contributions after `na` (an id; 0 for all), in the order typed.
    pub async fn bijdragen(&self, id: i64, na: i64) -> Result<Vec<BijdrageRij>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, tafel, ronde, slot, tekst, thema FROM bijdrage WHERE sessie = $1 AND id > $2 ORDER BY id",
        )
        .bind(id)
        .bind(na)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(BijdrageRij {
                    id: r.try_get("id")?,
                    tafel: r.try_get("tafel")?,
                    ronde: r.try_get("ronde")?,
                    slot: r.try_get::<i64, _>("slot")? != 0,
                    tekst: r.try_get("tekst")?,
                    thema: r.try_get("thema")?,
                })
            })
            .collect()
    }

    /// Removes a contribution (moderation: a name, an insult).
    pub async fn verwijder_bijdrage(&self, id: i64, bijdrage: i64) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        vergrendel(&mut tx, self.backend, id).await?;
        let n = sqlx::query("DELETE FROM bijdrage WHERE id = $1 AND sessie = $2")
            .bind(bijdrage)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NietGevonden("Deze bijdrage bestaat niet."));
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn themas(&self, id: i64) -> Result<Vec<ThemaRij>, StoreError> {
        let rows = sqlx::query("SELECT id, naam, bewijs FROM duiding_thema WHERE sessie = $1 ORDER BY id")
            .bind(id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok(ThemaRij { id: r.try_get("id")?, naam: r.try_get("naam")?, bewijs: r.try_get("bewijs")? }))
            .collect()
    }

    /// Proposes themes for the contributions that have none: each group of `groepeer` with
    /// more than one contribution a theme (a contribution on its own stays without one). The
    /// answers to the closing question are not themes: they go forward as they are.
    /// Returns how many themes were made.
    pub async fn stel_themas_voor(&self, id: i64) -> Result<usize, StoreError> {
        let mut tx = self.write().await?;
        let s = vergrendel(&mut tx, self.backend, id).await?;
        let rows = sqlx::query(
            "SELECT id, tafel, tekst FROM bijdrage WHERE sessie = $1 AND thema IS NULL AND slot = 0 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        let vrij: Vec<(i64, Option<i64>, String)> = rows
            .iter()
            .map(|r| Ok((r.try_get("id")?, r.try_get("tafel")?, r.try_get("tekst")?)))
            .collect::<Result<_, StoreError>>()?;
        let invoer: Vec<Bijdrage> =
            vrij.iter().map(|(_, t, tekst)| Bijdrage { wijk: s.wijk_van(*t), tekst, thema: None }).collect();
        let mut n = 0;
        for g in groepeer(&invoer).into_iter().filter(|g| g.leden.len() > 1) {
            let thema = nieuw_thema(&mut tx, id, &g.label).await?;
            for i in g.leden {
                zet_thema(&mut tx, vrij[i].0, Some(thema)).await?;
            }
            n += 1;
        }
        tx.commit().await?;
        Ok(n)
    }

    /// A new theme holding `bijdragen` (taken from the themes they were in: a split when they
    /// all came from one).
    pub async fn maak_thema(&self, id: i64, naam: &str, bijdragen: &[i64]) -> Result<i64, StoreError> {
        let naam = naam_ok(naam)?;
        let mut tx = self.write().await?;
        vergrendel(&mut tx, self.backend, id).await?;
        eigen_bijdragen(&mut tx, id, bijdragen).await?;
        let thema = nieuw_thema(&mut tx, id, naam).await?;
        for b in bijdragen {
            zet_thema(&mut tx, *b, Some(thema)).await?;
        }
        tx.commit().await?;
        Ok(thema)
    }

    /// Renames a theme and sets its evidence.
    pub async fn wijzig_thema(&self, id: i64, thema: i64, naam: &str, bewijs: Option<&str>) -> Result<(), StoreError> {
        let naam = naam_ok(naam)?;
        if bewijs.is_some_and(|b| b.len() > 500) {
            return Err(geweigerd("Het bewijs is te lang."));
        }
        let mut tx = self.write().await?;
        vergrendel(&mut tx, self.backend, id).await?;
        let n = sqlx::query("UPDATE duiding_thema SET naam = $1, bewijs = $2 WHERE id = $3 AND sessie = $4")
            .bind(naam)
            .bind(bewijs)
            .bind(thema)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NietGevonden("Dit thema bestaat niet."));
        }
        tx.commit().await?;
        Ok(())
    }

    /// Merges themes into the first of `themas`, named `naam`; the others go.
    pub async fn voeg_themas_samen(&self, id: i64, themas: &[i64], naam: &str) -> Result<i64, StoreError> {
        let naam = naam_ok(naam)?;
        let [doel, rest @ ..] = themas else { return Err(geweigerd("Kies de thema's om samen te voegen.")) };
        if rest.is_empty() {
            return Err(geweigerd("Kies ten minste twee thema's om samen te voegen."));
        }
        let mut tx = self.write().await?;
        vergrendel(&mut tx, self.backend, id).await?;
        let eigen: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM duiding_thema WHERE sessie = $1").bind(id).fetch_all(&mut *tx).await?;
        if themas.iter().any(|t| !eigen.contains(t)) {
            return Err(geweigerd("Een van de thema's hoort niet bij deze sessie."));
        }
        for t in rest {
            sqlx::query("UPDATE bijdrage SET thema = $1 WHERE thema = $2").bind(doel).bind(t).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM duiding_thema WHERE id = $1").bind(t).execute(&mut *tx).await?;
        }
        sqlx::query("UPDATE duiding_thema SET naam = $1 WHERE id = $2").bind(naam).bind(doel).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(*doel)
    }

    /// Puts contributions in a theme of the session, or in none; a theme left empty goes.
    pub async fn zet_in_thema(&self, id: i64, bijdragen: &[i64], thema: Option<i64>) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        vergrendel(&mut tx, self.backend, id).await?;
        eigen_bijdragen(&mut tx, id, bijdragen).await?;
        if let Some(t) = thema {
            let van: Option<i64> = sqlx::query_scalar("SELECT sessie FROM duiding_thema WHERE id = $1")
                .bind(t)
                .fetch_optional(&mut *tx)
                .await?;
            if van != Some(id) {
                return Err(geweigerd("Dat thema hoort niet bij deze sessie."));
            }
        }
        for b in bijdragen {
            zet_thema(&mut tx, *b, thema).await?;
        }
        sqlx::query("DELETE FROM duiding_thema WHERE sessie = $1 AND id NOT IN (SELECT thema FROM bijdrage WHERE thema IS NOT NULL)")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every contribution of a region's sessions as the rode draad reads it (the closing
    /// question's answers are not themes).
    pub async fn draad_bijdragen(&self, regio: &str) -> Result<Vec<DraadBijdrage>, StoreError> {
        let mut uit = Vec::new();
        for s in self.duidingssessies(regio).await? {
            let themas = self.themas(s.id).await?;
            for b in self.bijdragen(s.id, 0).await?.into_iter().filter(|b| !b.slot) {
                uit.push(DraadBijdrage {
                    sessie: s.id,
                    wijk: s.wijk_van(b.tafel).to_string(),
                    thema: b.thema.and_then(|t| themas.iter().find(|x| x.id == t)).map(|t| t.naam.clone()),
                    tekst: b.tekst,
                });
            }
        }
        Ok(uit)
    }

    /// Stores contributions from a file as sessions of a region, in one transaction: a session
    /// per `sessie` name, an area per wijk in it, a table per (wijk, tafel), a round per
    /// `ronde` (in the order first met), a closing answer where `ronde` is "slot" or "morgen".
    /// Returns the sessions made.
    pub async fn importeer_sessies(
        &self,
        regio: &str,
        datum: &str,
        rijen: &[ImportRij<'_>],
    ) -> Result<Vec<i64>, StoreError> {
        let mut namen: Vec<&str> = Vec::new();
        for r in rijen {
            if !namen.contains(&r.sessie) {
                namen.push(r.sessie);
            }
        }
        if rijen.len() > MAX_BIJDRAGEN as usize {
            return Err(geweigerd(format!("Een bestand neemt ten hoogste {MAX_BIJDRAGEN} bijdragen.")));
        }
        let mut tx = self.write().await?;
        let mut ids = Vec::new();
        for naam in namen {
            let eigen: Vec<&ImportRij> = rijen.iter().filter(|r| r.sessie == naam).collect();
            let mut wijken: Vec<&str> = Vec::new();
            let mut tafels: Vec<(&str, &str)> = Vec::new();
            let mut rondes: Vec<&str> = Vec::new();
            for r in &eigen {
                if !wijken.contains(&r.wijk) {
                    wijken.push(r.wijk);
                }
                if !is_slot(r.ronde) {
                    if !tafels.contains(&(r.wijk, r.tafel)) {
                        tafels.push((r.wijk, r.tafel));
                    }
                    if !rondes.contains(&r.ronde) {
                        rondes.push(r.ronde);
                    }
                }
            }
            let format = Format {
                tafels: tafels
                    .iter()
                    .map(|(w, t)| Tafel {
                        vraag: if t.is_empty() { w.to_string() } else { format!("{w}, tafel {t}") },
                        gebied: wijken.iter().position(|x| x == w),
                    })
                    .collect(),
                rondes: rondes
                    .iter()
                    .map(|r| Ronde {
                        instructie: if r.is_empty() { "Ronde".into() } else { format!("Ronde {r}") },
                        minuten: 10,
                    })
                    .collect(),
                slotvraag: wv_core::sessie::sjabloon::MORGEN.into(),
            };
            let gebieden: Vec<SessieGebied> = wijken
                .iter()
                .map(|w| SessieGebied { naam: w.to_string(), soort: "wijk".into(), buurten: vec![] })
                .collect();
            let mut format = format;
            if format.tafels.is_empty() {
                format.tafels.push(Tafel { vraag: naam.to_string(), gebied: Some(0) });
            }
            if format.rondes.is_empty() {
                format.rondes.push(Ronde { instructie: "Ronde".into(), minuten: 10 });
            }
            if let Some(f) = format.fout(gebieden.len()) {
                return Err(geweigerd(format!("Sessie {naam}: {f}")));
            }
            let id = volgend(&mut tx, "duiding").await?;
            // stored as prepared and then closed: a session held elsewhere
            sqlx::query(
                "INSERT INTO duiding (id, regio, titel, datum, plaats, begeleider, slotvraag, status, ronde, muur, figuren, synthetisch) \
                 VALUES ($1, $2, $3, $4, '', '', $5, 'gesloten', $6, 0, '', 0)",
            )
            .bind(id)
            .bind(regio)
            .bind(naam)
            .bind(datum)
            .bind(&format.slotvraag)
            .bind(format.rondes.len() as i64)
            .execute(&mut *tx)
            .await?;
            for (nr, g) in gebieden.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO duiding_gebied (sessie, nr, naam, soort, buurten) VALUES ($1, $2, $3, 'wijk', '')",
                )
                .bind(id)
                .bind(nr as i64)
                .bind(&g.naam)
                .execute(&mut *tx)
                .await?;
            }
            for (nr, t) in format.tafels.iter().enumerate() {
                sqlx::query("INSERT INTO duiding_tafel (sessie, nr, vraag, gebied, token) VALUES ($1, $2, $3, $4, $5)")
                    .bind(id)
                    .bind(nr as i64 + 1)
                    .bind(&t.vraag)
                    .bind(t.gebied.map(|g| g as i64))
                    .bind(token()?)
                    .execute(&mut *tx)
                    .await?;
            }
            for (nr, r) in format.rondes.iter().enumerate() {
                sqlx::query("INSERT INTO duiding_ronde (sessie, nr, instructie, minuten) VALUES ($1, $2, $3, 10)")
                    .bind(id)
                    .bind(nr as i64 + 1)
                    .bind(&r.instructie)
                    .execute(&mut *tx)
                    .await?;
            }
            for r in eigen {
                let slot = is_slot(r.ronde);
                let tafel = tafels.iter().position(|x| *x == (r.wijk, r.tafel)).map(|t| t as i64 + 1);
                let ronde = match rondes.iter().position(|x| *x == r.ronde) {
                    Some(k) => k as i64 + 1,
                    None => format.rondes.len() as i64 + 1,
                };
                voeg(&mut tx, id, if slot { None } else { tafel }, ronde, slot, r.tekst, None).await?;
            }
            ids.push(id);
        }
        tx.commit().await?;
        Ok(ids)
    }
}

/// A row of an imported file of contributions.
#[derive(Debug, Clone, Copy)]
pub struct ImportRij<'a> {
    pub wijk: &'a str,
    pub sessie: &'a str,
    pub tafel: &'a str,
    pub ronde: &'a str,
    pub tekst: &'a str,
}

fn is_slot(ronde: &str) -> bool {
    ronde.eq_ignore_ascii_case("slot") || ronde.eq_ignore_ascii_case("morgen")
}

fn naam_ok(naam: &str) -> Result<&str, StoreError> {
    let naam = naam.trim();
    if naam.is_empty() || naam.chars().count() > MAX_NAAM {
        return Err(geweigerd(format!("Een thema heeft een naam van 1 tot {MAX_NAAM} tekens.")));
    }
    Ok(naam)
}

async fn sessie_in(conn: &mut AnyConnection, id: i64) -> Result<Option<Sessie>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {SESSIE} FROM duiding WHERE id = $1")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(r) = row else { return Ok(None) };
    let gebieden = sqlx::query("SELECT naam, soort, buurten FROM duiding_gebied WHERE sessie = $1 ORDER BY nr")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|g| {
            Ok(SessieGebied {
                naam: g.try_get("naam")?,
                soort: g.try_get("soort")?,
                buurten: lijst(&g.try_get::<String, _>("buurten")?),
            })
        })
        .collect::<Result<_, StoreError>>()?;
    let tafels = sqlx::query("SELECT nr, vraag, gebied, token FROM duiding_tafel WHERE sessie = $1 ORDER BY nr")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|t| {
            Ok(TafelRij {
                nr: t.try_get("nr")?,
                vraag: t.try_get("vraag")?,
                gebied: t.try_get::<Option<i64>, _>("gebied")?.map(|g| g as usize),
                token: t.try_get("token")?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    let rondes = sqlx::query("SELECT instructie, minuten FROM duiding_ronde WHERE sessie = $1 ORDER BY nr")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|x| Ok(Ronde { instructie: x.try_get("instructie")?, minuten: x.try_get::<i64, _>("minuten")? as u32 }))
        .collect::<Result<_, StoreError>>()?;
    let deelnemers = sqlx::query("SELECT actor, naam FROM duiding_deelnemer WHERE sessie = $1 ORDER BY nr")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|d| Ok(Deelnemer { actor: d.try_get("actor")?, naam: d.try_get("naam")? }))
        .collect::<Result<_, StoreError>>()?;
    let status: String = r.try_get("status")?;
    Ok(Some(Sessie {
        id,
        regio: r.try_get("regio")?,
        titel: r.try_get("titel")?,
        datum: r.try_get("datum")?,
        plaats: r.try_get("plaats")?,
        begeleider: r.try_get("begeleider")?,
        slotvraag: r.try_get("slotvraag")?,
        status: SessieStatus::parse(&status)?,
        ronde: r.try_get("ronde")?,
        ronde_sinds: r.try_get::<Option<String>, _>("ronde_sinds")?.and_then(|s| s.parse().ok()),
        muur: r.try_get::<i64, _>("muur")? != 0,
        figuren: lijst(&r.try_get::<String, _>("figuren")?),
        synthetisch: r.try_get::<i64, _>("synthetisch")? != 0,
        gebieden,
        tafels,
        rondes,
        deelnemers,
    }))
}

/// The session, locked for the change (`FOR UPDATE` on PostgreSQL; SQLite's writer lock).
async fn vergrendel(conn: &mut AnyConnection, backend: Backend, id: i64) -> Result<Sessie, StoreError> {
    if backend == Backend::Postgres {
        sqlx::query("SELECT id FROM duiding WHERE id = $1 FOR UPDATE").bind(id).execute(&mut *conn).await?;
    }
    sessie_in(conn, id).await?.ok_or(StoreError::NietGevonden("Deze sessie bestaat niet."))
}

async fn bestaand(conn: &mut AnyConnection, sessie: i64, sleutel: &str) -> Result<Option<i64>, StoreError> {
    Ok(sqlx::query_scalar("SELECT id FROM bijdrage WHERE sessie = $1 AND sleutel = $2")
        .bind(sessie)
        .bind(sleutel)
        .fetch_optional(&mut *conn)
        .await?)
}

async fn voeg(
    conn: &mut AnyConnection,
    sessie: i64,
    tafel: Option<i64>,
    ronde: i64,
    slot: bool,
    tekst: &str,
    sleutel: Option<&str>,
) -> Result<i64, StoreError> {
    let id = volgend(conn, "bijdrage").await?;
    sqlx::query(
        "INSERT INTO bijdrage (id, sessie, tafel, ronde, slot, tekst, sleutel, gemaakt) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(sessie)
    .bind(tafel)
    .bind(ronde)
    .bind(i64::from(slot))
    .bind(tekst)
    .bind(sleutel)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// Refuses when `erbij` more contributions would take the session past its bound.
async fn ruimte(conn: &mut AnyConnection, sessie: i64, erbij: usize) -> Result<(), StoreError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bijdrage WHERE sessie = $1")
        .bind(sessie)
        .fetch_one(&mut *conn)
        .await?;
    if n + erbij as i64 > MAX_BIJDRAGEN {
        return Err(geweigerd(format!("Een sessie neemt ten hoogste {MAX_BIJDRAGEN} bijdragen.")));
    }
    Ok(())
}

async fn nieuw_thema(conn: &mut AnyConnection, sessie: i64, naam: &str) -> Result<i64, StoreError> {
    let id = volgend(conn, "duiding_thema").await?;
    sqlx::query("INSERT INTO duiding_thema (id, sessie, naam) VALUES ($1, $2, $3)")
        .bind(id)
        .bind(sessie)
        .bind(naam)
        .execute(&mut *conn)
        .await?;
    Ok(id)
}

async fn zet_thema(conn: &mut AnyConnection, bijdrage: i64, thema: Option<i64>) -> Result<(), StoreError> {
    sqlx::query("UPDATE bijdrage SET thema = $1 WHERE id = $2").bind(thema).bind(bijdrage).execute(&mut *conn).await?;
    Ok(())
}

/// Refuses when a contribution is not the session's.
async fn eigen_bijdragen(conn: &mut AnyConnection, sessie: i64, bijdragen: &[i64]) -> Result<(), StoreError> {
    if bijdragen.is_empty() || bijdragen.len() > MAX_BIJDRAGEN as usize {
        return Err(geweigerd("Kies een of meer bijdragen."));
    }
    let eigen: std::collections::HashSet<i64> = sqlx::query_scalar("SELECT id FROM bijdrage WHERE sessie = $1")
        .bind(sessie)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .collect();
    if bijdragen.iter().any(|b| !eigen.contains(b)) {
        return Err(geweigerd("Een van de bijdragen hoort niet bij deze sessie."));
    }
    Ok(())
}
