// The wijkfoto by interview: a bewerker assigns a respondent of an open round to a fotograaf;
// the fotograaf, on a phone, opens the interview, enters one collaboration with the
// professional after recording their consent, submits, and makes the professional's own link.
// The interview pages are axe-core clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, startServer, wcagViolations, wv } from './support.mjs';

const REGIO = '/regio/Utrecht%20Noord-West';

test('a fotograaf enters an interview answer for an assigned respondent', async () => {
  const { proc, db, url, email, password } = await startServer();
  const wachtwoord = wv('--db', db, 'gebruiker', 'maak', 'foto@example.org', '--naam', 'Fotograaf').match(/Wachtwoord: (\S+)/)[1];
  const browser = await launch();
  try {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await signIn(page, url, email, password);
    await page.goto(url + REGIO + '/wijkfoto/2');
    await page.locator('#interviews summary').click();
    await page.getByLabel('E-mailadres van de fotograaf (een account)').fill('foto@example.org');
    const eerste = page.locator('#interviews fieldset input[type="checkbox"]').first();
    const naam = (await eerste.locator('xpath=..').textContent()).trim();
    await eerste.check();
    await page.getByRole('button', { name: 'Wijs toe' }).click();
    await page.locator('#interviews li', { hasText: `${naam}: foto@example.org` }).waitFor();

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, bypassCSP: true });
    const p = await phone.newPage();
    await signIn(p, url, 'foto@example.org', wachtwoord);
    await p.goto(url + '/interviews');
    await p.getByRole('link', { name: naam }).click();
    await p.getByText(`interview met ${naam}`, { exact: false }).waitFor();
    assert.deepEqual(await wcagViolations(p), [], 'interview page');
    const met = p.locator('#naar_0 option').nth(1);
    await p.locator('#naar_0').selectOption(await met.getAttribute('value'));
    await p.getByLabel('Waarvoor werkt u samen?').fill('Medicatiebeoordeling');
    for (let c = 0; c < 5; c++) await p.locator(`label[for="c${c}_0_4"]`).click();
    await p.getByLabel(/stemt ermee in/).check();
    await p.getByRole('button', { name: 'Verstuur' }).click();
    await p.getByText('De antwoorden zijn ingediend.').waitFor();
    assert.equal(await p.locator('input[name="doel_0"]').inputValue(), 'Medicatiebeoordeling');
    await p.getByText(/stemde er op .* mee in/).waitFor();
    await p.getByRole('button', { name: 'Maak de eigen link' }).click();
    const link = (await p.locator('#eigen-link').textContent()).trim();
    assert.match(link, /\/enquete\/[0-9a-f]{64}$/);
    await p.goto(url + '/interviews');
    await p.locator('#interviews tbody tr', { hasText: 'ingediend' }).waitFor();
    assert.deepEqual(await wcagViolations(p), [], 'interviews list');
    // The round counts the answer as the professional's; the page says how it came in.
    await page.reload();
    await page.locator('#links tbody tr', { hasText: naam }).locator('td', { hasText: 'ingevuld in een interview' }).waitFor();
    await phone.close();
  } finally {
    await browser.close();
    proc.kill();
  }
});
