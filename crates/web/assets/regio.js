// @ts-check
// The region page: the choropleth on a MapLibre map (the server's SVG map
// stays without WebGL), the chosen plan's wijkverbanden drawn on top, and a
// click on a buurt shows its figures from the table beside the map.
import { alle, een, metId } from '/assets/dom.js';
import { buurtenKaart, webgl, wijsAan } from '/assets/kaart.js';

const data = JSON.parse(document.getElementById('kaart-data').textContent);
const info = document.getElementById('buurt-info');

function toon(code) {
  const row = een(`#buurten tr[data-code="${CSS.escape(code)}"]`, HTMLTableRowElement);
  if (!row || !info) return;
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
  // The figures open over the map, where the buurt was clicked, with a way to close them.
  const sluit = document.createElement('button');
  sluit.type = 'button';
  sluit.className = 'klein secundair';
  sluit.textContent = 'Sluit';
  sluit.addEventListener('click', () => info.replaceChildren());
  info.replaceChildren(list, ...(link ? [link, ' '] : []), sluit);
  kaart?.kies(gekozen, false);
  gekozen = code;
  kaart?.kies(code, true);
}

let kaart = null;
let gekozen = null;

// Searching a buurt by name (or code) shows it on the map with its figures.
// Searching the indicators: only those whose name holds the words stay in the list.
const kies = metId('indicator', HTMLSelectElement);
const zoekIndicator = metId('indicator-zoek', HTMLInputElement);
for (const el of alle('.zoek-indicator', HTMLElement)) el.hidden = false;
zoekIndicator?.addEventListener('input', () => {
  if (!kies) return;
  const words = zoekIndicator.value.toLowerCase().split(/\s+/).filter(Boolean);
  for (const o of kies.querySelectorAll('option')) o.hidden = !words.every((w) => (o.textContent ?? '').toLowerCase().includes(w));
  for (const g of kies.querySelectorAll('optgroup')) g.hidden = alle('option', HTMLOptionElement, g).every((o) => o.hidden);
  const first = een('option:not([hidden])', HTMLOptionElement, kies);
  if (first && kies.selectedOptions[0]?.hidden) kies.value = first.value;
});

const zoek = metId('zoek-buurt', HTMLInputElement);
document.querySelector('.kaartzoek')?.removeAttribute('hidden');
zoek?.addEventListener('change', () => {
  const code = zoek.value.match(/\((BU\d{8})\)\s*$/)?.[1]
    ?? een(`#buurtnamen option[value^="${CSS.escape(zoek.value)}" i]`, HTMLOptionElement)?.value.match(/\((BU\d{8})\)/)?.[1];
  if (!code) return;
  toon(code);
  kaart?.toon(code);
  document.querySelector(`#kaart-svg path[data-code="${code}"]`)?.scrollIntoView({ block: 'nearest' });
});

for (const path of alle('#kaart-svg path[data-code]', SVGElement)) {
  path.addEventListener('click', () => toon(path.dataset.code ?? ''));
}

if (webgl()) {
  try {
    kaart = await buurtenKaart(document.getElementById('kaart'), data.geojson, data.kleuren, data.omtrek);
    for (const el of alle('#kaart-svg', HTMLElement)) el.hidden = true;
    for (const el of alle('.kaartknoppen', HTMLElement)) el.hidden = false;
    kaart.map.on('click', (e) => { const code = kaart.buurtOp(e.point); if (code) toon(code); });
    // Hovering names the buurt and its value, from the table.
    wijsAan(kaart, document.getElementById('kaart-tip'), (code) => {
      const row = een(`#buurten tr[data-code="${CSS.escape(code)}"]`, HTMLTableRowElement);
      return row && `${row.cells[1].textContent}: ${row.cells[row.cells.length - 2].textContent}`;
    });
    const achtergrond = metId('achtergrond', HTMLInputElement);
    achtergrond?.addEventListener('change', () => kaart.achtergrond(achtergrond.checked));
  } catch {
    document.getElementById('kaart').hidden = true;
  }
}
