// The web app as a person uses it: sign in, open the demo region, read the map
// and its table, switch the indicator with the keyboard, sign out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, launch, rawCsv, signIn, startServer, wv } from './support.mjs';

test('sign in, read the region map and table, switch indicator by keyboard, sign out', async () => {
  const server = await startServer();
  const gemeenten = ['GM0632', 'GM0589', 'GM0335', 'GM0736', 'GM1904'];
  const buurten = rawCsv('kwb_2015_buurten_provincie_utrecht.csv').filter((r) => gemeenten.includes(r.GM_CODE));
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(server.url + '/');
    await page.waitForURL('**/inloggen');
    await signIn(page, server.url, server.email, server.password);
    await page.getByRole('link', { name: 'Utrecht Noord-West' }).click();
    await page.getByRole('heading', { name: 'Utrecht Noord-West' }).waitFor();
    // Every buurt on the map and in the table beside it.
    assert.equal(await page.locator('svg.kaart path').count(), buurten.length);
    assert.equal(await page.locator('#buurten tbody tr').count(), buurten.length);
    const woerden = buurten.find((r) => r.BU_CODE === 'BU06320101');
    const row = page.locator('#buurten tbody tr', { hasText: 'BU06320101' });
    assert.equal((await row.locator('td').nth(3).textContent()).replace(/\./g, ''), woerden.AANT_INW);
    // The MapLibre map: a click on a buurt shows its figures.
    const canvas = page.locator('#kaart canvas');
    await canvas.waitFor();
    await page.waitForFunction(() => document.getElementById('kaart-svg').hidden);
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    for (const [fx, fy] of [[0.5, 0.5], [0.4, 0.6], [0.6, 0.4], [0.5, 0.3]]) {
      if (await page.locator('#buurt-info dl').count()) break;
      await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
    }
    await page.locator('#buurt-info dl').waitFor();
    const shown = await page.locator('#buurt-info dd').nth(1).textContent();
    assert.ok(buurten.some((r) => r.BU_CODE === shown), `${shown} is a buurt of the region`);
    // Search a buurt by name: its figures open over the map, in view, without stray bullets in the legend.
    await page.getByLabel('Zoek een buurt').fill(`${woerden.BU_NAAM} (BU06320101)`);
    await page.getByLabel('Zoek een buurt').press('Tab');
    await page.locator('#buurt-info dd', { hasText: 'BU06320101' }).waitFor();
    const panel = await page.locator('#buurt-info').boundingBox();
    const map = await canvas.boundingBox();
    assert.ok(panel.y >= map.y && panel.y + panel.height <= map.y + map.height, 'the figures over the map');
    assert.equal(await page.locator('ul.legenda li').first().evaluate((li) => getComputedStyle(li, '::marker').content), 'none');
    await page.getByRole('button', { name: 'Sluit' }).click();
    assert.equal(await page.locator('#buurt-info dl').count(), 0);
    // Sort the table by inhabitants, largest first.
    await page.getByRole('button', { name: 'Inwoners' }).click();
    await page.getByRole('button', { name: 'Inwoners' }).click();
    const largest = buurten.reduce((a, b) => (Number(b.AANT_INW) > Number(a.AANT_INW) ? b : a));
    assert.equal(await page.locator('#buurten tbody tr').first().getAttribute('data-code'), largest.BU_CODE);
    // The profile of gemeente Woerden: its inhabitants are the sum of its buurten in the raw file.
    await page.getByLabel('Profiel van gemeente').selectOption({ label: 'Woerden' });
    await page.getByRole('button', { name: 'Toon profiel' }).first().click();
    await page.getByRole('heading', { name: 'Woerden' }).waitFor();
    const inwGemeente = buurten.filter((r) => r.GM_CODE === 'GM0632').reduce((s, r) => s + Number(r.AANT_INW), 0);
    const cell = page.locator('#profiel tbody tr', { has: page.getByRole('rowheader', { name: 'Inwoners', exact: true }) }).locator('td').nth(1);
    assert.equal(Number((await cell.textContent()).match(/[\d.]+/)[0].replace(/\./g, '')), inwGemeente);
    await page.getByRole('link', { name: /Printbare startfoto/ }).click();
    await page.locator('h1', { hasText: 'Startfoto Woerden' }).first().waitFor();
    await page.goBack();
    await page.goBack();
    // The indicators are grouped by domain and can be searched.
    assert.ok(await page.locator('#indicator optgroup[label="Gezondheid"] option').count() > 10);
    await page.getByRole('searchbox', { name: 'Zoek' }).fill('eenzaam 65');
    const left = await page.locator('#indicator option:not([hidden])').allTextContents();
    assert.ok(left.length > 0 && left.every((t) => /eenzaam/i.test(t) && t.includes('65')), left.join('; '));
    await page.getByRole('searchbox', { name: 'Zoek' }).fill('');
    // Keyboard only: choose another indicator and submit.
    await page.getByLabel('Indicator op de kaart').focus();
    await page.getByLabel('Indicator op de kaart').selectOption({ label: 'Eenzaam (65+)' });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL('**indicator=eenzaam_65plus*');
    assert.match(await page.locator('figcaption').textContent(), /Eenzaam \(65\+\) per buurt\. Bron: Gezondheidsmonitor/);
    await page.screenshot({ path: join(artifacts, 'regio-kaart.png') });
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.waitForURL('**/inloggen');
  } finally {
    await browser.close();
    server.proc.kill();
  }
});

/** Number shown in a table cell, Dutch thousands separators removed. */
const number = (text) => Number(text.replace(/\./g, '').trim());

test('the workbench: make, paint, lock, undo, propose, compare, export and re-import; a lezer cannot edit', async () => {
  const server = await startServer();
  const gemeenten = ['GM0632', 'GM0589', 'GM0335', 'GM0736', 'GM1904'];
  const raw = rawCsv('kwb_2015_buurten_provincie_utrecht.csv').filter((r) => gemeenten.includes(r.GM_CODE));
  const inw = Object.fromEntries(raw.map((r) => [r.BU_CODE, Number(r.AANT_INW)]));
  const total = raw.reduce((s, r) => s + Number(r.AANT_INW), 0);
  const lezer = wv('--db', server.db, 'gebruiker', 'maak', 'lezer@example.nl', '--naam', 'Lezer', '--regio', 'Utrecht Noord-West', '--rol', 'lezer')
    .match(/Wachtwoord: (\S+) /)[1];
  const browser = await launch();
  const errors = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
    page.on('pageerror', (e) => errors.push(e.message));
    // Console errors, except the browser's note on the refused edit (422) this test makes on purpose.
    page.on('console', (m) => { if (m.type() === 'error' && !/favicon\.ico|status of 422/.test(m.location().url + m.text())) errors.push(m.text()); });
    const sum = async () => (await page.locator('#wijkverbanden tbody tr td:nth-child(3)').allTextContents())
      .reduce((s, t) => s + number(t), 0);
    const inwoners = async (name) => number(await page.locator('#wijkverbanden tbody tr').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${name}( 🔒 vergrendeld)?$`) }) }).locator('td').nth(1).textContent());
    const version = async () => Number((await page.locator('#versie').textContent()).match(/Versie (\d+)/)[1]);
    // On screen without scrolling, and to the right of the map.
    const inViewBeside = async (locator) => {
      const [box, map] = [await locator.boundingBox(), await page.locator('#kaart').boundingBox()];
      const view = page.viewportSize();
      const ok = box.y >= 0 && box.y + box.height <= view.height && box.x >= map.x + map.width && box.x + box.width <= view.width;
      if (!ok) console.error('not beside the map', JSON.stringify({ box, map, view }));
      return ok;
    };
    await signIn(page, server.url, server.email, server.password);

    // A plan per gemeente, made with the keyboard. Each label of the form sits above its own field
    // (none run into the next).
    await page.goto(server.url + '/regio/Utrecht%20Noord-West/indelingen');
    for (const label of ['Bestand (bij \'een bestand\')', 'Of plak de inhoud hier', 'Maximum (mag leeg)']) {
      const form = page.locator('#nieuw');
      const [l, f] = [await form.getByText(label, { exact: true }).boundingBox(), await form.getByLabel(label).boundingBox()];
      assert.ok(l.y + l.height <= f.y + 1, `${label} above its field`);
    }
    await page.getByLabel('Naam (mag leeg)').fill('Plan A');
    await page.getByLabel('één wijkverband per gemeente').check();
    await page.getByLabel('Minimum aantal inwoners per wijkverband').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL('**/indeling/Plan%20A');
    assert.equal(await sum(), total, 'every inhabitant once');
    assert.equal(await page.locator('#wijkverbanden tbody tr').count(), gemeenten.length);

    // The map draws with MapLibre; find three buurten on it by choosing them (a click ticks a buurt in the table).
    const canvas = page.locator('#kaart canvas');
    await canvas.waitFor();
    await page.waitForFunction(() => document.getElementById('kaart-svg').hidden);
    await canvas.scrollIntoViewIfNeeded();
    // Points are kept relative to the map: the page above it grows as the figures change.
    const at = async ({ fx, fy }) => {
      await canvas.scrollIntoViewIfNeeded();
      const box = await canvas.boundingBox();
      await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
    };
    const ticked = () => page.locator('#toewijzing input[name=buurt]:checked').evaluateAll((cs) => cs.map((c) => c.value));
    const points = [];
    for (const [fx, fy] of [[0.5, 0.5], [0.35, 0.7], [0.6, 0.3], [0.45, 0.4], [0.55, 0.65], [0.3, 0.45], [0.5, 0.8]]) {
      if (points.length === 3) break;
      await at({ fx, fy });
      const codes = await ticked();
      if (codes.length === 1 && !points.some((q) => q.code === codes[0])) points.push({ fx, fy, code: codes[0] });
      if (codes.length) await at({ fx, fy }); // a second click un-ticks it
      assert.deepEqual(await ticked(), []);
    }
    assert.equal(points.length, 3, 'three buurten found on the map');

    // Paint them with the brush into a new wijkverband, made first (a target is chosen from the
    // list, so a typo makes none): its inhabitants are theirs, from the raw file.
    await page.getByLabel('Nieuw wijkverband').fill('Kern');
    await page.getByRole('button', { name: 'Voeg toe' }).click();
    await page.locator('#doel option', { hasText: 'Kern' }).waitFor({ state: 'attached' });
    await page.getByLabel('Gekozen buurten naar wijkverband').selectOption('Kern');
    await page.getByLabel('Penseel: klik of sleep over buurten').check();
    for (const [k, p] of points.entries()) {
      await at(p);
      await page.waitForFunction((n) => document.querySelector('#versie').textContent.startsWith(`Versie ${n}`), k + 3)
        .catch(async (e) => { throw new Error(`${e.message}; melding: ${await page.locator('#melding').textContent()}; ${await page.locator('#versie').textContent()}`); });
    }
    const three = points.reduce((s, p) => s + inw[p.code], 0);
    assert.equal(await inwoners('Kern'), three);
    // While painting, the figures sit beside the map: Kern's row of the side panel is on screen
    // next to the map, and each stroke was announced in the live region.
    const kern = page.locator('#overzicht tr', { hasText: 'Kern' });
    assert.equal(number(await kern.locator('td').first().textContent()), three);
    assert.ok(await inViewBeside(kern), 'Kern\'s figures visible beside the map');
    assert.match(await page.locator('#aankondiging').textContent(), /Versie \d+/);
    assert.equal(await sum(), total);
    const inKern = await page.locator('#toewijzing tbody tr').evaluateAll((rs) => rs
      .filter((r) => r.cells[r.cells.length - 1].textContent === 'Kern').map((r) => r.dataset.code));
    assert.deepEqual(inKern.sort(), points.map((p) => p.code).sort());

    // Lock Kern: painting one of its buurten elsewhere is refused, with the reason.
    await page.getByRole('button', { name: 'Vergrendel Kern' }).click();
    await page.locator('#wijkverbanden tr', { hasText: 'Kern' }).getByText('🔒 vergrendeld').waitFor();
    const other = (await page.locator('#wijkverbanden tbody th').first().textContent()).trim();
    await page.getByLabel('Gekozen buurten naar wijkverband').selectOption(other);
    await at(points[0]);
    await page.locator('#melding', { hasText: 'is vergrendeld' }).waitFor();
    assert.equal(await inwoners('Kern'), three);
    // The refusal shows next to the map and is announced (a paragraph added to the live region).
    const refusal = page.locator('#aankondiging p.fout', { hasText: 'is vergrendeld' });
    await refusal.waitFor();
    assert.ok(await inViewBeside(refusal), 'the refusal beside the map');
    assert.equal(await page.locator('#aankondiging').getAttribute('role'), 'status');

    // Undo with the keyboard: first the lock, then the last stroke.
    const v = await version();
    await page.locator('h1').click();
    await page.keyboard.press('Control+z');
    await page.waitForFunction((n) => document.querySelector('#versie').textContent.startsWith(`Versie ${n}`), v - 1);
    assert.equal(await page.getByText('🔒 vergrendeld').count(), 0);
    await page.keyboard.press('Control+z');
    await page.waitForFunction((n) => document.querySelector('#versie').textContent.startsWith(`Versie ${n}`), v - 2);
    assert.equal(await inwoners('Kern'), inw[points[0].code] + inw[points[1].code]);
    await page.screenshot({ path: join(artifacts, 'werkbank.png'), fullPage: true });

    // An engine proposal with a floor of 15,000.
    await page.goto(server.url + '/regio/Utrecht%20Noord-West/indelingen');
    await page.getByLabel('Naam (mag leeg)').fill('Voorstel');
    await page.getByLabel('Minimum aantal inwoners per wijkverband').fill('15000');
    await page.getByLabel('Maximum (mag leeg)').fill('');
    await page.getByRole('button', { name: 'Maak indeling' }).click();
    await page.waitForURL('**/indeling/Voorstel');
    assert.equal(await sum(), total);
    assert.equal(await page.locator('#wijkverbanden', { hasText: 'onder de ondergrens' }).count(), 0);

    // Compare it with Plan A: figures side by side and the buurten that differ.
    await page.getByLabel('Vergelijk met').selectOption('Plan A');
    await page.getByRole('button', { name: 'Vergelijk' }).click();
    await page.locator('#vergelijking').waitFor();
    assert.equal(await page.locator('#vergelijking thead th').count(), 3);
    assert.equal(await page.locator('svg.kaart path[data-code]').count(), raw.length);
    assert.ok(await page.locator('#verschillen tbody tr').count() > 0);

    // Export Plan A as CSV and read it back in as a new plan: the same assignment.
    await page.goto(server.url + '/regio/Utrecht%20Noord-West/indeling/Plan%20A');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
    const file = join(artifacts, 'plan-a.csv');
    await download.saveAs(file);
    const exported = readFileSync(file, 'utf8');
    assert.equal(exported.trim().split('\n').length, raw.length + 1);
    await page.goto(server.url + '/regio/Utrecht%20Noord-West/indelingen');
    await page.getByLabel('Naam (mag leeg)').fill('Terug');
    await page.getByLabel('Bestand (bij \'een bestand\')').setInputFiles(file);
    await page.waitForFunction(() => document.getElementById('plan-inhoud').value.startsWith('buurtcode,wijkverband'));
    await page.getByRole('button', { name: 'Maak indeling' }).click();
    await page.waitForURL('**/indeling/Terug', { timeout: 10000 }).catch(async (e) => { throw new Error(`${e.message}: ${await page.locator('main').textContent()}`); });
    const back = await (await page.request.get(server.url + '/regio/Utrecht%20Noord-West/indeling/Terug/export.csv')).text();
    assert.equal(back, exported);
    assert.deepEqual(errors, [], 'no script errors');

    // A lezer sees the plan but no edit controls, and the server refuses an edit.
    const ctx = await browser.newContext();
    const reader = await ctx.newPage();
    await signIn(reader, server.url, 'lezer@example.nl', lezer);
    await reader.goto(server.url + '/regio/Utrecht%20Noord-West/indeling/Plan%20A');
    await reader.locator('#wijkverbanden').waitFor();
    assert.equal(await reader.getByRole('button', { name: 'Toewijzen' }).count(), 0);
    assert.equal(await reader.getByRole('button', { name: /Ongedaan/ }).count(), 0);
    await reader.goto(server.url + '/regio/Utrecht%20Noord-West/indelingen');
    assert.equal(await reader.getByRole('button', { name: 'Maak indeling' }).count(), 0);
    const csrf = await reader.locator('input[name=csrf]').first().inputValue();
    const res = await reader.request.post(server.url + '/regio/Utrecht%20Noord-West/indeling/Plan%20A/wijzig',
      { form: { csrf, actie: 'toewijzen', buurt: 'BU06320101', wijkverband: 'Kern' } });
    assert.equal(res.status(), 403);
    await ctx.close();
  } finally {
    await browser.close();
    server.proc.kill();
  }
});
