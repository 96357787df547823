// A refusal holds until the vendor lifts it: a person refused an application sees
// the refusal and its reason instead of a box to tick, and an operator lifts it
// from the back office's list, giving a reason in a confirmation dialog; the person
// may then ask again. A fresh person, so that no other test meets the refusal.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, BASE_URL, DEMO, DEMO_PASSWORD, h1, invitePerson, launchBrowser, openPage, signIn, signOut } from './lib.mjs';

describe('refusals that hold', { timeout: 120_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  let assertNoProblems;
  const stamp = Date.now().toString(36);
  const person = { email: `refused-${stamp}@demo-industries.example`, login: `refused.${stamp}`, firstName: 'Rémi', lastName: `Refusé${stamp}`, password: 'Refus#Test2026' };
  const reason = 'Réservé au service achats';

  before(async () => {
    browser = await launchBrowser();
    ({ page, assertNoProblems } = await openPage(browser, { locale: 'fr-FR' }));
    await invitePerson(person);
    const me = await apiAs(person.email, person.password);
    const asked = await me('POST', '/me/access-requests', { applications: ['licence-manager'] });
    assert.equal(asked.status, 201, JSON.stringify(asked.body));
    const admin = await apiAs(DEMO.admin.email, DEMO_PASSWORD);
    const refused = await admin('POST', `/access-requests/${asked.body.requests[0].number}/decision`, { decision: 'refuse', reason });
    assert.equal(refused.status, 200, JSON.stringify(refused.body));
  });

  after(async () => {
    await browser?.close();
  });

  it('shows the person the refusal and its reason instead of a way to ask', async () => {
    await signIn(page, person.email, person.password);
    await page.goto(BASE_URL + '/#/applications', { waitUntil: 'load' });
    await page.getByRole('tab', { name: /Disponibles/ }).click();
    const refused = page.locator('#refused-licence-manager');
    await refused.getByText('Gestionnaire de licences').waitFor();
    await refused.getByText(`Motif : ${reason}`).waitFor();
    await page.getByText('Seul l’éditeur peut lever ce refus').waitFor();
    assert.equal(await page.getByRole('checkbox', { name: /Gestionnaire de licences/ }).count(), 0, 'the refused application can be ticked');
    await assertNoProblems();
    await signOut(page);
  });

  it('shows the administrator the refusal on the person’s page, where applications are given', async () => {
    const admin = await apiAs(DEMO.admin.email, DEMO_PASSWORD);
    const found = await admin('GET', `/org/users?q=${encodeURIComponent(person.email)}`);
    assert.equal(found.body.items.length, 1, JSON.stringify(found.body));
    await signIn(page, DEMO.admin.email);
    await page.goto(BASE_URL + `/#/admin/users/${found.body.items[0].id}`, { waitUntil: 'load' });
    const refused = page.locator('#refused-licence-manager');
    await refused.getByText(`Motif : ${reason}`).waitFor();
    await page.getByText('Vous ne pouvez pas accorder une application refusée').waitFor();
    await assertNoProblems();
    await signOut(page);
  });

  it('lets an operator lift it with a reason, after which the person may ask again', async () => {
    await signIn(page, DEMO.operator.email);
    await page.goto(BASE_URL + '/#/backoffice/refusals', { waitUntil: 'load' });
    await h1(page, 'Refus d’accès en vigueur').waitFor();
    await page.getByLabel('Personne, adresse, organisation ou application').fill(person.lastName);
    await page.getByRole('button', { name: 'Rechercher' }).click();
    const row = page.getByRole('row', { name: new RegExp(person.lastName) });
    await row.getByText(`Motif : ${reason}`).waitFor();
    await row.getByRole('button', { name: /Lever/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: `Lever le refus de Gestionnaire de licences pour ${person.firstName} ${person.lastName} ?` }).waitFor();
    // No reason: the dialog stays open and says what is missing.
    await dialog.getByRole('button', { name: 'Lever', exact: true }).click();
    await dialog.locator('#refusal-lift-reason-error').waitFor();
    await dialog.getByLabel('Motif').fill('Accord du client reçu par e-mail');
    await dialog.getByRole('button', { name: 'Lever', exact: true }).click();
    await page.locator('.toast', { hasText: 'Refus levé' }).waitFor();
    await page.getByText(`Aucun refus ne correspond à « ${person.lastName} ».`).waitFor();
    await assertNoProblems();

    const me = await apiAs(person.email, person.password);
    const again = await me('POST', '/me/access-requests', { applications: ['licence-manager'] });
    assert.equal(again.status, 201, JSON.stringify(again.body));
  });
});
