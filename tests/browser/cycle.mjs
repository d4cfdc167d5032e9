// Browser test (JS off and hydrated): the yearly cycle with the Région.
// Staff enter an action of the programme and an objective, record a
// co-presidency meeting with its minutes (text and PDF), acknowledge the
// delay flagged on the indicator behind its prorated objective, write and
// lock the annual report and download its PDF (its text is read back by
// the HTTP tests, cycle.rs); the Région sends a request that the platform
// closes, and downloads the platform's annual report.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { open, JS, BASE, mailMatch } from './session.mjs';

const s = await open('cycle');
const { page, log, go, mark, assertNoReload, submit, login, logout } = s;
const year = Number(new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' }).slice(0, 4));
const PLATFORM = "Proch'Emploi Béthune-Bruay, Artois-Lys Romane";

async function downloaded(name) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name, exact: true }).click(),
  ]);
  const bytes = await readFile(await download.path());
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-', `${name}: a PDF`);
  return download.suggestedFilename();
}

await s.run(async () => {
  log('the staff home warns that the year lacks its governance meetings');
  await login('equipe.bethune@demo.prochemploi.fr', '/equipe');
  await page.getByText(/réunion\(s\) de coprésidence prévue\(s\) ou tenue\(s\)/).waitFor();

  log('an action of the programme: refused without a title, then added');
  await page.getByRole('link', { name: 'Programme', exact: true }).click();
  await page.waitForURL(BASE + '/equipe/programme');
  await s.ready();
  await page.getByLabel('Axe de la convention').selectOption({ label: 'Axe 3 – Accompagnement sur mesure des recrutements en lien avec les partenaires de l\'emploi et de la formation' });
  await page.getByLabel("Axe 3 – Nombre d'actions circuits-courts réalisées").check();
  await page.getByLabel('Début prévu (mois)').fill(`${year}-03`);
  await page.getByLabel('Fin prévue (mois)').fill(`${year}-10`);
  await page.getByLabel("Responsable de l'action").fill('Julie Martin');
  await mark();
  await submit("Ajouter l'action");
  await page.locator('#title-error').waitFor();
  assert.equal(await page.getByLabel("Responsable de l'action").inputValue(), 'Julie Martin');
  assert.ok(await page.getByLabel("Axe 3 – Nombre d'actions circuits-courts réalisées").isChecked(), 'the ticked indicator stays ticked');
  await assertNoReload();
  await page.getByLabel("Titre de l'action").fill('Job datings de la logistique');
  await submit("Ajouter l'action");
  await page.getByText("L'action est ajoutée au programme.").waitFor();
  await page.getByRole('heading', { name: 'Job datings de la logistique' }).waitFor();

  log('the action is linked to an event and moves to « En cours »');
  const linkSelect = page.getByLabel("Lier à l'action « Job datings de la logistique »");
  const first = await linkSelect.locator('option').first().textContent();
  await submit('Lier');
  await page.getByText('La réalisation est liée à l\'action.').waitFor();
  await page.getByRole('list', { name: "Réalisations de l'action Job datings de la logistique" }).getByText(first.replace(/^Événement : /, '').replace(/ \(.*\)$/, ''), { exact: false }).first().waitFor();
  await page.getByLabel("État de l'action « Job datings de la logistique »").selectOption({ label: 'En cours' });
  await submit("Changer l'état");
  await page.getByText("L'état de l'action est enregistré.").waitFor();

  log('the year objective of the contacts, entered with the programme');
  await page.selectOption('#indicator', { label: 'Nombre de contacts entreprises (Tel + Visites)' });
  await page.getByLabel("Objectif pour l'année").fill('5000');
  await submit("Enregistrer l'objectif");
  await page.getByText("L'objectif est enregistré.").waitFor();
  await page.locator('#objectif-contacts', { hasText: '5000' }).waitFor();

  log('a co-presidency meeting with its minutes and decisions, then its PDF');
  await go('/equipe/gouvernance');
  await page.getByLabel('Type de réunion').selectOption({ label: 'Coprésidence' });
  await page.fill('#held_on', `${year}-03-12`);
  await page.getByLabel('Organisations présentes').fill('Région Hauts-de-France, CCI Artois, France Travail');
  await page.getByLabel('Ordre du jour').fill("Programme d'actions de l'année");
  await page.fill('#minutes', "Le comité valide le programme d'actions.");
  await page.getByLabel('Décisions').fill(`Relancer les chefs de file ; Julie ; 30/04/${year}`);
  await submit('Enregistrer la réunion');
  await page.getByText('La réunion est enregistrée.').waitFor();
  await page.getByText("Le comité valide le programme d'actions.").waitFor();
  await page.getByRole('button', { name: 'Marquer faite : Relancer les chefs de file' }).waitFor();
  await page.getByLabel(/^Compte rendu en PDF/).setInputFiles({
    name: 'compte-rendu.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
  });
  await page.getByRole('button', { name: 'Joindre le compte rendu' }).click();
  await page.getByText('Le compte rendu est joint.').waitFor();
  await s.ready();
  assert.match(await downloaded('Télécharger le compte rendu (PDF)'), /^compte-rendu-\d{4}-03-12\.pdf$/);

  log('the contacts are flagged behind their prorated objective; staff explain');
  await go('/equipe/indicateurs');
  const late = page.locator('#retards ~ ul li', { hasText: 'Nombre de contacts entreprises (Tel + Visites)' });
  await late.waitFor();
  await late.getByRole('button', { name: 'Signaler le retard à la Région' }).click();
  if (!JS) await page.waitForLoadState('load');
  await late.getByText("Expliquez le retard").waitFor();
  await late.getByLabel(/^Commentaire sur le retard/).fill('Poste de chargée de relation vacant au printemps.');
  await late.getByRole('button', { name: 'Signaler le retard à la Région' }).click();
  if (!JS) await page.waitForLoadState('load');
  await page.getByText(/Commentaire pour la Région .*Poste de chargée de relation vacant au printemps\./).waitFor();

  log('the annual report: the draft is kept, then locked and sent');
  await go('/equipe/bilan-annuel');
  for (let axis = 1; axis <= 4; axis++) {
    await page.getByLabel(`Axe ${axis} – Faits marquants`).fill(`Axe ${axis} : quatre petits déjeuners d'entreprises à Bruay.`);
  }
  await page.getByLabel('Axe 2 – Perspectives').fill('Ouvrir un club RH sur Lillers.');
  if (JS) {
    // Saved as they type: the text survives a reload.
    await page.getByText(/^Brouillon enregistré automatiquement à \d{2}:\d{2}\.$/).waitFor();
    await page.reload();
    await s.ready();
    assert.equal(await page.getByLabel('Axe 2 – Perspectives').inputValue(), 'Ouvrir un club RH sur Lillers.');
  } else {
    await submit('Enregistrer le brouillon');
    await page.getByText('Le brouillon est enregistré.').waitFor();
    assert.equal(await page.getByLabel('Axe 2 – Perspectives').inputValue(), 'Ouvrir un club RH sur Lillers.');
  }
  await page.getByLabel('Axe 4 – Difficultés').fill('Peu de disponibilités des chefs de file en été.');
  await submit('Verrouiller et envoyer le bilan');
  await page.locator('#confirmation-error').waitFor();
  assert.equal(await page.getByLabel('Axe 4 – Difficultés').inputValue(), 'Peu de disponibilités des chefs de file en été.', 'the text typed is kept');
  await page.getByLabel('Je confirme que ce bilan est définitif').check();
  await submit('Verrouiller et envoyer le bilan');
  await page.getByText('Le bilan est verrouillé et envoyé aux destinataires des bilans.').waitFor();
  await page.getByText(/^Verrouillé et envoyé le /).waitFor();
  await page.getByText('Peu de disponibilités des chefs de file en été.').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Verrouiller et envoyer le bilan' }).count(), 0, 'locked');
  assert.match(await downloaded('Télécharger le bilan (PDF)'), new RegExp(`^bilan-annuel-${year}-proch-emploi-bethune-bruay`));
  await mailMatch('direction@demo.prochemploi.fr', /est verrouillé et joint à ce message \(PDF\)/);
  await logout();

  log('the Région asks the platform to support a company in difficulty');
  await login('region@demo.prochemploi.fr', '/equipe/indicateurs');
  await page.getByRole('link', { name: 'Demandes aux plateformes' }).click();
  await page.waitForURL(BASE + '/region/demandes');
  await s.ready();
  await page.getByLabel('Plateforme').selectOption({ label: PLATFORM });
  await page.getByLabel('Motif').selectOption({ label: 'Entreprise en difficulté' });
  await page.getByLabel("Nom de l'entreprise").fill('Fonderie du Pas-de-Calais');
  await page.getByLabel("SIRET de l'entreprise").fill('55212033000007');
  await page.getByLabel('Personne à joindre').fill('M. Durand, 03 21 00 00 00');
  await page.getByLabel('Situation et attente de la Région').fill('Plan de sauvegarde : reclasser 12 salariés.');
  await page.getByLabel('Réponse attendue le').fill(`${year + 1}-01-31`);
  await submit('Envoyer la demande');
  await page.locator('#siret-error').waitFor();
  assert.equal(await page.getByLabel("Nom de l'entreprise").inputValue(), 'Fonderie du Pas-de-Calais');
  await page.getByLabel("SIRET de l'entreprise").fill('55212033000006');
  await submit('Envoyer la demande');
  await page.getByText(/La demande est envoyée/).waitFor();
  await page.locator('tr', { hasText: 'Fonderie du Pas-de-Calais' }).getByText('Demande reçue').waitFor();

  log("the Région reads the platform's governance and downloads its annual report");
  await page.getByRole('link', { name: 'Gouvernance' }).click();
  await page.waitForURL(BASE + '/equipe/gouvernance');
  await s.ready();
  await page.getByText("Le comité valide le programme d'actions.").waitFor();
  assert.equal(await page.getByRole('button', { name: 'Enregistrer la réunion' }).count(), 0, 'the Région only reads');
  await page.getByRole('link', { name: 'Bilans annuels' }).click();
  await page.waitForURL(BASE + '/equipe/bilan-annuel');
  await s.ready();
  await page.locator('tr', { hasText: 'Bilan annuel' }).filter({ hasText: PLATFORM }).getByText(/^Verrouillé le /).waitFor();
  assert.match(await downloaded(`PDF : ${PLATFORM} – Bilan annuel`), /^bilan-annuel-/);
  assert.match(await downloaded('Télécharger la synthèse régionale (PDF)'), new RegExp(`^synthese-regionale-${year}\\.pdf$`));
  await logout();

  log("staff handle the Région's request to its closing");
  await login('equipe.bethune@demo.prochemploi.fr', '/equipe');
  await page.selectOption('#filtre-type', 'demandes');
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await page.waitForURL(/type=demandes/);
  await s.ready();
  await page.locator('article, li, tr', { hasText: 'Fonderie du Pas-de-Calais' }).getByRole('link').first().click();
  await page.waitForURL(/\/equipe\/accompagnements\/\d+$/);
  await s.ready();
  await page.getByText('Demande de la Région : Entreprise en difficulté').waitFor();
  await page.check('label:has-text("Besoin satisfait") >> xpath=preceding-sibling::input');
  await submit('Clôturer la demande');
  await page.locator('[aria-current="step"]', { hasText: 'Clôturée' }).waitFor();
  await logout();

  log('the Région sees its request closed');
  await login('region@demo.prochemploi.fr', '/equipe/indicateurs');
  await go('/region/demandes');
  await page.locator('tr', { hasText: 'Fonderie du Pas-de-Calais' }).getByText(/Clôturée/).waitFor();
});
