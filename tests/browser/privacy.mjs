// Browser test (JS off and hydrated) of the GDPR annex: a candidate who
// applied asks « Mes données » for a link, opens it once, sees and
// downloads their data, erases it (the confirmation forgotten first); the
// platform's staff find the request in the register with its 72-hour
// deadline, log a request received by letter and mark it forwarded; a
// company user downloads the company's data and closes their account.

import assert from 'node:assert/strict';
import { open, mailMatch, BASE, PASSWORD } from './session.mjs';

const s = await open('privacy');
const { page, log, go, submit, login, logout } = s;
const COMPANY = 'contact@menuiserie-artois.demo.fr';
const EMAIL = 'awa.privacy@exemple.fr';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n');

await s.run(async () => {
  log('a candidate applies with a CV');
  await go('/offres/2');
  await page.fill('#full_name', 'Awa Diallo');
  await page.fill('#email', EMAIL);
  await page.fill('#phone', '06 12 34 56 78');
  await page.setInputFiles('#cv', { name: 'cv.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.check('#consent');
  await submit('Envoyer ma candidature');
  await page.waitForURL(/\/offres\/2\?candidature=envoyee/);
  await s.ready();

  log('« Mes données » from the footer: a link is sent, the address stays out of the URL');
  await page.getByRole('link', { name: /Mes données : consulter/ }).click();
  await page.waitForURL(BASE + '/mes-donnees');
  await s.ready();
  await page.fill('#email', 'pas-une-adresse');
  await submit('Recevoir le lien');
  await page.locator('#email-error').waitFor();
  assert.equal(await page.inputValue('#email'), 'pas-une-adresse');
  await page.fill('#email', EMAIL);
  await submit('Recevoir le lien');
  await page.getByText('Si nous détenons des données liées à cette adresse').waitFor();
  assert.ok(!page.url().includes('exemple'), 'no address in the URL');

  log('the e-mailed link opens the data once');
  const link = (await mailMatch(EMAIL, /\/mes-donnees\/acces\/[0-9a-f]{64}/))[0];
  await go(link);
  await page.getByRole('heading', { name: 'Accéder à mes données' }).waitFor();
  await submit('Afficher mes données');
  await page.waitForURL(BASE + '/mes-donnees/consulter');
  await s.ready();
  await page.getByRole('heading', { name: 'Mes données', exact: true }).waitFor();
  await page.getByText('06 12 34 56 78').waitFor();
  await page.getByText(/transmise à l'employeur/).first().waitFor();
  await page.getByText('Oui, conservé de façon chiffrée').waitFor();
  const reused = await page.context().newPage();
  const again = await reused.goto(BASE + link);
  assert.equal(again.status(), 404, 'the link serves once');
  await reused.close();

  log('the JSON download holds the same data');
  const href = await page.getByRole('link', { name: 'Télécharger mes données (JSON)' }).getAttribute('href');
  const res = await page.request.get(BASE + href);
  assert.equal(res.status(), 200);
  const json = await res.json();
  assert.equal(json.email, EMAIL);
  assert.equal(json.applications[0].phone, '06 12 34 56 78');

  log('erasure asks for the confirmation, then erases');
  await submit('Effacer définitivement mes données');
  await page.locator('#confirm-error').waitFor();
  assert.match(await page.textContent('#confirm-error'), /Cochez la case/);
  await page.check('#confirm');
  await submit('Effacer définitivement mes données');
  await page.waitForURL(BASE + '/mes-donnees/effacees');
  await s.ready();
  await page.getByRole('heading', { name: 'Vos données ont été effacées' }).waitFor();
  const after = await page.request.get(BASE + href);
  assert.equal(after.status(), 401, 'the rights session ended');

  log('staff see the requests to forward, with their deadline');
  await login('equipe.bethune@demo.prochemploi.fr', '/equipe');
  await page.getByText(/demande\(s\) à transmettre à la Région/).waitFor();
  await page.getByRole('link', { name: 'Ouvrir les registres' }).click();
  await page.waitForURL(BASE + '/equipe/registres');
  await s.ready();
  const erasure = page.locator('tr', { hasText: 'Effacement' }).filter({ hasText: EMAIL });
  await erasure.waitFor();
  assert.match(await erasure.textContent(), /libre-service/);

  log('staff log a request received by letter (the requester forgotten first)');
  await page.fill('#received', '2026-11-20');
  await page.fill('#received_time', '09:30');
  await page.selectOption('#kind', 'access');
  await submit('Enregistrer la demande');
  await page.locator('#requester-error').waitFor();
  assert.equal(await page.inputValue('#received_time'), '09:30');
  await page.fill('#requester', 'Jean Moulin');
  await submit('Enregistrer la demande');
  await page.getByText('La demande est inscrite au registre.').waitFor();
  const row = page.locator('tr', { hasText: 'Jean Moulin' });
  await row.waitFor();
  const text = await row.textContent();
  assert.match(text, /23\/11\/2026 à 09h30/, 'deadline: 72 hours after receipt');
  assert.match(text, /En retard/);

  log('staff mark it forwarded to the Région');
  await row.getByRole('button', { name: /^Marquer transmise : Jean Moulin/ }).click();
  await page.locator('tr', { hasText: 'Jean Moulin' }).getByRole('button', { name: /Marquer transmise/ }).waitFor({ state: 'detached' });
  assert.doesNotMatch(await page.locator('tr', { hasText: 'Jean Moulin' }).textContent(), /En retard/);
  await logout();

  log('a company user downloads the company data, then closes their account');
  await login(COMPANY, '/entreprise');
  await go('/compte');
  const companyHref = await page.getByRole('link', { name: "Télécharger les données de l'entreprise (JSON)" }).getAttribute('href');
  const companyRes = await page.request.get(BASE + companyHref);
  assert.equal(companyRes.status(), 200);
  assert.equal((await companyRes.json()).entreprise.nom, "Menuiserie de l'Artois");
  await page.fill('#close_password', 'pas le bon');
  await submit('Fermer mon compte');
  await page.locator('#close_password-error').waitFor();
  await page.locator('#confirm_close-error').waitFor();
  await page.fill('#close_password', PASSWORD);
  await page.check('#confirm_close');
  await submit('Fermer mon compte');
  await page.waitForURL(/\/compte\/ferme/);
  await page.getByRole('heading', { name: 'Votre compte est fermé' }).waitFor();

  log('the closed account can no longer sign in');
  await go('/connexion');
  await page.fill('#email', COMPANY);
  await page.fill('#password', PASSWORD);
  await submit('Se connecter');
  await page.locator('#password-error').waitFor();
});
