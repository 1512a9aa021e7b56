//! SVG pictures for print: a choropleth map and bar charts. Every picture has a
//! text or table alternative beside it in the report.

use std::fmt::Write;

use geo_types::MultiPolygon;
use wv_core::format::{self, Precision};
use wv_core::indicator::Indicator;

/// Colour-blind-safe sequential palette (ColorBrewer Blues, 5 classes).
pub const PALETTE: [&str; 5] = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"];

/// Quantile classes: up to five classes with (lower, upper) bounds.
pub fn quantile_breaks(values: &[f64]) -> Vec<(f64, f64)> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    v.dedup();
    if v.is_empty() {
        return Vec::new();
    }
    let k = v.len().min(PALETTE.len());
    (0..k)
        .map(|c| {
            let lo = v[c * v.len() / k];
            let hi = v[((c + 1) * v.len() / k).max(1) - 1];
            (lo, hi)
        })
        .collect()
}

/// The class of a value given breaks from [`quantile_breaks`].
pub fn class_of(v: f64, breaks: &[(f64, f64)]) -> usize {
    breaks.iter().position(|(_, hi)| v <= *hi).unwrap_or(breaks.len().saturating_sub(1))
}

/// One buurt on the map.
pub struct MapArea<'a> {
    pub code: &'a str,
    pub naam: &'a str,
    pub geometrie: &'a MultiPolygon<f64>,
    pub class: Option<usize>,
}

/// A choropleth of `areas` as an SVG element in the sequential palette.
pub fn map(areas: &[MapArea], title: &str, width: f64) -> String {
    map_with(areas, title, width, &PALETTE)
}

/// A map of `areas`, each filled with the palette colour of its class.
pub fn map_with(areas: &[MapArea], title: &str, width: f64, palette: &[&str]) -> String {
    let geometry: Vec<(&str, &str, &MultiPolygon<f64>)> = areas.iter().map(|a| (a.code, a.naam, a.geometrie)).collect();
    let classes: Vec<Option<usize>> = areas.iter().map(|a| a.class).collect();
    MapShape::new(&geometry, width).draw(title, &classes, palette)
}

/// The outlines of a map's areas projected to SVG paths once, to be drawn
/// with other fills many times. Longitude is scaled by the cosine of the mean
/// latitude, accurate enough at the scale of a region.
#[derive(Debug, Clone, PartialEq)]
pub struct MapShape {
    width: f64,
    height: f64,
    /// The projection: (west, north, cos of the mean latitude, pixels per degree).
    origin: (f64, f64, f64, f64),
    /// (code, name, path data), escaped for SVG.
    paths: Vec<(String, String, String)>,
}

impl MapShape {
    /// (code, name, outline) of every area, projected to `width` pixels.
    pub fn new(areas: &[(&str, &str, &MultiPolygon<f64>)], width: f64) -> MapShape {
        let coords = || areas.iter().flat_map(|a| a.2.0.iter()).flat_map(|p| p.exterior().0.iter());
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for c in coords() {
            x0 = x0.min(c.x);
            x1 = x1.max(c.x);
            y0 = y0.min(c.y);
            y1 = y1.max(c.y);
        }
        if x0 > x1 {
            return MapShape { width, height: 0.0, origin: (0.0, 0.0, 1.0, 1.0), paths: Vec::new() };
        }
        let k = ((y0 + y1) / 2.0).to_radians().cos();
        let (w, h) = (((x1 - x0) * k).max(1e-9), (y1 - y0).max(1e-9));
        let scale = width / w;
        let height = (h * scale).min(width * 1.4);
        let scale = scale.min(height / h);
        let paths = areas
            .iter()
            .map(|(code, naam, g)| {
                let mut d = String::new();
                for p in &g.0 {
                    for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
                        for (i, c) in ring.0.iter().enumerate() {
                            let x = (c.x - x0) * k * scale;
                            let y = (y1 - c.y) * scale;
                            let _ = write!(d, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" });
                        }
                        d.push('Z');
                    }
                }
                (escape(code), escape(naam), d)
            })
            .collect();
        MapShape { width, height, origin: (x0, y1, k, scale), paths }
    }

    /// A point (longitude, latitude) in the map's pixels.
    pub fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        let (x0, y1, k, scale) = self.origin;
        ((lon - x0) * k * scale, (y1 - lat) * scale)
    }

    /// The map's size in pixels.
    pub fn size(&self) -> (f64, f64) {
        (self.width, self.height)
    }

    /// The map as an SVG element: area `i` filled with `palette[classes[i]]` (hatched when unknown).
    pub fn draw(&self, title: &str, classes: &[Option<usize>], palette: &[&str]) -> String {
        if self.paths.is_empty() {
            return String::new();
        }
        let mut s = String::with_capacity(self.paths.iter().map(|p| p.2.len() + 160).sum());
        let _ = write!(
            s,
            r#"<svg class="kaart" viewBox="0 0 {:.0} {:.0}" role="img" aria-labelledby="kaart-titel"><title id="kaart-titel">{}</title>"#,
            self.width,
            self.height,
            escape(title)
        );
        s.push_str(r##"<defs><pattern id="onbekend" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#8a8a8a" stroke-width="2"/></pattern></defs>"##);
        for ((code, naam, d), class) in self.paths.iter().zip(classes) {
            let fill = class.and_then(|c| palette.get(c).copied()).unwrap_or("url(#onbekend)");
            let _ = write!(
                s,
                r##"<path d="{d}" fill="{fill}" fill-rule="evenodd" stroke="#333333" stroke-width="0.6" data-code="{code}"><title>{naam} ({code})</title></path>"##
            );
        }
        s.push_str("</svg>");
        s
    }
}

/// The legend of a map: one swatch per class with its bounds in the indicator's precision, and
/// "onbekend". Where one class ends and the next begins they never read the same: the bounds get
/// the decimals that tell them apart (15,96 and 16,04 are "16,0 – …" and "16,0 – …" at one decimal,
/// so they are written with two).
pub fn legend(breaks: &[(f64, f64)], ind: &Indicator) -> String {
    let base = match Precision::of(ind) {
        Precision::Decimals(d) => d,
        Precision::Percent => 1,
        Precision::Count | Precision::Class => 0,
    };
    let text = |v: f64, d: usize| format::number(v, d);
    let decimals =
        (base..=base + 3).find(|&d| breaks.windows(2).all(|w| text(w[0].1, d) != text(w[1].0, d))).unwrap_or(base + 3);
    let unit = match Precision::of(ind) {
        Precision::Percent => "%".to_string(),
        _ => format!(" {}", ind.unit),
    };
    let mut s = String::from(r#"<ul class="legenda">"#);
    for (i, (lo, hi)) in breaks.iter().enumerate() {
        let range = if text(*lo, decimals) == text(*hi, decimals) {
            text(*lo, decimals)
        } else {
            format!("{} – {}", text(*lo, decimals), text(*hi, decimals))
        };
        let _ = write!(
            s,
            r##"<li><svg width="14" height="14" aria-hidden="true"><rect width="14" height="14" fill="{}" stroke="#333"/></svg> {range}{}</li>"##,
            PALETTE[i],
            escape(&unit)
        );
    }
    s.push_str(r##"<li><svg width="14" height="14" aria-hidden="true"><rect width="14" height="14" fill="url(#onbekend)" stroke="#333"/></svg> onbekend</li></ul>"##);
    s
}

/// A bar of a chart: the area's value against the reference's.
pub struct Bar {
    pub label: String,
    pub waarde: Option<f64>,
    pub referentie: Option<f64>,
    pub tekst: String,
    pub referentie_tekst: String,
}

/// Horizontal bars, area (dark) above reference (light), values written out so
/// that nothing depends on colour alone.
pub fn bars(bars: &[Bar], title: &str, reference: &str) -> String {
    let max = bars.iter().flat_map(|b| [b.waarde, b.referentie]).flatten().fold(0.0_f64, f64::max).max(1e-9);
    let (label_w, bar_w, row_h) = (190.0, 190.0, 30.0);
    let height = row_h * bars.len() as f64 + 22.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="staaf" viewBox="0 0 {:.0} {height:.0}" role="img" aria-label="{}"><g font-size="11">"#,
        label_w + bar_w + 90.0,
        escape(title)
    );
    let _ = write!(
        s,
        r##"<rect x="{label_w}" y="2" width="10" height="8" fill="#08519c"/><text x="{:.0}" y="10">gebied</text><rect x="{:.0}" y="2" width="10" height="8" fill="#bdd7e7" stroke="#3182bd"/><text x="{:.0}" y="10">{}</text>"##,
        label_w + 14.0,
        label_w + 60.0,
        label_w + 74.0,
        escape(reference)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = 18.0 + i as f64 * row_h;
        let _ = write!(s, r#"<text x="0" y="{:.1}">{}</text>"#, y + 12.0, escape(&b.label));
        if let Some(v) = b.waarde {
            let _ = write!(
                s,
                r##"<rect x="{label_w}" y="{y:.1}" width="{:.1}" height="11" fill="#08519c"/><text x="{:.1}" y="{:.1}">{}</text>"##,
                v / max * bar_w,
                label_w + v / max * bar_w + 3.0,
                y + 9.5,
                escape(&b.tekst)
            );
        } else {
            let _ = write!(s, r#"<text x="{label_w}" y="{:.1}">onbekend</text>"#, y + 9.5);
        }
        if let Some(r) = b.referentie {
            let _ = write!(
                s,
                r##"<rect x="{label_w}" y="{:.1}" width="{:.1}" height="9" fill="#bdd7e7" stroke="#3182bd" stroke-width="0.5"/><text x="{:.1}" y="{:.1}" fill="#333">{}</text>"##,
                y + 13.0,
                r / max * bar_w,
                label_w + r / max * bar_w + 3.0,
                y + 21.0,
                escape(&b.referentie_tekst)
            );
        }
    }
    s.push_str("</g></svg>");
    s
}

/// A diverging bar for a z-score on the scale −2…+2 (more veerkracht to the right).
pub fn diverging(z: Option<f64>, label: &str) -> String {
    let (w, mid) = (160.0, 80.0);
    let Some(z) = z else {
        return format!(r#"<span class="onbekend">onbekend</span><span class="sr-only"> {}</span>"#, escape(label));
    };
    let len = (z.clamp(-2.0, 2.0) / 2.0) * mid;
    let (x, fill) = if len >= 0.0 { (mid, "#08519c") } else { (mid + len, "#b35806") };
    format!(
        r##"<svg width="{w}" height="14" role="img" aria-label="{}: {}"><rect x="0" y="6" width="{w}" height="2" fill="#d0d0d0"/><rect x="{x:.1}" y="2" width="{:.1}" height="10" fill="{fill}"/><rect x="{mid}" y="0" width="1" height="14" fill="#333"/></svg>"##,
        escape(label),
        signed(Some(z)),
        len.abs()
    )
}

/// One year of a line chart: the value, and the text written beside its point.
pub struct LinePoint {
    pub jaar: i32,
    pub waarde: Option<f64>,
    pub tekst: String,
}

/// A line through the known values over the years (spaced by year), every point labelled with
/// its value and year so that nothing depends on reading the axis; an unknown year is written
/// as such on the axis. The points carry their year and value (`data-jaar`, `data-waarde`).
pub fn line(points: &[LinePoint], title: &str) -> String {
    let (w, h, left, right, top, bottom) = (560.0, 220.0, 40.0, 40.0, 28.0, 36.0);
    let known: Vec<f64> = points.iter().filter_map(|p| p.waarde).collect();
    let (lo, hi) = known.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
    // A flat or single value sits in the middle; otherwise a tenth of the range above and below.
    let pad = if hi > lo { (hi - lo) * 0.1 } else { lo.abs().max(1.0) * 0.1 };
    let (lo, hi) = (lo - pad, hi + pad);
    let first = points.first().map_or(0, |p| p.jaar);
    let last = points.last().map_or(0, |p| p.jaar);
    let x = |jaar: i32| {
        if last > first { left + (jaar - first) as f64 / (last - first) as f64 * (w - left - right) } else { w / 2.0 }
    };
    let y = |v: f64| top + (hi - v) / (hi - lo) * (h - top - bottom);
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg class="trend" viewBox="0 0 {w:.0} {h:.0}" role="img" aria-label="{}"><g font-size="12" fill="#222">"##,
        escape(title)
    );
    let _ = write!(
        s,
        r##"<line x1="{left}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#666"/>"##,
        h - bottom,
        w - right,
        h - bottom
    );
    let path: Vec<String> =
        points.iter().filter_map(|p| p.waarde.map(|v| format!("{:.1},{:.1}", x(p.jaar), y(v)))).collect();
    if path.len() > 1 {
        let _ = write!(s, r##"<polyline points="{}" fill="none" stroke="#08519c" stroke-width="2"/>"##, path.join(" "));
    }
    for p in points {
        let px = x(p.jaar);
        let _ = write!(s, r#"<text x="{px:.1}" y="{:.1}" text-anchor="middle">{}</text>"#, h - bottom + 18.0, p.jaar);
        match p.waarde {
            Some(v) => {
                let _ = write!(
                    s,
                    r##"<circle cx="{px:.1}" cy="{:.1}" r="4" fill="#08519c" data-jaar="{}" data-waarde="{v}"/><text x="{px:.1}" y="{:.1}" text-anchor="middle">{}</text>"##,
                    y(v),
                    p.jaar,
                    y(v) - 9.0,
                    escape(&p.tekst)
                );
            }
            None => {
                let _ =
                    write!(s, r#"<text x="{px:.1}" y="{:.1}" text-anchor="middle">onbekend</text>"#, h - bottom - 6.0);
            }
        }
    }
    s.push_str("</g></svg>");
    s
}

/// `+0,4` / `-1,2` / `0,0` / `onbekend`.
pub fn signed(z: Option<f64>) -> String {
    z.map_or_else(|| format::ONBEKEND.into(), |z| format::signed(z, 1))
}

pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_split_values_evenly() {
        let b = quantile_breaks(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]);
        assert_eq!(b, vec![(1.0, 2.0), (3.0, 4.0), (5.0, 6.0), (7.0, 8.0), (9.0, 10.0)]);
        assert_eq!(class_of(2.0, &b), 0);
        assert_eq!(class_of(2.5, &b), 1);
        assert_eq!(class_of(10.0, &b), 4);
        // Fewer distinct values than classes: one class each.
        assert_eq!(quantile_breaks(&[3.0, 3.0, 7.0]), vec![(3.0, 3.0), (7.0, 7.0)]);
        assert!(quantile_breaks(&[]).is_empty());
    }

    /// Points are spaced by year and placed by value: higher values higher up, the unknown
    /// year written on the axis without a point.
    #[test]
    fn a_line_places_its_points_by_year_and_value() {
        let p = |jaar, waarde: Option<f64>| LinePoint { jaar, waarde, tekst: format!("{waarde:?}") };
        let svg = line(&[p(2012, Some(40.0)), p(2016, None), p(2020, Some(50.0))], "Eenzaam");
        let circles: Vec<(f64, f64)> = svg
            .split("<circle ")
            .skip(1)
            .map(|c| {
                let attr = |a: &str| {
                    c.split(&format!("{a}=\"")).nth(1).unwrap().split('"').next().unwrap().parse::<f64>().unwrap()
                };
                (attr("cx"), attr("cy"))
            })
            .collect();
        assert_eq!(circles.len(), 2);
        assert!(circles[1].0 > circles[0].0 && circles[1].1 < circles[0].1, "{circles:?}");
        assert!(svg.contains(r#"data-jaar="2020" data-waarde="50""#) && svg.contains(">onbekend<"));
        assert!(svg.contains(r#"role="img" aria-label="Eenzaam""#));
    }

    #[test]
    fn signed_scores() {
        assert_eq!(signed(Some(0.44)), "+0,4");
        assert_eq!(signed(Some(-1.24)), "-1,2");
        assert_eq!(signed(Some(-0.01)), "0,0");
        assert_eq!(signed(None), "onbekend");
    }

    #[test]
    fn legend_bounds_never_read_the_same_across_classes() {
        let cat = wv_core::indicator::Catalogue::builtin();
        let rate = cat.indicators.iter().find(|i| i.unit.starts_with('%')).expect("a percentage");
        let breaks = [(9.04, 15.96), (16.04, 22.0)];
        let l = legend(&breaks, rate);
        assert!(l.contains("9,04 – 15,96%") && l.contains("16,04 – 22,00%"), "{l}");
        let apart = [(9.04, 15.5), (16.5, 22.0)];
        let l = legend(&apart, rate);
        assert!(l.contains("9,0 – 15,5%") && l.contains("16,5 – 22,0%"), "{l}");
    }
}
