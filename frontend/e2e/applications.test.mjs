// Application access end to end, the "Kodak" path: a person without an account asks
// for two applications from the sign-in page and gets the confirmation mail with the
// request numbers; an operator approves one and refuses the other in the back
// office (and keeps the catalog); the approval mail's link sets the password; the
// portal then lists one current application and one refused request; a later
// request, which the company's administrators decide, waits in their queue, is
// cancelled and shows under cancelled requests.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { activeId, BASE_URL, DEMO, h1, latestMail, launchBrowser, openPage, signIn, signOut } from './lib.mjs';

const PREPRESS = 'Prépresse dans le nuage';
const SUPPORT = 'Site de support';
const LICENCES = 'Gestionnaire de licences';
const NUMBER = /REQ-\d{4}-\d{6}/g;

describe('application access', { timeout: 180_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  let assertNoProblems;
  // A new address each run: the per-address limit allows 3 requests an hour.
  const email = `lea.${Date.now().toString(36)}@demo-industries.example`;
  const password = 'Rouge-Velo.2026x';
  let received;
  const numbers = {};
  let activationLink;

  const dialog = () => page.getByRole('dialog');

  before(async () => {
    browser = await launchBrowser();
    ({ page, assertNoProblems } = await openPage(browser, { locale: 'fr-FR' }));
  });

  after(async () => {
    await browser?.close();
  });

  it('asks for a new user with two applications from the sign-in page', async () => {
    await page.goto(BASE_URL + '/#/signin', { waitUntil: 'load' });
    await page.getByRole('link', { name: 'Demander un accès aux applications' }).click();
    await h1(page, 'Demander un nouvel utilisateur').waitFor();
    // The catalog comes with its descriptions in the current language.
    await page.getByText("Préparez et validez vos fichiers d'impression en ligne.").waitFor();

    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.locator('#email-error').waitFor();
    assert.equal(await activeId(page), 'email', 'focus goes to the first invalid field');
    assert.equal(await page.locator('#applications-error').textContent(), 'Choisissez au moins une application.');

    await page.getByLabel('Adresse e-mail professionnelle').fill(email);
    await page.getByLabel('Prénom').fill('Léa');
    await page.getByLabel('Nom', { exact: true }).fill('Dubois');
    await page.getByLabel(PREPRESS).check();
    await page.getByLabel(SUPPORT).check();
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await h1(page, 'Demande reçue').waitFor();
    await page.getByText(email, { exact: false }).first().waitFor();
    await page.getByText('dans les 24 heures', { exact: false }).waitFor();
  });

  it('mails the confirmation with one number per application', async () => {
    received = await latestMail(email);
    const lines = received.text.split('\n');
    for (const [name, key] of [
      [PREPRESS, 'prepress'],
      [SUPPORT, 'support'],
    ]) {
      const line = lines.find((l) => l.includes(name));
      assert.ok(line, `the mail names ${name}:\n${received.text}`);
      numbers[key] = line.match(NUMBER)?.[0];
      assert.ok(numbers[key], `a number for ${name}`);
    }
    assert.notEqual(numbers.prepress, numbers.support);
    assert.match(received.text, /24 heures/);
  });

  it('lets an operator approve one request and refuse the other', async () => {
    await signIn(page, DEMO.operator.email);
    await page.goto(BASE_URL + '/#/backoffice/access-requests');
    await h1(page, 'Demandes d’accès aux applications').waitFor();
    const row = (n) => page.getByRole('row').filter({ hasText: n });
    await row(numbers.prepress).waitFor();
    await row(numbers.support).getByText(email).waitFor();

    // One row at a time…
    await page.getByRole('button', { name: `Accepter ${numbers.prepress}` }).click();
    await dialog().getByRole('button', { name: 'Accepter', exact: true }).click();
    await page.locator('.decision-results').getByText(`${numbers.prepress} — Acceptée`).waitFor();
    await row(numbers.prepress).waitFor({ state: 'detached' });
    const approval = await latestMail(email, { after: received.id });
    assert.match(approval.subject, new RegExp(`${numbers.prepress}.*accordé`));
    activationLink = approval.text.match(/https?:\/\/\S+#\/activate\?\S+/)?.[0];
    assert.ok(activationLink, `an activation link in:\n${approval.text}`);
    assert.match(activationLink, /[?&]app=prepress-cloud(&|$)/);

    // …or a selection: a refusal needs a reason.
    await page.getByRole('checkbox', { name: `Sélectionner ${numbers.support}` }).check();
    await page.getByRole('button', { name: 'Refuser la sélection' }).click();
    await dialog().getByRole('button', { name: 'Refuser', exact: true }).click();
    await dialog().getByText('Indiquez le motif du refus.').first().waitFor();
    await dialog().getByLabel('Motif du refus').fill('Le site de support est réservé aux contrats de maintenance.');
    await dialog().getByRole('button', { name: 'Refuser', exact: true }).click();
    await page.locator('.decision-results').getByText(`${numbers.support} — Refusée`).waitFor();
    const refusal = await latestMail(email, { after: approval.id });
    assert.match(refusal.subject, new RegExp(`${numbers.support}.*refusé`));
    assert.match(refusal.text, /réservé aux contrats de maintenance/);
  });

  it('lets an operator add and edit a catalog entry', async () => {
    const name = `Appli e2e ${Date.now().toString(36)}`;
    await page.goto(BASE_URL + '/#/backoffice/applications');
    await h1(page, 'Catalogue des applications').waitFor();
    await page.getByRole('link', { name: PREPRESS }).waitFor();
    await page.getByRole('link', { name: 'Nouvelle application' }).click();
    await h1(page, 'Nouvelle application').waitFor();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.locator('[id="app-name.fr-error"]').waitFor();
    await page.getByLabel('Nom (français)').fill(name);
    await page.getByLabel('Nom (anglais)').fill(name);
    await page.getByLabel('Durée d’accès (jours)').fill('30');
    // Archived: customers never see it, so parallel tests are not disturbed.
    await page.getByRole('checkbox', { name: 'Archivée' }).check();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await h1(page, 'Catalogue des applications').waitFor();
    const row = page.getByRole('row').filter({ hasText: name });
    await row.getByText('30 jours').waitFor();
    await row.getByText('Archivée').waitFor();

    await row.getByRole('link', { name }).click();
    await h1(page, 'Modifier l’application').waitFor();
    assert.equal(await page.getByLabel('Nom (français)').inputValue(), name);
    await page.getByLabel('Description (français)').fill('Modifiée par le test.');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await h1(page, 'Catalogue des applications').waitFor();
    await signOut(page);
  });

  it('says a link that does not work is unusable before any password is typed', async () => {
    await page.goto(BASE_URL + '/#/activate?token=not-a-link', { waitUntil: 'load' });
    await page.getByRole('alert').getByText('Ce lien d’activation a déjà servi ou a été remplacé par un plus récent.').waitFor();
    await page.getByRole('link', { name: 'Aller à la connexion' }).waitFor();
    assert.equal(await page.locator('#password').count(), 0, 'no password form');
  });

  it('sets the password with the approval mail’s link', async () => {
    await page.goto(activationLink, { waitUntil: 'load' });
    await h1(page, 'Activer votre compte').waitFor();
    const field = page.getByLabel('Nouveau mot de passe');
    await field.fill('abc');
    await page.getByRole('button', { name: 'Activer mon compte' }).click();
    await page.locator('#password-error').waitFor();
    assert.equal(await activeId(page), 'password');
    await field.fill(password);
    await page.getByLabel('Confirmer le mot de passe').fill(password);
    await page.locator('.password-rules .rule-ok').nth(4).waitFor();
    await page.getByText(/Robustesse : (bonne|excellente)/).waitFor();
    await page.getByRole('button', { name: 'Activer mon compte' }).click();

    // The sign-in page, to come back to the application.
    await h1(page, 'Connexion').waitFor();
    assert.match(page.url(), /#\/signin\?next=%2Fapplications%3Fapp%3Dprepress-cloud$/);
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Mot de passe', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await h1(page, 'Gérer mes applications').waitFor();
    assert.match(page.url(), /#\/applications\?app=prepress-cloud$/);
  });

  it('lists one current application and one refused request', async () => {
    await page.getByText(`Votre accès à ${PREPRESS} est ouvert.`).waitFor();
    const current = page.getByRole('tab', { name: /Mes applications/ });
    assert.equal(await current.getAttribute('aria-selected'), 'true');
    const items = page.locator('.app-item');
    assert.equal(await items.count(), 1);
    assert.equal((await items.first().getByRole('heading').textContent()).trim(), PREPRESS);

    // The tabs follow the arrow keys.
    await current.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const requested = page.getByRole('tab', { name: /Mes demandes/ });
    assert.equal(await requested.getAttribute('aria-selected'), 'true');
    assert.equal(await activeId(page), 'apps-tab-requested');
    const refused = page.getByRole('row').filter({ hasText: numbers.support });
    await refused.getByText('Refusée').waitFor();
    await refused.getByText('Motif : Le site de support est réservé aux contrats de maintenance.').waitFor();
    await page.getByRole('row').filter({ hasText: numbers.prepress }).getByText('Acceptée').waitFor();
    assert.equal(await page.getByRole('row').filter({ hasText: 'Refusée' }).count(), 1);
  });

  it('requests another application, cancels it and finds it under cancelled requests', async () => {
    await page.getByRole('tab', { name: /Disponibles/ }).click();
    await page.getByLabel(LICENCES).check();
    await page.getByRole('button', { name: 'Demander l’accès' }).click();
    const requested = page.getByRole('tab', { name: /Mes demandes/ });
    await page.waitForFunction(() => document.querySelector('#apps-tab-requested')?.getAttribute('aria-selected') === 'true');
    const row = page.getByRole('row').filter({ hasText: LICENCES });
    await row.getByText('En attente').waitFor();
    await row.getByText('Vos administrateurs').waitFor();
    const number = (await row.getByRole('cell').first().textContent()).trim();
    assert.match(number, /^REQ-\d{4}-\d{6}$/);
    assert.equal(await requested.getAttribute('aria-selected'), 'true');

    // The company's administrators decide this one: it waits in their queue.
    const admin = await openPage(browser, { locale: 'fr-FR' });
    await signIn(admin.page, DEMO.admin.email);
    await admin.page.getByRole('navigation').getByRole('link', { name: 'Applications' }).click();
    await h1(admin.page, 'Gérer mes applications').waitFor();
    await admin.page.getByRole('link', { name: 'Demandes à approuver pour votre entreprise' }).click();
    await h1(admin.page, 'Demandes d’accès à approuver').waitFor();
    await admin.page.getByRole('row').filter({ hasText: number }).getByText('Léa Dubois').waitFor();

    await page.getByRole('button', { name: `Annuler la demande ${number}` }).click();
    await dialog().getByRole('heading', { name: `Annuler la demande ${number} ?` }).waitFor();
    await dialog().getByRole('button', { name: 'Annuler la demande', exact: true }).click();
    await row.waitFor({ state: 'detached' });

    // A cancelled request leaves the queue.
    await admin.page.reload();
    await h1(admin.page, 'Demandes d’accès à approuver').waitFor();
    await admin.page.getByText('Aucune demande n’attend de décision.').or(admin.page.getByRole('row').filter({ hasText: 'REQ-' }).first()).waitFor();
    assert.equal(await admin.page.getByRole('row').filter({ hasText: number }).count(), 0);
    await admin.assertNoProblems();
    await admin.context.close();

    await page.getByRole('tab', { name: /Demandes annulées/ }).click();
    await page.getByRole('row').filter({ hasText: number }).getByText(LICENCES).waitFor();
  });

  it('had no CSP violations, console errors or page errors', async () => {
    await assertNoProblems();
  });
});
