// Browser test (JS off and hydrated): a candidate applies to a public offer
// with a PDF CV (forgetting the consent first), staff propose the candidate
// to the employer, and the company records the interview and the hire.

import assert from 'node:assert/strict';
import { open, BASE } from './session.mjs';

const s = await open('applications');
const { page, log, go, submit, login, logout } = s;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n');

function card(name) {
  return page.locator('.application', { hasText: name });
}

await s.run(async () => {
  log('a candidate forgets the consent; the form comes back filled');
  await go('/offres/2');
  await page.fill('#full_name', 'Awa Diallo');
  await page.fill('#email', 'awa@exemple.fr');
  await page.fill('#message', 'Menuisière depuis cinq ans.');
  await submit('Envoyer ma candidature');
  await page.locator('#consent-error').waitFor();
  assert.equal(await page.inputValue('#full_name'), 'Awa Diallo');
  assert.equal(await page.inputValue('#message'), 'Menuisière depuis cinq ans.');

  log('the candidate applies with a PDF CV');
  await page.setInputFiles('#cv', { name: 'cv.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.check('#consent');
  await submit('Envoyer ma candidature');
  await page.waitForURL(/\/offres\/2\?candidature=envoyee/);
  await s.ready();
  await page.getByText('Votre candidature est envoyée.').waitFor();

  log('staff propose the candidate to the employer');
  await login('equipe.bethune@demo.prochemploi.fr', '/equipe');
  await go('/equipe/candidatures');
  assert.match(await card('Awa Diallo').textContent(), /Reçue/);
  await card('Awa Diallo').getByRole('button', { name: "Proposer à l'employeur" }).click();
  await card('Awa Diallo').locator('.badge', { hasText: "Proposée à l'employeur" }).waitFor();
  await logout();

  log('the company sees the profile and its CV, then records the interview and the hire');
  await login('contact@menuiserie-artois.demo.fr', '/entreprise');
  await go('/entreprise/candidatures');
  const cv = await card('Awa Diallo').getByRole('link', { name: 'Télécharger le CV (PDF)' }).getAttribute('href');
  const res = await page.request.get(BASE + cv);
  assert.equal(res.status(), 200);
  await card('Awa Diallo').getByRole('button', { name: 'Entretien prévu' }).click();
  await card('Awa Diallo').locator('.badge', { hasText: 'Entretien' }).waitFor();
  await card('Awa Diallo').getByRole('button', { name: 'Recruté' }).click();
  await card('Awa Diallo').locator('.badge', { hasText: 'Recrutée' }).waitFor();
  await logout();

  log('staff see the hire');
  await login('equipe.bethune@demo.prochemploi.fr', '/equipe');
  await go('/equipe/candidatures');
  assert.match(await card('Awa Diallo').textContent(), /Recrutée/);
});
