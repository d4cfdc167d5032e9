// Browser test (JS off and hydrated): staff log a contact (bad input
// first), open the indicators dashboard, drill into the contacts figure,
// download the Annexe B workbook and read the figure in it; then the
// monthly reports page.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { open, BASE } from './session.mjs';

const s = await open('indicators');
const { page, log, go, mark, assertNoReload, submit, login, logout } = s;
// Today in Paris, as the portal counts days.
const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });

await s.run(async () => {
  log('staff log a contact with a company (forgetting the subject first)');
  await login('equipe.bethune@demo.prochemploi.fr', '/equipe');
  await go('/equipe/activite');
  await page.selectOption('#company_id', { label: "Menuiserie de l'Artois" });
  await page.selectOption('#channel', 'phone');
  await page.fill('#date', today);
  await mark();
  await submit('Enregistrer le contact');
  await page.locator('#subject-error').waitFor();
  assert.equal(await page.inputValue('#date'), today);
  await assertNoReload();
  await page.fill('#subject', 'Appel pour préparer le job dating');
  await submit('Enregistrer le contact');
  await page.getByText('Contact enregistré.').waitFor();
  await page.locator('td', { hasText: 'Appel pour préparer le job dating' }).waitFor();

  log('the dashboard shows the contacts, with the definition and the trend');
  await go('/equipe/indicateurs');
  const contacts = page.locator('a[data-indicator="contacts"]');
  const value = Number(await contacts.textContent());
  assert.ok(value >= 1, `today's call is counted (${value})`);
  await page.locator('tr#objectif-contacts a[href="#tendance-contacts"]').click();
  const trend = page.locator('#tendance-contacts');
  if (!(await trend.isVisible())) await page.locator('details.trends:has(#tendance-contacts) > summary').click();
  const chart = trend.locator('svg[role="img"]');
  assert.match(await chart.getAttribute('aria-label'), /^Par mois, /);
  const box = await chart.boundingBox();
  assert.ok(box.width >= 280, `the chart is large enough to read (${box.width}px)`);
  const month = new Intl.DateTimeFormat('fr-FR', { month: 'short' }).format(new Date()).replace(/\.$/, '');
  assert.ok((await chart.locator('text.month').allTextContents()).some((t) => t.startsWith(month)), 'months are labelled');
  await trend.locator('summary', { hasText: 'Tableau des valeurs' }).click();
  await trend.locator('table th[scope="row"]').first().waitFor();

  log('drilling into the figure lists exactly its records');
  await contacts.click();
  await page.waitForURL(/\/equipe\/indicateurs\/contacts\?annee=\d{4}$/);
  await s.ready();
  assert.equal(await page.locator('table.records tbody tr').count(), value);
  await page.locator('td', { hasText: 'Appel pour préparer le job dating' }).waitFor();
  const company = page.locator('table.records a', { hasText: "Menuiserie de l'Artois" }).first();
  assert.match(await company.getAttribute('href'), /^\/equipe\/entreprises\/\d+$/, 'each record opens its company');
  await page.getByRole('link', { name: '← Tous les indicateurs' }).click();
  await page.waitForURL(/\/equipe\/indicateurs\?annee=\d{4}$/);
  await s.ready();

  log('the Annexe B workbook carries the same figure');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Télécharger (XLSX, annexe B)' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^indicateurs-\d{4}-01-01-\d{4}-12-31\.xlsx$/);
  // Its cells are read back with calamine by the HTTP tests (indicators_http.rs).
  const book = await readFile(await download.path());
  assert.equal(book.subarray(0, 2).toString(), 'PK', 'an XLSX (zip) file');

  log('the monthly reports page lists the recipients');
  await go('/equipe/bilans');
  await page.getByText('direction@demo.prochemploi.fr — Structure porteuse').waitFor();
  await logout();

  log("the Région reads a platform's monthly report");
  await login('region@demo.prochemploi.fr', '/equipe/indicateurs');
  await page.getByRole('link', { name: 'Bilans mensuels' }).click();
  await page.waitForURL(BASE + '/equipe/bilans');
  await s.ready();
  await page.selectOption('#bilans-plateforme', { label: "Proch'Emploi Béthune-Bruay, Artois-Lys Romane" });
  await page.getByRole('button', { name: 'Afficher les bilans' }).click();
  await page.waitForURL(/\/equipe\/bilans\?plateforme=\d+/);
  await s.ready();
  await page.getByRole('link', { name: /^Bilan de / }).first().click();
  await page.getByRole('heading', { name: /Bilan de l'activité/ }).waitFor();
  assert.equal(await page.getByText('Ajouter un destinataire').count(), 0, 'the Région only reads');
});
