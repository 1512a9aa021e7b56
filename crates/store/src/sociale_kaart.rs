//! The sociale kaart of a region: actors, imported or edited, with contact
//! details apart, and the overleggen they take part in. Removing an actor
//! removes everything of that person: their place on the kaart, their
//! overleggen, their survey links and every answer by or about them, their place in a
//! kernteam and among a duidingssessie's participants.

use sqlx::Row;
use wv_core::netwerk::{Actor, ActorSoort, Discipline};

use crate::{BuurtFilter, Store, StoreError};

pub(crate) fn discipline_text(d: Discipline) -> String {
    serde_json::to_value(d).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
}

impl Store {
    /// Adds the actors, replacing those with the same id, in one transaction; returns (added, replaced).
    pub async fn save_actors(
        &self,
        regio: &str,
        actors: &[(Actor, Option<String>)],
    ) -> Result<(usize, usize), StoreError> {
        let mut tx = self.write().await?;
        let (mut added, mut replaced) = (0, 0);
        for (a, contact) in actors {
            if put_actor(&mut tx, regio, a, contact.as_deref()).await? {
                replaced += 1;
            } else {
                added += 1;
            }
        }
        crate::regio::sync_wijkverbanden(&mut tx, regio).await?;
        tx.commit().await?;
        Ok((added, replaced))
    }

    /// Adds a new actor under the first free id of `actor.id`, `actor.id-2`, `actor.id-3`, …,
    /// chosen inside the write, so that two people adding the same name at once get two actors.
    /// Returns the id it got.
    pub async fn add_actor(&self, regio: &str, actor: &Actor, contact: Option<&str>) -> Result<String, StoreError> {
        let mut tx = self.write().await?;
        // PostgreSQL: one new actor of the region at a time (SQLite's write already is).
        if self.backend == crate::Backend::Postgres {
            sqlx::query("SELECT naam FROM regio WHERE naam = $1 FOR UPDATE").bind(regio).execute(&mut *tx).await?;
        }
        let taken: Vec<String> =
            sqlx::query_scalar("SELECT id FROM actor WHERE regio = $1 AND (id = $2 OR id LIKE $3)")
                .bind(regio)
                .bind(&actor.id)
                .bind(format!("{}-%", actor.id))
                .fetch_all(&mut *tx)
                .await?;
        let id = std::iter::once(actor.id.clone())
            .chain((2..).map(|k| format!("{}-{k}", actor.id)))
            .find(|id| !taken.contains(id))
            .unwrap_or_default();
        let actor = Actor { id: id.clone(), ..actor.clone() };
        put_actor(&mut tx, regio, &actor, contact).await?;
        crate::regio::sync_wijkverbanden(&mut tx, regio).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Imports a sociale kaart read from `file` into a region: every buurtcode must be one of
    /// the region's buurten; on any problem nothing is stored. Returns (added, replaced).
    pub async fn import_sociale_kaart(
        &self,
        regio: &str,
        file: &std::path::Path,
        rows: Vec<wv_data::sociale_kaart::ActorRij>,
    ) -> Result<(usize, usize), StoreError> {
        let gemeenten = self.regio(regio).await?.gemeenten;
        let buurten = self.buurten(&BuurtFilter { jaar: None, gemeenten }).await?;
        for r in &rows {
            if let Some(b) = &r.actor.buurt
                && !buurten.iter().any(|x| x.code.as_str() == b)
            {
                let e = wv_data::DataError::new(file, format!("{b} is geen buurt van regio {regio}"))
                    .at(r.regel.clone())
                    .field("buurtcode")
                    .hint(
                        "gebruik de buurtcodes van de regio (zie `wijkverband buurten` of de tabel op de regiopagina)",
                    );
                return Err(StoreError::Data(Box::new(e)));
            }
        }
        let actors: Vec<_> = rows.into_iter().map(|r| (r.actor, r.contact)).collect();
        self.save_actors(regio, &actors).await
    }

    /// Per buurtcode of the region: the buurt's name, and the words a search for a place
    /// matches (buurt, wijk and gemeente), so "apotheker Kamerik" finds the apotheek of any
    /// buurt in the wijk Kamerik.
    pub async fn plaatsen(
        &self,
        regio: &str,
    ) -> Result<std::collections::HashMap<String, (String, String)>, StoreError> {
        let gemeenten = self.regio(regio).await?.gemeenten;
        let buurten = self.buurten(&BuurtFilter { jaar: None, gemeenten }).await?;
        Ok(buurten
            .into_iter()
            .map(|b| {
                let words = format!("{} {} {}", b.naam, b.wijk_naam.as_deref().unwrap_or(""), b.gemeente_naam);
                (b.code.to_string(), (b.naam, words))
            })
            .collect())
    }

    /// The region's actors by id, with their contact details.
    pub async fn actors(&self, regio: &str) -> Result<Vec<(Actor, Option<String>)>, StoreError> {
        self.actors_where(regio, None).await
    }

    /// One actor of the region's sociale kaart.
    pub async fn actor(&self, regio: &str, id: &str) -> Result<Option<(Actor, Option<String>)>, StoreError> {
        Ok(self.actors_where(regio, Some(id)).await?.pop())
    }

    async fn actors_where(&self, regio: &str, id: Option<&str>) -> Result<Vec<(Actor, Option<String>)>, StoreError> {
        let one = if id.is_some() { " AND id = $2" } else { "" };
        let sql = format!(
            "SELECT id, naam, discipline, organisatie, buurt, wijkverband, contact, soort, rol FROM actor WHERE regio = $1{one} ORDER BY id"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(regio);
        if let Some(id) = id {
            q = q.bind(id);
        }
        let rows = q.fetch_all(&self.pool).await?;
        let sql = format!(
            "SELECT actor, overleg FROM deelname WHERE regio = $1{} ORDER BY actor, overleg",
            one.replace("id", "actor")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(regio);
        if let Some(id) = id {
            q = q.bind(id);
        }
        let mut deelname: Vec<(String, String)> = Vec::new();
        for r in q.fetch_all(&self.pool).await? {
            deelname.push((r.try_get("actor")?, r.try_get("overleg")?));
        }
        rows.into_iter()
            .map(|r| {
                let d: String = r.try_get("discipline")?;
                let discipline = serde_json::from_value(serde_json::Value::String(d.clone()))
                    .map_err(|_| StoreError::Model(format!("onbekende discipline '{d}' in de sociale kaart")))?;
                let id: String = r.try_get("id")?;
                let overleggen = deelname.iter().filter(|(a, _)| *a == id).map(|(_, o)| o.clone()).collect();
                Ok((
                    Actor {
                        id,
                        naam: r.try_get("naam")?,
                        discipline,
                        organisatie: r.try_get("organisatie")?,
                        buurt: r.try_get("buurt")?,
                        wijkverband: r.try_get("wijkverband")?,
                        overleggen,
                        soort: ActorSoort::parse(&r.try_get::<String, _>("soort")?).unwrap_or_default(),
                        rol: r.try_get("rol")?,
                    },
                    r.try_get("contact")?,
                ))
            })
            .collect()
    }

    /// Removes an actor and every trace of them (see the module note); false when unknown.
    pub async fn delete_actor(&self, regio: &str, id: &str) -> Result<bool, StoreError> {
        let mut tx = self.write().await?;
        let gone = sqlx::query("DELETE FROM actor WHERE regio = $1 AND id = $2")
            .bind(regio)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        for sql in [
            "DELETE FROM deelname WHERE regio = $1 AND actor = $2",
            "DELETE FROM antwoord WHERE (van = $2 OR naar = $2) AND ronde IN (SELECT id FROM ronde WHERE regio = $1)",
            "DELETE FROM enquete_sessie WHERE actor = $2 AND ronde IN (SELECT id FROM ronde WHERE regio = $1)",
            "DELETE FROM enquete_link WHERE actor = $2 AND ronde IN (SELECT id FROM ronde WHERE regio = $1)",
            "DELETE FROM respondent WHERE actor = $2 AND ronde IN (SELECT id FROM ronde WHERE regio = $1)",
            "DELETE FROM ronde_actor WHERE actor = $2 AND ronde IN (SELECT id FROM ronde WHERE regio = $1)",
            "DELETE FROM kernteam WHERE actor = $2 AND cyclus IN (SELECT id FROM cyclus WHERE regio = $1)",
            "DELETE FROM duiding_deelnemer WHERE actor = $2 AND sessie IN (SELECT id FROM duiding WHERE regio = $1)",
        ] {
            sqlx::query(sql).bind(regio).bind(id).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(gone > 0)
    }
}

/// Writes one actor with its overleggen, replacing one with the same id; says whether it replaced.
async fn put_actor(
    conn: &mut sqlx::AnyConnection,
    regio: &str,
    a: &Actor,
    contact: Option<&str>,
) -> Result<bool, StoreError> {
    let gone = sqlx::query("DELETE FROM actor WHERE regio = $1 AND id = $2")
        .bind(regio)
        .bind(&a.id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    sqlx::query("DELETE FROM deelname WHERE regio = $1 AND actor = $2")
        .bind(regio)
        .bind(&a.id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO actor (regio, id, naam, discipline, organisatie, buurt, wijkverband, contact, soort, rol) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(regio)
    .bind(&a.id)
    .bind(&a.naam)
    .bind(discipline_text(a.discipline))
    .bind(a.organisatie.clone())
    .bind(a.buurt.clone())
    .bind(a.wijkverband.clone())
    .bind(contact.map(String::from))
    .bind(a.soort.label())
    .bind(a.rol.clone())
    .execute(&mut *conn)
    .await?;
    let mut named: Vec<&str> = Vec::new();
    for o in a.overleggen.iter().map(|o| o.trim()).filter(|o| !o.is_empty()) {
        if named.iter().any(|n| n.eq_ignore_ascii_case(o)) {
            continue;
        }
        named.push(o);
        sqlx::query("INSERT INTO deelname (regio, actor, overleg) VALUES ($1, $2, $3)")
            .bind(regio)
            .bind(&a.id)
            .bind(o)
            .execute(&mut *conn)
            .await?;
    }
    Ok(gone > 0)
}
