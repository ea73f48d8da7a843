// Browser tests of the dashboard in Debian's chromium: the page loads, the
// filters change the map and the table, and an event's evidence shows with
// its spans marked. Screenshots land in e2e/out/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { start } from './server.mjs';

const out = new URL('./out/', import.meta.url).pathname;
let env, page;
const errors = [];

before(async () => {
  mkdirSync(out, { recursive: true });
  env = await start(5000);
  page = await env.browser.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(env.url);
  await page.waitForSelector('body[data-ready=true]', { timeout: 30000 });
});

after(async () => { if (env) await env.stop(); });

const rows = () => page.$$eval('#events tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
const markers = () => page.$$eval('#map .leaflet-overlay-pane path.leaflet-interactive, #map canvas', (els) => els.length);

test('the page loads with map, timeline, network and table', async () => {
  assert.match(await page.textContent('#stats'), /5,000 events in 1,000 documents/);
  // Countries are SVG paths or canvas; the map is drawn and shaded.
  assert.ok(await markers() > 0, 'no map layers');
  assert.match(await page.textContent('#map-note'), /13 places, 5000 located events/);
  assert.ok(await page.$('#timeline canvas'), 'no timeline chart');
  assert.ok(await page.$('#network canvas'), 'no network graph');
  assert.equal((await rows()).length, 100);
  assert.match(await page.textContent('#table-note'), /^5,000 match/);
  await page.screenshot({ path: out + 'loaded.png', fullPage: true });
  assert.deepEqual(errors, []);
});

test('filters change the map and the table', async () => {
  const before = await page.textContent('#map-note');
  await page.selectOption('select[name=type]', 'ASSAULT');
  await page.fill('input[name=country]', 'PAK');
  await page.click('button[type=submit]');
  await page.waitForFunction((b) => document.querySelector('#map-note').textContent !== b && !document.body.classList.contains('loading'), before);
  const note = await page.textContent('#map-note');
  assert.match(note, /^3 places/, 'only the three Pakistani places are left on the map');
  const r = await rows();
  assert.ok(r.length > 0 && r.length < 100, `${r.length} rows`);
  for (const row of r) {
    assert.equal(row[1], 'ASSAULT');
    assert.match(row[4], /, PAK$/);
  }
  assert.match(page.url(), /type=ASSAULT/);
  assert.match(page.url(), /country=PAK/);
  await page.screenshot({ path: out + 'filtered.png', fullPage: true });

  // Clearing brings every event back.
  await page.click('button[type=reset]');
  await page.waitForFunction(() => /^5,000 match/.test(document.querySelector('#table-note').textContent));
  assert.equal((await rows()).length, 100);
});

test('clicking an event shows its evidence with the spans marked', async () => {
  const first = await page.$('#events tbody tr');
  const key = await first.getAttribute('data-key');
  await first.click();
  await page.waitForSelector('#evidence mark.trigger');
  const api = await page.evaluate(async (k) => (await fetch('api/events/' + k)).json(), key);
  const ev = api.event;
  assert.equal(await page.textContent('#evidence mark.trigger'), ev.trigger.text);
  assert.equal(await page.textContent('#evidence mark.source'), ev.source[0].text);
  assert.equal(await page.textContent('#evidence mark.target'), ev.target[0].text);
  assert.equal(await page.textContent('#evidence mark.place'), ev.location.text);
  assert.equal(await page.textContent('#evidence mark.date'), ev.date.text);
  // The evidence sentence is marked around the trigger.
  const evidence = await page.$$eval('#evidence mark.ev', (ms) => ms.map((m) => m.textContent).join(''));
  assert.equal(evidence, ev.evidence.text);
  assert.match(await page.textContent('#evidence dl'), new RegExp(ev.type));
  assert.ok(await first.evaluate((tr) => tr.classList.contains('selected')));
  // The article is scrolled so that the trigger is in view.
  await page.waitForFunction(() => {
    const a = document.querySelector('#evidence .article');
    const m = a.querySelector('mark.trigger');
    return m.offsetTop >= a.scrollTop && m.offsetTop + m.offsetHeight <= a.scrollTop + a.clientHeight;
  }, null, { timeout: 5000 });
  await page.screenshot({ path: out + 'evidence.png', fullPage: true });
});

test('a bad filter value shows the server error', async () => {
  await page.fill('input[name=actor_country]', '12');
  await page.click('button[type=submit]');
  await page.waitForFunction(() => document.querySelector('#error').textContent !== '');
  assert.match(await page.textContent('#error'), /actor_country="12" is not an ISO 3166-1 alpha-3 code/);
  await page.fill('input[name=actor_country]', '');
});
