// @ts-check
// The map of a region's buurten: MapLibre GL JS drawing our GeoJSON on a
// plain background, so it works offline; the PDOK background map can be
// switched on when online. MapLibre simplifies the polygons per zoom level
// as it tiles them. Without WebGL the page keeps its server-drawn SVG map.
import { Map, NavigationControl } from '/assets/maplibre-gl.mjs';

const PDOK = 'https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/{z}/{x}/{y}.png';

export function webgl() {
  try {
    const c = document.createElement('canvas');
    return Boolean(c.getContext('webgl2') || c.getContext('webgl'));
  } catch {
    return false;
  }
}

function bounds(geo) {
  let [x0, y0, x1, y1] = [180, 90, -180, -90];
  const visit = (c) => {
    if (typeof c[0] === 'number') {
      x0 = Math.min(x0, c[0]); x1 = Math.max(x1, c[0]);
      y0 = Math.min(y0, c[1]); y1 = Math.max(y1, c[1]);
    } else c.forEach(visit);
  };
  geo.features.forEach((f) => visit(f.geometry.coordinates));
  /** @type {[[number, number], [number, number]]} */
  const box = [[x0, y0], [x1, y1]];
  return box;
}

/**
 * Names the buurt under the pointer in `tip` (an element over the map): `tekst(code)` gives the
 * words, or nothing to hide it.
 */
export function wijsAan(kaart, tip, tekst) {
  kaart.map.on('mousemove', (e) => {
    const code = kaart.buurtOp(e.point);
    kaart.map.getCanvas().style.cursor = code ? 'pointer' : '';
    const t = code && tekst(code);
    tip.hidden = !t;
    if (!t) return;
    tip.textContent = t;
    tip.style.left = `${e.point.x + 12}px`;
    tip.style.top = `${e.point.y + 12}px`;
  });
  kaart.map.on('mouseout', () => { tip.hidden = true; });
}

/**
 * Draws the buurten of `url` in `el`, coloured per buurt code by `kleuren`,
 * with the outlines of the GeoJSON at `omtrek` (a plan's wijkverbanden) on top.
 * Resolves with handles to recolour, mark chosen buurten, find the buurt
 * under a point and switch the background; rejects when the map cannot draw.
 */
export async function buurtenKaart(el, url, kleuren, omtrek = null) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`kaartgegevens: ${res.status}`);
  const geo = await res.json();
  el.hidden = false;
  const map = new Map({
    container: el,
    style: {
      version: 8,
      sources: {
        buurten: { type: 'geojson', data: geo, promoteId: 'code' },
        pdok: { type: 'raster', tiles: [PDOK], tileSize: 256, attribution: 'Achtergrond: PDOK, Kadaster' },
      },
      layers: [
        { id: 'achtergrond', type: 'background', paint: { 'background-color': '#f4f4f2' } },
        { id: 'pdok', type: 'raster', source: 'pdok', layout: { visibility: 'none' } },
        {
          id: 'vlak', type: 'fill', source: 'buurten',
          paint: {
            'fill-color': ['coalesce', ['feature-state', 'kleur'], '#cccccc'],
            'fill-opacity': ['case', ['boolean', ['feature-state', 'gekozen'], false], 0.95, 0.7],
          },
        },
        {
          id: 'rand', type: 'line', source: 'buurten',
          paint: {
            'line-color': ['case', ['boolean', ['feature-state', 'gekozen'], false], '#000000', '#4a4a4a'],
            'line-width': ['case', ['boolean', ['feature-state', 'gekozen'], false], 3, 0.6],
          },
        },
      ],
    },
    bounds: bounds(geo),
    fitBoundsOptions: { padding: 16 },
    dragRotate: false,
    pitchWithRotate: false,
    attributionControl: { compact: true, customAttribution: 'Buurten: CBS, Kadaster' },
  });
  map.addControl(new NavigationControl({ showCompass: false }));
  if (omtrek) {
    map.once('load', () => {
      map.addSource('omtrek', { type: 'geojson', data: omtrek });
      map.addLayer({ id: 'omtrek', type: 'line', source: 'omtrek', paint: { 'line-color': '#000000', 'line-width': 2.5 } });
    });
  }
  await new Promise((resolve, reject) => {
    map.once('load', resolve);
    map.once('error', (e) => reject(e.error ?? new Error('kaart')));
  });
  const state = (code, s) => map.setFeatureState({ source: 'buurten', id: code }, s);
  const handles = {
    map,
    kleur(k) { for (const [code, kleur] of Object.entries(k)) state(code, { kleur }); },
    kies(code, gekozen) { state(code, { gekozen }); },
    /** The buurt code under a pixel of the map, if any. */
    buurtOp(point) {
      const f = map.queryRenderedFeatures(point, { layers: ['vlak'] })[0];
      return f?.properties?.code;
    },
    achtergrond(aan) { map.setLayoutProperty('pdok', 'visibility', aan ? 'visible' : 'none'); },
    /** Brings a buurt into view. */
    toon(code) {
      const f = geo.features.find((x) => x.properties?.code === code);
      if (f) map.fitBounds(bounds({ features: [f] }), { padding: 60, maxZoom: 14 });
    },
  };
  handles.kleur(kleuren);
  return handles;
}
