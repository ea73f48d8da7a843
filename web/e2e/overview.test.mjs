// The overview at a glance, on 3,000 events shaped like the Wikinews
// corpus coded by sitrep (sqlitetest.NewsDocument: most events dated by
// their article, a few decades back, actors known by name only, places of
// every precision, half unlocated): the timeline opens on the dense range,
// not on the decades the historical mentions span; publication-dated days
// are marked; the map shows every precision; the network names its actors.
// The screenshot is checked where it matters: the bars fill the plot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { start } from './server.mjs';

const out = new URL('./out/', import.meta.url).pathname;
let env, page;
const errors = [];

before(async () => {
  mkdirSync(out, { recursive: true });
  env = await start(3000, { news: true });
  page = await env.browser.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(env.url);
  await page.waitForSelector('body[data-ready=true]', { timeout: 30000 });
});

after(async () => { if (env) await env.stop(); });

test('the timeline opens on the dense range and its bars fill the plot', async () => {
  assert.match(await page.textContent('#stats'), /, 1976-\d\d-\d\d to 2020-/);
  const note = await page.textContent('#timeline-note');
  const [, lo, hi, outside] = note.match(/(\d{4}-\d\d-\d\d) to (\d{4}-\d\d-\d\d) · ([\d,]+) outside/);
  assert.ok(lo >= '2018-11-01' && hi <= '2021-02-01', `range ${lo} to ${hi}`);
  assert.ok(Number(outside.replace(',', '')) > 0);
  await page.screenshot({ path: out + 'overview.png', fullPage: true });

  // In the screenshot of the plot, bars stand over most of its width.
  const over = await (await page.$('#timeline .u-over')).boundingBox();
  const shot = await page.screenshot({ clip: { x: over.x, y: over.y, width: over.width, height: over.height } });
  const filled = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    [c.width, c.height] = [img.width, img.height];
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const px = g.getImageData(0, 0, c.width, c.height).data;
    let cols = 0;
    for (let x = 0; x < c.width; x++) {
      for (let y = 0; y < c.height; y++) {
        const i = (y * c.width + x) * 4;
        const [r, gg, b] = [px[i], px[i + 1], px[i + 2]];
        if (Math.max(r, gg, b) - Math.min(r, gg, b) > 60) { cols++; break; } // a coloured bar, not grid or paper
      }
    }
    return cols / c.width;
  }, shot.toString('base64'));
  assert.ok(filled > 0.6, `bars over ${(filled * 100).toFixed(0)}% of the plot's width`);

  // All of it on request: the axis goes back to the 1970s.
  await page.click('#range-all');
  await page.waitForFunction(() => /^events per week, 197\d/.test(document.querySelector('#timeline-note').textContent));
  await page.click('#range-dense');
  await page.waitForFunction(() => /outside/.test(document.querySelector('#timeline-note').textContent));
});

test('publication-dated days are marked in the table and the evidence', async () => {
  const days = await page.$$eval('#events tbody tr[data-key] td:first-child', (tds) => tds.map((td) => td.textContent));
  const starred = days.filter((d) => d.endsWith('*'));
  assert.ok(starred.length > days.length / 2 && starred.length < days.length, `${starred.length} of ${days.length}`);
  const row = await page.$('#events tbody tr[data-key] td:first-child .inferred');
  await row.click();
  await page.waitForSelector('#evidence dl');
  assert.match(await page.textContent('#evidence dl'), /the article's date: the text gives none/);
});

test('the map shows every precision; the network names actors without codes', async () => {
  const kinds = new Set();
  const seen = await page.evaluate(() => {
    const out = [];
    window.sitrep.places.eachLayer((m) => out.push(m.options.icon.options.className));
    return out;
  });
  for (const c of seen) kinds.add(c.split(' ')[1]);
  for (const k of ['exact', 'admin', 'country', 'inherited']) assert.ok(kinds.has(k), `no ${k} place among ${[...kinds]}`);
  const labels = await page.evaluate(() => window.sitrep.network().nodes().map((n) => n.data('label')));
  assert.ok(labels.includes('Harbour Workers Union'), labels.join('|'));
  assert.ok(labels.includes('President Alvarez'), labels.join('|'));
  assert.deepEqual(errors, []);
});
