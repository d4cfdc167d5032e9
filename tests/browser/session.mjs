// What every browser scenario needs: a page in the chosen JS mode, console
// watching, and the small steps (go, submit, sign in and out).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch } from './browser.mjs';

export const BASE = process.env.BASE_URL;
export const MODE = process.env.JS_MODE ?? 'hydrated';
export const JS = MODE === 'hydrated';
export const PASSWORD = 'demo-prochemploi';
assert.ok(BASE, 'BASE_URL is required');

// The browser logs every 4xx answer; refused input (422), refused pages
// (403), used links (404, 409, 410) are expected; anything else is an error.
const expectedStatus = /Failed to load resource: the server responded with a status of (422|403|404|409|410)/;

/**
 * The newest e-mail delivered to `to` (through the SMTP sink) whose text
 * matches `pattern`, waited for up to `seconds`; returns the match.
 */
export async function mailMatch(to, pattern, seconds = 30) {
  const dir = process.env.MAIL_DIR;
  assert.ok(dir, 'MAIL_DIR is required (cargo xtask test starts the SMTP sink)');
  for (let i = 0; i < seconds * 4; i++) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().reverse() : [];
    for (const f of files) {
      const mail = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      if (!mail.to.includes(to)) continue;
      const m = mail.text.match(pattern);
      if (m) return m;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(`no e-mail to ${to} matching ${pattern}`);
}

/** Opens Chromium and a page; returns the page and its helpers. */
export async function open(name) {
  const browser = await launch();
  const context = await browser.newContext({ javaScriptEnabled: JS, locale: 'fr-FR' });
  const page = await context.newPage();
  const consoleErrors = [];
  const watchConsole = (p) => {
    p.on('console', (m) => {
      if (m.type() === 'error' && !expectedStatus.test(m.text())) consoleErrors.push(`${p.url()}: ${m.text()}`);
    });
    p.on('pageerror', (e) => consoleErrors.push(`${p.url()}: ${e.message}`));
  };
  watchConsole(page);
  let step = '';
  const s = {
    browser, context, page, watchConsole,
    log(text) { step = text; console.log(`[${MODE}] ${text}`); },
    async ready() { if (JS) await page.waitForSelector('html[data-hydrated]', { timeout: 15000 }); },
    async go(path) { const res = await page.goto(BASE + path); await s.ready(); return res; },
    /** Marks the window; a full page load would lose the mark. */
    async mark() { if (JS) await page.evaluate(() => { window.__noReload = 42; }); },
    async assertNoReload() {
      if (JS) assert.equal(await page.evaluate(() => window.__noReload), 42, 'the form updated without a page load');
    },
    async submit(label) {
      await page.getByRole('button', { name: label, exact: true }).click();
      if (!JS) await page.waitForLoadState('load');
    },
    async login(email, home, password = PASSWORD) {
      await s.go('/connexion');
      await page.fill('#email', email);
      await page.fill('#password', password);
      await s.submit('Se connecter');
      await page.waitForURL(BASE + home);
      await s.ready();
    },
    async logout() {
      await page.getByRole('button', { name: 'Se déconnecter' }).click();
      await page.waitForURL(BASE + '/');
      await s.ready();
      await page.getByRole('link', { name: 'Se connecter' }).first().waitFor();
    },
    /** Runs the scenario; on failure, says where and keeps a screenshot. */
    async run(scenario) {
      try {
        await scenario();
      } catch (e) {
        console.error(`[${MODE}] ${name} FAILED at step: ${step}`);
        console.error(e);
        await page.screenshot({ path: `failure-${name}-${MODE}.png`, fullPage: true }).catch(() => {});
        await browser.close();
        process.exit(1);
      }
      await browser.close();
      if (consoleErrors.length) {
        console.error(`[${MODE}] console errors:\n${consoleErrors.join('\n')}`);
        process.exit(1);
      }
      console.log(`[${MODE}] ${name} passed`);
    },
  };
  return s;
}
