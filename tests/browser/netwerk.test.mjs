// The wijkfoto's network and its comparison in the browser, on the demo's synthetic rounds:
// the Cytoscape picture has a node per actor of the table and an edge per verbinding; filters
// hide disciplines; a click shows details; the geographic layout puts actors on the map; the
// heatmap and the exports agree with the picture; before/after counts the new and lost
// verbindingen that the two rounds' exports differ by.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { artifacts, launch, signIn, startServer } from './support.mjs';

const REGIO = '/regio/Utrecht%20Noord-West';

const pairs = (net) => new Set(net.verbindingen.map((l) => [l.source, l.target].sort().join('|')));

test('the network picture, its tables and exports, and two rounds compared', async () => {
  const { proc, url, email, password } = await startServer();
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await signIn(page, url, email, password);
    await page.goto(url + REGIO + '/wijkfoto');
    // The first gemeente's two rounds: 1 (closed) and 2.
    await page.getByRole('link', { name: 'Ronde 2', exact: true }).click();
    await page.getByText('Synthetische demodata').waitFor();
    const net = page.locator('#netwerk[data-klaar]');
    await net.waitFor();
    const actors = await page.locator('#actoren tbody tr').count();
    const ties = await page.locator('#verbindingen tbody tr').count();
    assert.equal(Number(await net.getAttribute('data-klaar')), actors, 'a node per actor in the table');
    const cy = (f) => page.evaluate(f);
    assert.equal(await cy(() => window.wijkfotoNetwerk.edges().length), ties, 'an edge per verbinding in the table');
    assert.ok(ties > 20);
    await page.locator('#netwerkbeeld').screenshot({ path: join(artifacts, 'netwerk.png') });

    // Filter: untick huisarts; its actors are hidden, the others stay.
    const huisartsen = await page.locator('#actoren tbody tr td:first-of-type', { hasText: /^huisarts$/ }).count();
    assert.ok(huisartsen > 0);
    await page.getByRole('checkbox', { name: 'huisarts', exact: true }).uncheck();
    assert.equal(await cy(() => window.wijkfotoNetwerk.nodes().filter((n) => n.style('display') === 'none').length), huisartsen);
    await page.getByRole('checkbox', { name: 'huisarts', exact: true }).check();
    // Filter by condition: only the verbindingen whose kind has too few ratings on Organisatie.
    await page.getByLabel('Kleur van de lijnen').selectOption({ label: 'Organisatie' });
    await page.getByLabel('Toon lijnen').selectOption({ label: 'alleen te weinig antwoorden' });
    const shownEdges = await cy(() => window.wijkfotoNetwerk.edges().filter((e) => e.style('display') !== 'none').map((e) => e.data('scores')[3]));
    assert.ok(shownEdges.length > 0 && shownEdges.length < ties, `${shownEdges.length} of ${ties}`);
    assert.ok(shownEdges.every((s) => s === null), 'only kinds without a shown Organisatie mean');
    await page.getByLabel('Toon lijnen').selectOption({ label: 'alle' });

    // Click an actor: the details name it and its verbindingen as the table does.
    const target = await cy(() => {
      const c = window.wijkfotoNetwerk;
      const n = c.nodes().max((x) => x.degree()).ele;
      const p = n.renderedPosition();
      return { naam: n.data('naam'), graad: n.data('graad'), x: p.x, y: p.y };
    });
    const box = await net.boundingBox();
    await page.mouse.click(box.x + target.x, box.y + target.y);
    const details = page.locator('#netwerk-details');
    await details.locator('h4', { hasText: target.naam }).waitFor();
    assert.match(await details.textContent(), new RegExp(`Verbindingen${target.graad}`));

    // Labels are readable at the default zoom (at least 9 px on screen) and do not pile up.
    const label = await cy(() => window.wijkfotoNetwerk.zoom() * 11);
    assert.ok(label >= 9, `labels ${label.toFixed(1)} px`);
    // Search an actor by name and show only it and its neighbours (the ego view).
    await page.getByLabel('Zoek een actor').fill(target.naam.replace(/ \(synthetisch\)$/, ''));
    await page.getByLabel('Zoek een actor').press('Tab');
    await details.locator('h4', { hasText: target.naam }).waitFor();
    await page.getByLabel('alleen de gekozen actor en wie met hem of haar verbonden is').check();
    const visible = await cy(() => window.wijkfotoNetwerk.nodes(':visible').not('.groep').length);
    assert.equal(visible, target.graad + 1, 'the actor and its neighbours');
    await page.getByLabel('alleen de gekozen actor en wie met hem of haar verbonden is').uncheck();
    assert.equal(await cy(() => window.wijkfotoNetwerk.nodes(':visible').length), actors);
    // Group by discipline: a box per discipline holding exactly its actors.
    await page.getByLabel('Groepeer').selectOption({ label: 'per discipline' });
    const groups = await cy(() => window.wijkfotoNetwerk.nodes('.groep').map((g) => [g.data('label'), g.children().map((c) => c.data('discipline'))]));
    assert.ok(groups.length > 3);
    for (const [g, members] of groups) assert.ok(members.length > 0 && members.every((d) => d === g), g);
    await page.getByLabel('Groepeer').selectOption({ label: 'niet' });
    assert.equal(await cy(() => window.wijkfotoNetwerk.nodes('.groep').length), 0);

    // The geographic layout: actors at their workplace over the map of the buurten.
    await page.getByLabel('op de kaart (plaats van de werkplek)').check();
    assert.ok(await page.locator('#netwerk-kaart svg path').count() > 10);
    assert.ok(await page.locator('#netwerk-kaart').isVisible());
    // Every actor with a buurt sits at its place, those sharing one spread around it: no two hide each other.
    const placed = await cy(() => window.wijkfotoNetwerk.nodes().every((n) => n.data('x') == null
      || Math.hypot(n.position('x') - n.data('x'), n.position('y') - n.data('y')) < 6 + 3 * window.wijkfotoNetwerk.nodes().length));
    assert.ok(placed, 'every actor with a buurt sits at (or around) its place on the map');
    const apart = await cy(() => {
      const ps = window.wijkfotoNetwerk.nodes().map((n) => `${Math.round(n.position('x'))},${Math.round(n.position('y'))}`);
      return new Set(ps).size === ps.length;
    });
    assert.ok(apart, 'no two actors on the same spot');
    await page.locator('#netwerkbeeld').screenshot({ path: join(artifacts, 'netwerk-kaart.png') });

    // Heatmap: a row per kind of tie, together as many verbindingen as the table.
    const kinds = await page.locator('#warmtekaart tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.cells[1].textContent)));
    assert.equal(kinds.reduce((a, b) => a + b, 0), ties);
    assert.ok(await page.locator('#warmtekaart td.geen').count() > 0, 'rare kinds of tie show no ratings');

    // Exports: GraphML and the CSVs hold the same network.
    const graphml = await (await page.request.get(url + REGIO + '/wijkfoto/2/netwerk.graphml')).text();
    assert.equal((graphml.match(/<node /g) ?? []).length, actors);
    assert.equal((graphml.match(/<edge /g) ?? []).length, ties);
    const edgesCsv = await (await page.request.get(url + REGIO + '/wijkfoto/2/verbindingen.csv')).text();
    assert.ok(edgesCsv.startsWith('source,target,type,'));

    // Before and after: the overview's form opens the comparison of rounds 1 and 2.
    await page.goto(url + REGIO + '/wijkfoto');
    await page.getByLabel('Eerdere ronde').selectOption('1');
    await page.getByLabel('Latere ronde').selectOption('2');
    await page.getByRole('button', { name: 'Vergelijk' }).click();
    await page.locator('#vergelijk-vierkant').waitFor();
    const before = await (await page.request.get(url + REGIO + '/wijkfoto/1/netwerk.json')).json();
    const after = await (await page.request.get(url + REGIO + '/wijkfoto/2/netwerk.json')).json();
    const [a, b] = [pairs(before), pairs(after)];
    const fresh = [...b].filter((p) => !a.has(p)).length;
    const lost = [...a].filter((p) => !b.has(p)).length;
    await page.getByRole('heading', { name: `Nieuwe verbindingen (${fresh})` }).waitFor();
    await page.getByRole('heading', { name: `Verdwenen verbindingen (${lost})` }).waitFor();
    assert.ok(fresh > 0);
    const apotheek = await page.locator('#vergelijk-vierkant tr', { hasText: 'huisarts – apotheek' }).textContent();
    assert.match(apotheek, /\d/);
    await page.screenshot({ path: join(artifacts, 'wijkfoto-vergelijk.png'), fullPage: true });
  } finally {
    await browser.close();
    proc.kill();
  }
});
