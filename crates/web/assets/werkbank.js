// @ts-check
// The workbench of one plan, on top of the server-rendered page: edits are
// sent without leaving the page and the parts that changed are swapped in
// from the server's answer (the page stays the one source of what the plan
// looks like); buurten can be chosen or painted on the map; Ctrl+Z and
// Ctrl+Y undo and redo. Without this script every form still works.
import { alle, een, metId } from '/assets/dom.js';
import { buurtenKaart, webgl, wijsAan } from '/assets/kaart.js';

const $ = (/** @type {string} */ id) => document.getElementById(id);
/** A text field or checkbox of the page by id. */
const veld = (/** @type {string} */ id) => metId(id, HTMLInputElement);
const bewerker = $('werkblad')?.dataset.bewerker === 'true';
let kaart = null;

const data = () => JSON.parse($('kaart-data')?.textContent ?? '{}');
const checkbox = (/** @type {string} */ code) =>
  een(`#toewijzing input[name="buurt"][value="${CSS.escape(code)}"]`, HTMLInputElement);
const vinkjes = () => alle('#toewijzing input[name="buurt"]', HTMLInputElement);

/**
 * Says `text` beside the map, in the live region screen readers announce: each message is a new
 * paragraph (a region replaced wholesale is not announced); the last three stay.
 */
function aankondig(text, fout = false) {
  const live = $('aankondiging');
  if (!live || !text) return;
  const p = document.createElement('p');
  if (fout) p.className = 'fout';
  p.textContent = text;
  live.append(p);
  while (live.children.length > 3) live.firstElementChild?.remove();
}

const melding = (text) => aankondig(text, true);

/** The buurt under the pointer: its name, inhabitants and wijkverband, from the table. */
function buurtTekst(code) {
  const row = een(`#toewijzing tr[data-code="${CSS.escape(code)}"]`, HTMLTableRowElement);
  if (!row) return null;
  const cells = [...row.cells].map((c) => (c.textContent ?? '').trim());
  const [naam, , , inwoners, wijkverband] = bewerker ? cells.slice(1) : cells;
  return `${naam}: ${inwoners} inwoners, ${wijkverband}`;
}

/** Marks a ticked buurt on whichever map shows. */
function markeer(code, gekozen) {
  kaart?.kies(code, gekozen);
  document.querySelector(`#kaart-svg path[data-code="${CSS.escape(code)}"]`)?.classList.toggle('gekozen', gekozen);
}

/** Posts `body` to the form's action and swaps in what the answer shows. */
async function verstuur(form, body, bewaarKeuze) {
  const gekozen = bewaarKeuze ? vinkjes().filter((c) => c.checked).map((c) => c.value) : [];
  const focus = document.activeElement?.id;
  const doel = metId('doel', HTMLSelectElement)?.value; // the brush's wijkverband stays chosen
  let res;
  try {
    // The header asks for the plan page as the answer, instead of a redirect to it.
    res = await fetch(form.action, { method: 'POST', body, headers: { 'wv-werkblad': '1' } });
  } catch {
    melding('Geen verbinding met de server: de wijziging is niet opgeslagen.');
    return;
  }
  if (!res.ok && res.status !== 422) {
    melding(`De wijziging is niet opgeslagen (fout ${res.status}). Laad de pagina opnieuw.`);
    return;
  }
  const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
  for (const nieuw of doc.querySelectorAll('[data-vervang]')) {
    const oud = document.getElementById(nieuw.id);
    if (oud) oud.replaceWith(document.adoptNode(nieuw));
  }
  // The outcome, announced beside the map: the refusal, or what the new version did.
  const geweigerd = $('melding')?.textContent?.trim();
  aankondig(geweigerd || $('versie')?.textContent?.trim(), Boolean(geweigerd));
  const nieuwDoel = metId('doel', HTMLSelectElement);
  if (doel && nieuwDoel) nieuwDoel.value = doel;
  for (const code of gekozen) {
    const c = checkbox(code);
    if (c) c.checked = true;
  }
  verbind();
  if (kaart) {
    kaart.kleur(data().kleuren);
    const svg = $('kaart-svg');
    if (svg) svg.hidden = true;
  }
  for (const c of vinkjes()) markeer(c.value, c.checked);
  if (focus) $(focus)?.focus();
}

/** Wires the (new) forms and checkboxes of the page. */
function verbind() {
  for (const form of alle('form.bewerking', HTMLFormElement)) {
    if (form.dataset.verbonden) continue;
    form.dataset.verbonden = '1';
    form.addEventListener('submit', (e) => {
      if (e instanceof SubmitEvent && e.submitter?.hasAttribute('formaction')) return; // the engine opens a page of its own
      e.preventDefault();
      const actie = een('input[name="actie"]', HTMLInputElement, form)?.value;
      const body = new URLSearchParams();
      for (const [k, v] of new FormData(form)) if (typeof v === 'string') body.append(k, v);
      verstuur(form, body, actie !== 'toewijzen');
    });
  }
  for (const c of vinkjes()) {
    c.addEventListener('change', () => markeer(c.value, c.checked));
  }
  if (!kaart) svgKiezen();
}

/** Paints `codes` into the wijkverband named in the assign form. */
function schilder(codes) {
  const form = metId('toewijzen', HTMLFormElement);
  const doel = metId('doel', HTMLSelectElement);
  if (!form || !doel) return;
  if (!doel.value.trim()) {
    melding('Kies eerst het wijkverband waar de buurten naartoe gaan (veld "Gekozen buurten naar wijkverband").');
    doel.focus();
    return;
  }
  const body = new URLSearchParams();
  body.append('csrf', een('input[name="csrf"]', HTMLInputElement, form)?.value ?? '');
  body.append('actie', 'toewijzen');
  body.append('wijkverband', doel.value);
  for (const c of codes) body.append('buurt', c);
  verstuur(form, body, true);
}

const penseel = () => Boolean(veld('penseel')?.checked);

/** Clicking a buurt chooses it (or paints it with the brush on). */
function kies(code) {
  if (!code) return;
  if (penseel()) return schilder([code]);
  const c = checkbox(code);
  if (c) {
    c.checked = !c.checked;
    c.dispatchEvent(new Event('change'));
  }
}

/** Strokes of the brush: every buurt the pointer passes while pressed. */
function streken(begin, over, eind) {
  let streek = null;
  begin((code) => { if (penseel() && code) { streek = new Set([code]); return true; } return false; });
  over((code) => { if (streek && code && !streek.has(code)) { streek.add(code); kaart?.kies(code, true); } });
  eind(() => {
    if (!streek) return false;
    const codes = [...streek];
    streek = null;
    schilder(codes);
    return true;
  });
}

function svgKiezen() {
  const svg = een('#kaart-svg svg', SVGSVGElement);
  if (!svg || svg.dataset.verbonden) return;
  svg.dataset.verbonden = '1';
  let gestreken = false;
  streken(
    (start) => svg.addEventListener('pointerdown', (e) => { if (start(code(e.target))) e.preventDefault(); }),
    (add) => svg.addEventListener('pointermove', (e) => {
      if (e.buttons) add(code(document.elementFromPoint(e.clientX, e.clientY)));
    }),
    (end) => window.addEventListener('pointerup', () => { gestreken = end(); }),
  );
  svg.addEventListener('click', (e) => {
    if (gestreken) { gestreken = false; return; }
    if (!penseel()) kies(code(e.target));
  });
}

/** The buurt code of a map shape (`data-code`), if the pointer is on one. */
function code(/** @type {EventTarget | null} */ el) {
  return el instanceof SVGElement || el instanceof HTMLElement ? el.dataset.code : undefined;
}

async function kaartMaken() {
  if (!webgl()) return;
  try {
    kaart = await buurtenKaart($('kaart'), data().geojson, data().kleuren);
  } catch {
    const el = $('kaart');
    if (el) el.hidden = true;
    kaart = null;
    return;
  }
  const svg = $('kaart-svg');
  if (svg) svg.hidden = true;
  const { map } = kaart;
  let gestreken = false;
  streken(
    (start) => map.on('mousedown', (e) => { if (start(kaart.buurtOp(e.point))) map.dragPan.disable(); }),
    (add) => map.on('mousemove', (e) => add(kaart.buurtOp(e.point))),
    (end) => window.addEventListener('mouseup', () => { gestreken = end(); map.dragPan.enable(); }),
  );
  map.on('click', (e) => {
    if (gestreken) { gestreken = false; return; }
    if (!penseel()) kies(kaart.buurtOp(e.point));
  });
  wijsAan(kaart, $('kaart-tip'), buurtTekst);
  const achtergrond = veld('achtergrond');
  achtergrond?.addEventListener('change', () => kaart.achtergrond(achtergrond.checked));
}

document.addEventListener('keydown', (e) => {
  if (!bewerker || !(e.ctrlKey || e.metaKey)) return;
  if (e.target instanceof Element && e.target.matches('input[type="text"], input:not([type]), textarea')) return;
  const id = e.key === 'z' && !e.shiftKey ? 'ongedaan' : (e.key === 'y' || (e.key === 'Z' && e.shiftKey)) ? 'opnieuw' : null;
  const knop = id ? metId(id, HTMLButtonElement) : null;
  if (knop && !knop.disabled) {
    e.preventDefault();
    knop.click();
  }
});

document.querySelector('.kaartknoppen')?.removeAttribute('hidden');
verbind();
kaartMaken();
