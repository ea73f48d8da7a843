// Measures the dashboard's first render and interactions in chromium over a
// database of synthetic events (default 100,000). Run: npm run perf [--
// EVENTS [LOADS]] (in web/, after npm ci).
import { start } from './server.mjs';
import { measure } from './measure.mjs';

const events = Number(process.argv[2] || 100000);
const loads = Number(process.argv[3] || 7);
const env = await start(events);
try {
  const m = await measure(env, loads);
  for (const [k, v] of Object.entries(m)) console.log(`${k} with ${events} events: median ${v.median} ms, max ${v.max} ms (all: ${v.all.join(', ')})`);
} finally {
  await env.stop();
}
