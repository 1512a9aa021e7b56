//! The sociale kaart of a region: actors, imported or edited, with contact details apart.

use sqlx::Row;
use wv_core::netwerk::{Actor, Discipline};

use crate::{Store, StoreError};

fn discipline_text(d: Discipline) -> String {
    serde_json::to_value(d).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
}

impl Store {
    /// Adds the actors, replacing those with the same id, in one transaction; returns (added, replaced).
    pub async fn save_actors(
        &self,
        regio: &str,
        actors: &[(Actor, Option<String>)],
    ) -> Result<(usize, usize), StoreError> {
        let mut tx = self.pool.begin().await?;
        let (mut added, mut replaced) = (0, 0);
        for (a, contact) in actors {
            let gone = sqlx::query("DELETE FROM actor WHERE regio = $1 AND id = $2")
                .bind(regio)
                .bind(&a.id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if gone > 0 {
                replaced += 1;
            } else {
                added += 1;
            }
            sqlx::query(
                "INSERT INTO actor (regio, id, naam, discipline, organisatie, buurt, wijkverband, contact) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(regio)
            .bind(&a.id)
            .bind(&a.naam)
            .bind(discipline_text(a.discipline))
            .bind(a.organisatie.clone())
            .bind(a.buurt.clone())
            .bind(a.wijkverband.clone())
            .bind(contact.clone())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok((added, replaced))
    }

    /// The region's actors by id, with their contact details.
    pub async fn actors(&self, regio: &str) -> Result<Vec<(Actor, Option<String>)>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, naam, discipline, organisatie, buurt, wijkverband, contact FROM actor WHERE regio = $1 ORDER BY id",
        )
        .bind(regio)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                let d: String = r.try_get(2)?;
                let discipline = serde_json::from_value(serde_json::Value::String(d.clone()))
                    .map_err(|_| StoreError::Model(format!("onbekende discipline '{d}' in de sociale kaart")))?;
                Ok((
                    Actor {
                        id: r.try_get(0)?,
                        naam: r.try_get(1)?,
                        discipline,
                        organisatie: r.try_get(3)?,
                        buurt: r.try_get(4)?,
                        wijkverband: r.try_get(5)?,
                    },
                    r.try_get(6)?,
                ))
            })
            .collect()
    }
}
