// An administrator, on a user's page, changes the address the user signs in with,
// sets where their notices go, and sends them a password-reset link: each after a
// confirmation, with clear errors, and each mailed as a person reads it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, BASE_URL, DEMO, DEMO_PASSWORD, h1, invitePerson, latestMail, launchBrowser, newestMailId, openPage, signIn } from './lib.mjs';

describe('a user’s addresses, from their page', { timeout: 120_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  let assertNoProblems;
  let userId;
  const stamp = Date.now().toString(36);
  const person = { email: `moved-${stamp}@demo-industries.example`, login: `moved.${stamp}`, firstName: 'Maëlle', lastName: `Mobile${stamp}`, password: 'Moved#Test2026' };
  const newEmail = `maelle-${stamp}@demo-industries.example`;
  const notices = `notices-${stamp}@demo-industries.example`;

  before(async () => {
    browser = await launchBrowser();
    ({ page, assertNoProblems } = await openPage(browser, { locale: 'fr-FR' }));
    await invitePerson(person);
    const admin = await apiAs(DEMO.admin.email, DEMO_PASSWORD);
    const found = await admin('GET', `/org/users?q=${encodeURIComponent(person.login)}`);
    userId = found.body.items[0].id;
    await signIn(page, DEMO.admin.email);
    await page.goto(BASE_URL + `/#/admin/users/${userId}`, { waitUntil: 'load' });
    await h1(page, `${person.firstName} ${person.lastName}`).waitFor();
  });

  after(async () => {
    await browser?.close();
  });

  it('changes the sign-in address after a confirmation, refusing one that is taken', async () => {
    await page.locator('#user-email').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: `Changer l’adresse de connexion de ${person.firstName} ${person.lastName}` }).waitFor();
    await dialog.getByLabel('Nouvelle adresse de connexion').fill(DEMO.user.email);
    await dialog.getByRole('button', { name: 'Changer l’adresse' }).click();
    await dialog.getByText('Déjà utilisé par un autre compte.').waitFor();
    await dialog.getByLabel('Nouvelle adresse de connexion').fill(newEmail);
    const welcome = await newestMailId(person.email);
    await dialog.getByRole('button', { name: 'Changer l’adresse' }).click();
    await page.locator('.toast', { hasText: `L’adresse de connexion est désormais ${newEmail}.` }).waitFor();
    await page.locator('.facts').getByText(newEmail).waitFor();
    for (const [to, after] of [
      [person.email, welcome],
      [newEmail, null],
    ]) {
      const m = await latestMail(to, { after });
      assert.match(m.subject, /adresse de connexion/);
      assert.match(m.text, new RegExp(`Adèle Administratrice, qui administre Demo Industries sur Guichet`));
      assert.match(m.text, new RegExp(`${newEmail} \\(au lieu de ${person.email}\\)`));
    }
    // The new address signs in, with the same password.
    await apiAs(newEmail, person.password);
  });

  it('sets the notification address and tells it', async () => {
    await page.locator('#user-notification').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Adresse d’avis').fill('pas une adresse');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await dialog.getByText('Adresse e-mail invalide.').waitFor();
    await dialog.getByLabel('Adresse d’avis').fill(notices);
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await page.locator('.toast', { hasText: `Les avis partiront désormais à ${notices}.` }).waitFor();
    await page.locator('.facts').getByText(notices).waitFor();
    const m = await latestMail(notices);
    assert.match(m.text, /a choisi cette adresse pour recevoir les avis/);
  });

  it('sends a password reset after a confirmation', async () => {
    const before = await newestMailId(newEmail);
    await page.locator('#user-reset').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(`Un lien valable 30 minutes part à ${newEmail}.`).waitFor();
    await dialog.getByRole('button', { name: 'Envoyer le lien' }).click();
    await page.locator('.toast', { hasText: `Un lien pour choisir un nouveau mot de passe a été envoyé à ${newEmail}.` }).waitFor();
    const m = await latestMail(newEmail, { after: before });
    assert.match(m.text, /#\/reset-password\?token=/);
    await assertNoProblems();
  });
});
