// First render and interactions at 100,000 synthetic events, measured and
// written to e2e/out/perf.json (targets: first render 1.5 s, interactions
// 300 ms; a shared machine's timings are reported, not asserted).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { start } from './server.mjs';
import { measure } from './measure.mjs';

const out = new URL('./out/', import.meta.url).pathname;
let env;
before(async () => { mkdirSync(out, { recursive: true }); env = await start(100000); });
after(async () => { if (env) await env.stop(); });

test('first render and interactions at 100,000 events', async (t) => {
  const m = await measure(env, 3, 2);
  writeFileSync(out + 'perf.json', JSON.stringify(m, null, 1));
  for (const [k, v] of Object.entries(m)) t.diagnostic(`${k}: median ${v.median} ms, max ${v.max} ms (${v.all.join(', ')})`);
  for (const v of Object.values(m)) assert.ok(v.all.every((x) => x > 0));
});
