// Browser test (JS off and hydrated): staff publish an event with one seat;
// a candidate registers (bad input first) and gets the e-mail whose link
// opens the registration; the event is full, so the next person waits; the
// first cancels and the next is promoted; staff check people in on a
// phone-sized screen; staff set seats aside for a partner, whose adviser
// registers a candidate into them.

import assert from 'node:assert/strict';
import { open, mailMatch, BASE, JS } from './session.mjs';

const s = await open('events');
const { page, log, go, mark, assertNoReload, submit, login, logout } = s;
// A stand-in for the QR reader Linux Chromium lacks (see the door scan).
await s.context.addInitScript(() => {
  window.BarcodeDetector = class {
    async detect() { return window.__qrLink ? [{ rawValue: window.__qrLink }] : []; }
  };
});
await s.context.grantPermissions(['camera']);

async function register(eventPath, name, email) {
  await go(eventPath);
  await page.fill('#full_name', name);
  await page.fill('#email', email);
  await page.selectOption('#situation', 'demandeur');
  await page.selectOption('#referrer', 'mission_locale');
  await page.fill('#answer_1', 'Oui, deux ans');
  await page.check('#consent');
  await submit("M'inscrire");
  await page.getByText("Demande d'inscription enregistrée.").waitFor();
  assert.ok(!page.url().includes('@'), 'the address stays out of the URL');
  // The registration's page is reached from the e-mail only.
  const link = (await mailMatch(email, /\/evenements\/inscription\/[0-9a-f]{64}/))[0];
  await go(link);
  return link;
}

await s.run(async () => {
  log('staff publish an event with a single seat');
  await login('equipe.bethune@demo.prochemploi.fr', '/equipe');
  await go('/equipe/evenements');
  await page.selectOption('#kind', 'job_dating');
  await page.fill('#title', 'Job dating test à une place');
  await page.fill('#date', '2099-03-16');
  await page.fill('#start_time', '09:00');
  await page.fill('#end_time', '12:00');
  await page.fill('#capacity', '1');
  await page.fill('#commune', 'Béthune (62400)');
  await page.fill('#address', 'Salle des fêtes');
  await page.fill('#question_1', 'Avez-vous une expérience dans le bois ?');
  await submit("Publier l'événement");
  await page.waitForURL(/\/evenements\/\d+\?creee=1$/);
  await s.ready();
  const eventPath = new URL(page.url()).pathname;
  const eventId = eventPath.split('/').pop();
  await page.getByText('1 place restante').waitFor();
  const jsonLd = JSON.parse(await page.locator('script[type="application/ld+json"]').textContent());
  assert.equal(jsonLd['@type'], 'Event');
  assert.equal(jsonLd.startDate, '2099-03-16T09:00:00+01:00');
  await logout();

  log('a candidate forgets the consent, then registers');
  await go(eventPath);
  await page.fill('#full_name', 'Awa Diallo');
  await page.fill('#email', 'awa@exemple.fr');
  await page.selectOption('#situation', 'demandeur');
  await page.selectOption('#referrer', 'mission_locale');
  await page.fill('#answer_1', 'Oui, deux ans');
  await mark();
  await submit("M'inscrire");
  await page.locator('#consent-error').waitFor();
  assert.equal(await page.inputValue('#full_name'), 'Awa Diallo');
  assert.equal(await page.inputValue('#answer_1'), 'Oui, deux ans');
  await assertNoReload();
  const awa = await register(eventPath, 'Awa Diallo', 'awa@exemple.fr');
  await page.getByText('Inscription confirmée.').waitFor();

  log('the event is full: the next person goes to the waiting list');
  await go(eventPath);
  await page.getByText("Complet : liste d'attente").first().waitFor();
  const bruno = await register(eventPath, 'Bruno Petit', 'bruno@exemple.fr');
  await page.getByText("Vous êtes en position 1 sur la liste d'attente.").waitFor();

  log('the confirmation e-mail (delivered) carries the registration link');
  const mail = (await mailMatch('awa@exemple.fr', /[\s\S]*agenda\.ics[\s\S]*/))[0];
  assert.ok(mail.includes(awa), 'the e-mailed link is the registration page');
  assert.ok(mail.includes(`/evenements/${eventId}/agenda.ics`), 'the e-mail links the .ics file');

  log('the first person cancels from the link; the next is promoted');
  await go(awa);
  await submit('Annuler mon inscription');
  await page.locator('#confirm-error').waitFor();
  await page.check('#confirm');
  await submit('Annuler mon inscription');
  await page.getByText('Annulée.').waitFor();
  const promoted = (await mailMatch('bruno@exemple.fr', /Bonne nouvelle[\s\S]*?(\/evenements\/inscription\/[0-9a-f]{64})/))[1];
  assert.notEqual(promoted, bruno, 'the promotion e-mail carries a new personal link');
  await go(promoted);
  await page.getByText('Inscription confirmée.').waitFor();

  log('staff check people in on a phone');
  await page.setViewportSize({ width: 360, height: 740 });
  await login('equipe.bethune@demo.prochemploi.fr', '/equipe');
  await go(`/equipe/evenements/${eventId}/pointage`);
  await page.getByText("Le pointage ouvre le jour de l'événement, le 16/03/2099").waitFor();
  assert.equal(await page.getByRole('button', { name: 'Présent : Bruno Petit' }).count(), 0, 'nobody is checked in before the day');

  log('the day after a forum, staff record who came (on a phone)');
  await go('/equipe/evenements');
  const held = page.getByRole('link', { name: "Pointage : Forum de l'emploi de Bruay-La-Buissière" });
  await go(await held.getAttribute('href'));
  await page.fill('#recherche-nom', 'bruno');
  await submit('Chercher');
  // Hydrated, the list reloads in place (and once more as the page is
  // navigated to again): wait for the search's answer.
  await page.waitForFunction(() => document.querySelectorAll('.participant').length === 1
    && document.querySelector('#recherche-nom')?.value === 'bruno');
  assert.ok(!page.url().includes('bruno'), 'the name searched stays out of the address');
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => document.querySelectorAll('.participant').length === 1);
  await submit('Présent : Bruno Petit');
  await page.locator('.participant', { hasText: 'Bruno Petit' }).locator('.participant-state', { hasText: 'Présent' }).waitFor();
  await page.getByText('1 présent(s) sur 3 inscrit(s)').waitFor();
  const pressed = page.getByRole('button', { name: 'Présent : Bruno Petit' });
  assert.equal(await pressed.getAttribute('aria-pressed'), 'true', 'the status shows on the pressed button');
  assert.equal(await page.getByRole('button', { name: 'Absent : Bruno Petit' }).getAttribute('aria-pressed'), 'false');

  log('the search ignores accents; a waiting-list person who came is admitted');
  await page.fill('#recherche-nom', 'chloe');
  await submit('Chercher');
  await page.waitForFunction(() => document.querySelectorAll('.participant').length === 1
    && document.querySelector('.participant')?.textContent.includes('Chloé Dubois'));
  await page.fill('#recherche-nom', 'KARIM');
  await submit('Chercher');
  await page.waitForFunction(() => document.querySelectorAll('.participant').length === 1
    && document.querySelector('.participant')?.textContent.includes('Karim Haddad'));
  await page.waitForLoadState('networkidle');
  await page.getByRole('button', { name: 'Admettre en surnombre : Karim Haddad' }).click();
  await page.locator('.participant', { hasText: 'Karim Haddad' }).locator('.participant-state', { hasText: 'Présent' }).waitFor();
  await page.getByText('2 présent(s) sur 4 inscrit(s)').waitFor();

  log('a door code typed in place of a scan checks Inès in');
  await page.fill('#recherche-nom', 'ines');
  await submit('Chercher');
  await page.waitForFunction(() => document.querySelectorAll('.participant').length === 1
    && document.querySelector('.participant')?.textContent.includes('Inès Martin'));
  const inesCode = (await page.locator('.participant', { hasText: 'Inès Martin' }).textContent()).match(/code ([A-Z0-9]{3}-[A-Z0-9]{3})/)[1];
  await page.fill('#recherche-nom', '');
  await submit('Chercher');
  await page.waitForFunction(() => document.querySelectorAll('.participant').length > 1);
  await page.waitForLoadState('networkidle');
  await page.fill('#code', 'ZZZ-ZZZ');
  await submit('Pointer avec le code');
  await page.locator('#code-error', { hasText: 'Aucune inscription' }).waitFor();
  assert.equal(await page.inputValue('#code'), 'ZZZ-ZZZ', 'the typed code is kept');
  await page.fill('#code', inesCode.replace('-', '').toLowerCase());
  await submit('Pointer avec le code');
  await page.locator('.participant', { hasText: 'Inès Martin' }).locator('.participant-state', { hasText: 'Présent' }).waitFor();
  await page.getByText('3 présent(s) sur 4 inscrit(s)').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Présent : Inès Martin' }).getAttribute('aria-pressed'), 'true');

  if (JS) {
    log("hydrated, the phone's camera reads Chloé's QR code");
    await page.fill('#recherche-nom', 'chloe');
    await submit('Chercher');
    await page.waitForFunction(() => document.querySelector('.participant')?.textContent.includes('Chloé Dubois')
      && document.querySelectorAll('.participant').length === 1);
    const chloeCode = (await page.locator('.participant', { hasText: 'Chloé Dubois' }).textContent()).match(/code ([A-Z0-9]{3}-[A-Z0-9]{3})/)[1];
    // Linux Chromium has a camera (a fake one here) but no QR reader: the
    // platform's BarcodeDetector is stood in for by one that reads the
    // code's link; the camera, the page's loop and its form are real.
    const checkInUrl = page.url().split('#')[0].split('?')[0];
    await page.evaluate((link) => { window.__qrLink = link; }, `${checkInUrl}?code=${chloeCode.replace('-', '')}`);
    await page.getByRole('button', { name: 'Scanner un QR code' }).click();
    await page.locator('.participant', { hasText: 'Chloé Dubois' }).locator('.participant-state', { hasText: 'Présent' }).waitFor();
    await page.getByText('4 présent(s) sur 4 inscrit(s)').waitFor();
    await page.getByRole('button', { name: 'Scanner un QR code' }).waitFor();
  } else {
    assert.equal(await page.getByRole('button', { name: 'Scanner un QR code' }).count(), 0, 'no scanner without JavaScript');
  }
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(sideways <= 0, `the check-in page fits a phone (${sideways}px too wide)`);

  log('staff set seats aside for Mission locale at the demo job dating');
  await go('/equipe/evenements');
  const reserve = page.getByRole('link', { name: 'Places partenaires : Job dating des métiers du bois' });
  const reservePath = await reserve.getAttribute('href');
  await go(reservePath);
  await page.selectOption('#partner_org_id', { label: "Mission locale de l'Artois" });
  await page.fill('#seats', 'beaucoup');
  await submit('Enregistrer');
  await page.locator('#seats-error').waitFor();
  assert.equal(await page.inputValue('#seats'), 'beaucoup');
  await page.fill('#seats', '2');
  await submit('Enregistrer');
  await page.locator('tr', { hasText: "Mission locale de l'Artois" }).waitFor();
  await logout();

  log('a France Travail adviser registers a candidate into its seats');
  await login('conseiller.ft@demo.prochemploi.fr', '/partenaire');
  await go('/partenaire/evenements');
  const card = page.locator('.card', { hasText: 'Job dating des métiers du bois' });
  await card.getByText('3 place(s) réservée(s) pour votre structure, 0 utilisée(s)').waitFor();
  await card.locator('summary').click();
  await card.locator('#full_name').fill('Karim Benali');
  await card.locator('#email').fill('karim.benali@exemple.fr');
  await card.locator('#situation').selectOption('demandeur');
  await card.locator('#referrer').selectOption('france_travail');
  await card.locator('#answer_1').fill('Deux ans en scierie');
  await card.locator('#consent').check();
  await submit('Inscrire ce candidat');
  await page.waitForURL(/\/partenaire\/evenements\?inscrit=\d+$/);
  await s.ready();
  await page.getByText('le candidat a reçu la confirmation par e-mail').waitFor();
  await page.getByText('Karim Benali — inscrit').waitFor();
  await page.getByText('3 place(s) réservée(s) pour votre structure, 1 utilisée(s)').waitFor();
  assert.ok(BASE);
  await logout();

  log('staff move the test job dating to another time: Bruno is e-mailed');
  await login('equipe.bethune@demo.prochemploi.fr', '/equipe');
  await go('/equipe/evenements');
  await go(await page.getByRole('link', { name: 'Modifier ou annuler : Job dating test à une place' }).getAttribute('href'));
  await page.getByRole('heading', { name: 'Modifier : Job dating test à une place' }).waitFor();
  await page.fill('#start_time', '10:00');
  await page.fill('#end_time', '13:00');
  await submit('Enregistrer les changements');
  await page.waitForURL(/\/equipe\/evenements\?deplace=1$/);
  await s.ready();
  await page.getByText('chaque personne inscrite a reçu un e-mail avec la nouvelle date').waitFor();
  await mailMatch('bruno@exemple.fr', /Nouvelle date[^\n]*10h/);

  log('then cancel it (the confirmation forgotten first): Bruno is told why');
  await go(`/equipe/evenements/${eventId}/modifier`);
  await page.fill('#cancel_reason', 'Salle indisponible');
  await submit("Annuler l'événement");
  await page.locator('#confirm_cancel-error').waitFor();
  assert.equal(await page.inputValue('#cancel_reason'), 'Salle indisponible');
  await page.check('#confirm_cancel');
  await submit("Annuler l'événement");
  await page.waitForURL(/\/equipe\/evenements\?annule=1$/);
  await s.ready();
  await page.getByText("L'événement est annulé").waitFor();
  await mailMatch('bruno@exemple.fr', /est annulé[\s\S]*Salle indisponible/);
});
