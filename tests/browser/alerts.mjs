// Browser test (JS off and hydrated): a candidate turns a search of the
// public offers into a job alert (refused without consent first, the
// search's words carried over), confirms it through the e-mailed link,
// receives the e-mail with the new matching offer once staff publish it,
// and unsubscribes in one click.

import assert from 'node:assert/strict';
import { open, BASE, MODE, mailMatch } from './session.mjs';

const s = await open('alerts');
const { page, log, go, mark, assertNoReload, submit, login, logout } = s;
const EMAIL = `alerte.${process.env.JS_MODE ?? 'x'}@exemple.fr`;

await s.run(async () => {
  log('the public search suggests job titles, then shows the neighbouring jobs');
  await go('/offres');
  if (MODE === 'hydrated') {
    await page.locator('#recherche-rome').pressSequentially('ébéni', { delay: 30 });
    await page.locator('#recherche-rome-suggestions option[value="Ébéniste (H2207)"]').waitFor({ state: 'attached' });
    await page.locator('#recherche-commune').pressSequentially('beuv', { delay: 30 });
    await page.locator('#recherche-commune-suggestions option[value="Beuvry (62660)"]').waitFor({ state: 'attached' });
  }
  await page.getByLabel('Métier ou code ROME').fill('Ébéniste (H2207)');
  await page.getByLabel('Commune').fill('Beuvry (62660)');
  await page.getByLabel("Élargir à toute l'intercommunalité (EPCI)").check();
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await page.getByText('Aucune offre pour ce métier exactement').waitFor();
  await page.getByRole('link', { name: 'Apprenti menuisier (H/F)' }).waitFor();

  log('a search becomes an alert, refused without consent first');
  await go('/offres?q=menuisier');
  await page.getByRole('link', { name: 'Recevoir par e-mail les nouvelles offres de cette recherche' }).click();
  await page.waitForURL(BASE + '/alertes?q=menuisier');
  await s.ready();
  assert.equal(await page.inputValue('#q'), 'menuisier');
  await page.fill('#commune', 'Bruay-la-Buissière');
  await page.locator('#epci').check();
  await page.getByLabel('Chaque jour').check();
  await page.fill('#email', EMAIL);
  await mark();
  await submit("Créer l'alerte");
  await page.locator('#consent-error').waitFor();
  assert.equal(await page.inputValue('#email'), EMAIL);
  await assertNoReload();
  await page.locator('#consent').check();
  await submit("Créer l'alerte");
  await page.getByText("Un e-mail de confirmation vient de vous être envoyé").waitFor();

  log('the e-mailed link confirms it');
  const confirm = (await mailMatch(EMAIL, /\/alertes\/confirmer\/[0-9a-f]{64}/))[0];
  await go(confirm);
  await submit('Confirmer mon alerte');
  await page.getByText('Votre alerte est confirmée').waitFor();

  log('staff publish a matching offer: the alert e-mails it');
  await login('equipe.bethune@demo.prochemploi.fr', '/equipe');
  await page.getByRole('link', { name: 'Menuisier poseur (H/F)' }).first().click();
  await page.waitForURL(/\/equipe\/offres\/\d+$/);
  await s.ready();
  await submit("Valider l'offre");
  await page.locator('.badge', { hasText: 'Validée' }).first().waitFor();
  await logout();
  await mailMatch(EMAIL, /Menuisier poseur \(H\/F\) — Menuiserie de l'Artois/);

  log('one click unsubscribes');
  const leave = (await mailMatch(EMAIL, /\/alertes\/desinscription\/[0-9a-f]{64}/))[0];
  await go(leave);
  await submit('Me désinscrire');
  await page.getByText('Vous êtes désinscrit').waitFor();
});
