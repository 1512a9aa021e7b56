// WCAG 2.1 AA, checked with axe-core on the pages people use most, as they render with data:
// the region, a plan, the sociale kaart, a wijkfoto round with its network picture, before and
// after, its presentation, the wijkcyclus (overview, a wijkverband's cycle, all actions), the duidingssessies (list, a
// session, its projector view and report, the rode draad), the survey on a phone, and the privacy page. Any violation fails with what and where.
// The same pages reflow at 320 CSS px (WCAG 1.4.10): nothing but a table's own region scrolls sideways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, signIn, startServer, wcagViolations } from './support.mjs';

const REGIO = '/regio/Utrecht%20Noord-West';

test('the main pages have no WCAG 2.1 A/AA violations that axe-core finds', async () => {
  const { proc, url, email, password } = await startServer();
  const browser = await launch();
  try {
    // axe is injected as a script: this context lets it in past the app's CSP.
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(url + '/inloggen');
    assert.deepEqual(await wcagViolations(page), [], 'sign-in page');
    await signIn(page, url, email, password);
    const pages = [
      [REGIO, '#kaart'],
      [REGIO + '/indelingen', 'h1'],
      [REGIO + '/profiel?gemeente=GM0632', 'h1'],
      [REGIO + '/sociale-kaart', '#actoren'],
      [REGIO + '/wijkfoto', '#rondes'],
      [REGIO + '/wijkfoto/2', '#netwerk[data-klaar]'],
      [REGIO + '/wijkfoto/vergelijk?voor=1&na=2', '#vergelijk-vierkant'],
      [REGIO + '/wijkfoto/2/presentatie', '#netwerk[data-klaar]'],
      [REGIO + '/cyclus', '#fasekaart svg'],
      [REGIO + '/cyclus/Montfoort', '#fasen'],
      [REGIO + '/acties', '#acties'],
      [REGIO + '/sessies', '#sessies'],
      [REGIO + '/sessies/1', '#tafels'],
      [REGIO + '/sessies/1/scherm', '#wolk li'],
      [REGIO + '/sessies/1/verslag', 'h1'],
      [REGIO + '/rode-draad', '#rode-draad'],
      ['/privacy', 'h1'],
    ];
    for (const [path, ready] of pages) {
      await page.goto(url + path);
      await page.locator(ready).first().waitFor();
      assert.deepEqual(await wcagViolations(page), [], path);
    }
    // The workbench with a plan of one wijkverband per gemeente.
    await page.goto(url + REGIO + '/indelingen');
    await page.getByLabel('Naam (mag leeg)').fill('Toets');
    await page.getByLabel('één wijkverband per gemeente').check();
    await page.getByRole('button', { name: 'Maak indeling' }).click();
    await page.locator('#wijkverbanden').waitFor();
    assert.deepEqual(await wcagViolations(page), [], 'workbench');
    const werkbank = new URL(page.url()).pathname;

    // Reflow (WCAG 1.4.10): at 320 CSS px no page scrolls sideways; wide tables scroll in
    // their own region, maps and the network picture shrink to the screen.
    const smal = await browser.newContext({ viewport: { width: 320, height: 640 }, storageState: await context.storageState() });
    const s = await smal.newPage();
    for (const [path, ready] of [...pages, [werkbank, '#overzicht'], ['/', 'h1']]) {
      await s.goto(url + path);
      await s.locator(ready).first().waitFor();
      const wide = await s.evaluate(() => {
        const w = document.documentElement.clientWidth;
        return [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > w + 1 && !e.closest('.tabel-houder, [data-schuif]'))
          .filter((e) => getComputedStyle(e).position !== 'fixed' && !e.closest('.sr-only, .skip'))
          .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${[...e.classList].join('.')} (${Math.round(e.getBoundingClientRect().right)} px)`);
      });
      const scroll = await s.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scroll <= 320, `${path} scrolls sideways at 320 px (${scroll} px wide): ${wide.join(', ')}`);
    }
    await smal.close();
    // The survey behind a personal link, on a phone: a new link for a respondent of round 2,
    // the page that asks for a code, then the survey.
    await page.goto(url + REGIO + '/wijkfoto/2');
    await page.locator('#links input[name="respondent"]').first().check();
    await page.getByRole('button', { name: 'Maak nieuwe links voor de gekozen respondenten' }).click();
    assert.deepEqual(await wcagViolations(page), [], 'new links');
    const link = new URL((await page.locator('#nieuwe-links code').first().textContent()).trim()).pathname;
    const phone = await browser.newContext({ bypassCSP: true, viewport: { width: 320, height: 640 }, isMobile: true });
    const p = await phone.newPage();
    await p.goto(url + link);
    await p.getByLabel('Uw code', { exact: true }).waitFor();
    assert.deepEqual(await wcagViolations(p), [], 'survey code');
    await p.getByLabel('Uw code', { exact: true }).fill('toegankelijk');
    await p.getByLabel('De code nog een keer').fill('toegankelijk');
    await p.getByRole('button', { name: 'Verder' }).click();
    await p.locator('form.enquete').waitFor();
    assert.deepEqual(await wcagViolations(p), [], 'survey');
    assert.ok(await p.evaluate(() => document.documentElement.scrollWidth) <= 320, 'the survey reflows at 320 px');
  } finally {
    await browser.close();
    proc.kill();
  }
});
