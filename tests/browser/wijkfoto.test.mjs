// The wijkfoto survey on a phone: the coordinator opens a round; a respondent opens their
// personal link on a phone-sized screen, adds two collaborations, rates them, saves, reopens and
// submits; a second respondent answers; the coordinator sees the response rate, and the ratings
// stay hidden until three respondents gave them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, launch, signIn, startServer, wv } from './support.mjs';

test('a round of the survey on a phone, and the coordinator watching it', async () => {
  const { proc, dir, db, url, email, password } = await startServer();
  // A small sociale kaart for a group in Kamerik. Without a workplace buurt they keep their own
  // group (with one, the region's plan would put them in its wijkverband Woerden).
  const kaart = join(dir, 'kaart.csv');
  writeFileSync(kaart, ['id,naam,discipline,organisatie,buurtcode,wijkverband,contact',
    'ha,Dokter Jansen,huisarts,Praktijk Kamerik,,Kamerik,',
    'wv,Zuster De Boer,wijkverpleegkundige,Thuiszorg,,Kamerik,',
    'sw,Sam Visser,sociaal werker,Wijkteam,,Kamerik,',
    'ap,Apotheek Kamerik,apotheker,Apotheek,,Kamerik,'].join('\n') + '\n');
  wv('--db', db, 'wijkfoto', 'import', kaart, '--regio', 'Utrecht Noord-West');
  const browser = await launch();
  try {
    // The coordinator opens the round and reads the links.
    const coord = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(coord, url, email, password);
    await coord.goto(url + '/regio/Utrecht%20Noord-West/wijkfoto');
    // The demo brings two synthetic rounds per gemeente, labelled so.
    assert.equal(await coord.locator('#rondes tbody tr', { hasText: '(synthetische demo)' }).count(), 10);
    await coord.getByLabel('Wijkverband').selectOption('Kamerik');
    await coord.getByRole('button', { name: 'Kies de respondenten' }).click();
    // All four are offered and ticked; the coordinator keeps them.
    assert.equal(await coord.getByRole('checkbox', { checked: true }).count(), 4);
    await coord.getByLabel('Datum (JJJJ-MM-DD)').fill('2026-11-23');
    await coord.getByRole('button', { name: 'Open de ronde' }).click();
    // The links show once, right after opening: they are stored only as hashes.
    await coord.getByRole('heading', { name: 'Persoonlijke links' }).waitFor();
    const link = async (name) =>
      new URL((await coord.locator('#nieuwe-links tr', { hasText: name }).locator('code').textContent()).trim()).pathname;
    const links = { ha: await link('Dokter Jansen'), wv: await link('Zuster De Boer'), sw: await link('Sam Visser') };
    await coord.getByRole('link', { name: /wijkfoto Kamerik/ }).click();
    await coord.locator('#respons', { hasText: '0 van 4' }).waitFor();
    // The round page lists who was asked, never a link.
    await coord.getByText('Respondenten, links en herinneringen (4 van 4 nog niet ingediend)').waitFor();
    assert.equal(await coord.locator('#herinneren code').count(), 0);
    // The first visit of a link asks the respondent for a code of their own.
    const claim = async (page, code) => {
      await page.getByLabel('Uw code', { exact: true }).fill(code);
      await page.getByLabel('De code nog een keer').fill(code);
      await page.getByRole('button', { name: 'Verder' }).click();
    };

    // The huisarts on a phone: two collaborations, rated, saved, reopened, submitted.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const p = await phone.newPage();
    await p.goto(url + links.ha);
    await claim(p, 'dokter-code');
    await p.getByText('u antwoordt als Dokter Jansen').waitFor();
    // The scale: labelled buttons 1–5 ("1 (slecht)" … "5 (goed)") with the number inside, large
    // enough to tap, and "weet niet" apart; a tap on the button chooses it.
    const rate = async (k, score) => {
      for (let c = 0; c < 5; c++) await p.locator(`label[for="c${c}_${k}_${score}"]`).tap();
    };
    const knop = p.locator('label[for="c0_0_5"]');
    assert.equal((await knop.textContent()).trim(), '5 (goed)');
    const box = await knop.boundingBox();
    assert.ok(box.width >= 44 && box.height >= 44, `a large target: ${JSON.stringify(box)}`);
    assert.equal(await p.getByRole('radio', { name: '1 (slecht)' }).first().count(), 1);
    assert.equal(await p.locator('.weet-niet label[for="c0_0_x"]').count(), 1);
    await p.getByLabel('Met wie?').selectOption({ label: 'Zuster De Boer (wijkverpleging)' });
    await p.getByLabel('Waarvoor werkt u samen?').fill('kwetsbare ouderen');
    await rate(0, 4);
    await p.getByRole('button', { name: 'Bewaar en ga later verder' }).click();
    await p.getByText('Uw antwoorden zijn bewaard').waitFor();
    await p.getByLabel('Met wie?').selectOption({ label: 'Apotheek Kamerik (apotheek)' });
    await p.locator('#doel_1').fill('medicatiebeoordeling');
    await rate(1, 2);
    await p.getByRole('button', { name: 'Bewaar en ga later verder' }).click();
    await p.getByText('Uw antwoorden zijn bewaard').waitFor();
    // Reopen the link: both are there, with their scores.
    await p.goto(url + links.ha);
    assert.equal(await p.locator('fieldset.samenwerking:not(.nieuw)').count(), 2);
    const zuster = p.locator('fieldset.samenwerking', { has: p.locator('legend', { hasText: 'Zuster De Boer' }) });
    assert.ok(await zuster.locator('input[name^="c2_"][value="4"]').isChecked());
    assert.equal(await zuster.locator('input[name^="doel_"]').inputValue(), 'kwetsbare ouderen');
    const width = await p.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `no sideways scrolling on a phone (${width}px)`);
    await p.screenshot({ path: join(artifacts, 'enquete-telefoon.png'), fullPage: true });
    await p.getByRole('button', { name: 'Verstuur' }).click();
    await p.getByText('Dank u!').waitFor();

    // A second respondent.
    await p.goto(url + links.wv);
    await claim(p, 'zuster-code');
    await p.getByLabel('Met wie?').selectOption({ label: 'Dokter Jansen (huisarts)' });
    await rate(0, 3);
    await p.getByRole('button', { name: 'Verstuur' }).click();
    await p.getByText('Dank u!').waitFor();

    // The coordinator: the response rate, and no ratings yet with two respondents.
    await coord.reload();
    await coord.locator('#respons', { hasText: '2 van 4 (50%)' }).waitFor();
    assert.match(await coord.locator('#condities tbody tr').first().textContent(), /te weinig antwoorden/);
    // A third respondent, who also works with someone not on the sociale kaart: now the ratings show.
    await p.goto(url + links.sw);
    await claim(p, 'sam-code');
    await p.getByLabel('Met wie?').selectOption({ label: 'Dokter Jansen (huisarts)' });
    await rate(0, 5);
    await p.getByRole('button', { name: 'Bewaar en ga later verder' }).click();
    await p.getByText('Uw antwoorden zijn bewaard').waitFor();
    assert.ok(await p.locator('#nieuw_naam_1').isHidden(), 'the fields for someone new wait until chosen');
    await p.locator('#naar_1').selectOption({ label: 'Iemand anders (staat niet in de lijst)' });
    assert.ok(await p.locator('#nieuw_naam_1').isVisible());
    await p.locator('#nieuw_naam_1').fill('Buurtcoach Kamerik');
    await p.locator('#nieuw_discipline_1').selectOption({ label: 'welzijn' });
    await p.locator('#doel_1').fill('eenzaamheid');
    await p.getByRole('button', { name: 'Verstuur' }).click();
    await p.getByText('Dank u!').waitFor();
    assert.equal(await p.locator('legend', { hasText: 'Buurtcoach Kamerik (welzijn)' }).count(), 1);
    await coord.reload();
    await coord.locator('#respons', { hasText: '3 van 4 (75%)' }).waitFor();
    const ambitie = await coord.locator('#condities tbody tr').first().locator('td').nth(1).textContent();
    assert.notEqual(ambitie.trim(), 'te weinig antwoorden');
    // The person added by a respondent is on the sociale kaart now.
    await coord.goto(url + '/regio/Utrecht%20Noord-West/sociale-kaart?zoek=buurtcoach');
    assert.deepEqual(await coord.locator('#actoren tbody th').allTextContents(), ['Buurtcoach Kamerik']);
    await phone.close();
  } finally {
    await browser.close();
    proc.kill();
  }
});
