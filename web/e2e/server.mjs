// Starts `sitrep serve` on a free loopback port over a database that gendb
// fills with synthetic events, and Debian's chromium with a fresh profile.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const repo = new URL('../../', import.meta.url).pathname;

export const chromiumFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// start builds the binaries, makes a database of n events (shaped like a
// news corpus with news: true, see sqlitetest.NewsDocument) and serves it.
export async function start(n, { news = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-e2e-'));
  execFileSync('go', ['build', '-o', join(dir, 'sitrep'), './cmd/sitrep'], { cwd: repo, stdio: 'inherit' });
  execFileSync('go', ['build', '-o', join(dir, 'gendb'), './sqlite/sqlitetest/gendb'], { cwd: repo, stdio: 'inherit' });
  execFileSync(join(dir, 'gendb'), ['-db', join(dir, 'e2e.db'), '-events', String(n), ...(news ? ['-news'] : [])], { stdio: 'inherit' });
  const srv = spawn(join(dir, 'sitrep'), ['serve', '--db', join(dir, 'e2e.db'), '--addr', '127.0.0.1:0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const url = await new Promise((resolve, reject) => {
    let err = '';
    srv.stderr.on('data', (b) => {
      err += b;
      const m = err.match(/on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) resolve(m[1] + '/');
    });
    srv.on('exit', (code) => reject(new Error(`sitrep serve exited ${code}: ${err}`)));
  });
  const profile = join(dir, 'profile');
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: chromiumFlags,
    viewport: { width: 1440, height: 1100 },
  });
  return {
    url, browser, dir,
    async stop() {
      await browser.close();
      srv.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
