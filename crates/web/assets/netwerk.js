// @ts-check
// The network picture of a wijkfoto (Cytoscape.js): colour and shape per
// discipline, edge width by how often people meet, edge colour by the shown
// mean of that kind of tie; filters by discipline, form and condition; click
// for details; search an actor by name and show only it and its neighbours (ego view);
// group by discipline or organisation; a force layout or the actors on the map of their
// workplaces (actors sharing a place spread around it).
// The tables on the page hold the same data for keyboard and screen readers.
import cytoscape from '/assets/cytoscape.mjs';
import { alle, metId } from '/assets/dom.js';

/** @typedef {import('/assets/cytoscape.mjs').ElementDefinition} Definitie */

const box = document.getElementById('netwerk');
// At least 3:1 against the white background (WCAG 1.4.11); 'geen' is also dashed.
const COLOURS = { laag: '#D55E00', midden: '#9A6A00', hoog: '#0072B2', geen: '#767676' };

function nl(x, digits = 1) {
  return x == null ? 'te weinig antwoorden' : x.toLocaleString('nl-NL', { maximumFractionDigits: digits });
}

function text(tag, content) {
  const el = document.createElement(tag);
  el.textContent = content;
  return el;
}

function details(rows, title) {
  const panel = document.getElementById('netwerk-details');
  const dl = document.createElement('dl');
  for (const [k, v] of rows) {
    if (v === '' || v == null) continue;
    dl.append(text('dt', k), text('dd', String(v)));
  }
  panel.replaceChildren(text('h4', title), dl);
}

async function main() {
  for (const s of alle('.staal[data-kleur]', HTMLElement)) s.style.setProperty('--kleur', s.dataset.kleur ?? '');
  const answer = await fetch(box.dataset.bron, { credentials: 'same-origin' });
  if (!answer.ok) return;
  const data = await answer.json();
  const layer = document.getElementById('netwerk-kaart');
  const [mapWidth, mapHeight] = data.kaart_maat;
  const svg = layer.querySelector('svg');
  if (svg) {
    svg.style.width = `${mapWidth}px`;
    svg.style.height = `${mapHeight}px`;
  }
  /** @type {Definitie[]} */
  const elements = [];
  for (const k of data.knopen) {
    elements.push({ group: 'nodes', data: { ...k, label: k.naam.replace(/ \(synthetisch\)$/, '') } });
  }
  data.verbindingen.forEach((l, i) => {
    elements.push({
      group: 'edges',
      data: { ...l, id: `v${i}`, breedte: 1 + Math.log2(1 + l.per_jaar) },
    });
  });
  const cy = cytoscape({
    container: box,
    elements,
    minZoom: 0.1,
    maxZoom: 6,
    // Cytoscape's types do not know data() mappers for numbers and shapes.
    style: /** @type {any} */ ([
      {
        selector: 'node',
        style: {
          'background-color': 'data(kleur)',
          shape: 'data(vorm)',
          width: 'mapData(graad, 0, 20, 14, 42)',
          height: 'mapData(graad, 0, 20, 14, 42)',
          label: 'data(label)',
          // Readable at the default zoom; labels too small to read are left out, not drawn as specks.
          'font-size': 11,
          'min-zoomed-font-size': 7,
          'text-wrap': 'wrap',
          'text-max-width': 90,
          'text-valign': 'bottom',
          'text-margin-y': 3,
          'text-background-color': '#ffffff',
          'text-background-opacity': 0.85,
          'text-background-padding': 1,
          color: '#1a1a1a',
          // A dark outline keeps every node visible whatever its colour (WCAG 1.4.11).
          'border-width': 1,
          'border-color': '#1a1a1a',
        },
      },
      { selector: 'node[?makelaar]', style: { 'border-width': 3 } },
      {
        selector: 'node.groep',
        style: {
          'background-color': '#f3f5f8', 'background-opacity': 1, shape: 'round-rectangle', 'border-color': '#767676',
          label: 'data(label)', 'text-valign': 'top', 'text-halign': 'center', 'font-size': 13, 'font-weight': 'bold',
          'text-background-opacity': 0, padding: 12,
        },
      },
      { selector: 'edge', style: { width: 'data(breedte)', 'curve-style': 'haystack', opacity: 0.8 } },
      { selector: 'edge[kleur]', style: { 'line-color': 'data(kleur)' } },
      { selector: 'edge[stijl]', style: { 'line-style': 'data(stijl)' } },
      { selector: ':selected', style: { 'overlay-color': '#1a1a1a', 'overlay-opacity': 0.25 } },
    ]),
    layout: { name: 'concentric', concentric: (n) => n.data('graad'), levelWidth: () => 3, animate: false },
  });
  /** @type {any} */ (window).wijkfotoNetwerk = cy;

  // Search: the actors' names; choosing one selects it, brings it into view and shows its details.
  const actors = cy.nodes().not('.groep');
  const namen = document.getElementById('netwerk-namen');
  actors.forEach((n) => namen.append(new Option(n.data('label'))));
  let gekozen = null;
  const ego = /** @type {HTMLInputElement} */ (metId('netwerk-ego', HTMLInputElement));
  const focus = () => {
    applyFilters();
    cy.fit(cy.elements(':visible'), 30);
  };
  const kies = (n) => {
    gekozen = n;
    cy.elements().unselect();
    n.select();
    toonActor(n.data());
    focus();
    if (!ego.checked) cy.animate({ center: { eles: n }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 0 });
  };
  const zoek = metId('netwerk-zoek', HTMLInputElement);
  zoek?.addEventListener('change', () => {
    const q = zoek.value.trim().toLowerCase();
    const n = actors.filter((x) => x.data('label').toLowerCase() === q)[0] ?? actors.filter((x) => x.data('label').toLowerCase().includes(q))[0];
    if (q && n) kies(n);
  });
  ego.addEventListener('change', focus);

  // Grouping: a box per discipline or organisation around its actors.
  const groep = /** @type {HTMLSelectElement} */ (metId('netwerk-groep', HTMLSelectElement));
  const geo = /** @type {HTMLInputElement} */ (metId('netwerk-geo', HTMLInputElement));
  groep.addEventListener('change', () => {
    const by = groep.value;
    cy.batch(() => {
      actors.move({ parent: null });
      cy.nodes('.groep').remove();
      if (by) {
        const groups = [...new Set(actors.map((n) => n.data(by) || 'onbekend'))].sort();
        /** @type {Definitie[]} */
        const boxes = groups.map((g) => ({ group: 'nodes', data: { id: `groep:${g}`, label: g }, classes: 'groep' }));
        cy.add(boxes);
        actors.forEach((n) => { n.move({ parent: `groep:${n.data(by) || 'onbekend'}` }); });
      }
    });
    force = null;
    if (!geo.checked) runForce();
  });

  const colourEdges = (condition) => {
    cy.batch(() => {
      cy.edges().forEach((e) => {
        // The server bands every score (wv_core::netwerk::Band): one rule for picture and tables.
        const b = condition === '' ? e.data('band') : e.data('banden')[Number(condition)];
        e.data({ kleur: COLOURS[b], stijl: b === 'geen' ? 'dashed' : 'solid', band: b });
      });
    });
  };
  colourEdges('');

  let force = null;
  const runForce = () => {
    if (force) {
      cy.nodes().positions((n) => force[n.id()]);
      cy.fit(undefined, 20);
      return;
    }
    // Labels count as part of a node, so the layout keeps them apart.
    cy.layout({
      name: 'cose', randomize: false, animate: false, nodeDimensionsIncludeLabels: true, nodeRepulsion: () => 60000,
      idealEdgeLength: () => 60, nodeOverlap: 20, gravity: 0.6, componentSpacing: 60, nestingFactor: 0.8,
      // The picture's own shape: wide boxes get wide layouts, so the default zoom keeps labels readable.
      boundingBox: { x1: 0, y1: 0, w: box.clientWidth, h: box.clientHeight },
    }).run();
    force = {};
    cy.nodes().forEach((n) => { force[n.id()] = { ...n.position() }; });
    cy.fit(undefined, 20);
  };
  runForce();

  const select = /** @type {HTMLSelectElement} */ (metId('netwerk-vorm', HTMLSelectElement));
  for (const v of [...new Set(data.verbindingen.map((l) => l.vorm).filter((v) => v))].sort()) {
    select.append(new Option(v, v));
  }
  // Filters: actors of the ticked disciplines; verbindingen of the chosen form and score band
  // (on the chosen condition, or the mean of all five).
  const bandSelect = /** @type {HTMLSelectElement} */ (metId('netwerk-band', HTMLSelectElement));
  // The ego view keeps only the chosen actor and its neighbours, on top of the other filters.
  function applyFilters() {
    const shown = new Set(alle('#netwerk-filters input[name="discipline"]:checked', HTMLInputElement).map((i) => i.value));
    const vorm = select.value;
    const wanted = bandSelect.value;
    const ring = ego.checked && gekozen ? gekozen.closedNeighborhood() : null;
    cy.batch(() => {
      actors.forEach((n) => { n.style('display', shown.has(n.data('discipline')) && (!ring || ring.has(n)) ? 'element' : 'none'); });
      cy.edges().forEach((e) => {
        const keep = (!vorm || e.data('vorm') === vorm) && (!wanted || e.data('band') === wanted) && (!ring || ring.has(e));
        e.style('display', keep ? 'element' : 'none');
      });
    });
  }
  metId('netwerk-filters', HTMLElement)?.addEventListener('change', (e) => {
    const veld = e.target;
    if (veld instanceof HTMLSelectElement && veld.id === 'netwerk-conditie') colourEdges(veld.value);
    if (veld !== geo) applyFilters();
  });

  // Geographic layout: actors at their buurt, the buurten drawn under the graph and moved with it.
  const sync = () => {
    const { x, y } = cy.pan();
    layer.style.transform = `translate(${x}px, ${y}px) scale(${cy.zoom()})`;
  };
  geo.addEventListener('change', () => {
    if (geo.checked) {
      // Actors that share a place stand in a small circle around it, so none hides another.
      let spare = 0;
      const at = new Map();
      actors.forEach((n) => {
        const { x, y } = n.data();
        if (x == null || y == null) return;
        const key = `${Math.round(x)},${Math.round(y)}`;
        at.set(key, [...(at.get(key) ?? []), n.id()]);
      });
      actors.move({ parent: null });
      cy.nodes('.groep').remove();
      groep.value = '';
      actors.positions((n) => {
        const { x, y } = n.data();
        if (x == null || y == null) {
          spare += 1;
          return { x: mapWidth + 40, y: 20 * spare };
        }
        const here = at.get(`${Math.round(x)},${Math.round(y)}`);
        if (here.length === 1) return { x, y };
        const k = here.indexOf(n.id());
        const r = 6 + 3 * here.length;
        const a = (2 * Math.PI * k) / here.length;
        return { x: x + r * Math.cos(a), y: y + r * Math.sin(a) };
      });
      layer.hidden = false;
      cy.on('viewport', sync);
      cy.fit(undefined, 20);
      sync();
    } else {
      cy.off('viewport', sync);
      layer.hidden = true;
      runForce();
    }
  });

  cy.on('tap', 'node', (e) => {
    if (e.target.hasClass('groep')) return;
    gekozen = e.target;
    toonActor(e.target.data());
    if (ego.checked) focus();
  });
  function toonActor(d) {
    details(
      [
        ['Soort', d.soort],
        ['Rol', d.rol],
        ['Discipline', d.discipline],
        ['Organisatie', d.organisatie],
        ['Buurt', d.plaats],
        ['Overleggen', d.overleggen],
        ['Verbindingen', d.graad],
        ['Tussenpositie', nl(d.tussenpositie, 2)],
        ['Makelaar', d.makelaar ? 'ja: zonder deze actor valt het netwerk uiteen' : ''],
      ],
      d.naam,
    );
  }
  cy.on('tap', 'edge', (e) => {
    const d = e.target.data();
    const a = cy.getElementById(d.source).data('naam');
    const b = cy.getElementById(d.target).data('naam');
    const rows = [
      ['Soort', d.soort],
      ['Vorm', d.vorm],
      ['Doel', d.doel],
      ['Per jaar', d.per_jaar || 'onbekend'],
      ['Genoemd door', d.genoemd === 2 ? 'beide kanten' : 'één kant'],
    ];
    data.condities.forEach((c, i) => rows.push([`${c} (gemiddelde van deze soort)`, nl(d.scores[i])]));
    details(rows, `${a} – ${b}`);
  });
  box.dataset.klaar = String(cy.nodes().length);
}

if (box) main();
