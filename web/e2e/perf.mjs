// Measures the dashboard's first render in chromium over a database of
// synthetic events (default 100,000): the time from navigation to the end of
// the first draw of map, timeline, network and table, over several fresh
// page loads. Run: npm run perf [-- EVENTS [LOADS]] (in web/, after npm ci).
import { start } from './server.mjs';

const events = Number(process.argv[2] || 100000);
const loads = Number(process.argv[3] || 7);
const env = await start(events);
try {
  // Let the server build its index first, as it does at start-up.
  await fetch(env.url + 'api/stats');
  const times = [];
  for (let i = 0; i < loads; i++) {
    const page = await env.browser.newPage();
    await page.goto(env.url);
    await page.waitForSelector('body[data-ready=true]', { timeout: 60000 });
    const t = await page.evaluate(() => performance.getEntriesByName('sitrep-first-render')[0].startTime);
    times.push(Math.round(t));
    await page.close();
  }
  times.sort((a, b) => a - b);
  console.log(`first render with ${events} events, ${loads} loads: median ${times[loads >> 1]} ms, max ${times[loads - 1]} ms (all: ${times.join(', ')})`);
} finally {
  await env.stop();
}
