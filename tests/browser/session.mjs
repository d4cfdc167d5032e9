// What every browser scenario needs: a page in the chosen JS mode, console
// watching, and the small steps (go, submit, sign in and out).

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
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

/** The demo accounts' two-factor secret (README, printed at start-up). */
export const DEMO_TOTP_SECRET = 'PROCHEMPLOIDEMOPROCHEMPLOIDEMO23';

/** The TOTP code (RFC 6238: HMAC-SHA1, 30 s, 6 digits) of a Base32 secret at a step. */
export function totpAt(secret, step) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/\s|=/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigInt64BE(BigInt(step));
  const mac = crypto.createHmac('sha1', key).update(counter).digest();
  const o = mac[19] & 0x0f;
  const n = ((mac[o] & 0x7f) << 24) | (mac[o + 1] << 16) | (mac[o + 2] << 8) | mac[o + 3];
  return String(n % 1000000).padStart(6, '0');
}

const currentStep = () => Math.floor(Date.now() / 1000 / 30);
const usedSteps = new Map();

/**
 * The demo authenticator code to type for `email`: a code serves once per
 * account, so each sign-in takes a later step than the last (the server
 * accepts the next step too), waiting for the clock when needed.
 */
export async function demoCode(email) {
  const step = Math.max(currentStep(), (usedSteps.get(email) ?? 0) + 1);
  while (step > currentStep() + 1) await new Promise((r) => setTimeout(r, 500));
  usedSteps.set(email, step);
  return totpAt(DEMO_TOTP_SECRET, step);
}

/**
 * Signs in on `page` with a password and, for the platform's side, the
 * demo's authenticator code.
 */
export async function signIn(page, email, password, js) {
  await page.goto(BASE + '/connexion');
  if (js) await page.waitForSelector('html[data-hydrated]', { timeout: 15000 });
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
  if (!js) await page.waitForLoadState('load');
  await page.waitForURL((url) => !url.pathname.startsWith('/connexion') || url.pathname === '/connexion/code');
  if (new URL(page.url()).pathname !== '/connexion/code') return;
  if (js) await page.waitForSelector('html[data-hydrated]', { timeout: 15000 });
  await page.getByRole('heading', { name: 'Code de vérification' }).waitFor();
  await page.fill('#code', await demoCode(email));
  await page.getByRole('button', { name: 'Valider le code', exact: true }).click();
  if (!js) await page.waitForLoadState('load');
  await page.waitForURL((url) => url.pathname !== '/connexion/code');
}

/** Opens Chromium and a page; returns the page and its helpers. */
export async function open(name) {
  const browser = await launch();
  // Through the test proxy (https), its certificate is made for the run.
  const https = BASE.startsWith('https:');
  const context = await browser.newContext({ javaScriptEnabled: JS, locale: 'fr-FR', ignoreHTTPSErrors: https });
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
      await signIn(page, email, password, JS);
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
