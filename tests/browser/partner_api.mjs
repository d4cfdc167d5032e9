// Browser test (JS off and hydrated): France Travail's manager creates a
// read-write token of the partner API (refused without a name first, the
// token shown once); the agency's software pulls the shared offers with it
// and posts a positioning, which the partner space then lists; the manager
// revokes the token, and the next call is refused.

import assert from 'node:assert/strict';
import { open, BASE, JS } from './session.mjs';

const s = await open('partner_api');
const { page, log, go, mark, assertNoReload, submit, login, logout } = s;

await s.run(async () => {
  log('the manager opens the API page from the menu');
  await login('conseiller.ft@demo.prochemploi.fr', '/partenaire');
  await page.getByRole('link', { name: 'API partenaires', exact: true }).click();
  await page.waitForURL(BASE + '/partenaire/api');
  await s.ready();
  await page.getByText("Votre structure n'a encore aucun jeton.").waitFor();

  log('a token needs a name; then it is created and shown once');
  await page.getByLabel('Lecture et écriture : lire les offres et positionner des candidats').check();
  await mark();
  await submit('Créer le jeton');
  await page.locator('#name-error').waitFor();
  await assertNoReload();
  await page.fill('#name', "Logiciel de l'agence");
  await submit('Créer le jeton');
  const secretBox = page.locator('code.token-secret');
  await secretBox.waitFor();
  const token = (await secretBox.textContent()).trim();
  assert.match(token, /^pe_[0-9a-f]{48}$/);
  await page.locator('table.tokens', { hasText: "Logiciel de l'agence" }).waitFor();
  await go('/partenaire/api');
  assert.equal(await page.locator('code.token-secret').count(), 0, 'shown once only');

  log("the agency's software pulls the shared offers and positions a candidate");
  const auth = { Authorization: `Bearer ${token}` };
  const pulled = await fetch(BASE + '/api-partenaires/v1/offres', { headers: auth });
  assert.equal(pulled.status, 200);
  const offer = (await pulled.json()).offers.find((o) => o.title === 'Apprenti menuisier (H/F)');
  assert.ok(offer, 'the shared offer is in the pull');
  assert.equal(offer.rome_code, 'H2206');
  const posted = await fetch(BASE + `/api-partenaires/v1/offres/${offer.id}/positionnements`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      cle: 'agence-test-0000001',
      nom: 'Karim Haddad',
      email: 'karim.haddad@exemple.fr',
      note: 'Positionné par le logiciel de l’agence',
      consentement: true,
    }),
  });
  assert.equal(posted.status, 201);
  await go(`/partenaire/offres/${offer.id}`);
  await page.getByRole('list', { name: 'Candidats positionnés' }).getByText('Karim Haddad').waitFor();

  log('the manager revokes the token; the next call is refused');
  await go('/partenaire/api');
  await page.getByRole('button', { name: "Révoquer le jeton « Logiciel de l'agence »" }).click();
  if (!JS) await page.waitForLoadState('load');
  await page.getByText('Le jeton est révoqué : il est refusé dès maintenant.').waitFor();
  await page.locator('table.tokens', { hasText: 'Révoqué le' }).waitFor();
  const refused = await fetch(BASE + '/api-partenaires/v1/offres', { headers: auth });
  assert.equal(refused.status, 401);
  await logout();
});
