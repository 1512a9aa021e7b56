// A trend as an advisor reads it: the profile of De Ronde Venen (whose buurten get the health
// figures of every wave through the 2020 outlines) shows an indicator over the years imported,
// as a chart whose points are the table's values, with how each year was linked. axe-clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, startServer, wcagViolations } from './support.mjs';

test('a profile shows an indicator across the years, chart and table agreeing', async () => {
  const { proc, url, email, password } = await startServer();
  const browser = await launch();
  try {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, url, email, password);
    await page.goto(url + '/regio/Utrecht%20Noord-West/profiel?gemeente=GM0736&referentie=gemeente');
    await page.getByRole('heading', { name: 'Ontwikkeling door de jaren' }).waitFor();
    await page.getByLabel('Indicator', { exact: true }).selectOption({ label: 'Eenzaam (18+)' });
    await page.getByRole('button', { name: 'Toon' }).click();
    await page.waitForURL(/trend=eenzaam_18plus/);
    // The form kept the area and the reference.
    assert.match(page.url(), /gemeente=GM0736/);
    assert.match(page.url(), /referentie=gemeente/);
    const rows = await page.locator('#trend-tabel tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({ jaar: tr.dataset.jaar, waarde: tr.dataset.waarde, cells: [...tr.cells].map((c) => c.textContent.trim()) })));
    assert.deepEqual(rows.map((r) => r.jaar), ['2012', '2016', '2020']);
    const points = await page.locator('svg.trend circle').evaluateAll((cs) => cs.map((c) => ({ jaar: c.dataset.jaar, waarde: c.dataset.waarde })));
    assert.deepEqual(points, rows.filter((r) => r.waarde !== '').map(({ jaar, waarde }) => ({ jaar, waarde })));
    assert.ok(points.length >= 2, 'known in two years at least');
    // Each point's label is the table's value, and the health figures came by geometry.
    const labels = await page.locator('svg.trend text').allTextContents();
    for (const r of rows.filter((r) => r.waarde !== '')) assert.ok(labels.includes(r.cells[1]), `${r.cells[1]} labelled in the chart`);
    assert.ok(rows.every((r) => r.cells[4].includes('op ligging')), rows.map((r) => r.cells[4]).join(' | '));
    // The newest year is the figure the profile's own table shows.
    const shown = await page.locator('#profiel tbody tr', { has: page.getByRole('rowheader', { name: 'Eenzaam (18+)', exact: true }) })
      .locator('td').nth(1).textContent();
    assert.equal(shown.trim(), rows.at(-1).cells[1]);
    // The change from the first year is stated.
    const first = rows.find((r) => r.waarde !== '');
    assert.match(await page.locator('#ontwikkeling ~ p strong').first().textContent(), new RegExp(`^Van ${first.jaar} tot 2020: [-+]\\d+,\\d procentpunt\\.$`));
    assert.deepEqual(await wcagViolations(page), [], 'profile with a trend');
  } finally {
    await browser.close();
    proc.kill();
  }
});
