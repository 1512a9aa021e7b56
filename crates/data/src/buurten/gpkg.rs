//! GeoPackage buurt files, as CBS publishes the Wijk- en Buurtkaart.

use std::path::Path;

use geozero::ToGeo;
use geozero::wkb::GpkgWkb;
use sqlx::sqlite::{SqliteConnectOptions, SqliteRow};
use sqlx::{AssertSqlSafe, Connection, Row, SqliteConnection, ValueRef};

use super::RawFeature;
use super::geojson::choose_layer;
use crate::figures::Raw;
use crate::{Crs, DataError};

pub(super) async fn read(path: &Path, layer: Option<&str>) -> Result<(Crs, Vec<RawFeature>), DataError> {
    if !path.is_file() {
        return Err(DataError::new(path, "kan het bestand niet lezen: het bestaat niet").hint("controleer het pad"));
    }
    let not_gpkg = |e: sqlx::Error| {
        DataError::new(path, format!("is geen leesbaar GeoPackage: {e}"))
            .hint("een .gpkg-bestand is een SQLite-database met gpkg_contents; exporteer het opnieuw")
    };
    let opts = SqliteConnectOptions::new().filename(path).read_only(true).immutable(true);
    let mut conn = SqliteConnection::connect_with(&opts).await.map_err(not_gpkg)?;
    let layers: Vec<String> = sqlx::query_scalar("SELECT table_name FROM gpkg_contents WHERE data_type = 'features'")
        .fetch_all(&mut conn)
        .await
        .map_err(not_gpkg)?;
    let table = choose_layer(path, &layers, layer)?;
    let (geom_col, srs_id): (String, i64) =
        sqlx::query_as("SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = $1")
            .bind(&table)
            .fetch_one(&mut conn)
            .await
            .map_err(not_gpkg)?;
    let (org, org_id): (String, i64) =
        sqlx::query_as("SELECT organization, organization_coordsys_id FROM gpkg_spatial_ref_sys WHERE srs_id = $1")
            .bind(srs_id)
            .fetch_one(&mut conn)
            .await
            .map_err(not_gpkg)?;
    let crs = org.eq_ignore_ascii_case("EPSG").then(|| Crs::from_epsg(org_id)).flatten().ok_or_else(|| {
        DataError::new(
            path,
            format!("laag '{table}' gebruikt coördinatenstelsel {org}:{org_id}, dat wijkverband niet kent"),
        )
        .field(geom_col.clone())
        .hint("wijkverband leest WGS84 (EPSG:4326) en RD New (EPSG:28992); projecteer de laag naar een van beide")
    })?;
    let rows = sqlx::query(AssertSqlSafe(format!("SELECT * FROM \"{}\"", table.replace('"', "\"\""))))
        .fetch_all(&mut conn)
        .await
        .map_err(not_gpkg)?;
    let features = rows.iter().enumerate().map(|(i, row)| feature(i + 1, row, &geom_col)).collect();
    Ok((crs, features))
}

fn feature(number: usize, row: &SqliteRow, geom_col: &str) -> RawFeature {
    use sqlx::Column;
    let mut props = Vec::new();
    let mut geometry = Ok(None);
    for (i, col) in row.columns().iter().enumerate() {
        if col.name() == geom_col {
            geometry = match row.try_get::<Option<Vec<u8>>, _>(i) {
                Ok(Some(blob)) => super::grenzen::gpkg_wkb(&blob)
                    .and_then(|()| GpkgWkb(blob).to_geo().map(Some).map_err(|e| e.to_string())),
                Ok(None) => Ok(None),
                Err(e) => Err(e.to_string()),
            };
            continue;
        }
        let is_null = row.try_get_raw(i).map(|v| v.is_null()).unwrap_or(true);
        let raw = if is_null {
            Raw::Null
        } else if let Ok(v) = row.try_get::<i64, _>(i) {
            Raw::Number(v as f64)
        } else if let Ok(v) = row.try_get::<f64, _>(i) {
            Raw::Number(v)
        } else if let Ok(v) = row.try_get::<String, _>(i) {
            Raw::Label(v)
        } else {
            Raw::Null
        };
        props.push((col.name().to_string(), raw));
    }
    RawFeature { number, props, geometry }
}
