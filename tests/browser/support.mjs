// Browser test (JS off and hydrated): a company asks for HR support (bad
// input first), staff take the case through every step, record a dated
// action and close it with an outcome; the company sees where it stands.

import assert from 'node:assert/strict';
import { open, BASE } from './session.mjs';

const s = await open('HR support');
const { page, log, go, mark, assertNoReload, submit, login, logout } = s;

await s.run(async () => {
  log('the company asks for HR support, forgetting its need and phone first');
  await login('contact@menuiserie-artois.demo.fr', '/entreprise');
  await go('/entreprise/accompagnement');
  await page.check('#kind');
  await page.fill('#description', 'Nous cherchons deux poseurs depuis trois mois, sans réponse.');
  await page.check('label:has-text("Par téléphone") >> xpath=preceding-sibling::input');
  await mark();
  await submit('Envoyer ma demande');
  await page.locator('#need-error').waitFor();
  await page.locator('#phone-error').waitFor();
  assert.equal(await page.inputValue('#description'), 'Nous cherchons deux poseurs depuis trois mois, sans réponse.');
  await assertNoReload();
  await page.selectOption('#need', 'recrutement');
  await page.fill('#phone', '03 21 00 00 00');
  await submit('Envoyer ma demande');
  await page.getByText("Votre demande est envoyée").waitFor();
  const request = page.locator('.support-request').first();
  await request.waitFor();
  assert.match(await request.textContent(), /Accompagnement RH : Recruter/);
  assert.equal(await request.locator('[aria-current="step"]').textContent(), 'Demande reçue');
  await logout();

  log('staff find the request in the queue (type filter) and open the case');
  await login('equipe.bethune@demo.prochemploi.fr', '/equipe');
  await page.selectOption('#filtre-type', 'demandes');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await page.waitForURL(/type=demandes/);
  await s.ready();
  assert.equal(await page.locator('.offer-card').count(), 0, 'offers hidden by the type filter');
  await page.getByRole('link', { name: 'Accompagnement RH : Recruter' }).first().click();
  await page.waitForURL(/\/equipe\/accompagnements\/\d+$/);
  await s.ready();
  const casePath = new URL(page.url()).pathname;

  log('staff go through diagnostic, action plan, actions and follow-up');
  for (const next of ['Diagnostic', "Plan d'action", 'Actions en cours', 'Suivi']) {
    await submit(`Passer à l'étape « ${next} »`);
    await page.locator('[aria-current="step"]', { hasText: next }).waitFor();
  }

  log('an action with an impossible date is refused, then recorded');
  await page.selectOption('#kind', 'fiche_poste');
  await page.fill('#done_on', '2027-01-12');
  await page.fill('#done_on', '');
  await submit("Enregistrer l'action");
  await page.locator('#done_on-error').waitFor();
  await page.fill('#done_on', '2027-01-12');
  await page.selectOption('#kind', 'fiche_poste');
  await submit("Enregistrer l'action");
  await page.locator('table.actions-table', { hasText: 'Réécriture de fiche de poste' }).waitFor();

  log('staff close the case with its outcome');
  await page.check('label:has-text("Besoin satisfait") >> xpath=preceding-sibling::input');
  await submit('Clôturer la demande');
  await page.locator('[aria-current="step"]', { hasText: 'Clôturée' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Clôturer la demande' }).count(), 0);
  await logout();

  log('the company sees its request closed, with the action and the outcome');
  await login('contact@menuiserie-artois.demo.fr', '/entreprise');
  await go('/entreprise/accompagnement');
  const closed = page.locator('.support-request').first();
  assert.match(await closed.textContent(), /Résultat : Besoin satisfait/);
  assert.match(await closed.textContent(), /Réécriture de fiche de poste/);
  assert.match(await closed.textContent(), /12\/01\/2027/);
  assert.equal(await closed.locator('[aria-current="step"]').textContent(), 'Clôturée');
  assert.ok(casePath.startsWith('/equipe/accompagnements/'));
  assert.ok(BASE);
});
