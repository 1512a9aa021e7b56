// The region page: the choropleth on a MapLibre map (the server's SVG map
// stays without WebGL), the chosen plan's wijkverbanden drawn on top, and a
// click on a buurt shows its figures from the table beside the map.
import { buurtenKaart, webgl, wijsAan } from '/assets/kaart.js';

const data = JSON.parse(document.getElementById('kaart-data').textContent);
const info = document.getElementById('buurt-info');

function toon(code) {
  const row = document.querySelector(`#buurten tr[data-code="${CSS.escape(code)}"]`);
  if (!row) return;
  const heads = [...document.querySelectorAll('#buurten thead th')].map((h) => h.textContent.trim());
  const list = document.createElement('dl');
  [...row.cells].forEach((cell, k) => {
    if (!heads[k] || heads[k] === 'Kies') return;
    const dt = document.createElement('dt');
    dt.textContent = heads[k];
    const dd = document.createElement('dd');
    dd.textContent = cell.textContent;
    list.append(dt, dd);
  });
  const link = row.querySelector('a')?.cloneNode(true);
  if (link) link.textContent = 'Profiel van deze buurt';
  info.replaceChildren(list, ...(link ? [link] : []));
}

for (const path of document.querySelectorAll('#kaart-svg path[data-code]')) {
  path.addEventListener('click', () => toon(path.dataset.code));
}

if (webgl()) {
  try {
    const kaart = await buurtenKaart(document.getElementById('kaart'), data.geojson, data.kleuren, data.omtrek);
    document.getElementById('kaart-svg').hidden = true;
    document.querySelector('.kaartknoppen').hidden = false;
    kaart.map.on('click', (e) => { const code = kaart.buurtOp(e.point); if (code) toon(code); });
    // Hovering names the buurt and its value, from the table.
    wijsAan(kaart, document.getElementById('kaart-tip'), (code) => {
      const row = document.querySelector(`#buurten tr[data-code="${CSS.escape(code)}"]`);
      return row && `${row.cells[1].textContent}: ${row.cells[row.cells.length - 2].textContent}`;
    });
    document.getElementById('achtergrond').addEventListener('change', (e) => kaart.achtergrond(e.target.checked));
  } catch {
    document.getElementById('kaart').hidden = true;
  }
}
