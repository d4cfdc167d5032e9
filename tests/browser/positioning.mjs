// Browser test (JS off and hydrated): a France Travail adviser positions a
// named candidate on the offer shared with the agency (« Nouveau » until the
// adviser opens it; refused without the candidate's consent, keeping what
// was typed; a double click records one positioning); the company sees who
// the partner sent and plans an interview (the adviser is told by e-mail);
// the adviser records the hire; the staff ledger, the company's view of its
// offer's reach and the indicator show it; the company closes the offer and
// the adviser is told at once, the offer staying readable with its status.

import assert from 'node:assert/strict';
import { open, JS, BASE, mailMatch } from './session.mjs';

const s = await open('positioning');
const { page, log, go, mark, assertNoReload, submit, login, logout } = s;
const ADVISER = 'conseiller.ft@demo.prochemploi.fr';
const COMPANY = 'contact@menuiserie-artois.demo.fr';
const STAFF = 'equipe.bethune@demo.prochemploi.fr';
const TITLE = 'Apprenti menuisier (H/F)';
const year = Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' }).slice(0, 4));

await s.run(async () => {
  log('the shared offer is new to the adviser, even after a filter');
  await login(ADVISER, '/partenaire');
  const card = () => page.locator('.offer-card', { hasText: TITLE });
  await card().locator('.badge-new').waitFor();
  await page.getByLabel('Mots-clés (poste, commune, entreprise)').fill('menuisier');
  await submit('Filtrer');
  await page.waitForURL(/\/partenaire\?/);
  await s.ready();
  await card().locator('.badge-new').waitFor();
  await page.getByRole('link', { name: TITLE }).click();
  await page.waitForURL(/\/partenaire\/offres\/\d+$/);
  await s.ready();
  const offerPath = new URL(page.url()).pathname;
  const offerId = offerPath.split('/').pop();
  await page.getByText('Aucun candidat positionné pour le moment.').waitFor();

  log('positioning without the consent is refused, the fields kept');
  await page.getByLabel('Prénom et nom du candidat').fill('Jeanne Martin');
  await page.getByLabel('Adresse e-mail du candidat').fill('jeanne.martin@exemple.fr');
  await page.getByLabel('Téléphone du candidat').fill('06 12 34 56 78');
  await page.getByLabel("Note pour l'entreprise").fill('CAP menuiserie obtenu, très motivée.');
  await mark();
  await submit('Positionner ce candidat');
  await page.locator('#consent-error').waitFor();
  assert.equal(await page.inputValue('#full_name'), 'Jeanne Martin');
  assert.equal(await page.inputValue('#email'), 'jeanne.martin@exemple.fr');
  await assertNoReload();

  log('with the consent, a double click positions her once');
  await page.locator('#consent').check();
  await page.getByRole('button', { name: 'Positionner ce candidat', exact: true }).dblclick();
  if (!JS) await page.waitForLoadState('load');
  await page.getByText("Le candidat est positionné : l'entreprise est prévenue par e-mail.").waitFor();
  await s.ready();
  const list = page.getByRole('list', { name: 'Candidats positionnés' });
  await list.getByText('Jeanne Martin').waitFor();
  assert.equal(await list.locator('li', { hasText: 'Jeanne Martin' }).count(), 1, 'one positioning');
  await list.getByText("Envoyé à l'entreprise").waitFor();
  assert.equal(await page.inputValue('#full_name'), '', 'the form is empty again');
  await go('/partenaire');
  assert.equal(await card().locator('.badge-new').count(), 0, 'no longer new once opened');
  await logout();

  log('the company sees who the partner sent and plans an interview');
  await mailMatch(COMPANY, /vous présente Jeanne Martin/);
  await login(COMPANY, '/entreprise');
  await go('/entreprise/candidatures');
  const application = page.locator('li.application', { hasText: 'Jeanne Martin' });
  await application.getByText('Présenté par un conseiller de France Travail Béthune').waitFor();
  await application.getByRole('button', { name: 'Entretien prévu' }).click();
  if (!JS) await page.waitForLoadState('load');
  await page.locator('li.application[data-status="interview"]', { hasText: 'Jeanne Martin' }).waitFor();
  await logout();

  log('the adviser is told, and records the hire');
  await mailMatch(ADVISER, /Jeanne Martin que vous avez\s+positionné en est maintenant à l'étape : Entretien/);
  await login(ADVISER, '/partenaire');
  await go(offerPath);
  const mine = page.getByRole('list', { name: 'Candidats positionnés' }).locator('li', { hasText: 'Jeanne Martin' });
  await mine.getByText('Entretien', { exact: true }).waitFor();
  await mine.getByRole('button', { name: 'Recruté' }).click();
  if (!JS) await page.waitForLoadState('load');
  await page.getByRole('list', { name: 'Candidats positionnés' }).locator('li[data-status="hired"]', { hasText: 'Jeanne Martin' }).waitFor();
  await logout();

  log('the staff ledger and the indicator count the hire');
  await login(STAFF, '/equipe');
  await go(`/equipe/offres/${offerId}`);
  const row = page.locator('table.ledger tr', { hasText: 'France Travail Béthune' });
  assert.deepEqual((await row.locator('td').allTextContents()).slice(-2), ['1', '1'], 'positioned 1, hired 1');
  await go(`/equipe/indicateurs/hired?annee=${year}`);
  await page.locator('td', { hasText: 'positionné par France Travail Béthune' }).waitFor();
  await logout();

  log('the company sees its offer reach partners, then closes it');
  await login(COMPANY, '/entreprise');
  await go(`/entreprise/offres/${offerId}`);
  const reach = page.locator('table.reach tr', { hasText: 'France Travail' });
  assert.deepEqual(await reach.locator('td').allTextContents(), ['1', '1', '1', '1']);
  await page.getByLabel("Pourvue : j'ai recruté").check();
  await page.getByLabel('Si pourvue : nombre de personnes recrutées').fill('1');
  await page.getByLabel('Oui, grâce à la plateforme ou à ses partenaires').check();
  await submit("Clôturer l'offre");
  await page.waitForURL(BASE + '/entreprise?cloturee=1');
  await s.ready();
  await logout();

  log('the adviser is told at once; the offer stays readable, closed');
  await mailMatch(ADVISER, new RegExp(`L'offre « ${TITLE.replace(/[()]/g, '\\$&')} » de Menuiserie de l'Artois, sur laquelle vous avez positionné\\s+1 candidat, est clôturée : pourvue`));
  await login(ADVISER, '/partenaire');
  await card().getByText('Pourvue').waitFor();
  await go(offerPath);
  await page.getByText('Cette offre est clôturée').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Positionner ce candidat' }).count(), 0);
  await page.getByRole('list', { name: 'Candidats positionnés' }).getByText('Recruté').waitFor();
  await logout();

  log('the company answers the outcome survey e-mailed after the closing');
  const survey = (await mailMatch(COMPANY, /Votre offre « Apprenti menuisier \(H\/F\) » est pourvue[\s\S]*?(\/offre\/enquete\/[0-9a-f]{64})/))[1];
  await go(survey);
  await page.getByRole('heading', { name: /avez-vous recruté \?/ }).waitFor();
  await page.getByLabel('Oui', { exact: true }).check();
  await mark();
  await submit('Envoyer ma réponse');
  await page.locator('#hires-error').waitFor();
  await assertNoReload();
  await page.getByLabel('Si oui : nombre de personnes recrutées').fill('1');
  await page.getByLabel(/Un candidat présenté par un partenaire/).check();
  await page.getByLabel('Si un partenaire vous a présenté la personne : lequel ?').selectOption({ label: 'France Travail Béthune' });
  await submit('Envoyer ma réponse');
  await page.getByRole('heading', { name: 'Merci pour votre réponse' }).waitFor();
  await login(STAFF, '/equipe');
  await go(`/equipe/offres/${offerId}`);
  await page.getByRole('heading', { name: 'Enquête de clôture' }).waitFor();
  await page.getByText('1 personne recrutée.').waitFor();
  await logout();
});
