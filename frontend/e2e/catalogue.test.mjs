// The service catalogue end to end: an operator creates a service ordered through a
// form (whose "learn more" page holds a script tag and a javascript: link, which
// must come out as text) and a service sold by the seat with a price grid; a
// customer who is a Visitor on the contract's Services browses the catalogue,
// filters it by category, searches it, reads "learn more", and sees no order
// button; the administrator (Manager on every section) sees it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, DEMO, h1, launchBrowser, openPage, signIn, signOut } from './lib.mjs';

describe('service catalogue', { timeout: 180_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  let assertNoProblems;
  const tag = Date.now().toString(36);
  const direct = `Audit réseau ${tag}`;
  const directEn = `Network audit ${tag}`;
  const seats = `Licences ${tag}`;

  before(async () => {
    browser = await launchBrowser();
    ({ page, assertNoProblems } = await openPage(browser, { locale: 'fr-FR' }));
  });

  after(async () => {
    await browser?.close();
  });

  it('lets an operator create a service with an order form', async () => {
    await signIn(page, DEMO.operator.email);
    await page.goto(BASE_URL + '/#/backoffice/catalogue', { waitUntil: 'load' });
    await h1(page, 'Catalogue des services').waitFor();
    // The demo catalogue is there, retired services only on request.
    await page.getByRole('link', { name: 'Sauvegarde managée' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Sauvegarde sur bandes' }).count(), 0);
    await page.locator('#catalogue-new').click();
    await h1(page, 'Nouveau service').waitFor();

    // Saved with nothing: the server names every missing field, in French.
    await page.locator('#svc-save').click();
    await page.locator('#svc-name-fr-error').waitFor();
    assert.equal(await page.locator('#svc-name-fr-error').textContent(), 'Ce champ est obligatoire.');

    await page.locator('#svc-name-fr').fill(direct);
    await page.locator('#svc-name-en').fill(directEn);
    await page.locator('#svc-summary-fr').fill('Un audit de votre réseau en deux jours.');
    await page.locator('#svc-summary-en').fill('An audit of your network in two days.');
    await page.locator('#svc-category').selectOption('security');
    await page.locator('#svc-learnMore-fr').fill('# Déroulé\nDeux jours.');
    await page.locator('#svc-learnMore-en').fill('# How it goes\n<script>alert(1)</script>\n\n- Scoping\n- **Audit**\n\n[Trap](javascript:alert(2)) and [method](https://guichet.example/audit)');
    await page.locator('#svc-form-0-id').fill('site');
    await page.locator('#svc-form-0-label-fr').fill('Site à auditer');
    await page.locator('#svc-form-0-label-en').fill('Site to audit');
    await page.locator('#svc-form-0-required').check();
    await page.getByRole('button', { name: 'Ajouter un champ' }).click();
    await page.locator('#svc-form-1-id').fill('servers');
    await page.locator('#svc-form-1-type').selectOption('number');
    await page.locator('#svc-form-1-label-fr').fill('Nombre de serveurs');
    await page.locator('#svc-form-1-label-en').fill('Number of servers');
    await page.locator('#svc-form-1-min').fill('1');
    await page.locator('#svc-form-1-max').fill('50');
    await page.locator('#svc-save').click();
    await h1(page, 'Modifier un service').waitFor();
    await page.getByText(`« ${direct} » enregistré.`).waitFor();
    assert.equal(await page.locator('#svc-form-1-max').inputValue(), '50');
  });

  it('lets an operator create a service sold by the seat with its price grid', async () => {
    await page.goto(BASE_URL + '/#/backoffice/catalogue/new', { waitUntil: 'load' });
    await h1(page, 'Nouveau service').waitFor();
    await page.locator('#svc-kind-marketplace').check();
    await page.locator('#svc-name-fr').fill(seats);
    await page.locator('#svc-name-en').fill(`Licences ${tag}`);
    await page.locator('#svc-summary-fr').fill('Des licences par utilisateur.');
    await page.locator('#svc-summary-en').fill('Licences per user.');
    await page.locator('#svc-category').selectOption('collaboration');
    await page.locator('#svc-plans-0-id').fill('pro');
    await page.locator('#svc-plans-0-name-fr').fill('Pro');
    await page.locator('#svc-plans-0-name-en').fill('Pro');
    await page.locator('#svc-plans-0-unit-fr').fill('utilisateur');
    await page.locator('#svc-plans-0-unit-en').fill('user');
    // A price with three decimals is refused before anything is sent.
    await page.locator('#svc-plans-0-price-monthly_monthly').fill('12,345');
    await page.locator('#svc-save').click();
    await page.locator('#svc-plans-0-price-monthly_monthly-error').waitFor();
    await page.locator('#svc-plans-0-price-monthly_monthly').fill('12,50');
    await page.locator('#svc-plans-0-price-annual_monthly').fill('10');
    await page.locator('#svc-plans-0-price-annual_annual').fill('120');
    await page.locator('#svc-save').click();
    await h1(page, 'Modifier un service').waitFor();
    await page.getByText('Version de prix 1').waitFor();
    assert.equal(await page.locator('#svc-plans-0-cancelDays').inputValue(), '7');
    await assertNoProblems();
    await signOut(page);
  });

  it('lets a Visitor browse, filter, search and read "learn more", without an order button', async () => {
    // The demo user reads the portal in English.
    await signIn(page, DEMO.user.email);
    await page.goto(BASE_URL + '/#/catalogue', { waitUntil: 'load' });
    await h1(page, 'Catalogue').waitFor();
    await page.getByRole('link', { name: directEn, exact: true }).waitFor();
    // Only the demo contract's offer: the Entreprise seats are not listed.
    assert.equal(await page.getByRole('link', { name: 'Online office Enterprise' }).count(), 0);

    await page.locator('#catalogue-category').selectOption('security');
    await page.getByRole('link', { name: 'Security audit', exact: true }).waitFor();
    assert.equal(await page.getByRole('link', { name: seats, exact: true }).count(), 0);
    assert.match(page.url(), /category=security/);

    await page.locator('#catalogue-category').selectOption('');
    await page.locator('#catalogue-search').fill('Licences ' + tag);
    await page.locator('#catalogue-search').press('Enter');
    await page.getByRole('link', { name: seats, exact: true }).waitFor();
    await page.getByText('1 service', { exact: true }).waitFor();
    await page.getByText('From €10.00 / user / month').waitFor();

    await page.locator('#catalogue-search').fill('nothing like it ' + tag);
    await page.locator('#catalogue-search').press('Enter');
    await page.getByText('No service matches.').waitFor();
    await page.getByRole('button', { name: 'Clear the search' }).click();

    await page.getByRole('link', { name: directEn, exact: true }).click();
    await h1(page, directEn).waitFor();
    const learnMore = page.locator('.catalogue-learn-more');
    await learnMore.getByRole('heading', { name: 'How it goes' }).waitFor();
    // The script tag is text; the javascript: link is no link; the https one is.
    await learnMore.getByText('<script>alert(1)</script>').waitFor();
    assert.equal(await learnMore.locator('script').count(), 0);
    assert.equal(await learnMore.getByRole('link', { name: 'Trap' }).count(), 0);
    assert.equal(await learnMore.getByRole('link', { name: 'method' }).getAttribute('href'), 'https://guichet.example/audit');
    await page.getByText('Number of servers').waitFor();
    assert.equal(await page.locator('#catalogue-order').count(), 0, 'a Visitor sees no order button');
    await page.locator('#catalogue-visitor-note').waitFor();
    await assertNoProblems();
    await signOut(page);
  });

  it('shows the order button to a Manager of the contract', async () => {
    await signIn(page, DEMO.admin.email);
    await page.goto(BASE_URL + '/#/catalogue', { waitUntil: 'load' });
    await page.getByRole('link', { name: seats, exact: true }).click();
    await h1(page, seats).waitFor();
    await page.locator('#catalogue-order').waitFor();
    await page.getByRole('cell', { name: '120,00 € / an' }).waitFor();
    await assertNoProblems();
  });
});
