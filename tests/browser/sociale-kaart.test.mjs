// The sociale kaart in the browser: a bad file is refused with its line and nothing changes;
// the Excel template as it is adds nothing, filled in it goes in; a question finds the apotheker; an actor is added through the
// form and joins an overleg, whose missing corner of the vierkant shows; removing asks first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, launch, signIn, startServer, wv } from './support.mjs';

const KAART = '/regio/Utrecht%20Noord-West/sociale-kaart';

test('search, import and edit the sociale kaart', async () => {
  const { proc, dir, db, url, email, password } = await startServer();
  const xlsx = join(dir, 'sjabloon.xlsx');
  wv('--db', db, 'wijkfoto', 'sjabloon', '--xlsx', xlsx);
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, url, email, password);
    await page.goto(url + KAART);
    await page.getByText('Synthetische demodata').waitFor();
    const total = async () => Number((await page.locator('#aantal').textContent()).match(/van (\d+) actoren/)[1]);
    const before = await total();
    assert.ok(before > 100, 'the demo kaart');

    // A CSV with a bad third data row: refused with its line, nothing added.
    const bad = 'id,naam,discipline,organisatie,buurtcode,wijkverband,overleggen,contact\n'
      + 'a,Een,huisarts,,,,,\nb,Twee,apotheek,,,,,\nc,Drie,astronaut,,,,,\n';
    await page.getByLabel('Bestand (XLSX of CSV)').setInputFiles({ name: 'fout.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByRole('button', { name: 'Lees in' }).click();
    const fout = page.getByRole('alert');
    await fout.waitFor();
    assert.match(await fout.textContent(), /Niets ingelezen.*fout\.csv.*regel 4.*astronaut/s);
    assert.equal(await total(), before);

    // The Excel template goes in.
    await page.getByLabel('Bestand (XLSX of CSV)').setInputFiles(xlsx);
    await page.getByLabel('Of plak de CSV hier').waitFor({ state: 'hidden', timeout: 5000 }); // a spreadsheet is not text to show
    await page.getByRole('button', { name: 'Lees in' }).click();
    // Its example rows are examples: refused, with the reason.
    assert.match(await page.getByRole('alert').textContent(), /alleen de 2 voorbeeldrijen/);
    assert.equal(await total(), before);
    // Filled in: the examples stay and are left out; the two real rows go in.
    const filled = 'id,naam,discipline,organisatie,buurtcode,wijkverband,overleggen,contact,soort,rol\n'
      + 'voorbeeld-1,Voorbeeld: J. de Vries,huisarts,,BU06320701,Voorbeeld-wijkverband,,,persoon,\n'
      + 'hp-kamerik-1,J. de Vries,huisarts,Huisartsenpraktijk Kamerik,BU06320701,Woerden Noord,MDO ouderen Kamerik,,persoon,praktijkhouder\n'
      + 'apo-kamerik,Apotheek Kamerik,apotheek,Apotheek Kamerik,BU06320701,Woerden Noord,,,organisatie,\n';
    await page.getByLabel('Bestand (XLSX of CSV)').setInputFiles({ name: 'kaart.csv', mimeType: 'text/csv', buffer: Buffer.from(filled) });
    await page.getByRole('button', { name: 'Lees in' }).click();
    await page.getByText('Ingelezen uit kaart.csv: 2 actoren toegevoegd, 0 vervangen; 1 voorbeeldrij van het sjabloon overgeslagen.').waitFor();
    assert.equal(await total(), before + 2);

    // A question finds the apotheker in Kamerik.
    await page.getByLabel('Zoek (bijvoorbeeld: wie is de apotheker in Kamerik?)').fill('Wie is de apotheker in Kamerik?');
    await page.getByRole('button', { name: 'Zoek', exact: true }).click();
    const rows = page.locator('#actoren tbody tr');
    assert.deepEqual(await rows.locator('th').allTextContents(), ['Apotheek Kamerik']);
    // A search that finds nothing says what to try instead.
    await page.getByLabel('Zoek (bijvoorbeeld: wie is de apotheker in Kamerik?)').fill('tandarts op de maan');
    await page.getByRole('button', { name: 'Zoek', exact: true }).click();
    await page.locator('#geen-resultaat', { hasText: 'Probeer minder of andere woorden' }).waitFor();

    // Add a wijkverpleegkundige in Kamerik to the huisarts's MDO.
    await page.getByRole('link', { name: 'Actor toevoegen' }).click();
    // No id to invent: it is made from the name.
    assert.equal(await page.locator('input[name="id"]').count(), 0);
    await page.getByLabel('Naam', { exact: true }).fill('Zuster Kamerik');
    await page.getByLabel('Discipline').selectOption({ label: 'wijkverpleging' });
    const kamerik = await page.locator('#actor-buurt option', { hasText: 'BU06320701' }).getAttribute('value');
    await page.getByLabel('Buurt van de werkplek').selectOption(kamerik);
    // The region works with a plan: with a buurt, the wijkverband follows from it.
    await page.getByText('Met een buurt volgt het wijkverband uit de indeling').waitFor();
    // Overleggen are picked from those on the kaart (or one new one typed in).
    await page.getByRole('checkbox', { name: 'MDO ouderen Kamerik' }).check();
    await page.getByRole('button', { name: 'Bewaar' }).click();
    await page.locator('#kaart-melding', { hasText: 'Zuster Kamerik is bewaard.' }).waitFor();
    // All three in Kamerik (BU06320701) are in the wijkverband of their buurt in the region's plan
    // (Woerden), not in the "Woerden Noord" the file typed.
    await page.locator('#indeling-van-de-regio').waitFor();
    for (const naam of ['J. de Vries', 'Apotheek Kamerik', 'Zuster Kamerik']) {
      const row = page.locator('#actoren tbody tr', { has: page.getByRole('rowheader', { name: naam, exact: true }) });
      assert.equal((await row.locator('td').nth(5).textContent()).trim(), 'Woerden', naam);
    }
    assert.equal(await page.locator('#filter-wijkverband option', { hasText: 'Woerden Noord' }).count(), 0);
    const mdo = page.locator('#overleggen tr', { hasText: 'MDO ouderen Kamerik' });
    assert.match(await mdo.textContent(), /2.*huisarts, wijkverpleging.*sociaal domein, apotheek/s);
    await page.screenshot({ path: join(artifacts, 'sociale-kaart.png'), fullPage: true });

    // Remove her: the page asks first.
    await page.getByRole('link', { name: 'Zuster Kamerik' }).click();
    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: 'Verwijder deze actor en al zijn of haar gegevens' }).click();
    await page.locator('#kaart-melding', { hasText: 'is verwijderd' }).waitFor();
    assert.equal(await total(), before + 2);
    assert.equal(await page.getByRole('link', { name: 'Zuster Kamerik' }).count(), 0);
  } finally {
    await browser.close();
    proc.kill();
  }
});
