// The web app as a person uses it: sign in, open the demo region, read the map
// and its table, switch the indicator with the keyboard, sign out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifacts, bin, dataDir, launch, rawCsv, wv } from './support.mjs';

const freePort = () => new Promise((res) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
});

/** Starts `wijkverband serve --demo` and resolves with its address and first login. */
async function start() {
  const dir = mkdtempSync(join(tmpdir(), 'wv-web-'));
  const db = join(dir, 'wv.db');
  const port = await freePort();
  const proc = spawn(bin, ['--db', db, '--quiet', 'serve', '--demo', '--data', dataDir, '--addr', `127.0.0.1:${port}`]);
  let out = '';
  proc.stdout.on('data', (d) => { out += d; });
  proc.stderr.on('data', (d) => { out += d; });
  for (let i = 0; i < 600 && !out.includes('draait op'); i++) await new Promise((r) => setTimeout(r, 100));
  const m = out.match(/Inloggen met (\S+) en wachtwoord (\S+) /);
  assert.ok(m, `no first login in: ${out}`);
  return { proc, db, url: `http://127.0.0.1:${port}`, email: m[1], password: m[2] };
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

async function signIn(page, url, email, password) {
  await page.goto(url + '/inloggen');
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: "Regio's" }).waitFor();
}

test('a bewerker proposes a wijkindeling and moves a buurt; a lezer cannot edit', async () => {
  const server = await start();
  const gemeenten = ['GM0632', 'GM0589', 'GM0335', 'GM0736', 'GM1904'];
  const raw = rawCsv('kwb_2015_buurten_provincie_utrecht.csv').filter((r) => gemeenten.includes(r.GM_CODE));
  const total = raw.reduce((s, r) => s + Number(r.AANT_INW), 0);
  const lezer = wv('--db', server.db, 'gebruiker', 'maak', 'lezer@example.nl', '--naam', 'Lezer', '--regio', 'Utrecht Noord-West', '--rol', 'lezer')
    .match(/Wachtwoord: (\S+) /)[1];
  const browser = await launch();
  const sum = async (page) => (await page.locator('#wijkverbanden tbody tr td:nth-child(3)').allTextContents())
    .reduce((s, t) => s + Number(t.replace(/\./g, '')), 0);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, server.url, server.email, server.password);
    await page.goto(server.url + '/regio/Utrecht%20Noord-West/indelingen');
    // Keyboard only: fill the floor and submit.
    await page.getByLabel('Minimum aantal inwoners per wijkverband').fill('15000');
    await page.getByLabel('Maximum (mag leeg)').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL('**/indeling/Voorstel%201**');
    assert.equal(await sum(page), total, 'every inhabitant once');
    const rows = await page.locator('#wijkverbanden tbody tr').count();
    assert.ok(rows >= 2);
    assert.equal(await page.locator('#toewijzing tbody tr').count(), raw.length);
    // Move Binnenstad (Woerden) to another wijkverband and see the figures follow.
    const names = await page.locator('#wijkverbanden tbody th').allTextContents();
    const home = (await page.locator('#buurt option[value="BU06320101"]').textContent()).match(/nu (.*)\)/)[1];
    const target = names.map((n) => n.trim()).find((n) => n !== home);
    const inwoners = async (name) => Number((await page.locator('#wijkverbanden tbody tr', { hasText: name }).locator('td').nth(1).textContent()).replace(/\./g, ''));
    const before = await inwoners(target);
    await page.getByLabel('Buurt', { exact: true }).selectOption('BU06320101');
    await page.getByLabel('naar wijkverband').fill(target);
    await page.keyboard.press('Enter');
    // The form posts and redirects back: wait until the table shows the buurt in its new wijkverband.
    await page.waitForFunction((t) => [...document.querySelectorAll('#toewijzing tbody tr')]
      .some((r) => r.cells[1].textContent === 'BU06320101' && r.cells[2].textContent === t), target);
    const binnenstad = Number(raw.find((r) => r.BU_CODE === 'BU06320101').AANT_INW);
    assert.equal(await inwoners(target), before + binnenstad);
    assert.equal(await sum(page), total);
    assert.match(await page.locator('p.sub').first().textContent(), /minimaal 15000 inwoners/, 'the bounds stay');
    await page.screenshot({ path: join(artifacts, 'werkbank.png') });

    // A lezer sees the plan but no edit controls, and the server refuses an edit.
    const ctx = await browser.newContext();
    const reader = await ctx.newPage();
    await signIn(reader, server.url, 'lezer@example.nl', lezer);
    await reader.goto(server.url + '/regio/Utrecht%20Noord-West/indeling/Voorstel%201');
    await reader.locator('#wijkverbanden').waitFor();
    assert.equal(await reader.locator('#verplaats').count(), 0);
    await reader.goto(server.url + '/regio/Utrecht%20Noord-West/indelingen');
    assert.equal(await reader.getByRole('button', { name: 'Maak voorstel' }).count(), 0);
    const csrf = await reader.locator('input[name=csrf]').first().inputValue();
    const res = await reader.request.post(server.url + '/regio/Utrecht%20Noord-West/indelingen', { form: { csrf, min: '15000', seed: '2' } });
    assert.equal(res.status(), 403);
    await ctx.close();
  } finally {
    await browser.close();
    server.proc.kill();
  }
});
