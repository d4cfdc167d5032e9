// Benchmark (not a test): the first visit of each public page in headless
// Chromium with an empty cache and the CPU slowed 4x (a mid-range phone):
// bytes transferred (HTML + CSS + JS + wasm, as sent on the wire) and the
// time from the start of the navigation until the page is ready
// (`html[data-hydrated]`, the loader's `pe-hydrated` mark). Where the page has
// lazy islands (suggestions, password toggle), the person then reaches the
// first one: the bytes that brings and the time until it is hydrated.
// Each page is visited RUNS times (default 7, round by round, after one
// visit that starts the browser); prints one JSON line per page: medians,
// and the worst times.
//
// BASE_URL=http://127.0.0.1:3000 PAGES="/ /offres" node bench_client.mjs

import { launch } from './browser.mjs';

const BASE = process.env.BASE_URL;
const pages = (process.env.PAGES ?? '/ /offres').split(/\s+/).filter(Boolean);
const RUNS = Number(process.env.RUNS ?? 7);

/** One first visit of `path` in a new context (empty cache). */
async function visit(browser, path) {
  const context = await browser.newContext({ locale: 'fr-FR' });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    let bytes = 0;
    cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
    await page.goto(BASE + path);
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

const browser = await launch();
try {
  // The browser's own first start is not a visit of the portal.
  await visit(browser, pages[0]);
  // Round by round (each page once a round), so that the browser's drift
  // over the run weighs on every page alike.
  const runsOf = new Map(pages.map((p) => [p, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const path of pages) runsOf.get(path).push(await visit(browser, path));
  }
  for (const [path, runs] of runsOf) {
    const line = { path, runs: RUNS };
    for (const key of ['kb', 'hydratedMs', 'parsedMs', 'islandMs', 'islandKb']) {
      const xs = runs.map((r) => r[key]).filter((x) => typeof x === 'number');
      if (xs.length === 0) continue;
      line[key] = Math.round(median(xs));
      if (key.endsWith('Ms')) line[`${key}Worst`] = Math.round(Math.max(...xs));
    }
    console.log(JSON.stringify(line));
  }
} finally {
  await browser.close();
}
