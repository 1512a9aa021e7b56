//! CBS's layouts of the Kerncijfers, built from the shared 2015 values by this file's own
//! converter the way CBS reshapes them: the kwb-2024 CSV (the real file's 124 columns in its
//! order, trailing spaces included; counts where the 2015 file has percentages; semicolons,
//! decimal commas, `.` for unknown, CRLF; the country, gemeenten and wijken before the buurten),
//! the same table as XLSX (with a title row above the header), and StatLine's OData (the real
//! keys of table 85984NED). Each gives the same aggregate for every indicator as the original,
//! for a buurt, a wijk, two gemeenten and the province.

use std::collections::HashMap;
use std::path::Path;

use wv_core::gebied::Code;
use wv_core::indicator::{Catalogue, aggregate};
use wv_data::buurten::{self, BuurtenFile, ReadOptions};
use wv_store::{Quiet, Store};
use wv_testkit::{TestDb, data, raw_geojson, raw_kwb};

/// How a column of the 2015 shapefile becomes one of the kwb-2024 CSV.
#[derive(Clone, Copy)]
enum Reshape {
    Same,
    /// A percentage of the inhabitants, published as a count since.
    CountOfInhabitants,
    /// A percentage of the households, published as a count since.
    CountOfHouseholds,
}

/// The shapefile's columns that CBS's 2024 CSV still publishes, under its names. The shares of
/// migration backgrounds (`P_WEST_AL`, `P_N_W_AL`, …) have no 2024 column: CBS changed the
/// concept (`a_eur_al`, `a_neu_al`), so they are left out, as CBS did.
const TO_KWB_2024: &[(&str, &str, Reshape)] = &[
    ("IND_WBI", "ind_wbi", Reshape::Same),
    ("OAD", "ste_oad", Reshape::Same),
    ("STED", "ste_mvs", Reshape::Same),
    ("AANT_INW", "a_inw", Reshape::Same),
    ("AANT_MAN", "a_man", Reshape::Same),
    ("AANT_VROUW", "a_vrouw", Reshape::Same),
    ("P_00_14_JR", "a_00_14", Reshape::CountOfInhabitants),
    ("P_15_24_JR", "a_15_24", Reshape::CountOfInhabitants),
    ("P_25_44_JR", "a_25_44", Reshape::CountOfInhabitants),
    ("P_45_64_JR", "a_45_64", Reshape::CountOfInhabitants),
    ("P_65_EO_JR", "a_65_oo", Reshape::CountOfInhabitants),
    ("P_ONGEHUWD", "a_ongeh", Reshape::CountOfInhabitants),
    ("P_GEHUWD", "a_gehuwd", Reshape::CountOfInhabitants),
    ("P_GESCHEID", "a_gesch", Reshape::CountOfInhabitants),
    ("P_VERWEDUW", "a_verwed", Reshape::CountOfInhabitants),
    ("BEV_DICHTH", "bev_dich", Reshape::Same),
    ("AANTAL_HH", "a_hh", Reshape::Same),
    ("P_EENP_HH", "a_1p_hh", Reshape::CountOfHouseholds),
    ("P_HH_Z_K", "a_hh_z_k", Reshape::CountOfHouseholds),
    ("P_HH_M_K", "a_hh_m_k", Reshape::CountOfHouseholds),
    ("GEM_HH_GR", "g_hhgro", Reshape::Same),
    ("AO_UIT_TOT", "a_soz_ao", Reshape::Same),
    ("WW_UIT_TOT", "a_soz_ww", Reshape::Same),
    ("WWB_UITTOT", "a_soz_wb", Reshape::Same),
    ("A_SOZ_OW", "a_soz_ow", Reshape::Same),
    ("AUTO_TOT", "a_pau", Reshape::Same),
    ("AUTO_HH", "g_pau_hh", Reshape::Same),
    ("AUTO_LAND", "g_pau_km", Reshape::Same),
    ("MOTOR_2W", "a_m2w", Reshape::Same),
    ("A_BST_B", "a_bst_b", Reshape::Same),
    ("A_BST_NB", "a_bst_nb", Reshape::Same),
    ("OPP_TOT", "a_opp_ha", Reshape::Same),
    ("OPP_LAND", "a_lan_ha", Reshape::Same),
    ("OPP_WATER", "a_wat_ha", Reshape::Same),
];

/// The kwb-2024 names as StatLine's keys (without their number, which table 85984NED's
/// metadata gives).
const TO_STATLINE: &[(&str, &str)] = &[
    ("ind_wbi", "IndelingswijzigingGemeenteWijkBuurt"),
    ("ste_oad", "Omgevingsadressendichtheid"),
    ("ste_mvs", "MateVanStedelijkheid"),
    ("a_inw", "AantalInwoners"),
    ("a_man", "Mannen"),
    ("a_vrouw", "Vrouwen"),
    ("a_00_14", "k_0Tot15Jaar"),
    ("a_15_24", "k_15Tot25Jaar"),
    ("a_25_44", "k_25Tot45Jaar"),
    ("a_45_64", "k_45Tot65Jaar"),
    ("a_65_oo", "k_65JaarOfOuder"),
    ("a_ongeh", "Ongehuwd"),
    ("a_gehuwd", "Gehuwd"),
    ("a_gesch", "Gescheiden"),
    ("a_verwed", "Verweduwd"),
    ("bev_dich", "Bevolkingsdichtheid"),
    ("a_hh", "HuishoudensTotaal"),
    ("a_1p_hh", "Eenpersoonshuishoudens"),
    ("a_hh_z_k", "HuishoudensZonderKinderen"),
    ("a_hh_m_k", "HuishoudensMetKinderen"),
    ("g_hhgro", "GemiddeldeHuishoudensgrootte"),
    ("a_soz_ao", "PersonenPerSoortUitkeringAO"),
    ("a_soz_ww", "PersonenPerSoortUitkeringWW"),
    ("a_soz_wb", "PersonenPerSoortUitkeringBijstand"),
    ("a_soz_ow", "PersonenPerSoortUitkeringAOW"),
    ("a_pau", "PersonenautoSTotaal"),
    ("g_pau_hh", "PersonenautoSPerHuishouden"),
    ("g_pau_km", "PersonenautoSNaarOppervlakte"),
    ("a_m2w", "Motorfietsen"),
    ("a_opp_ha", "OppervlakteTotaal"),
    ("a_lan_ha", "OppervlakteLand"),
    ("a_wat_ha", "OppervlakteWater"),
];

/// One area of the converted table: its code, its kind (`recs`) and its 2024 values by name.
struct Row {
    code: String,
    soort: &'static str,
    waarden: HashMap<&'static str, Option<f64>>,
}

fn number(v: &str) -> Option<f64> {
    let v: f64 = v.trim().parse().ok()?;
    (v > -99990.0).then_some(v)
}

/// An area's 2015 shapefile values (as text) reshaped into the 2024 names.
fn reshape(code: &str, soort: &'static str, get: &dyn Fn(&str) -> Option<f64>) -> Row {
    let inw = get("AANT_INW");
    let hh = get("AANTAL_HH");
    let waarden = TO_KWB_2024
        .iter()
        .map(|&(from, to, how)| {
            let v = match how {
                Reshape::Same => get(from),
                Reshape::CountOfInhabitants => get(from).zip(inw).map(|(p, n)| p * n / 100.0),
                Reshape::CountOfHouseholds => get(from).zip(hh).map(|(p, n)| p * n / 100.0),
            };
            (to, v)
        })
        .collect();
    Row { code: code.to_string(), soort, waarden }
}

/// The country (nothing of it is in the shared data: every value unknown, as a `.`), the
/// gemeenten and wijken (from their shapefiles' attributes), then the buurten.
fn converted() -> Vec<Row> {
    let mut rows = vec![Row { code: "NL00".into(), soort: "Land", waarden: HashMap::new() }];
    for (file, key, soort) in [
        ("gemeenten_2015_provincie_utrecht.geojson", "GM_CODE", "Gemeente"),
        ("wijken_2015_provincie_utrecht.geojson", "WK_CODE", "Wijk"),
    ] {
        for f in raw_geojson(file)["features"].as_array().unwrap() {
            let p = &f["properties"];
            let get = |c: &str| p[c].as_f64().filter(|v| *v > -99990.0);
            rows.push(reshape(p[key].as_str().unwrap(), soort, &get));
        }
    }
    for r in raw_kwb() {
        let get = |c: &str| number(&r[c]);
        rows.push(reshape(&r["BU_CODE"], "Buurt", &get));
    }
    rows
}

/// The real file's columns, in its order (`kwb_2024_csv_kolommen.txt`, trailing spaces kept).
fn kwb_2024_columns() -> Vec<String> {
    let text = std::fs::read_to_string(data("reference/kwb_2024_csv_kolommen.txt")).unwrap();
    let cols: Vec<String> = text.lines().map(String::from).collect();
    assert_eq!(cols.len(), 124);
    for (_, to, _) in TO_KWB_2024 {
        assert!(cols.iter().any(|c| c == to), "{to} is a column of CBS's kwb-2024.csv");
    }
    cols
}

/// A cell as CBS's CSV writes it: a decimal comma, `.` for unknown.
fn cell(v: Option<f64>) -> String {
    v.map_or(".".into(), |v| v.to_string().replace('.', ","))
}

fn kwb_csv(path: &Path, rows: &[Row]) {
    let cols = kwb_2024_columns();
    let mut out = cols.join(";") + "\r\n";
    for r in rows {
        let line: Vec<String> = cols
            .iter()
            .map(|c| match c.as_str() {
                "gwb_code_10" | "gwb_code" => r.code.clone(),
                "gwb_code_8" => r.code[2..].to_string(),
                "recs" => r.soort.to_string(),
                name => cell(r.waarden.get(name).copied().flatten()),
            })
            .collect();
        out += &(line.join(";") + "\r\n");
    }
    std::fs::write(path, out).unwrap();
}

fn kwb_xlsx(path: &Path, rows: &[Row]) {
    let cols = kwb_2024_columns();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Kerncijfers wijken en buurten").unwrap();
    for (c, name) in cols.iter().enumerate() {
        sheet.write_string(2, c as u16, name).unwrap();
    }
    for (i, r) in rows.iter().enumerate() {
        let row = 3 + i as u32;
        for (c, name) in cols.iter().enumerate() {
            let c = c as u16;
            match name.as_str() {
                "gwb_code_10" | "gwb_code" => sheet.write_string(row, c, &r.code),
                "gwb_code_8" => sheet.write_string(row, c, &r.code[2..]),
                "recs" => sheet.write_string(row, c, r.soort),
                n => match r.waarden.get(n).copied().flatten() {
                    Some(v) => sheet.write_number(row, c, v),
                    None => sheet.write_string(row, c, "."),
                },
            }
            .unwrap();
        }
    }
    book.save(path).unwrap();
}

fn odata_json(path: &Path, rows: &[Row]) {
    let props: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(data("reference/cbs_85984NED_kwb_2024_dataproperties.json")).unwrap(),
    )
    .unwrap();
    let keys: Vec<&str> = props.as_array().unwrap().iter().filter_map(|p| p["Key"].as_str()).collect();
    let key = |stem: &str| -> String {
        let k = keys.iter().find(|k| k.rsplit_once('_').is_some_and(|(s, n)| s == stem && n.parse::<u32>().is_ok()));
        k.unwrap_or_else(|| panic!("{stem} is a key of StatLine table 85984NED")).to_string()
    };
    let values: Vec<serde_json::Value> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut o = serde_json::Map::new();
            o.insert("ID".into(), i.into());
            // StatLine pads its codes and texts to a fixed width.
            o.insert("WijkenEnBuurten".into(), format!("{:<10}", r.code).into());
            o.insert(key("Gemeentenaam"), "Utrecht".into());
            o.insert(key("SoortRegio"), format!("{:<10}", r.soort).into());
            o.insert(key("Codering"), format!("{:<10}", r.code).into());
            for (name, stem) in TO_STATLINE {
                o.insert(key(stem), r.waarden.get(name).copied().flatten().into());
            }
            serde_json::Value::Object(o)
        })
        .collect();
    let json = serde_json::json!({"odata.metadata": "https://opendata.cbs.nl/ODataApi/OData/83220NED/$metadata#Cbs.OData.WebAPI.TypedDataSet", "value": values});
    std::fs::write(path, json.to_string()).unwrap();
}

/// The province's 2015 outlines without their attributes: the figures come from the file tested.
async fn outlines() -> BuurtenFile {
    let mut f =
        buurten::read(&data("buurten_2015_provincie_utrecht.geojson"), 2015, &ReadOptions::default()).await.unwrap();
    f.figures = wv_data::Figures::default();
    f
}

/// The aggregates of every indicator for the areas compared, from a store with `figures`.
async fn aggregates(db: &TestDb, outlines: &BuurtenFile, file: &Path) -> (Store, Vec<Vec<Option<f64>>>) {
    let store = Store::open(&db.url).await.unwrap();
    store.import_buurten(outlines, "buurten", &Quiet).await.unwrap();
    let figures = wv_data::kerncijfers::read(file).unwrap();
    let nl = Code::parse("NL01").unwrap();
    assert_eq!(figures.rows.iter().any(|(c, _)| *c == nl), !file.ends_with("kwb_2015_buurten_provincie_utrecht.csv"));
    let jaar = figures.year(file, None).unwrap();
    assert_eq!(jaar, 2015, "{}: the year the file states", file.display());
    store.import_kerncijfers(&figures, jaar, "kwb", &Quiet).await.unwrap();
    let cat = store.catalogue_for(&Catalogue::builtin(), &[]).await.unwrap();
    let values = store.buurt_values(&cat, &outlines.buurten, &cat.all_series()).await.unwrap();
    let areas: Vec<Vec<&str>> = [
        |c: &str| c == "BU03070100",
        |c: &str| c.starts_with("BU063201"),
        |c: &str| c.starts_with("BU0632"),
        |c: &str| c.starts_with("BU0344"),
        |_: &str| true,
    ]
    .iter()
    .map(|pick| outlines.buurten.iter().map(|b| b.code.as_str()).filter(|c| pick(c)).collect())
    .collect();
    let out = areas.iter().map(|a| aggregate(&cat, &values, a).into_iter().map(|x| x.waarde).collect()).collect();
    (store, out)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// The shares of migration background as the catalogue reads them from the 2015 layout: the
/// 2024 layout has no column for them.
const DROPPED: [&str; 7] = ["p_west_al", "p_n_w_al", "p_marokko", "p_ant_aru", "p_surinam", "p_turkije", "p_over_nw"];

/// The indicators that read a variable the 2024 layout does not have.
fn not_in_2024(cat: &Catalogue) -> Vec<String> {
    (0..cat.indicators.len())
        .filter(|&i| cat.series_of(i).iter().any(|s| s.dataset == "kwb" && DROPPED.contains(&s.variabele.as_str())))
        .map(|i| cat.indicators[i].code.clone())
        .collect()
}

async fn another(db: &TestDb) -> TestDb {
    if db.kind == "sqlite" { wv_testkit::sqlite() } else { wv_testkit::postgres().await }
}

wv_testkit::on_both_stores! {
async fn every_layout_cbs_publishes_gives_the_same_figures(db) {
    let outlines = outlines().await;
    let (_, original) = aggregates(&db, &outlines, &data("kwb_2015_buurten_provincie_utrecht.csv")).await;
    let dir = tempfile::tempdir().unwrap();
    let rows = converted();
    let cat = Catalogue::builtin();
    let absent = not_in_2024(&cat);
    assert_eq!(absent, ["aandeel_niet_westers", "aandeel_westers"]);
    let files = [("kwb-2015.csv", kwb_csv as fn(&Path, &[Row])), ("kwb-2015.xlsx", kwb_xlsx), ("83220NED_TypedDataSet.json", odata_json)];
    for (name, write) in files {
        let path = dir.path().join(name);
        write(&path, &rows);
        let other = another(&db).await;
        let (store, got) = aggregates(&other, &outlines, &path).await;
        for (area, (want, got)) in original.iter().zip(&got).enumerate() {
            for (i, ind) in cat.indicators.iter().enumerate() {
                let (w, g) = (want[i], got[i]);
                if absent.contains(&ind.code) {
                    assert_eq!(g, None, "{name}, area {area}: {} has no 2024 column and is unknown", ind.code);
                    continue;
                }
                let same = match (w, g) {
                    (Some(w), Some(g)) => close(w, g),
                    (None, None) => true,
                    _ => false,
                };
                assert!(same, "{name} ({}), area {area}, {}: {w:?} from the original, {g:?} from this layout", db.kind, ind.code);
            }
        }
        // The rows of the gemeenten and wijken are stored for those areas.
        let cat = store.catalogue_for(&cat, &[]).await.unwrap();
        let values = store.buurt_values(&cat, &outlines.buurten, &cat.all_series()).await.unwrap();
        let inw = &cat.series_of(cat.inwoners())[0];
        let gm = raw_geojson("gemeenten_2015_provincie_utrecht.geojson");
        let woerden = gm["features"].as_array().unwrap().iter().find(|f| f["properties"]["GM_CODE"] == "GM0632").unwrap();
        assert_eq!(values.get("GM0632", inw), woerden["properties"]["AANT_INW"].as_f64(), "{name}");
        assert!(values.get("WK063201", inw).is_some(), "{name}: the wijk's row");
    }
}
}
