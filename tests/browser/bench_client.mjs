// Benchmark (not a test): the first visit of each public page in headless
// Chromium with an empty cache and the CPU slowed 4x (a mid-range phone):
// bytes transferred (HTML + CSS + JS + wasm, as sent on the wire) and the
// time from the start of the navigation until the page is ready
// (`html[data-hydrated]`, the loader's `pe-hydrated` mark). Where the page has
// lazy islands (suggestions, password toggle), the person then reaches the
// first one: the bytes that brings and the time until it is hydrated.
// Each page is visited RUNS times (default 7, round by round, after one
// visit that starts the browser); prints one JSON line per page: medians,
// and the worst times, and whether the page meets the target of issue 15
// (at most 150 KB on the wire, ready in less than 300 ms).
//
// With NGINX_BIN (the nginx binary) and SITE_ROOT (the portal's site
// folder), each page's very bytes are also served by nginx (its HTML as the
// portal sent it, the same /pkg files, their gzip forms) and visited the
// same way: the baseline, the floor of any page of that size in this
// browser.
//
// BASE_URL=http://127.0.0.1:3000 PAGES="/ /offres" node bench_client.mjs
// (add NGINX_BIN=/usr/sbin/nginx SITE_ROOT=target/site for the baseline)

import { spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from './browser.mjs';

const BASE = process.env.BASE_URL;
const pages = (process.env.PAGES ?? '/ /offres').split(/\s+/).filter(Boolean);
const RUNS = Number(process.env.RUNS ?? 7);
/** The targets of a first visit: bytes on the wire, time until ready. */
const TARGET_KB = 150;
const TARGET_MS = 300;

/** One first visit of `path` in a new context (empty cache). */
async function visit(browser, url, path) {
  const context = await browser.newContext({ locale: 'fr-FR' });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    let bytes = 0;
    cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
    await page.goto(url + path);
    await page.waitForSelector('html[data-hydrated]', { timeout: 60000 });
    // From the start of the navigation, as the page itself measures it.
    // Beside it, when the browser had parsed the page (DOMContentLoaded):
    // the floor for any page of that size under this throttle.
    const [hydrated, parsed] = await page.evaluate(() => [
      performance.getEntriesByName('pe-hydrated')[0]?.startTime,
      performance.getEntriesByType('navigation')[0]?.domContentLoadedEventStart,
    ]);
    await page.waitForLoadState('networkidle');
    const run = { kb: bytes / 1024, hydratedMs: hydrated, parsedMs: parsed };
    const lazy = page.locator('[data-pe-lazy] leptos-island').first();
    if (await lazy.count()) {
      const before = bytes;
      const reached = await page.evaluate(() => performance.now());
      await page.locator('[data-pe-lazy]').first().locator('input, button').first().focus();
      await page.waitForSelector('[data-pe-lazy] leptos-island[data-ready]', { timeout: 60000 });
      const ready = await page.evaluate(() => performance.getEntriesByName('pe-island')[0]?.startTime);
      run.islandMs = ready - reached;
      await page.waitForLoadState('networkidle');
      run.islandKb = (bytes - before) / 1024;
    }
    return run;
  } finally {
    await context.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A free port on the loopback. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** nginx serving the pages' HTML (fetched from the portal) and the site
 * folder; returns its base URL and a function that stops it. */
async function baseline() {
  if (!process.env.NGINX_BIN || !process.env.SITE_ROOT) return null;
  const dir = mkdtempSync(join(tmpdir(), 'pe-first-visit-'));
  // nginx's workers run as another user when started by root.
  chmodSync(dir, 0o755);
  const files = join(dir, 'files');
  cpSync(process.env.SITE_ROOT, files, { recursive: true });
  for (const path of pages) {
    const html = await (await fetch(BASE + path)).text();
    mkdirSync(join(files, path), { recursive: true });
    writeFileSync(join(files, path, 'index.html'), html);
  }
  mkdirSync(join(dir, 'tmp'));
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, `daemon off; worker_processes 2; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events { worker_connections 1024; }
http { access_log off; sendfile on; tcp_nodelay on; gzip_static on; include /etc/nginx/mime.types;
  client_body_temp_path ${dir}/tmp; proxy_temp_path ${dir}/tmp; fastcgi_temp_path ${dir}/tmp;
  uwsgi_temp_path ${dir}/tmp; scgi_temp_path ${dir}/tmp;
  server { listen 127.0.0.1:${port}; root ${files}; location / { index index.html; try_files $uri $uri/index.html $uri/ =404; } } }
`);
  // nginx reads NGINX itself (sockets to inherit).
  const env = { ...process.env };
  delete env.NGINX;
  const child = spawn(process.env.NGINX_BIN, ['-c', conf, '-p', dir], { env, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url + pages[0])).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    stop: () => {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The medians (and worst times) of a page's visits. */
function summary(runs) {
  const line = {};
  for (const key of ['kb', 'hydratedMs', 'parsedMs', 'islandMs', 'islandKb']) {
    const xs = runs.map((r) => r[key]).filter((x) => typeof x === 'number');
    if (xs.length === 0) continue;
    line[key] = Math.round(median(xs));
    if (key.endsWith('Ms')) line[`${key}Worst`] = Math.round(Math.max(...xs));
  }
  return line;
}

const base = await baseline();
const browser = await launch();
try {
  // The browser's own first start is not a visit of the portal.
  await visit(browser, BASE, pages[0]);
  // Round by round (each page once a round, on the portal then on nginx),
  // so that the browser's drift over the run weighs on every page alike.
  const portal = new Map(pages.map((p) => [p, []]));
  const nginx = new Map(pages.map((p) => [p, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const path of pages) {
      portal.get(path).push(await visit(browser, BASE, path));
      if (base) nginx.get(path).push(await visit(browser, base.url, path));
    }
  }
  for (const path of pages) {
    const line = { path, runs: RUNS, ...summary(portal.get(path)) };
    if (base) {
      const b = summary(nginx.get(path));
      line.nginx = { kb: b.kb, hydratedMs: b.hydratedMs, hydratedMsWorst: b.hydratedMsWorst };
    }
    line.objectif = `≤ ${TARGET_KB} Ko, < ${TARGET_MS} ms : ${
      line.kb <= TARGET_KB && line.hydratedMs < TARGET_MS ? 'atteint' : 'NON ATTEINT'
    }`;
    console.log(JSON.stringify(line));
  }
} finally {
  await browser.close();
  base?.stop();
}
