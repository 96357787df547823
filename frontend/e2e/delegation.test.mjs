// Delegated administration end to end: a user who manages the Users section of the
// demo contract (no administrator) finds "Administration" in the header, sees the
// users and their pages without the administrators' actions, is refused the audit
// log, changes a person's rights with "Manage access" (a confirmation before a
// right is taken away), and searches the contract's matrix, where the
// administrator's line shows the Manager levels an administrator holds; the pages
// fit a 390 px phone. One sign-in in the browser.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, BASE_URL, DEMO, DEMO_PASSWORD, h1, invitePerson, launchBrowser, openPage, signIn } from './lib.mjs';

const CONTRACT = 'Maintenance et support';
const PASSWORD = 'Guichet#Deleg2026';

describe('delegated administration', { timeout: 180_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  let assertNoProblems;
  const stamp = Date.now().toString(36);
  const manager = { email: `dora.${stamp}@demo-industries.example`, login: `dora.${stamp}`, firstName: 'Dora', lastName: `Delegue${stamp}` };
  const target = { email: `theo.${stamp}@demo-industries.example`, login: `theo.${stamp}`, firstName: 'Théo', lastName: `Cible${stamp}` };
  let admin;
  let contractId;
  let targetId;

  /** The target's rights on the demo contract, as the administrator reads them. */
  const targetRights = async () => (await admin('GET', `/org/users/${targetId}`)).body.rights[contractId] ?? {};

  before(async () => {
    await invitePerson({ ...manager, password: PASSWORD });
    await invitePerson({ ...target, password: PASSWORD });
    admin = await apiAs(DEMO.admin.email, DEMO_PASSWORD);
    contractId = (await admin('GET', '/org/contracts')).body.items.find((c) => c.name === CONTRACT).id;
    const users = (await admin('GET', `/org/users?q=${encodeURIComponent(manager.email)}`)).body.items;
    const line = (await admin('GET', `/org/contracts/${contractId}/rights?q=${encodeURIComponent(manager.email)}`)).body.items[0];
    assert.equal(line.user.id, users[0].id);
    const put = await admin('PUT', `/org/contracts/${contractId}/rights`, {
      changes: [{ userId: line.user.id, version: line.version, sections: { users: 'manager' } }],
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    targetId = (await admin('GET', `/org/users?q=${encodeURIComponent(target.email)}`)).body.items[0].id;

    browser = await launchBrowser();
    ({ page, assertNoProblems } = await openPage(browser, { locale: 'fr-FR' }));
    await signIn(page, manager.email, PASSWORD);
  });

  after(async () => {
    await browser?.close();
  });

  it('shows a Users manager the administration their rights allow, no more', async () => {
    await page.getByRole('link', { name: 'Administration', exact: true }).click();
    await h1(page, 'Administration').waitFor();
    const hub = page.locator('.hub-areas');
    await hub.getByRole('link', { name: 'Utilisateurs' }).waitFor();
    await hub.getByRole('link', { name: 'Contrats et droits' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Journal d’audit' }).count(), 0);

    await hub.getByRole('link', { name: 'Utilisateurs' }).click();
    await h1(page, 'Utilisateurs').waitFor();
    await page.getByRole('link', { name: `${target.firstName} ${target.lastName}` }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Ajouter un utilisateur' }).count(), 0);

    await page.goto(BASE_URL + '/#/admin/audit', { waitUntil: 'load' });
    await page.getByRole('heading', { level: 1, name: 'Accès refusé' }).waitFor();
  });

  it('shows a user’s page without the administrators’ actions', async () => {
    await page.goto(BASE_URL + `/#/admin/users/${targetId}`, { waitUntil: 'load' });
    await h1(page, `${target.firstName} ${target.lastName}`).waitFor();
    await page.locator('#user-manage-access').waitFor();
    assert.equal(await page.locator('#user-edit').count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Désactiver' }).count(), 0);

    // The administrator's page shows what an administrator holds, not "None".
    const adminId = (await admin('GET', `/org/users?q=${encodeURIComponent(DEMO.admin.email)}`)).body.items[0].id;
    await page.goto(BASE_URL + `/#/admin/users/${adminId}`, { waitUntil: 'load' });
    await h1(page, DEMO.admin.name).waitFor();
    await page.getByRole('row').filter({ hasText: CONTRACT }).getByText('Toutes les rubriques : Gestionnaire').waitFor();
  });

  it('changes the person’s rights with “Gérer les accès”, confirming what is taken away', async () => {
    await page.goto(BASE_URL + `/#/admin/users/${targetId}`, { waitUntil: 'load' });
    await page.locator('#user-manage-access').click();
    await h1(page, `Gérer les accès — ${target.firstName} ${target.lastName}`).waitFor();
    const orders = page.getByLabel('Commandes');
    await orders.selectOption('manager');
    assert.equal(await page.getByLabel('Utilisateur support').isDisabled(), true);
    await page.getByRole('status').filter({ hasText: '1 contrat' }).waitFor();
    await page.locator('#access-save').click();
    await page.locator('.toast', { hasText: 'Accès enregistrés.' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Aucune modification en attente.' }).waitFor();
    assert.equal((await targetRights()).sections?.orders, 'manager');

    await orders.selectOption('none');
    await page.locator('#access-save').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(`${CONTRACT} : Commandes, Gestionnaire → Aucun`).waitFor();
    await dialog.getByRole('button', { name: 'Retirer et enregistrer' }).click();
    await page.locator('.toast', { hasText: 'Accès enregistrés.' }).last().waitFor();
    await page.getByRole('status').filter({ hasText: 'Aucune modification en attente.' }).waitFor();
    assert.equal((await targetRights()).sections?.orders, undefined);
  });

  it('searches the contract’s matrix, where the administrator holds every section', async () => {
    await page.goto(BASE_URL + `/#/admin/contracts/${contractId}/rights`, { waitUntil: 'load' });
    await h1(page, `Droits — ${CONTRACT}`).waitFor();
    const adminRow = page.getByRole('row').filter({ hasText: DEMO.admin.name });
    assert.equal(await adminRow.locator('.level-held', { hasText: 'Gestionnaire' }).count(), 8);
    // Eight sections, the person and the support flag fit 1,280 px without scrolling.
    const scroll = await page.locator('.matrix .table-scroll').evaluate((e) => e.scrollWidth - e.clientWidth);
    assert.equal(scroll, 0, 'the matrix scrolls sideways at 1,280 px');
    assert.equal(await page.getByLabel(`Utilisateur support pour ${target.firstName} ${target.lastName}`).isDisabled(), true);

    // Taking a right away is confirmed first.
    const orders = page.getByLabel(`Commandes pour ${target.firstName} ${target.lastName}`);
    await orders.selectOption('manager');
    await page.locator('#matrix-save').click();
    await page.locator('#matrix-pending', { hasText: 'Aucune modification' }).waitFor();
    await orders.selectOption('none');
    await page.locator('#matrix-save').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(`${target.firstName} ${target.lastName} : Commandes, Gestionnaire → Aucun`).waitFor();
    await dialog.getByRole('button', { name: 'Retirer et enregistrer' }).click();
    await page.locator('#matrix-pending', { hasText: 'Aucune modification' }).waitFor();
    assert.equal((await targetRights()).sections?.orders, undefined);

    await page.locator('#matrix-q').fill(target.lastName);
    await page.locator('#matrix-q').press('Enter');
    await page.getByRole('row').filter({ hasText: target.lastName }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.matrix tbody tr').length === 1);

    await page.locator('#matrix-q').fill('zzz-personne');
    await page.locator('#matrix-q').press('Enter');
    await page.getByText('Personne ne correspond à « zzz-personne ».').waitFor();
    await page.getByRole('link', { name: 'Afficher tout le monde' }).click();
    await adminRow.waitFor();
  });

  it('fits a 390 px phone: the users, a user’s page and access, the matrix', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [path, ready] of [
      ['/admin/users', 'Utilisateurs'],
      [`/admin/users/${targetId}/access`, `Gérer les accès — ${target.firstName} ${target.lastName}`],
      [`/admin/contracts/${contractId}/rights`, `Droits — ${CONTRACT}`],
    ]) {
      await page.goto(BASE_URL + '/#' + path, { waitUntil: 'load' });
      await h1(page, ready).waitFor();
      await page.locator('table, .access-contract').first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0, `${path} is wider than the phone`);
    }
    // A user's facts: the value under its label, the whole width for the address.
    await page.goto(BASE_URL + `/#/admin/users/${targetId}`, { waitUntil: 'load' });
    const email = page.locator('.facts dd', { hasText: target.email });
    assert.ok((await email.boundingBox()).width > 250, 'the address is squeezed beside its label');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('had no console errors, page errors or CSP violations', async () => {
    await assertNoProblems();
  });
});
