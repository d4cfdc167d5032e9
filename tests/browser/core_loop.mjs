// Browser test of the core loop, in headless Chromium, run twice by
// `cargo xtask test`: JS_MODE=js-off (pure server rendering, plain form
// posts) and JS_MODE=hydrated (the wasm client; forms update in place).
//
// A company signs up (bad SIRET first), submits an offer (bad input first),
// staff approve it and share it with France Travail, the France Travail user
// opens it (the ledger records it), the Mission locale user cannot, and the
// company sees its offer validated. No console errors are allowed.

import assert from 'node:assert/strict';
import { open, mailMatch, BASE, JS } from './session.mjs';

const s = await open('core loop');
const { page, context, watchConsole, log, ready, go, mark, assertNoReload, submit, login, logout } = s;

await s.run(async () => {
  log('home page is French and shows the Région support');
  const res = await go('/');
  assert.equal(res.status(), 200);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.match(await page.title(), /Proch'Emploi/);
  assert.match(await page.textContent('footer'), /Région Hauts-de-France/);

  if (JS) {
    log('hydration: the password toggle reacts without a page load');
    await go('/connexion');
    await mark();
    // A lazy island: the click that reaches it first fetches the client,
    // hydrates it, then happens.
    assert.equal(await page.evaluate(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('.wasm'))), false,
      'no WebAssembly before the toggle is reached');
    await page.getByRole('button', { name: 'Afficher le mot de passe' }).click();
    await page.locator('#password[type="text"]').waitFor();
    await page.getByRole('button', { name: 'Masquer le mot de passe', pressed: true }).waitFor();
    await assertNoReload();
  } else {
    await go('/connexion');
    assert.equal(await page.getByRole('button', { name: 'Afficher le mot de passe' }).count(), 0);
  }

  log('sign-up with a bad SIRET keeps what was typed');
  await go('/inscription');
  await page.fill('#company_name', 'Boulangerie du Beffroi');
  await page.fill('#siret', '12345678901234');
  await page.selectOption('#naf_division', '10');
  await page.selectOption('#headcount_band', '03');
  await page.fill('#commune', 'Béthune (62400)');
  await page.selectOption('#platform_id', { label: "Proch'Emploi Béthune-Bruay, Artois-Lys Romane" });
  await page.fill('#full_name', 'Louise Martin');
  await page.fill('#email', 'louise@beffroi.fr');
  await page.fill('#password', 'une phrase de passe solide');
  await page.fill('#password_confirm', 'une phrase de passe solide');
  await mark();
  await submit('Créer le compte');
  await page.locator('#siret-error').waitFor();
  assert.match(await page.textContent('#siret-error'), /SIRET/);
  assert.equal(await page.inputValue('#company_name'), 'Boulangerie du Beffroi');
  assert.equal(await page.inputValue('#siret'), '12345678901234');
  assert.equal(await page.inputValue('#email'), 'louise@beffroi.fr');
  assert.equal(await page.inputValue('#naf_division'), '10');
  assert.equal(await page.inputValue('#headcount_band'), '03');
  assert.equal(await page.inputValue('#commune'), 'Béthune (62400)');
  assert.equal(await page.getAttribute('#siret', 'aria-invalid'), 'true');
  await assertNoReload();

  log('a guessable password is refused with a French hint');
  await page.fill('#siret', '443 061 841 00047');
  await page.fill('#password', 'azertyuiop123');
  await page.fill('#password_confirm', 'azertyuiop123');
  await submit('Créer le compte');
  await page.locator('#password-error').waitFor();
  assert.match(await page.textContent('#password-error'), /trop facile à deviner/);
  assert.equal(new URL(page.url()).search, '', 'no typed value travels in the address');

  log('sign-up with a good SIRET asks to confirm the address, whose link opens the company space');
  await page.fill('#password', 'une phrase de passe solide');
  await page.fill('#password_confirm', 'une phrase de passe solide');
  await submit('Créer le compte');
  await page.waitForURL(BASE + '/inscription/verifiez');
  await page.getByRole('heading', { name: 'Vérifiez votre boîte mail' }).waitFor();
  const confirm = (await mailMatch('louise@beffroi.fr', /\/inscription\/confirmer\/[0-9a-f]{64}/))[0];
  await go(confirm);
  await submit('Confirmer mon adresse');
  await page.waitForURL(BASE + '/entreprise');
  await ready();
  await page.getByText("Vous n'avez pas encore déposé d'offre.").waitFor();

  if (JS) {
    log('a draft typed in a tab that is then closed is restored');
    const tab = await context.newPage();
    watchConsole(tab);
    await tab.goto(BASE + '/entreprise/offres/nouvelle');
    await tab.waitForSelector('html[data-hydrated]', { timeout: 15000 });
    await tab.selectOption('#contract', 'cdi');
    await tab.fill('#commune', 'Lens');
    await tab.fill('#rome', 'Boulanger / Boulangère (D1102)');
    await tab.check('#publish_consent');
    await tab.fill('#description', 'Fabrication du pain et des viennoiseries, travail de nuit.');
    await tab.close();
    await go('/entreprise/offres/nouvelle');
    await page.locator('.draft-notice').waitFor();
    assert.equal(await page.inputValue('#commune'), 'Lens');
    assert.equal(await page.inputValue('#contract'), 'cdi');
    assert.equal(await page.inputValue('#rome'), 'Boulanger / Boulangère (D1102)');
    assert.ok(await page.isChecked('#publish_consent'), 'ticked box restored');
    assert.equal(await page.inputValue('#description'), 'Fabrication du pain et des viennoiseries, travail de nuit.');
  }

  log('offer with an empty title and a commune outside the territory');
  await go('/entreprise/offres/nouvelle');
  await page.selectOption('#contract', 'cdi');
  await page.fill('#positions', '2');
  await page.fill('#commune', 'Lens');
  await page.fill('#rome', 'Boulanger / Boulangère (D1102)');
  await page.fill('#salary_min', '1900');
  await page.check('#publish_consent');
  await page.fill('#description', 'Fabrication du pain et des viennoiseries, travail de nuit.');
  await page.check('label:has-text("Nulle part ailleurs") >> xpath=preceding-sibling::input');
  await mark();
  await submit("Envoyer l'offre");
  await page.locator('#title-error').waitFor();
  assert.equal(await page.textContent('#title-error'), "Indiquez l'intitulé du poste.");
  assert.match(await page.textContent('#commune-error'), /territoire/);
  assert.equal(await page.inputValue('#commune'), 'Lens');
  assert.equal(await page.inputValue('#description'), 'Fabrication du pain et des viennoiseries, travail de nuit.');
  assert.equal(await page.inputValue('#contract'), 'cdi');
  assert.equal(await page.inputValue('#rome'), 'Boulanger / Boulangère (D1102)');
  assert.equal(await page.inputValue('#salary_min'), '1900');
  assert.ok(await page.isChecked('#publish_consent'), 'ticked box kept');
  await assertNoReload();

  log('offer submitted');
  await page.fill('#title', 'Boulanger (H/F)');
  await page.fill('#commune', 'Béthune (62400)');
  await submit("Envoyer l'offre");
  await page.waitForURL(BASE + '/entreprise?envoyee=1');
  await ready();
  const card = page.locator('.offer-card', { hasText: 'Boulanger (H/F)' });
  await card.waitFor();
  assert.match(await card.textContent(), /En attente de validation/);
  assert.match(await card.textContent(), /Offre cachée/);
  if (JS) {
    log('the draft is gone once the offer is sent');
    await go('/entreprise/offres/nouvelle');
    assert.equal(await page.locator('.draft-notice').count(), 0);
    assert.equal(await page.inputValue('#description'), '');
  }
  await logout();

  log('staff filter the queue, then ask for changes (an empty message is refused)');
  await login('equipe.bethune@demo.prochemploi.fr', '/equipe');
  await page.selectOption('#filtre-statut', 'published');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await page.waitForURL(/statut=published/);
  await page.getByRole('link', { name: 'Apprenti menuisier (H/F)' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Boulanger (H/F)' }).count(), 0);
  await go('/equipe?statut=submitted&commune=b%C3%A9thune');
  await page.getByRole('link', { name: 'Boulanger (H/F)' }).click();
  await page.waitForURL(/\/equipe\/offres\/\d+$/);
  await ready();
  const offerPath = new URL(page.url()).pathname;
  const offerId = offerPath.split('/').pop();
  await submit('Demander des modifications');
  await page.locator('#message-error').waitFor();
  await page.fill('#message', 'Indiquez les horaires de travail.');
  await submit('Demander des modifications');
  await page.locator('.badge', { hasText: 'Modifications demandées' }).first().waitFor();
  await logout();

  log('the company reads the message and edits the offer');
  await login('louise@beffroi.fr', '/entreprise', 'une phrase de passe solide');
  const sentBack = page.locator('.offer-card', { hasText: 'Boulanger (H/F)' });
  assert.match(await sentBack.textContent(), /Indiquez les horaires de travail\./);
  await page.getByRole('link', { name: "Modifier l'offre « Boulanger (H/F) »" }).click();
  await page.waitForURL(BASE + `/entreprise/offres/${offerId}/modifier`);
  await ready();
  assert.equal(await page.inputValue('#commune'), 'Béthune (62400)');
  await page.fill('#description', 'Fabrication du pain et des viennoiseries, travail de nuit de 3h à 10h.');
  await submit('Enregistrer les modifications');
  await page.waitForURL(BASE + '/entreprise?modifiee=1');
  await ready();
  assert.match(await page.locator('.offer-card', { hasText: 'Boulanger (H/F)' }).textContent(), /En attente de validation/);
  await logout();

  log('staff approve the offer and share it with France Travail');
  await login('equipe.bethune@demo.prochemploi.fr', '/equipe');
  await go(offerPath);
  await submit("Valider l'offre");
  await page.locator('.badge', { hasText: 'Validée' }).first().waitFor();
  await submit('Partager avec France Travail Béthune');
  const ledger = page.locator('table.ledger');
  await ledger.waitFor();
  assert.match(await ledger.textContent(), /France Travail Béthune/);
  assert.match(await ledger.textContent(), /Pas encore ouverte/);
  await logout();

  log('France Travail sees and opens the offer');
  await login('conseiller.ft@demo.prochemploi.fr', '/partenaire');
  await page.getByRole('link', { name: 'Boulanger (H/F)' }).click();
  await page.waitForURL(BASE + `/partenaire/offres/${offerId}`);
  await page.getByText('Fabrication du pain').waitFor();
  await ready();

  log('France Travail comments for the team (empty first)');
  await mark();
  await submit('Envoyer mon retour');
  await page.locator('#comment-error').waitFor();
  await assertNoReload();
  await page.fill('#comment', 'Deux boulangers CAP en recherche.');
  await submit('Envoyer mon retour');
  await page.locator('.feedback', { hasText: 'Deux boulangers CAP en recherche.' }).waitFor();
  await logout();

  log('the Mission locale neither sees it nor opens it by URL');
  await login('conseiller.ml@demo.prochemploi.fr', '/partenaire');
  assert.equal(await page.getByRole('link', { name: 'Boulanger (H/F)' }).count(), 0);
  const denied = await go(`/partenaire/offres/${offerId}`);
  assert.equal(denied.status(), 403);
  await page.getByRole('heading', { name: 'Accès refusé' }).waitFor();
  assert.equal(await page.getByText('Fabrication du pain').count(), 0);
  await logout();

  log('the ledger shows the France Travail opening');
  await login('equipe.bethune@demo.prochemploi.fr', '/equipe');
  await go(offerPath);
  const after = await page.locator('table.ledger').textContent();
  assert.doesNotMatch(after, /Pas encore ouverte/);
  assert.match(await page.textContent('.feedback'), /Deux boulangers CAP en recherche\./);
  await logout();

  log('the company sees its offer validated');
  await login('louise@beffroi.fr', '/entreprise', 'une phrase de passe solide');
  const validated = page.locator('.offer-card', { hasText: 'Boulanger (H/F)' });
  await validated.waitFor();
  assert.match(await validated.textContent(), /Validée/);

  log('the company invites a colleague');
  await page.fill('#email', 'collegue@beffroi.fr');
  await submit("Envoyer l'invitation");
  await page.getByText('Invitation envoyée : votre collègue va recevoir un e-mail').waitFor();
  await logout();

  log('the mail log masks the invitation link; the e-mail delivered carries it');
  await login('equipe.bethune@demo.prochemploi.fr', '/equipe');
  await go('/equipe/courriels');
  const mailLog = await page.locator('.mail', { hasText: 'collegue@beffroi.fr' }).first().textContent();
  assert.doesNotMatch(mailLog, /[0-9a-f]{64}/, 'no live link in the mail log');
  assert.match(mailLog, /lien personnel masqué/);
  await logout();
  const link = (await mailMatch('collegue@beffroi.fr', /https?:\/\/\S+\/invitation\/[0-9a-f]{64}/))[0];
  await go(new URL(link).pathname);
  await page.getByRole('heading', { name: 'Rejoindre Boulangerie du Beffroi' }).waitFor();
  await page.fill('#full_name', 'Marc Collègue');
  await page.fill('#password', 'une autre phrase solide');
  await page.fill('#password_confirm', 'une autre phrase solide');
  await submit('Créer mon accès');
  await page.waitForURL(BASE + '/entreprise');
  await ready();
  await page.locator('.offer-card', { hasText: 'Boulanger (H/F)' }).waitFor();
  await logout();
  const reused = await go(new URL(link).pathname);
  assert.equal(reused.status(), 404, 'an invitation link serves once');

  log('anyone finds the offer on the public list, with its JobPosting');
  await go('/offres?q=boulang');
  await page.getByRole('link', { name: 'Boulanger (H/F)' }).click();
  await page.waitForURL(BASE + `/offres/${offerId}`);
  const jsonLd = JSON.parse(await page.locator('script[type="application/ld+json"]').textContent());
  assert.equal(jsonLd['@type'], 'JobPosting');
  assert.equal(jsonLd.occupationalCategory, 'D1102');
  assert.equal(jsonLd.baseSalary.value.minValue, 1900);

  log('the expiry reminder (delivered by e-mail) extends the offer without signing in');
  const reminder = (await mailMatch('louise@beffroi.fr', /Boulanger \(H\/F\) » sera retirée[\s\S]*?(\/offre\/lien\/[0-9a-f]{64})/, 40))[1];
  await go(reminder);
  await page.getByRole('heading', { name: 'Votre offre « Boulanger (H/F) »' }).waitFor();
  await submit("Prolonger d'un jour");
  await page.waitForURL(/\/offre\/merci\?prolongee=/);
  await page.getByText('Votre offre est prolongée jusqu').waitFor();
  const usedLink = await go(reminder);
  assert.equal(usedLink.status(), 410, 'a reminder link serves once');
  await page.getByRole('heading', { name: 'Lien non valable' }).waitFor();
});
