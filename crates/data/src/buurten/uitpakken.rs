//! The map inside a `.zip` as CBS ships the Wijk- en Buurtkaart (`WijkBuurtkaart_2024_v1.zip`
//! holding `wijkenbuurten_2024_v1.gpkg`): unpacked into a temporary folder under its own name,
//! so that its year and messages read as the member's.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::DataError;

/// What one member may hold once unpacked: CBS's full-resolution GeoPackage is under 2 GiB.
const MAX_UNPACKED: u64 = 8 << 30;

const KINDS: [&str; 4] = ["gpkg", "geojson", "topojson", "json"];

/// Unpacks the one map of the archive; the folder is removed when the returned guard drops.
pub(super) fn kaart(path: &Path) -> Result<(tempfile::TempDir, PathBuf), DataError> {
    let unreadable = |e: &dyn std::fmt::Display| {
        DataError::new(path, format!("is geen leesbaar zip-bestand: {e}"))
            .hint("download het opnieuw, of pak het uit en lees het .gpkg-bestand in")
    };
    let file = std::fs::File::open(path)
        .map_err(|e| DataError::new(path, format!("kan het bestand niet lezen: {e}")).hint("controleer het pad"))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| unreadable(&e))?;
    let mut maps: Vec<(usize, String, u64)> = Vec::new();
    for i in 0..zip.len() {
        let m = zip.by_index_raw(i).map_err(|e| unreadable(&e))?;
        let name = m.name().map_err(|e| unreadable(&e))?.to_string();
        let base = name.rsplit('/').next().unwrap_or("").to_string();
        let ext = base.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
        if m.is_file() && !name.starts_with("__MACOSX") && !base.starts_with('.') && KINDS.contains(&ext.as_str()) {
            maps.push((i, base, m.size()));
        }
    }
    // A GeoPackage first (CBS's own form), else the one GeoJSON.
    let rank = |n: &str| KINDS.iter().position(|k| n.to_ascii_lowercase().ends_with(&format!(".{k}")));
    maps.sort_by_key(|(_, n, _)| rank(n));
    let best = maps.first().and_then(|(_, n, _)| rank(n));
    let candidates: Vec<&(usize, String, u64)> = maps.iter().filter(|(_, n, _)| rank(n) == best).collect();
    let (index, name, size) = match candidates.as_slice() {
        [one] => (*one).clone(),
        [] => {
            return Err(DataError::new(path, "bevat geen kaart (.gpkg, .geojson of .topojson)")
                .hint("kies het zip-bestand van de Wijk- en Buurtkaart, of pak het uit en lees de kaart zelf in"));
        }
        many => {
            let names: Vec<&str> = many.iter().map(|(_, n, _)| n.as_str()).collect();
            return Err(DataError::new(path, format!("bevat meer dan één kaart: {}", names.join(", ")))
                .hint("pak het uit en lees de kaart in die u bedoelt"));
        }
    };
    if size > MAX_UNPACKED {
        return Err(DataError::new(path, format!("{name} is uitgepakt {} MiB: groter dan een buurtkaart", size >> 20))
            .hint("pak het zelf uit en controleer het bestand"));
    }
    let dir = tempfile::tempdir()
        .map_err(|e| DataError::new(path, format!("kan geen tijdelijke map maken om uit te pakken: {e}")))?;
    let inner = dir.path().join(&name);
    let mut out =
        std::fs::File::create(&inner).map_err(|e| DataError::new(path, format!("kan {name} niet uitpakken: {e}")))?;
    let member = zip.by_index(index).map_err(|e| unreadable(&e))?;
    // The member may claim less than it holds: no more than its claim is written.
    let written = std::io::copy(&mut member.take(size + 1), &mut out)
        .map_err(|e| DataError::new(path, format!("kan {name} niet uitpakken: {e}")))?;
    if written > size {
        return Err(unreadable(&format!("{name} is groter dan het zip-bestand opgeeft")));
    }
    Ok((dir, inner))
}
