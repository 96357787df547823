// The back office as operators use it: an organisation's pages are titled by its
// name; a mail domain is attached to an organisation chosen by name (no id to type),
// after which the form is empty with no error left on it; the catalog says who
// decides in operators' words; the pages fit a 390 px phone. One sign-in.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, DEMO, h1, launchBrowser, openPage, signIn } from './lib.mjs';

describe('back office', { timeout: 120_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  let assertNoProblems;
  const domain = `attach-${Date.now().toString(36)}.example`;

  before(async () => {
    browser = await launchBrowser();
    ({ page, assertNoProblems } = await openPage(browser, { locale: 'fr-FR' }));
    await signIn(page, DEMO.operator.email);
  });

  after(async () => {
    await browser?.close();
  });

  it('titles an organisation’s pages by its name', async () => {
    await page.goto(BASE_URL + '/#/backoffice/organisations', { waitUntil: 'load' });
    await page.getByRole('link', { name: 'Contrats de Demo Industries' }).click();
    await h1(page, 'Contrats de Demo Industries').waitFor();
    await page.getByRole('navigation', { name: 'Organisation Demo Industries' }).getByRole('link', { name: 'Utilisateurs de l’organisation' }).click();
    await h1(page, 'Utilisateurs de Demo Industries').waitFor();
    assert.equal(await page.title().then((title) => title.includes('Utilisateurs')), true);
  });

  it('attaches a domain to an organisation found by its name, leaving no error behind', async () => {
    await page.goto(BASE_URL + `/#/backoffice/domains/${domain}`, { waitUntil: 'load' });
    await h1(page, `Domaine ${domain}`).waitFor();
    await page.getByText('Aucune organisation n’a vérifié ce domaine.').waitFor();
    assert.equal(await page.getByLabel('Identifiant de l’organisation').count(), 0);

    // Nothing chosen: the picker says so.
    await page.locator('#domain-attach').click();
    await page.locator('#attach-organisation-error').waitFor();

    await page.getByLabel('Rechercher par nom').fill('Demo');
    await page.getByLabel('Rechercher par nom').press('Enter');
    await page.locator('#attach-organisation option', { hasText: 'Demo Industries (demo-industries.example)' }).waitFor({ state: 'attached' });
    await page.locator('#attach-organisation').selectOption({ label: 'Demo Industries (demo-industries.example)' });
    assert.equal(await page.locator('#attach-organisation-error').count(), 0);
    await page.locator('#domain-attach').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: `Rattacher ${domain} à Demo Industries ?` }).waitFor();
    await dialog.getByRole('button', { name: 'Rattacher' }).click();
    await page.locator('#domain-organisations li', { hasText: 'Demo Industries' }).waitFor();
    await page.locator('.toast', { hasText: `Domaine ${domain} mis à jour.` }).waitFor();
    assert.equal(await page.locator('#attach-organisation').inputValue(), '');
    assert.equal(await page.locator('.field-error, .form-error').count(), 0, 'an error is left on the page');

    // Detached again, so that no other test meets this domain.
    await page.getByRole('button', { name: 'Retirer le domaine de Demo Industries' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Retirer' }).click();
    await page.getByText('Aucune organisation n’a vérifié ce domaine.').waitFor();
  });

  it('says who decides in the catalog in operators’ words', async () => {
    await page.goto(BASE_URL + '/#/backoffice/applications', { waitUntil: 'load' });
    await h1(page, 'Catalogue des applications').waitFor();
    await page.getByRole('columnheader', { name: 'Décision prise par' }).waitFor();
    assert.equal(await page.getByRole('columnheader', { name: 'Qui décide' }).count(), 0);
    assert.equal(await page.getByRole('cell', { name: 'Vos administrateurs' }).count(), 0);
    assert.equal(await page.getByRole('cell', { name: 'Le fournisseur' }).count(), 0);
    assert.ok((await page.getByRole('cell', { name: /Nos opérateurs|Les administrateurs du client/ }).count()) > 0);
  });

  it('fits a 390 px phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ['/backoffice', '/backoffice/organisations', `/backoffice/domains/${domain}`, '/backoffice/applications']) {
      await page.goto(BASE_URL + '/#' + path, { waitUntil: 'load' });
      await page.locator('h1').waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(overflow, 0, `${path} is wider than the phone`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('had no console errors, page errors or CSP violations', async () => {
    await assertNoProblems();
  });
});
