// A duidingssessie in the room: the facilitator prepares a world café for a wijkverband of the
// demo region, opens it and puts the projector view up; two phones (390 px) type keywords on
// their table's link, one of them offline for a moment (its text arrives when it is back); the
// projector shows them and the countdown; the facilitator turns the keywords into themes and
// merges two; the rode draad over this session and a demo session lists the shared theme with
// both wijken; the phone page is axe-core clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, startServer, wcagViolations } from './support.mjs';

const REGIO = '/regio/Utrecht%20Noord-West';

test('a world café with phones, the projector, themes and the rode draad', async () => {
  const { proc, url, email, password } = await startServer();
  const browser = await launch();
  try {
    const laptop = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const begeleider = await laptop.newPage();
    await signIn(begeleider, url, email, password);
    await begeleider.goto(url + REGIO + '/sessies');
    // The demo brings two synthetic sessions, labelled so.
    assert.equal(await begeleider.locator('#sessies tbody tr', { hasText: '(synthetische demo)' }).count(), 2);
    await begeleider.getByLabel('Titel').fill('Wereldcafé Woerden');
    await begeleider.getByLabel(/^Wereldcafé/).check();
    await begeleider.getByLabel(/^Gebieden/).selectOption('wijkverband:Woerden');
    await begeleider.getByLabel(/^Cijfers en bevindingen/).selectOption(['opgaven', 'wijkfoto']);
    await begeleider.getByLabel(/^Inwoners/).fill('Piet');
    await begeleider.getByRole('button', { name: 'Sessie voorbereiden' }).click();
    await begeleider.getByRole('heading', { name: 'Wereldcafé Woerden' }).waitFor();
    assert.equal(await begeleider.locator('.tafel').count(), 3, 'three tables');
    assert.equal(await begeleider.locator('.tafel svg[role="img"]').count(), 3, 'each with a QR code');
    const links = (await begeleider.locator('a.tafel-link').allTextContents()).map((l) => new URL(l.trim()).pathname);
    const sessie = new URL(begeleider.url()).pathname;
    await begeleider.getByRole('button', { name: 'Sessie openen (ronde 1)' }).click();
    await begeleider.locator('#stand', { hasText: 'ronde 1 van 2: Schrijf kernwoorden op!' }).waitFor();

    // The projector view with the countdown.
    const scherm = await laptop.newPage(); // signed in, like the facilitator's laptop
    await scherm.goto(url + sessie + '/scherm');
    await scherm.locator('#opdracht', { hasText: 'Schrijf kernwoorden op!' }).waitFor();
    await scherm.locator('#klok', { hasText: /Nog (10:00|09:\d\d)/ }).waitFor();

    // Two phones on two tables.
    const telefoon = async () => {
      const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      return { ctx, page: await ctx.newPage() };
    };
    const een = await telefoon();
    const twee = await telefoon();
    await een.page.goto(url + links[0]);
    await twee.page.goto(url + links[1]);
    await een.page.getByText('Hoe kunnen we de bestaande samenwerking in de wijk versterken?').waitFor();
    await een.page.locator('#klok', { hasText: /Nog/ }).waitFor();
    const typ = async (p, tekst) => {
      await p.getByLabel('Uw kernwoord of korte zin').fill(tekst);
      await p.getByLabel('Uw kernwoord of korte zin').press('Enter');
    };
    await typ(een.page, 'Sociale kaarten');
    await typ(een.page, 'Dementie <b>!</b>');
    await een.page.locator('#eigen li', { hasText: 'Dementie <b>!</b>' }).waitFor();
    // The second phone loses its connection for a moment: what it types waits, and arrives.
    await twee.ctx.setOffline(true);
    await typ(twee.page, 'de sociale kaart');
    await typ(twee.page, 'dementie');
    await twee.page.locator('#wacht', { hasText: '2 bijdragen wachten op verbinding' }).waitFor();
    await twee.page.reload().catch(() => {}); // offline: the reload fails, the queue stays in localStorage
    await twee.ctx.setOffline(false);
    await twee.page.goto(url + links[1]);
    await twee.page.locator('#eigen li', { hasText: 'dementie' }).waitFor();
    assert.equal(await twee.page.locator('#eigen li').count(), 2, 'each once');
    // The projector: every contribution per table and in the word cloud, live.
    await scherm.locator('#aantal', { hasText: '4' }).waitFor({ timeout: 5000 });
    await scherm.locator('ul[data-tafel="2"] li', { hasText: 'de sociale kaart' }).waitFor();
    await scherm.locator('#wolk li', { hasText: /^sociale kaart/i }).waitFor();
    assert.equal(await scherm.locator('ul[data-tafel="1"] li', { hasText: 'Dementie <b>!</b>' }).count(), 1, 'typed text shown as text');
    // A contribution reaches the projector within a second (the median of three).
    const vertragingen = [];
    for (const tekst of ['Tijd en capaciteit', 'korte lijntjes', 'goodwill']) {
      const t0 = Date.now();
      await typ(een.page, tekst);
      await scherm.locator('ul[data-tafel="1"] li', { hasText: tekst }).waitFor({ timeout: 5000 });
      vertragingen.push(Date.now() - t0);
    }
    const mediaan = vertragingen.sort((a, b) => a - b)[1];
    assert.ok(mediaan < 1000, `the projector showed a contribution after ${vertragingen.join(', ')} ms`);
    // The phone page is accessible.
    const ax = await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 }, isMobile: true });
    const axp = await ax.newPage();
    await axp.goto(url + links[2]);
    await axp.locator('#klok', { hasText: /Nog/ }).waitFor();
    assert.deepEqual(await wcagViolations(axp), [], 'table page');
    assert.ok(await axp.evaluate(() => document.documentElement.scrollWidth) <= 390, 'the table page fits a phone');

    // Themes: proposed from the keywords, then two merged into one.
    await begeleider.reload();
    await begeleider.getByRole('button', { name: "Thema's voorstellen uit de bijdragen zonder thema" }).click();
    await begeleider.locator('.thema h3', { hasText: /sociale kaart(en)? \(2\)/i }).waitFor();
    await begeleider.locator('.thema h3', { hasText: /Dementie.*\(2\)/i }).waitFor();
    // The rode draad: this session (Woerden) and the demo's (Montfoort) share the sociale kaart.
    const draad = await laptop.newPage();
    await draad.goto(url + REGIO + '/rode-draad');
    const rij = draad.locator('#rode-draad tbody tr', { hasText: /sociale kaart/i });
    await rij.waitFor();
    const wijken = await rij.locator('td').first().textContent();
    assert.ok(wijken.includes('Woerden') && wijken.includes('Montfoort'), wijken);
    for (const h of await begeleider.locator('.thema h3 input[type="checkbox"]').all()) await h.check();
    await begeleider.getByLabel('Naam van het samengevoegde thema').fill('Kaart en zorg');
    await begeleider.getByRole('button', { name: 'Samenvoegen' }).click();
    await begeleider.locator('.thema h3', { hasText: 'Kaart en zorg (4)' }).waitFor();
    assert.equal(await begeleider.locator('.thema').count(), 1);
    // The report prints the theme and never names the resident.
    await begeleider.goto(url + sessie + '/verslag');
    await begeleider.getByRole('heading', { name: 'Kaart en zorg (4)' }).waitFor();
    assert.ok(!(await begeleider.content()).includes('Piet'));
    // Deleting a session asks first; declined, nothing is deleted.
    await begeleider.goto(url + sessie);
    let gevraagd = '';
    begeleider.once('dialog', (d) => { gevraagd = d.message(); d.dismiss(); });
    await begeleider.getByRole('button', { name: 'Sessie verwijderen' }).click();
    await begeleider.waitForTimeout(300);
    assert.match(gevraagd, /verwijderen\?/);
    await begeleider.reload();
    await begeleider.getByRole('heading', { name: 'Wereldcafé Woerden' }).waitFor();
    await een.ctx.close();
    await twee.ctx.close();
    await ax.close();
  } finally {
    await browser.close();
    proc.kill();
  }
});
