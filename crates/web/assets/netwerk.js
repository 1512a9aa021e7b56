// The network picture of a wijkfoto (Cytoscape.js): colour and shape per
// discipline, edge width by how often people meet, edge colour by the shown
// mean of that kind of tie; filters by discipline, form and condition; click
// for details; a force layout or the actors on the map of their workplaces.
// The tables on the page hold the same data for keyboard and screen readers.
import cytoscape from '/assets/cytoscape.mjs';

const box = document.getElementById('netwerk');
// At least 3:1 against the white background (WCAG 1.4.11); 'geen' is also dashed.
const COLOURS = { laag: '#D55E00', midden: '#9A6A00', hoog: '#0072B2', geen: '#767676' };

function band(score) {
  if (score == null) return 'geen';
  if (score < 2.75) return 'laag';
  if (score < 3.75) return 'midden';
  return 'hoog';
}

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
  for (const s of document.querySelectorAll('.staal[data-kleur]')) s.style.setProperty('--kleur', s.dataset.kleur);
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
  const elements = [];
  for (const k of data.knopen) {
    elements.push({ group: 'nodes', data: { ...k, label: k.naam.replace(/ \(synthetisch\)$/, '') } });
  }
  data.lijnen.forEach((l, i) => {
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
    style: [
      {
        selector: 'node',
        style: {
          'background-color': 'data(kleur)',
          shape: 'data(vorm)',
          width: 'mapData(graad, 0, 20, 14, 42)',
          height: 'mapData(graad, 0, 20, 14, 42)',
          label: 'data(label)',
          'font-size': 7,
          'text-wrap': 'ellipsis',
          'text-max-width': 90,
          'text-valign': 'bottom',
          'text-margin-y': 2,
          color: '#1a1a1a',
          // A dark outline keeps every node visible whatever its colour (WCAG 1.4.11).
          'border-width': 1,
          'border-color': '#1a1a1a',
        },
      },
      { selector: 'node[?makelaar]', style: { 'border-width': 3 } },
      {
        selector: 'edge',
        style: {
          width: 'data(breedte)',
          'line-color': 'data(kleur)',
          'line-style': 'data(stijl)',
          'curve-style': 'haystack',
          opacity: 0.8,
        },
      },
      { selector: ':selected', style: { 'overlay-color': '#1a1a1a', 'overlay-opacity': 0.25 } },
    ],
    layout: { name: 'concentric', concentric: (n) => n.data('graad'), levelWidth: () => 3, animate: false },
  });
  window.wijkfotoNetwerk = cy;

  const colourEdges = (condition) => {
    cy.batch(() => {
      cy.edges().forEach((e) => {
        const s = condition === '' ? e.data('score') : e.data('scores')[Number(condition)];
        const b = band(s);
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
    cy.layout({ name: 'cose', randomize: false, animate: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 60 }).run();
    force = {};
    cy.nodes().forEach((n) => { force[n.id()] = { ...n.position() }; });
    cy.fit(undefined, 20);
  };
  runForce();

  const select = document.getElementById('netwerk-vorm');
  for (const v of [...new Set(data.lijnen.map((l) => l.vorm).filter((v) => v))].sort()) {
    select.append(new Option(v, v));
  }
  // Filters: actors of the ticked disciplines; verbindingen of the chosen form and score band
  // (on the chosen condition, or the mean of all five).
  const bandSelect = document.getElementById('netwerk-band');
  const applyFilters = () => {
    const shown = new Set([...document.querySelectorAll('#netwerk-filters input[name="discipline"]:checked')].map((i) => i.value));
    const vorm = select.value;
    const wanted = bandSelect.value;
    cy.batch(() => {
      cy.nodes().forEach((n) => n.style('display', shown.has(n.data('discipline')) ? 'element' : 'none'));
      cy.edges().forEach((e) => {
        const keep = (!vorm || e.data('vorm') === vorm) && (!wanted || e.data('band') === wanted);
        e.style('display', keep ? 'element' : 'none');
      });
    });
  };
  document.getElementById('netwerk-filters').addEventListener('change', (e) => {
    if (e.target.id === 'netwerk-conditie') colourEdges(e.target.value);
    if (e.target.id !== 'netwerk-geo') applyFilters();
  });

  // Geographic layout: actors at their buurt, the buurten drawn under the graph and moved with it.
  const sync = () => {
    const { x, y } = cy.pan();
    layer.style.transform = `translate(${x}px, ${y}px) scale(${cy.zoom()})`;
  };
  document.getElementById('netwerk-geo').addEventListener('change', (e) => {
    if (e.target.checked) {
      let spare = 0;
      cy.nodes().positions((n) => {
        const { x, y } = n.data();
        if (x != null && y != null) return { x, y };
        spare += 1;
        return { x: mapWidth + 40, y: 20 * spare };
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
    const d = e.target.data();
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
  });
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
