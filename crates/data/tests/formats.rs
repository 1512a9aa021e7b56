//! The same Woerden buurten read from GeoJSON, TopoJSON and a GeoPackage in RD New.

use std::path::Path;

use geo_types::{Geometry, MultiPolygon};
use geozero::{CoordDimensions, ToWkb};
use serde_json::{Value, json};
use sqlx::{Connection, SqliteConnection};
use wv_data::Crs;
use wv_data::buurten::{self, BuurtenFile, Format, ReadOptions};

fn woerden_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/buurten_2015_woerden.geojson")
}

async fn from_geojson() -> BuurtenFile {
    buurten::read(&woerden_path(), 2015, &ReadOptions::default()).await.unwrap()
}

fn raw() -> Value {
    serde_json::from_str(&std::fs::read_to_string(woerden_path()).unwrap()).unwrap()
}

/// A TopoJSON topology without quantisation: every ring its own arc.
fn topology(raw: &Value) -> Value {
    let mut arcs: Vec<Value> = Vec::new();
    let mut geometries = Vec::new();
    for f in raw["features"].as_array().unwrap() {
        let polys: Vec<Value> = match f["geometry"]["type"].as_str().unwrap() {
            "Polygon" => vec![f["geometry"]["coordinates"].clone()],
            _ => f["geometry"]["coordinates"].as_array().unwrap().clone(),
        };
        let arc_polys: Vec<Vec<Vec<usize>>> = polys
            .iter()
            .map(|p| {
                p.as_array()
                    .unwrap()
                    .iter()
                    .map(|ring| {
                        arcs.push(ring.clone());
                        vec![arcs.len() - 1]
                    })
                    .collect()
            })
            .collect();
        geometries.push(json!({"type": "MultiPolygon", "arcs": arc_polys, "properties": f["properties"]}));
    }
    json!({"type": "Topology", "objects": {"buurten": {"type": "GeometryCollection", "geometries": geometries}}, "arcs": arcs})
}

fn same_buurten(a: &BuurtenFile, b: &BuurtenFile, tolerance: f64) {
    assert_eq!(a.buurten.len(), b.buurten.len());
    for (x, y) in a.buurten.iter().zip(&b.buurten) {
        assert_eq!(
            (&x.code, &x.naam, &x.wijk_code, &x.gemeente_code),
            (&y.code, &y.naam, &y.wijk_code, &y.gemeente_code)
        );
        assert_coords_close(&x.geometrie, &y.geometrie, tolerance);
    }
}

fn assert_coords_close(a: &MultiPolygon<f64>, b: &MultiPolygon<f64>, tolerance: f64) {
    assert_eq!(a.0.len(), b.0.len());
    for (p, q) in a.0.iter().zip(&b.0) {
        let rings = |p: &geo_types::Polygon<f64>| {
            std::iter::once(p.exterior().clone()).chain(p.interiors().iter().cloned()).collect::<Vec<_>>()
        };
        for (r, s) in rings(p).iter().zip(rings(q).iter()) {
            assert_eq!(r.0.len(), s.0.len());
            for (c, d) in r.0.iter().zip(&s.0) {
                assert!((c.x - d.x).abs() <= tolerance && (c.y - d.y).abs() <= tolerance, "{c:?} vs {d:?}");
            }
        }
    }
}

#[tokio::test]
async fn topojson_reads_like_geojson() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("woerden.topojson");
    std::fs::write(&path, topology(&raw()).to_string()).unwrap();
    let topo = buurten::read(&path, 2015, &ReadOptions::default()).await.unwrap();
    assert_eq!(topo.format, Format::TopoJson);
    let geo = from_geojson().await;
    same_buurten(&geo, &topo, 0.0);
    assert_eq!(geo.figures.columns, topo.figures.columns);
    assert_eq!(geo.figures.rows, topo.figures.rows);
}

#[tokio::test]
async fn topojson_in_metres_needs_a_crs() {
    let mut t = topology(&raw());
    // Shift every coordinate far outside the degree range, as an RD file would be.
    for arc in t["arcs"].as_array_mut().unwrap() {
        for pos in arc.as_array_mut().unwrap() {
            pos[0] = json!(pos[0].as_f64().unwrap() * 30000.0);
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rd.topojson");
    std::fs::write(&path, t.to_string()).unwrap();
    let e = buurten::read(&path, 2015, &ReadOptions::default()).await.unwrap_err();
    assert!(e.to_string().contains("--crs EPSG:28992"), "{e}");
    assert_eq!(e.field.as_deref(), Some("geometry"));
}

async fn write_gpkg(path: &Path, srs: i64, raw: &Value, geo: &BuurtenFile) {
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let mut c = SqliteConnection::connect(&url).await.unwrap();
    for sql in [
        "CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT, srs_id INTEGER PRIMARY KEY, organization TEXT, organization_coordsys_id INTEGER, definition TEXT, description TEXT)",
        "CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT, identifier TEXT, srs_id INTEGER)",
        "CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT, geometry_type_name TEXT, srs_id INTEGER, z INTEGER, m INTEGER)",
        "CREATE TABLE cbs_buurten_2015 (fid INTEGER PRIMARY KEY, geom BLOB, buurtcode TEXT, buurtnaam TEXT, wijkcode TEXT, gemeentenaam TEXT, water TEXT, aantal_inwoners INTEGER, meest_voorkomende_postcode TEXT)",
        "CREATE TABLE cbs_wijken_2015 (fid INTEGER PRIMARY KEY, geom BLOB, wijkcode TEXT)",
        "INSERT INTO gpkg_contents VALUES ('cbs_buurten_2015', 'features', 'buurten', 0), ('cbs_wijken_2015', 'features', 'wijken', 0)",
    ] {
        sqlx::query(sql).execute(&mut c).await.unwrap();
    }
    let org_id = if srs == 999 { 3857 } else { srs };
    sqlx::query("INSERT INTO gpkg_spatial_ref_sys VALUES ('x', $1, 'EPSG', $2, '', '')")
        .bind(srs)
        .bind(org_id)
        .execute(&mut c)
        .await
        .unwrap();
    for t in ["cbs_buurten_2015", "cbs_wijken_2015"] {
        sqlx::query("INSERT INTO gpkg_geometry_columns VALUES ($1, 'geom', 'MULTIPOLYGON', $2, 0, 0)")
            .bind(t)
            .bind(srs)
            .execute(&mut c)
            .await
            .unwrap();
    }
    let crs = Crs::from_epsg(srs).unwrap_or(Crs::RdNew);
    for (f, b) in raw["features"].as_array().unwrap().iter().zip(&geo.buurten) {
        let g = crs.from_wgs84(&Geometry::MultiPolygon(b.geometrie.clone())).unwrap();
        let blob = g.to_gpkg_wkb(CoordDimensions::xy(), Some(srs as i32), Vec::new()).unwrap();
        let p = &f["properties"];
        sqlx::query("INSERT INTO cbs_buurten_2015 (geom, buurtcode, buurtnaam, wijkcode, gemeentenaam, water, aantal_inwoners, meest_voorkomende_postcode) VALUES ($1, $2, $3, $4, $5, 'NEE', $6, '3441')")
            .bind(blob)
            .bind(p["BU_CODE"].as_str().unwrap())
            .bind(p["BU_NAAM"].as_str().unwrap())
            .bind(p["WK_CODE"].as_str().unwrap())
            .bind(p["GM_NAAM"].as_str().unwrap())
            .bind(p["AANT_INW"].as_i64().unwrap())
            .execute(&mut c)
            .await
            .unwrap();
    }
    // A water part of the first buurt, as CBS files carry them: to be left out.
    let first = &geo.buurten[0];
    let g = crs.from_wgs84(&Geometry::MultiPolygon(first.geometrie.clone())).unwrap();
    sqlx::query("INSERT INTO cbs_buurten_2015 (geom, buurtcode, buurtnaam, water) VALUES ($1, $2, 'water', 'JA')")
        .bind(g.to_gpkg_wkb(CoordDimensions::xy(), Some(srs as i32), Vec::new()).unwrap())
        .bind(first.code.to_string())
        .execute(&mut c)
        .await
        .unwrap();
}

#[tokio::test]
async fn geopackage_in_rd_new_reads_like_geojson() {
    let raw = raw();
    let geo = from_geojson().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wijkenbuurten.gpkg");
    write_gpkg(&path, 28992, &raw, &geo).await;
    let gpkg = buurten::read(&path, 2015, &ReadOptions::default()).await.unwrap();
    assert_eq!((gpkg.format, gpkg.crs, gpkg.skipped_water), (Format::GeoPackage, Crs::RdNew, 1));
    // RD New and back: within 1e-7 degrees (about 1 cm).
    same_buurten(&geo, &gpkg, 1e-7);
    // PDOK's attribute names are read as the Kerncijfers' short names.
    assert_eq!(
        (gpkg.figures.layout.as_str(), &gpkg.figures.columns[..]),
        ("pdok-wijkenbuurten", &["a_inw".to_string()][..])
    );
    assert_eq!(gpkg.figures.ignored_columns, ["meest_voorkomende_postcode"]);
    for ((code, v), f) in gpkg.figures.rows.iter().zip(raw["features"].as_array().unwrap()) {
        assert_eq!(code.as_str(), f["properties"]["BU_CODE"].as_str().unwrap());
        assert_eq!(v[0], f["properties"]["AANT_INW"].as_f64());
    }
}

fn ermelo() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/reference/wijkenbuurten_2021_ermelo_buurten_layout.gpkg")
}

/// The real PDOK GeoPackage of 2021 (17 buurten of Ermelo): its layout and year are recognised
/// without being told, its attribute names mapped onto the short names the catalogue reads.
#[tokio::test]
async fn the_pdok_geopackage_states_its_layout_and_year() {
    let f = buurten::read(&ermelo(), None, &ReadOptions::default()).await.unwrap();
    assert_eq!((f.jaar, f.format, f.crs), (2021, Format::GeoPackage, Crs::RdNew));
    assert_eq!(f.buurten.len() + f.skipped_water, 17, "every feature a buurt or water");
    assert_eq!(f.figures.jaar, Some((2021, "de kolom jaarstatcode")));
    assert_eq!(f.figures.layout, "pdok-wijkenbuurten");
    for v in ["a_inw", "p_65_oo", "a_hh", "p_1p_hh", "g_hhgro", "a_lan_ha"] {
        assert!(f.figures.columns.iter().any(|c| c == v), "{v} in {:?}", f.figures.columns);
    }
    assert!(f.buurten.iter().all(|b| b.jaar == 2021 && b.gemeente_code.as_str() == "GM0233"));
    // A year the file contradicts is refused, saying where the file states its own.
    let e = buurten::read(&ermelo(), 2015, &ReadOptions::default()).await.unwrap_err().to_string();
    assert!(e.contains("volgens de kolom jaarstatcode van 2021, niet van 2015"), "{e}");
}

/// CBS ships the Wijk- en Buurtkaart as a .zip: it reads like the GeoPackage inside, and an
/// error names the member inside the archive.
#[tokio::test]
async fn the_geopackage_reads_straight_from_cbs_zip() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("WijkBuurtkaart_2021_v1.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("WijkBuurtkaart_2021_v1/leesmij.txt", opts).unwrap();
    zip.write_all(b"Bron: CBS, Kadaster").unwrap();
    zip.start_file("WijkBuurtkaart_2021_v1/wijkenbuurten_2021_v1.gpkg", opts).unwrap();
    zip.write_all(&std::fs::read(ermelo()).unwrap()).unwrap();
    zip.finish().unwrap();
    let from_zip = buurten::read(&zip_path, None, &ReadOptions::default()).await.unwrap();
    let direct = buurten::read(&ermelo(), None, &ReadOptions::default()).await.unwrap();
    assert_eq!(from_zip.buurten, direct.buurten);
    assert_eq!(from_zip.figures, direct.figures);
    let e = buurten::read(&zip_path, 2020, &ReadOptions::default()).await.unwrap_err();
    assert_eq!(e.file, zip_path.join("wijkenbuurten_2021_v1.gpkg"), "{e}");
    // An archive without a map says so.
    let empty = dir.path().join("leeg.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&empty).unwrap());
    zip.start_file("leesmij.txt", opts).unwrap();
    zip.finish().unwrap();
    let e = buurten::read(&empty, None, &ReadOptions::default()).await.unwrap_err().to_string();
    assert!(e.contains("bevat geen kaart"), "{e}");
}

#[tokio::test]
async fn geopackage_with_an_unknown_crs_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mercator.gpkg");
    write_gpkg(&path, 999, &raw(), &from_geojson().await).await;
    let e = buurten::read(&path, 2015, &ReadOptions::default()).await.unwrap_err();
    assert!(e.to_string().contains("EPSG:3857") && e.to_string().contains("cbs_buurten_2015"), "{e}");
}

/// A 2 KB workbook whose only cells are A1 and XFD1048576 claims a sheet of 17 billion cells:
/// refused with the cell and a hint, before any grid is allocated (it used to abort the process).
#[test]
fn a_spreadsheet_claiming_a_huge_sheet_is_refused_not_allocated() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "id").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    assert!(bytes.len() < 8_000, "{} bytes", bytes.len());
    let e = wv_data::sociale_kaart::read_bytes("bom.xlsx", bytes).unwrap_err();
    assert!(e.to_string().contains("cel XFD1048576 ligt buiten"), "{e}");
    assert_eq!(e.location, Some(wv_data::Location::Row(1_048_576)));
    // Old Excel and OpenDocument files are refused with a hint rather than read unbounded.
    let e = wv_data::sociale_kaart::read_bytes("kaart.ods", b"not a zip".to_vec()).unwrap_err();
    assert!(e.to_string().contains("XLSX"), "{e}");
}

/// Bad geometry files are refused with a located error and never panic: one-coordinate
/// positions, coordinates of 1e300, RD New declared on degrees (every buurt in France), invalid
/// UTF-8 (with its line); and random mutations of the shared file.
#[tokio::test]
async fn bad_geometry_is_refused_with_where_and_never_panics() {
    use wv_data::buurten::{ReadOptions, read};
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(wv_testkit::data("buurten_2015_woerden.geojson")).unwrap();
    let write = |name: &str, body: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, body).unwrap();
        p
    };
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let changed = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut d = doc.clone();
        f(&mut d);
        d.to_string()
    };
    // A position with one coordinate (it used to panic inside the geojson crate).
    let one = changed(&|d| d["features"][0]["geometry"]["coordinates"][0][1] = serde_json::json!([4.9]));
    let e = read(&write("een.geojson", one.as_bytes()), 2015, &ReadOptions::default()).await.unwrap_err();
    assert_eq!(e.location, Some(wv_data::Location::Feature(1, Some("BU06320101".into()))), "{e}");
    assert!(e.to_string().contains("twee eindige coördinaten"), "{e}");
    // 1e300 as a coordinate.
    let huge = changed(&|d| d["features"][0]["geometry"]["coordinates"][0][1] = serde_json::json!([1e300, 52.0]));
    let e = read(&write("groot.geojson", huge.as_bytes()), 2015, &ReadOptions::default()).await.unwrap_err();
    assert!(e.to_string().contains("buiten Nederland"), "{e}");
    // RD New declared on degree coordinates: every buurt would land in France.
    let rd = changed(&|d| d["crs"] = serde_json::json!({"type": "name", "properties": {"name": "EPSG:28992"}}));
    let e = read(&write("rd.geojson", rd.as_bytes()), 2015, &ReadOptions::default()).await.unwrap_err();
    assert!(e.to_string().contains("buiten Nederland") && e.to_string().contains("RD New"), "{e}");
    assert!(e.hint.as_deref().unwrap_or("").contains("graden"));
    // Invalid UTF-8 on line 3.
    let mut bad = b"{\n\"type\": \"FeatureCollection\",\n\"features\": [\xff]}".to_vec();
    bad.push(b'\n');
    let e = read(&write("utf8.geojson", &bad), 2015, &ReadOptions::default()).await.unwrap_err();
    assert_eq!(e.location, Some(wv_data::Location::LineColumn(3, 14)), "{e}");
    // Random mutations of the shared file (bounded): an error or a file, never a panic.
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(12);
    for (k, m) in mutations(text.as_bytes(), 300, &mut rng).into_iter().enumerate() {
        let _ = read(&write(&format!("m{k}.geojson"), &m), 2015, &ReadOptions::default()).await;
    }
}

/// Invalid polygons are refused with the buurt and what is wrong, or repaired on request: the
/// 2020 De Ronde Venen polygons hold two that are invalid as published (a ring touching itself
/// around an enclave, and one crossing itself after rounding). A bow-tie made in the test is too.
#[tokio::test]
async fn invalid_polygons_are_refused_or_repaired_on_request() {
    use geo::Area;
    use wv_data::buurten::{ReadOptions, read};
    let path = wv_testkit::data("reference/buurten_2020_de_ronde_venen_de_bilt_eemnes.geojson");
    let e = read(&path, 2020, &ReadOptions::default()).await.unwrap_err();
    let code = match &e.location {
        Some(wv_data::Location::Feature(_, Some(code))) => code.clone(),
        other => panic!("no feature in {other:?}: {e}"),
    };
    assert!(["BU07360202", "BU07360502"].contains(&code.as_str()), "{e}");
    assert!(e.to_string().contains("ongeldig vlak") && e.hint.as_deref().unwrap_or("").contains("--herstel"), "{e}");
    let file = read(&path, 2020, &ReadOptions { herstel: true, ..ReadOptions::default() }).await.unwrap();
    assert_eq!(file.buurten.len(), 59);
    let mut repaired: Vec<&str> = file.repaired.iter().map(|(c, _)| c.as_str()).collect();
    repaired.sort();
    assert_eq!(repaired, ["BU07360202", "BU07360502"]);
    // The repair keeps the area (within the ~1 % that the crossing loop covers).
    let raw: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    for f in raw["features"].as_array().unwrap() {
        let c = f["properties"]["statcode"].as_str().unwrap();
        if !repaired.contains(&c) {
            continue;
        }
        let g: geo_types::Geometry<f64> =
            geojson::Geometry::from_json_value(f["geometry"].clone()).unwrap().try_into().unwrap();
        let before = g.unsigned_area();
        let after = file.buurten.iter().find(|b| b.code.as_str() == c).unwrap().geometrie.unsigned_area();
        assert!((after - before).abs() / before < 0.05, "{c}: {before} → {after}");
    }
}

use rand::{RngExt, SeedableRng};

/// `n` random mutations of `seed` (bytes replaced by JSON and CSV punctuation or digits,
/// removed, inserted), for the readers to survive: an error or a result, never a panic.
fn mutations(seed: &[u8], n: usize, rng: &mut rand_chacha::ChaCha8Rng) -> Vec<Vec<u8>> {
    const BYTES: &[u8] = b"[],.0123456789-e\"{};\n\r\xff";
    (0..n)
        .map(|_| {
            let mut m = seed.to_vec();
            for _ in 0..rng.random_range(1..4) {
                let at = rng.random_range(0..m.len());
                match rng.random_range(0..3) {
                    0 => m[at] = BYTES[rng.random_range(0..BYTES.len())],
                    1 => {
                        m.remove(at);
                    }
                    _ => m.insert(at, BYTES[rng.random_range(0..BYTES.len())]),
                }
            }
            m
        })
        .collect()
}

/// Every other reader against mutations of a real file: TopoJSON, GeoPackage geometry,
/// kerncijfers, gezondheid, a plan, a sociale kaart as CSV and as XLSX.
#[tokio::test]
async fn every_reader_survives_mutations_of_real_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let head = |file: &str, lines: usize| -> Vec<u8> {
        let text = std::fs::read_to_string(wv_testkit::data(file)).unwrap();
        text.lines().take(lines).collect::<Vec<_>>().join("\n").into_bytes()
    };
    let topo = topology(&raw()).to_string().into_bytes();
    for (k, m) in mutations(&topo, 200, &mut rng).into_iter().enumerate() {
        let p = dir.path().join(format!("t{k}.topojson"));
        std::fs::write(&p, m).unwrap();
        let _ = buurten::read(&p, 2015, &ReadOptions::default()).await;
    }
    for (name, seed) in [
        ("kwb.csv", head("kwb_2015_buurten_provincie_utrecht.csv", 40)),
        ("gezondheid.csv", head("gezondheid_wijk_buurt_2012_2016_2020_provincie_utrecht.csv", 40)),
    ] {
        for (k, m) in mutations(&seed, 150, &mut rng).into_iter().enumerate() {
            let p = dir.path().join(format!("{k}-{name}"));
            std::fs::write(&p, m).unwrap();
            let _ = if name == "kwb.csv" {
                wv_data::kerncijfers::read(&p).map(|_| ())
            } else {
                wv_data::gezondheid::read(&p).map(|_| ())
            };
        }
    }
    let plan = b"buurtcode,wijkverband\nBU06320101,Noord\nBU06320102,Noord\nBU06320103,Zuid\n".to_vec();
    for (k, m) in mutations(&plan, 150, &mut rng).into_iter().enumerate() {
        let p = dir.path().join(format!("plan{k}.csv"));
        std::fs::write(&p, m).unwrap();
        let _ = wv_data::indeling::read(&p);
    }
    let kaart = wv_data::sociale_kaart::TEMPLATE.as_bytes().to_vec();
    for m in mutations(&kaart, 150, &mut rng) {
        let _ = wv_data::sociale_kaart::read_bytes("kaart.csv", m);
    }
    let xlsx = wv_data::sociale_kaart::template_xlsx();
    for m in mutations(&xlsx, 150, &mut rng) {
        let _ = wv_data::sociale_kaart::read_bytes("kaart.xlsx", m);
    }
    // GeoPackage: the geometry blobs of a real file, mutated in place.
    let path = dir.path().join("woerden.gpkg");
    write_gpkg(&path, 28992, &raw(), &from_geojson().await).await;
    let mut c = SqliteConnection::connect(&format!("sqlite://{}", path.display())).await.unwrap();
    let blobs: Vec<(i64, Vec<u8>)> =
        sqlx::query_as("SELECT fid, geom FROM cbs_buurten_2015").fetch_all(&mut c).await.unwrap();
    for round in 0..8 {
        for (fid, blob) in &blobs {
            let m = mutations(blob, 1, &mut rng).remove(0);
            sqlx::query("UPDATE cbs_buurten_2015 SET geom = $1 WHERE fid = $2")
                .bind(m)
                .bind(fid)
                .execute(&mut c)
                .await
                .unwrap();
        }
        let _ = buurten::read(
            &path,
            2015,
            &ReadOptions { layer: Some("cbs_buurten_2015".into()), ..ReadOptions::default() },
        )
        .await;
        assert!(round < 8);
    }
}
