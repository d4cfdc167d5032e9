// Browser test (JS off and hydrated) of an account's life: a forgotten
// password is reset from the e-mailed link (a guessable one refused first,
// the link serving once), the new password signs in and the old one no
// longer does; the person changes it again from « Mon compte »; an admin
// deactivates the account, which can then no longer sign in.

import assert from 'node:assert/strict';
import { open, mailMatch, BASE, PASSWORD } from './session.mjs';

const s = await open('account');
const { page, log, go, submit, login, logout } = s;
const COMPANY = 'contact@menuiserie-artois.demo.fr';

await s.run(async () => {
  log('« Mot de passe oublié » answers the same for an unknown address');
  await go('/connexion');
  await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
  await page.waitForURL(BASE + '/mot-de-passe-oublie');
  await s.ready();
  await page.fill('#email', 'personne@inconnu.fr');
  await submit('Recevoir le lien');
  await page.getByText('Si un compte existe avec cette adresse').waitFor();
  assert.ok(!page.url().includes('inconnu'), 'the address stays out of the URL');

  log('the company asks for a reset link and follows it');
  await page.fill('#email', COMPANY);
  await submit('Recevoir le lien');
  await page.getByText('Si un compte existe avec cette adresse').waitFor();
  const link = (await mailMatch(COMPANY, /\/mot-de-passe\/[0-9a-f]{64}/))[0];
  await go(link);
  await page.getByRole('heading', { name: 'Choisir un nouveau mot de passe' }).waitFor();

  log('a guessable password is refused with a hint');
  await page.fill('#password', 'motdepasse2024');
  await page.fill('#password_confirm', 'motdepasse2024');
  await submit('Enregistrer le mot de passe');
  await page.locator('#password-error').waitFor();
  assert.match(await page.textContent('#password-error'), /trop facile à deviner/);

  log('a strong one is kept; the link serves once');
  await page.fill('#password', 'girafe bleue sous la pluie');
  await page.fill('#password_confirm', 'girafe bleue sous la pluie');
  await submit('Enregistrer le mot de passe');
  await page.waitForURL(/\/connexion\?mot-de-passe=change$/);
  await page.getByText('Votre nouveau mot de passe est enregistré').waitFor();
  const reused = await go(link);
  assert.equal(reused.status(), 404);

  log('the old password no longer signs in; the new one does');
  await go('/connexion');
  await page.fill('#email', COMPANY);
  await page.fill('#password', PASSWORD);
  await submit('Se connecter');
  await page.locator('#password-error').waitFor();
  await login(COMPANY, '/entreprise', 'girafe bleue sous la pluie');

  log('« Mon compte » changes the password (the current one checked)');
  await page.getByRole('link', { name: /mon compte/ }).click();
  await page.waitForURL(BASE + '/compte');
  await s.ready();
  await page.fill('#current_password', 'pas le bon');
  await page.fill('#password', 'tortue rapide et piano vert');
  await page.fill('#password_confirm', 'tortue rapide et piano vert');
  await submit('Changer le mot de passe');
  await page.locator('#current_password-error').waitFor();
  await page.fill('#current_password', 'girafe bleue sous la pluie');
  await page.fill('#password', 'tortue rapide et piano vert');
  await page.fill('#password_confirm', 'tortue rapide et piano vert');
  await submit('Changer le mot de passe');
  await page.getByText('Votre mot de passe est changé').waitFor();
  await logout();

  log('an admin deactivates the account; it can no longer sign in');
  await login('admin@demo.prochemploi.fr', '/equipe');
  await go('/admin/comptes');
  await page.getByRole('button', { name: /^Désactiver : .*/ }).first().waitFor();
  const row = page.locator('tr', { hasText: COMPANY });
  await row.getByRole('button', { name: /Désactiver/ }).click();
  await row.getByText('Désactivé').waitFor();

  log("an admin sets the Région's logo: every footer shows it");
  await go('/admin/logo-financeur');
  await page.getByText('Aucun logo enregistré.').waitFor();
  await page.setInputFiles('#logo', { name: 'logo.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') });
  await submit('Enregistrer le logo');
  await page.locator('#logo-error', { hasText: 'PNG ou JPEG' }).waitFor();
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
  await page.setInputFiles('#logo', { name: 'region.png', mimeType: 'image/png', buffer: png });
  await submit('Enregistrer le logo');
  await page.getByText('Le logo est enregistré.').waitFor();
  await s.ready();
  await go('/');
  const footerLogo = page.locator('footer img[alt="Région Hauts-de-France"]');
  await footerLogo.waitFor();
  assert.ok(await footerLogo.evaluate((img) => img.complete && img.naturalWidth > 0), 'the logo loads');
  await go('/admin/logo-financeur');
  await submit('Retirer le logo');
  await page.getByText('Aucun logo enregistré.').waitFor();
  await go('/');
  assert.equal(await page.locator('footer img').count(), 0, 'the name stands alone again');
  await go('/admin/comptes');
  await logout();
  await go('/connexion');
  await page.fill('#email', COMPANY);
  await page.fill('#password', 'tortue rapide et piano vert');
  await submit('Se connecter');
  await page.locator('#password-error').waitFor();
});
