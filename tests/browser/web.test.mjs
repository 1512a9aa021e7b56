// The web app as a person uses it: sign in, open the demo region, read the map
// and its table, switch the indicator with the keyboard, sign out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifacts, bin, dataDir, launch, rawCsv } from './support.mjs';

const freePort = () => new Promise((res) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
});

/** Starts `wijkverband serve --demo` and resolves with its address and first login. */
async function start() {
  const dir = mkdtempSync(join(tmpdir(), 'wv-web-'));
  const port = await freePort();
  const proc = spawn(bin, ['--db', join(dir, 'wv.db'), '--quiet', 'serve', '--demo', '--data', dataDir, '--addr', `127.0.0.1:${port}`]);
  let out = '';
  proc.stdout.on('data', (d) => { out += d; });
  proc.stderr.on('data', (d) => { out += d; });
  for (let i = 0; i < 600 && !out.includes('draait op'); i++) await new Promise((r) => setTimeout(r, 100));
  const m = out.match(/Inloggen met (\S+) en wachtwoord (\S+) /);
  assert.ok(m, `no first login in: ${out}`);
  return { proc, url: `http://127.0.0.1:${port}`, email: m[1], password: m[2] };
}

test('sign in, read the region map and table, switch indicator by keyboard, sign out', async () => {
  const server = await start();
  const gemeenten = ['GM0632', 'GM0589', 'GM0335', 'GM0736', 'GM1904'];
  const buurten = rawCsv('kwb_2015_buurten_provincie_utrecht.csv').filter((r) => gemeenten.includes(r.GM_CODE));
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(server.url + '/');
    await page.waitForURL('**/inloggen');
    await page.getByLabel('E-mailadres').fill(server.email);
    await page.getByLabel('Wachtwoord').fill(server.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: "Regio's" }).waitFor();
    await page.getByRole('link', { name: 'Utrecht Noord-West' }).click();
    await page.getByRole('heading', { name: 'Utrecht Noord-West' }).waitFor();
    // Every buurt on the map and in the table beside it.
    assert.equal(await page.locator('svg.kaart path').count(), buurten.length);
    assert.equal(await page.locator('#buurten tbody tr').count(), buurten.length);
    const woerden = buurten.find((r) => r.BU_CODE === 'BU06320101');
    const row = page.locator('#buurten tbody tr', { hasText: 'BU06320101' });
    assert.equal((await row.locator('td').nth(2).textContent()).replace(/\./g, ''), woerden.AANT_INW);
    // Keyboard only: choose another indicator and submit.
    await page.getByLabel('Indicator op de kaart').focus();
    await page.getByLabel('Indicator op de kaart').selectOption({ label: 'Eenzaam (65+)' });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL('**indicator=eenzaam_65plus');
    assert.match(await page.locator('figcaption').textContent(), /Eenzaam \(65\+\) per buurt\. Bron: Gezondheidsmonitor/);
    await page.screenshot({ path: join(artifacts, 'regio-kaart.png') });
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.waitForURL('**/inloggen');
  } finally {
    await browser.close();
    server.proc.kill();
  }
});
