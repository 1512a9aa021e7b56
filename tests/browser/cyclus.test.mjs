// The wijkcyclus of one wijkverband, as its wijkcoördinator runs it: begin the cycle, choose the
// kernteam, accept two
// proposed opgaven, write a goal linked to Visie doel 5 with an indicator's baseline and a
// target, add two actions and mark one done, move on to the uitvoering; the regional overview's
// map and table show the new phase and the coverage; the jaarplan prints on A4; the coördinator
// of another wijkverband cannot change it (403).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, startServer, wv } from './support.mjs';

const REGIO = '/regio/Utrecht%20Noord-West';

test('a wijkcoördinator takes Woerden from wijkfoto to uitvoering; the overview shows it', async () => {
  const { proc, db, url } = await startServer();
  const account = (email, wijkverband) => {
    const out = wv('--db', db, 'gebruiker', 'maak', email, '--naam', email.split('@')[0], '--regio', 'Utrecht Noord-West',
      '--rol', 'wijkcoordinator', '--wijkverband', wijkverband);
    return out.match(/Wachtwoord: (\S+)/)[1];
  };
  const woerden = account('coord-woerden@example.org', 'Woerden');
  const oudewater = account('coord-oudewater@example.org', 'Oudewater');
  const browser = await launch();
  try {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await signIn(page, url, 'coord-woerden@example.org', woerden);
    // The overview before: Woerden has no cycle, so no coverage.
    await page.goto(url + REGIO + '/cyclus');
    const rij = page.locator('#overzicht tbody tr', { hasText: 'Woerden' });
    const dekkingVoor = await page.locator('#dekking').textContent();
    const kleur = (code) => page.locator(`#fasekaart path[data-code^="${code}"]`).first().getAttribute('fill');
    const voor = await kleur('BU0632');
    assert.equal((await rij.locator('td').last().textContent()).trim(), 'nee');

    await page.goto(url + REGIO + '/cyclus/Woerden');
    await page.getByRole('button', { name: 'Begin de wijkcyclus' }).click();
    await page.getByRole('heading', { name: 'Cyclus 1: fase Wijkfoto' }).waitFor();
    // The kernteam: the first four of Woerden's sociale kaart.
    await page.locator('#kernteam summary').click();
    for (const c of (await page.locator('#kernteam input[type="checkbox"]').all()).slice(0, 4)) await c.check();
    await page.getByRole('button', { name: 'Bewaar het kernteam' }).click();
    assert.equal(await page.locator('#kernteam-tabel tbody tr').count(), 4);
    await page.getByRole('button', { name: /Naar de volgende fase: Wijkopgave/ }).click();
    await page.getByRole('heading', { name: 'Cyclus 1: fase Wijkopgave' }).waitFor();
    // Two proposed opgaven accepted.
    const titels = [];
    for (let i = 0; i < 2; i++) {
      const knop = page.locator('#voorstellen button', { hasText: 'Aanvaard' }).first();
      titels.push((await knop.getAttribute('aria-label')).replace('Aanvaard: ', ''));
      await knop.click();
      await page.locator('#opgaven-tabel tbody th', { hasText: titels[i] }).waitFor();
    }
    await page.getByRole('button', { name: /Naar de volgende fase: Wijkplan/ }).click();
    // A goal for Visie doel 5 with an indicator (baseline from the startfoto) and a target.
    await page.locator('#doel-toevoegen summary').click();
    await page.locator('#doel-titel').fill('Minder eenzaamheid onder ouderen');
    await page.getByLabel(/Doel 5: Hechte/).check();
    await page.locator('#doel-toevoegen').getByLabel(titels[0]).check();
    await page.getByLabel(/^Indicator/).selectOption('eenzaam_65plus');
    await page.getByLabel('Streefwaarde').fill('40');
    await page.getByRole('button', { name: 'Voeg het doel toe' }).click();
    const doel = page.locator('#doelen tbody tr', { hasText: 'Minder eenzaamheid onder ouderen' });
    await doel.waitFor();
    assert.match(await doel.textContent(), /Doel 5/);
    assert.match(await doel.textContent(), /Gezondheidsmonitor/, 'the baseline names its source');
    // Two actions; one done.
    for (const t of ['Koffieochtend in de wijk', 'Huisbezoeken 75+']) {
      await page.locator('#actie-toevoegen summary').click();
      await page.locator('#actie-titel').fill(t);
      await page.locator('#actie-doel').selectOption({ label: 'Minder eenzaamheid onder ouderen' });
      await page.getByRole('button', { name: 'Voeg de actie toe' }).click();
      await page.locator('#acties-tabel tbody th', { hasText: t }).waitFor();
    }
    await page.getByLabel('Nieuwe status van Koffieochtend in de wijk').selectOption('klaar');
    await page.getByLabel('Notitie bij Koffieochtend in de wijk').fill('Eerste ochtend gehouden');
    await page.locator('#acties-tabel tr', { hasText: 'Koffieochtend in de wijk' }).getByRole('button', { name: 'Bewaar' }).click();
    await page.locator('#acties-tabel tr', { hasText: 'Koffieochtend in de wijk' }).locator('td', { hasText: 'Eerste ochtend gehouden' }).waitFor();
    await page.getByRole('button', { name: /Naar de volgende fase: Wijkuitvoering/ }).click();
    await page.getByRole('heading', { name: 'Cyclus 1: fase Wijkuitvoering' }).waitFor();

    // The overview: the new phase on the map (like Montfoort's, also in uitvoering) and in the table; coverage grew.
    await page.goto(url + REGIO + '/cyclus');
    assert.match(await rij.textContent(), /Wijkuitvoering/);
    assert.equal((await rij.locator('td').last().textContent()).trim(), 'ja');
    const na = await kleur('BU0632');
    assert.notEqual(na, voor);
    assert.equal(na, await kleur('BU0335'), 'Woerden coloured as Montfoort, in the same phase');
    assert.notEqual(await page.locator('#dekking').textContent(), dekkingVoor);

    // The jaarplan on A4.
    await page.goto(url + REGIO + '/cyclus/Woerden/jaarplan');
    await page.getByRole('heading', { name: 'Jaarplan wijkverband Woerden' }).waitFor();
    assert.match(await page.textContent('body'), /Huisbezoeken 75\+/);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    const box = pdf.toString('latin1').match(/\/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/);
    assert.ok(box, 'a page size in the PDF');
    const [w, h] = [Number(box[1]), Number(box[2])];
    assert.ok(Math.abs(w - 595.3) < 2 && Math.abs(h - 841.9) < 2, `A4 is 595 × 842 pt, got ${w} × ${h}`);

    // The coördinator of Oudewater reads Woerden's cycle but cannot change it.
    const ander = await browser.newContext();
    const p2 = await ander.newPage();
    await signIn(p2, url, 'coord-oudewater@example.org', oudewater);
    await p2.goto(url + REGIO + '/cyclus/Woerden');
    assert.equal(await p2.locator('#volgende-fase').count(), 0, 'no controls on another wijkverband');
    await p2.goto(url + REGIO + '/cyclus/Oudewater');
    const csrf = await p2.locator('input[name="csrf"]').first().getAttribute('value');
    const res = await p2.request.post(url + REGIO + '/cyclus/Woerden/actie', { form: { csrf, titel: 'Ingebroken' } });
    assert.equal(res.status(), 403);
    await ander.close();
  } finally {
    await browser.close();
    proc.kill();
  }
});
