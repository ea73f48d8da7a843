// Browser tests of the dashboard in Debian's chromium over 5,000 synthetic
// events: the page loads; filters, the timeline brush, places, countries,
// actors and dyads filter every panel; the evidence shows with its spans
// marked and goes when a filter excludes its event; errors empty the panels;
// the exports follow the filters. Screenshots land in e2e/out/.
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
  await ready();
});

after(async () => { if (env) await env.stop(); });

// ready waits for the refresh that an action started to finish.
async function ready() {
  await page.waitForSelector('body[data-ready=true]', { timeout: 30000 });
}
// act runs an action that refreshes the panels and waits for them.
async function act(fn) {
  const n = await page.evaluate(() => window.sitrepTimings.length);
  await fn();
  await page.waitForFunction((k) => window.sitrepTimings.length > k && document.body.dataset.ready === 'true', n, { timeout: 30000 });
}
const rows = () => page.$$eval('#events tbody tr[data-key]', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
const total = async () => Number((await page.textContent('#table-note')).match(/^([\d,]+) match/)[1].replace(/,/g, ''));
async function clear() {
  await act(() => page.click('button[type=reset]'));
  assert.equal(await total(), 5000);
}

test('the page loads with map, timeline, network and table', async () => {
  assert.match(await page.textContent('#stats'), /5,000 events in 1,000 documents/);
  assert.match(await page.textContent('#map-note'), /13 places, 5,000 located events/);
  assert.ok(await page.$('#map .leaflet-marker-icon.place, #map .leaflet-marker-icon.cluster'), 'no places on the map');
  assert.ok(await page.$('#timeline canvas'), 'no timeline chart');
  assert.ok(await page.$('#network canvas'), 'no network graph');
  assert.equal((await rows()).length, 100);
  assert.equal(await total(), 5000);
  // ISO dates throughout: the date fields take YYYY-MM-DD and every day shown is one.
  assert.equal(await page.getAttribute('input[name=from]', 'placeholder'), 'YYYY-MM-DD');
  for (const r of await rows()) assert.match(r[0], /^\d{4}-\d{2}-\d{2}\*?$/);
  // Placeholders read as hints, not values.
  const ph = await page.$$eval('#filters input[placeholder]', (els) => els.map((e) => e.placeholder));
  assert.ok(!ph.some((p) => /^[A-Z]{3}$/.test(p)), `placeholders that look like values: ${ph}`);
  await page.screenshot({ path: out + 'loaded.png', fullPage: true });
  assert.deepEqual(errors, []);
});

test('the timeline stacks by quad class or type, marks publication dates, and brushing sets the dates', async () => {
  assert.deepEqual(await page.$$eval('#timeline-legend span', (s) => s.map((x) => x.textContent)),
    ['verbal cooperation', 'material cooperation', 'verbal conflict', 'material conflict', 'dated by publication']);
  await act(() => page.selectOption('#stack', 'type'));
  assert.equal(await page.$$eval('#timeline-legend span', (s) => s.length), 17);
  assert.match(page.url(), /view_stack=type/);
  // The series hold every week from the first to the last, zero-filled.
  const gaps = await page.evaluate(() => {
    const d = window.sitrep.timeline().data[0];
    return d.slice(1).map((x, i) => x - d[i]).filter((g) => g !== 7 * 86400).length;
  });
  assert.equal(gaps, 0);
  await act(() => page.selectOption('#stack', 'quad'));

  // Drag across the middle third of the plot.
  const box = await (await page.$('#timeline .u-over')).boundingBox();
  await act(async () => {
    await page.mouse.move(box.x + box.width / 3, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
  });
  const from = await page.inputValue('input[name=from]');
  const to = await page.inputValue('input[name=to]');
  assert.match(from, /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(from < to, `${from} to ${to}`);
  const n = await total();
  assert.ok(n > 0 && n < 5000, `${n} events`);
  for (const r of await rows()) {
    const day = r[0].replace('*', '');
    assert.ok(day >= from && day <= to, `${day} outside ${from}..${to}`);
  }
  // A short range is drawn by day.
  assert.match(await page.textContent('#timeline-note'), /events per day/);
  await clear();
});

test('filters change the map and the table', async () => {
  await act(async () => {
    await page.selectOption('select[name=type]', 'ASSAULT');
    await page.fill('input[name=country]', 'PAK');
    await page.click('button[type=submit]');
  });
  assert.match(await page.textContent('#map-note'), /^3 places/, 'only the three Pakistani places are left on the map');
  const r = await rows();
  assert.ok(r.length > 0 && r.length < 100, `${r.length} rows`);
  for (const row of r) {
    assert.equal(row[1], 'assault');
    assert.match(row[4], /, PAK/);
  }
  assert.match(page.url(), /type=ASSAULT/);
  assert.match(page.url(), /country=PAK/);
  // The exports follow the filters.
  const href = await page.getAttribute('#exports a[data-format=acled]', 'href');
  assert.match(href, /^api\/export\/acled\?.*type=ASSAULT/);
  await page.screenshot({ path: out + 'filtered.png', fullPage: true });
  await clear();
});

test('clicking a place filters on it; the map shows precision and shades countries by type', async () => {
  // Zoom in until places stand alone, then click Kabul.
  await page.evaluate(() => { window.sitrep.map.setView([34.5, 69.2], 7, { animate: false }); });
  await page.waitForSelector('#map .leaflet-marker-icon.place');
  const classes = await page.$$eval('#map .leaflet-marker-icon.place', (ms) => ms.map((m) => m.className));
  assert.ok(classes.every((c) => /\b(exact|admin|country|inherited)\b/.test(c)), classes.join('|'));
  const kabul = await page.evaluate(() => {
    const m = window.sitrep.map;
    const p = m.latLngToContainerPoint([34.528, 69.172]);
    const r = m.getContainer().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  });
  await page.waitForFunction((k) => document.elementFromPoint(k.x, k.y)?.classList.contains('place'), kabul);
  await act(() => page.mouse.click(kabul.x, kabul.y));
  assert.match(await page.inputValue('input[name=bbox]'), /^69\.\d+,34\.\d+,69\.\d+,34\.\d+$/);
  assert.match(await page.textContent('#chips'), /place: Kabul/);
  assert.match(await page.textContent('#map-note'), /^1 places/);
  for (const r of await rows()) assert.match(r[4], /^Kabul, AFG/);
  assert.match(await page.textContent('#detail h3'), /Kabul/);
  await act(() => page.click('#chips .chip'));
  assert.equal(await total(), 5000);

  // Shading by a type asks for that type's counts per country.
  await act(() => page.selectOption('#shade', 'PROTEST'));
  assert.match(page.url(), /view_shade=PROTEST/);
  await act(() => page.selectOption('#shade', ''));
});

test('the network shows actors by name; a click filters on an actor, an edge on its dyad', async () => {
  const nodes = await page.evaluate(() => window.sitrep.network().nodes().map((n) => n.data('label')));
  assert.ok(nodes.includes('Boko Haram'), nodes.join('|'));
  assert.ok(!nodes.some((n) => /^[A-Z]{6}$/.test(n)), 'codes for labels');
  await act(() => page.selectOption('#edges', '15'));
  assert.equal(await page.evaluate(() => window.sitrep.network().edges().length), 15);

  // Click the node of Boko Haram.
  const at = async (fn) => page.evaluate((f) => {
    const cy = window.sitrep.network();
    const el = new Function('cy', f)(cy);
    const p = el.isNode() ? el.renderedPosition() : el.renderedMidpoint();
    const r = cy.container().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, fn);
  let p = await at("return cy.nodes().filter((n) => n.data('name') === 'Boko Haram')[0]");
  await act(() => page.mouse.click(p.x, p.y));
  assert.equal(await page.inputValue('input[name=actor]'), 'Boko Haram');
  for (const r of await rows()) assert.ok(r[2].includes('Boko Haram') || r[3].includes('Boko Haram'), r.join('|'));
  assert.match(await page.textContent('#detail'), /NGAREB: Nigeria, rebels/);
  assert.match(await page.textContent('#detail'), /counterparts/);
  await page.screenshot({ path: out + 'actor.png', fullPage: true });
  await clear();

  // Click the biggest edge: its dyad.
  p = await at('return cy.edges().sort((a, b) => b.data(\'count\') - a.data(\'count\'))[0]');
  const [s, t] = await page.evaluate(() => {
    const e = window.sitrep.network().edges().sort((a, b) => b.data('count') - a.data('count'))[0];
    return [e.data('s'), e.data('t')];
  });
  await act(() => page.mouse.click(p.x, p.y));
  assert.equal(await page.inputValue('input[name=source]'), s);
  assert.equal(await page.inputValue('input[name=target]'), t);
  for (const r of await rows()) {
    assert.ok(r[2].startsWith(s), `${r[2]} is not ${s}`);
    assert.ok(r[3].startsWith(t), `${r[3]} is not ${t}`);
  }
  await clear();
  await act(() => page.selectOption('#edges', '30'));
});

test('clicking an event shows its evidence with the spans marked', async () => {
  const first = await page.$('#events tbody tr[data-key]');
  const key = await first.getAttribute('data-key');
  await first.click();
  await page.waitForSelector('#evidence mark.trigger');
  const api = await page.evaluate(async (k) => (await fetch('api/events/' + k)).json(), key);
  const ev = api.event;
  assert.equal(await page.textContent('#evidence mark.trigger'), ev.trigger.text);
  assert.equal(await page.textContent('#evidence mark.source'), ev.source[0].text);
  assert.equal(await page.textContent('#evidence mark.target'), ev.target[0].text);
  assert.equal(await page.textContent('#evidence mark.place'), ev.location.text);
  if (ev.date) assert.equal(await page.textContent('#evidence mark.date'), ev.date.text);
  const evidence = await page.$$eval('#evidence mark.ev', (ms) => ms.map((m) => m.textContent).join(''));
  assert.equal(evidence, ev.evidence.text);
  assert.match(await page.textContent('#evidence dl'), new RegExp(ev.type));
  assert.ok(await first.evaluate((tr) => tr.classList.contains('selected')));
  await page.waitForFunction(() => {
    const a = document.querySelector('#evidence .article');
    const m = a.querySelector('mark.trigger');
    return m.offsetTop >= a.scrollTop && m.offsetTop + m.offsetHeight <= a.scrollTop + a.clientHeight;
  }, null, { timeout: 5000 });
  await page.screenshot({ path: out + 'evidence.png', fullPage: true });

  // A filter that excludes the event takes its evidence away.
  const type = ev.type === 'AID' ? 'AGREE' : 'AID';
  await act(async () => {
    await page.selectOption('select[name=type]', type);
    await page.click('button[type=submit]');
  });
  assert.equal(await page.$('#evidence mark.trigger'), null);
  assert.match(await page.textContent('#evidence'), /does not match these filters/);
  await clear();
});

test('a bad filter value shows the server error and empties the panels', async () => {
  await act(async () => {
    await page.fill('input[name=actor_country]', '12');
    await page.click('button[type=submit]');
  });
  assert.match(await page.textContent('#error'), /actor_country="12" is not an ISO 3166-1 alpha-3 code/);
  assert.equal((await rows()).length, 0);
  assert.match(await page.textContent('#events tbody'), /Nothing shown/);
  assert.equal(await page.$('#map .leaflet-marker-icon'), null);
  assert.equal(await page.evaluate(() => window.sitrep.network().elements().length), 0);
  await page.fill('input[name=actor_country]', '');
  await clear();
  assert.equal(await page.textContent('#error'), '');
  // The browser logs the 400 answers: expected here.
  errors.splice(0, errors.length, ...errors.filter((e) => !/status of 400/.test(e)));
});

test('the exports carry the filters and every format answers', async () => {
  for (const f of ['csv', 'jsonl', 'geojson', 'plover', 'acled']) {
    const href = await page.getAttribute(`#exports a[data-format=${f}]`, 'href');
    const head = await page.evaluate(async (h) => {
      const r = await fetch(h);
      return [r.status, (await r.text()).slice(0, 40)];
    }, href);
    assert.equal(head[0], 200, f);
    assert.ok(head[1].length > 0, f);
  }
  assert.deepEqual(errors, []);
});
