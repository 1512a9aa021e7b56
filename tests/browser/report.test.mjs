// The startfoto report as a person uses it: opened in Chromium, read, sorted
// with mouse and keyboard, printed to A4.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { artifacts, demoStore, launch, rawCsv, wv } from './support.mjs';

test('the startfoto of Woerden per wijk shows map, charts and tables, and sorts', async () => {
  const { dir, db } = demoStore();
  const report = join(dir, 'woerden.html');
  wv('--db', db, 'scan', '--gemeente', 'GM0632', '--per', 'wijk', '--format', 'html', '--out', report);
  const woerden = rawCsv('kwb_2015_buurten_provincie_utrecht.csv').filter((r) => r.GM_CODE === 'GM0632');
  const wijken = new Set(woerden.map((r) => r.WK_CODE));

  const browser = await launch();
  const requests = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
    await page.goto(pathToFileURL(report).href);

    // One page per wijk, each with a map whose buurten are drawn and listed as a table.
    assert.equal(await page.locator('section.gebied').count(), wijken.size);
    assert.equal(await page.locator('svg.kaart path').count(), woerden.length);
    assert.equal(await page.locator('table.kaarttabel.scherm tbody tr').count(), woerden.length);
    for (const r of woerden.slice(0, 5)) {
      await page.getByRole('rowheader', { name: new RegExp(`^${r.BU_NAAM}\\b`) }).first().waitFor();
    }
    // Two bar charts per area, with a legend naming the reference.
    assert.equal(await page.locator('svg.staaf').count(), 2 * wijken.size);
    assert.match(await page.locator('svg.staaf').first().textContent(), /gemeente Woerden/);
    // Veerkracht, opgaven with sources, room for notes.
    assert.equal(await page.locator('section.veerkracht').count(), wijken.size);
    assert.ok(await page.locator('.opgaven .bron').count() > 0);
    assert.equal(await page.locator('.aantekeningen').count(), wijken.size);

    // The overview sorts by inhabitants: click the header, then read the column.
    const table = page.locator('#overzicht-tabel');
    const inwoners = async () => (await table.locator('tbody tr td:nth-child(2)').allTextContents())
      .map((t) => Number(t.replace(/\./g, '').replace(',', '.')));
    await table.getByRole('button', { name: 'Inwoners', exact: true }).click();
    const asc = await inwoners();
    assert.deepEqual(asc, [...asc].sort((a, b) => a - b));
    assert.equal(await table.locator('thead th').nth(1).getAttribute('aria-sort'), 'ascending');
    // With the keyboard: focus the same header and press Enter to reverse.
    await table.getByRole('button', { name: 'Inwoners', exact: true }).focus();
    await page.keyboard.press('Enter');
    const desc = await inwoners();
    assert.deepEqual(desc, [...asc].reverse());
    // Any indicator can be added as a column and sorted.
    await page.getByLabel('Toon ook de indicator').selectOption({ label: 'Eenzaam (65+) (% van de 65-plussers)' });
    const extra = table.locator('thead th.extra');
    assert.equal(await extra.isVisible(), true);
    assert.match(await extra.textContent(), /Eenzaam \(65\+\)/);
    assert.match(await table.locator('tbody tr td.extra').first().textContent(), /^\d+(,\d)?%$/);

    await page.screenshot({ path: join(artifacts, 'startfoto-woerden.png'), fullPage: false });

    // Printed on A4 (10 mm margins: 190 × 277 mm), every area's startfoto fits on one page.
    const mm = 96 / 25.4;
    await page.setViewportSize({ width: Math.floor(190 * mm), height: Math.floor(277 * mm) });
    await page.emulateMedia({ media: 'print' });
    const heights = await page.locator('section.gebied').evaluateAll((s) => s.map((e) => e.getBoundingClientRect().height));
    for (const h of heights) assert.ok(h <= 277 * mm, `an area page is ${(h / mm).toFixed(0)} mm high`);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    assert.ok(pdf.length > 10_000);
    const pages = (bytes) => (bytes.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    // Counted in the PDF: every area's startfoto is exactly one A4 page, and the whole report is
    // no more than its parts printed alone (nothing spills over onto a page of its own).
    const sections = await page.locator('main > section').count();
    let sum = 0;
    for (let k = 0; k < sections; k++) {
      const gebied = await page.evaluate((n) => {
        const all = [...document.querySelectorAll('main > section')];
        all.forEach((el, i) => el.classList.toggle('wv-verborgen', i !== n));
        return all[n].classList.contains('gebied');
      }, k);
      await page.addStyleTag({ content: '.wv-verborgen { display: none !important; }' });
      const alone = pages(await page.pdf({ format: 'A4', printBackground: true }));
      if (gebied) assert.equal(alone, 1, `area section ${k} prints on one page, not ${alone}`);
      sum += alone;
    }
    await page.evaluate(() => document.querySelectorAll('.wv-verborgen').forEach((el) => el.classList.remove('wv-verborgen')));
    assert.equal(pages(pdf), sum, 'the report has exactly the pages of its parts');
    // Tables fit the page in print: none wider than what holds it.
    const wide = await page.locator('table').evaluateAll((ts) => ts
      .filter((t) => t.offsetParent && t.scrollWidth > t.parentElement.clientWidth + 1)
      .map((t) => `${t.id || t.className}: ${t.scrollWidth} > ${t.parentElement.clientWidth}`));
    assert.deepEqual(wide, [], 'tables fit the printed page');
    assert.deepEqual(requests, [], 'the report makes no requests');
  } finally {
    await browser.close();
  }
});
