// Accessibility checks in headless Chromium: every page of every role is
// audited with axe-core against WCAG 2.1 A/AA rules (RGAA's basis), on a
// desktop and on a phone-sized viewport, where the page must not scroll
// sideways. Any serious or critical violation fails the run.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { launch } from './browser.mjs';
import { signIn } from './session.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const BASE = process.env.BASE_URL;
const PASSWORD = 'demo-prochemploi';
assert.ok(BASE, 'BASE_URL is required');

const browser = await launch();

const roles = [
  { who: 'public', email: null, pages: ['/', '/connexion', '/inscription', '/mentions-legales', '/donnees-personnelles', '/accessibilite', '/nulle-part', '/offres', '/offres/2', '/offre/lien/inconnu', '/offre/merci?prolongee=01-01-2027', '/evenements', '/evenements/1', '/evenements/inscription/inconnu', '/candidatures/reponse/inconnu', '/mot-de-passe-oublie', '/mot-de-passe/inconnu', '/inscription/verifiez', '/inscription/confirmer/inconnu', '/connexion/code', '/mes-donnees', '/mes-donnees/acces/inconnu', '/mes-donnees/consulter', '/mes-donnees/effacees', '/alertes', '/alertes/confirmer/inconnu', '/alertes/desinscription/inconnu'] },
  { who: 'entreprise', email: 'contact@menuiserie-artois.demo.fr', pages: ['/entreprise', '/entreprise/offres/nouvelle', '/entreprise/offres/1/modifier', '/entreprise/offres/2', '/entreprise/accompagnement', '/entreprise/candidatures'] },
  { who: 'équipe', email: 'equipe.bethune@demo.prochemploi.fr', pages: ['/equipe', '/compte', '/equipe/offres/1', '/equipe/offres/2', '/equipe/offres/2/modifier', '/equipe/courriels', '/equipe/entreprises', '/equipe/evenements', '/equipe/evenements/1/pointage', '/equipe?type=demandes', '/equipe/candidatures', '/equipe/evenements/1/places-partenaires', '/equipe/activite', '/equipe/entreprises/1', '/equipe/indicateurs', '/equipe/indicateurs/contacts', '/equipe/bilans', '/equipe/registres', '/equipe/evenements/1/modifier', '/equipe/programme', '/equipe/gouvernance', '/equipe/bilan-annuel'] },
  { who: 'partenaire', email: 'conseiller.ft@demo.prochemploi.fr', pages: ['/partenaire', '/partenaire/offres/2', '/partenaire/evenements', '/partenaire/api'] },
  { who: 'administration', email: 'admin@demo.prochemploi.fr', pages: ['/admin/comptes', '/compte', '/admin/journal', '/equipe/registres', '/admin/logo-financeur'] },
  { who: 'région', email: 'region@demo.prochemploi.fr', pages: ['/equipe/indicateurs', '/equipe/indicateurs/positions?plateforme=1', '/equipe/bilans', '/equipe/bilans?plateforme=1', '/equipe/bilan-annuel', '/equipe/bilan-annuel?plateforme=1', '/equipe/gouvernance', '/equipe/programme?plateforme=1', '/region/demandes'] },
];

const failures = [];
for (const viewport of [{ width: 1280, height: 800 }, { width: 360, height: 740 }]) {
  for (const role of roles) {
    // axe is injected as an inline script, which the portal's CSP refuses.
    const context = await browser.newContext({ viewport, locale: 'fr-FR', bypassCSP: true });
    const page = await context.newPage();
    if (role.email) {
      await signIn(page, role.email, PASSWORD, true);
    }
    for (const path of role.pages) {
      await page.goto(BASE + path);
      await page.waitForSelector('html[data-hydrated]', { timeout: 15000 });
      await page.addScriptTag({ path: AXE });
      const result = await page.evaluate(async () => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
        return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
      });
      const serious = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      for (const v of serious) failures.push(`${viewport.width}px ${role.who} ${path}: ${v.id} (${v.impact}) ${v.help} -> ${v.nodes.join(', ')}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) failures.push(`${viewport.width}px ${role.who} ${path}: the page scrolls sideways by ${overflow}px`);
      console.log(`[a11y] ${viewport.width}px ${role.who} ${path}: ${serious.length} serious violation(s)`);
    }
    await context.close();
  }
}
await browser.close();
if (failures.length) {
  console.error(`[a11y] ${failures.length} problem(s):\n${failures.join('\n')}`);
  process.exit(1);
}
console.log('[a11y] all pages passed');
