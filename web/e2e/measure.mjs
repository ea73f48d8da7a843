// Measures the dashboard in chromium: first render (navigation to the first
// frame with map, timeline, network and table drawn) over fresh page loads,
// and interactions (filter, brush, place click, actor click, clear: from the
// start of the refresh they cause to the frame that shows it).
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

export async function measure(env, loads = 3, rounds = 3) {
  // Let the server build its index first, as it does at start-up.
  await fetch(env.url + 'api/stats');
  const first = [];
  let page;
  for (let i = 0; i < loads; i++) {
    if (page) await page.close();
    page = await env.browser.newPage();
    await page.goto(env.url);
    await page.waitForSelector('body[data-ready=true]', { timeout: 60000 });
    first.push(Math.round(await page.evaluate(() => performance.getEntriesByName('sitrep-first-render')[0].startTime)));
  }
  const timed = async (fn) => {
    const n = await page.evaluate(() => window.sitrepTimings.length);
    await fn();
    await page.waitForFunction((k) => window.sitrepTimings.length > k && document.body.dataset.ready === 'true', n, { timeout: 60000 });
    return page.evaluate(() => window.sitrepTimings[window.sitrepTimings.length - 1]);
  };
  const clear = () => timed(() => page.click('button[type=reset]'));
  const actions = {
    filter: () => timed(async () => { await page.selectOption('select[name=type]', 'ASSAULT'); await page.click('button[type=submit]'); }),
    brush: async () => {
      const b = await (await page.$('#timeline .u-over')).boundingBox();
      return timed(async () => {
        await page.mouse.move(b.x + b.width * 0.3, b.y + b.height / 2);
        await page.mouse.down();
        await page.mouse.move(b.x + b.width * 0.6, b.y + b.height / 2, { steps: 4 });
        await page.mouse.up();
      });
    },
    place: async () => {
      await page.evaluate(() => { window.sitrep.map.setView([34.5, 69.2], 7, { animate: false }); });
      const k = await page.evaluate(() => {
        const m = window.sitrep.map;
        const p = m.latLngToContainerPoint([34.528, 69.172]);
        const r = m.getContainer().getBoundingClientRect();
        return { x: r.left + p.x, y: r.top + p.y };
      });
      await page.waitForFunction((p) => document.elementFromPoint(p.x, p.y)?.classList.contains('place'), k);
      return timed(() => page.mouse.click(k.x, k.y));
    },
    actor: async () => {
      const p = await page.evaluate(() => {
        const cy = window.sitrep.network();
        const n = cy.nodes().sort((a, b) => b.data('count') - a.data('count'))[0];
        const r = cy.container().getBoundingClientRect();
        return { x: r.left + n.renderedPosition().x, y: r.top + n.renderedPosition().y };
      });
      return timed(() => page.mouse.click(p.x, p.y));
    },
  };
  const interactions = { clear: [] };
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of Object.entries(actions)) {
      (interactions[name] ||= []).push(Math.round(await fn()));
      interactions.clear.push(Math.round(await clear()));
    }
  }
  await page.close();
  const summary = { first: { median: median(first), max: Math.max(...first), all: first } };
  for (const [k, v] of Object.entries(interactions)) summary[k] = { median: median(v), max: Math.max(...v), all: v };
  return summary;
}
