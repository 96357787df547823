// Sign-in against the real API with the demo accounts: errors, the signed-in shell,
// the session surviving a reload, the language (the profile's at sign-in, the
// person's choice while signed in), the return path, navigation per role, and
// sign-out.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { activeId, BASE_URL, DEMO, DEMO_PASSWORD, h1, launchBrowser, openPage, signIn, signOut } from './lib.mjs';

describe('sign-in', { timeout: 120_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  let assertNoProblems;

  const userMenu = () => page.locator('.user-menu-button');
  const nav = () => page.getByRole('navigation');

  before(async () => {
    browser = await launchBrowser();
    ({ page, assertNoProblems } = await openPage(browser, { locale: 'fr-FR' }));
  });

  after(async () => {
    await browser?.close();
  });

  it('refuses a wrong password with the server’s message', async () => {
    await page.goto(BASE_URL + '/', { waitUntil: 'load' });
    await h1(page, 'Connexion').waitFor();
    await page.getByLabel('Adresse e-mail').fill(DEMO.user.email);
    await page.getByLabel('Mot de passe', { exact: true }).fill('Wrong#Password1');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    const alert = page.getByRole('alert');
    await alert.locator('.error-summary-message').waitFor();
    assert.notEqual((await alert.locator('.error-summary-message').textContent()).trim(), '');
    assert.equal(await userMenu().count(), 0);
    assert.match(page.url(), /#\/signin$/);
  });

  it('signs in with the right password and shows the signed-in shell, in the profile’s language', async () => {
    await page.getByLabel('Mot de passe', { exact: true }).fill(DEMO_PASSWORD);
    const submit = page.getByRole('button', { name: 'Se connecter' });
    await submit.click();
    // The demo user's profile says English: it wins over the French browser.
    await h1(page, `Hello ${DEMO.user.firstName}`).waitFor();
    assert.match(page.url(), /#\/$/);
    assert.equal(await page.title(), 'Dashboard — Guichet');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.equal((await userMenu().textContent()).trim(), DEMO.user.name);
    assert.equal(await userMenu().getAttribute('aria-expanded'), 'false');
    assert.equal(await activeId(page), 'page-title', 'focus moves to the new page’s heading');
    // A customer user has no back office or administration entries.
    assert.equal(await nav().getByRole('link', { name: 'Back office' }).count(), 0);
    assert.equal(await nav().getByRole('link', { name: 'Administration' }).count(), 0);
    assert.equal(await page.locator('.impersonation').count(), 0);
  });

  it('keeps the session across a reload', async () => {
    await page.reload({ waitUntil: 'load' });
    await h1(page, `Hello ${DEMO.user.firstName}`).waitFor();
    assert.equal((await userMenu().textContent()).trim(), DEMO.user.name);
  });

  /** Presses the header's language button and waits for the profile to take it. */
  const switchSaved = async (label) => {
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/me') && r.request().method() === 'PUT');
    await page.getByRole('button', { name: label, exact: true }).click();
    assert.equal((await saved).status(), 200);
  };

  it('keeps the language chosen while signed in, across a reload and the next sign-in', async () => {
    await switchSaved('FR');
    await h1(page, `Bonjour ${DEMO.user.firstName}`).waitFor();
    assert.equal(await page.title(), 'Tableau de bord — Guichet');
    await page.reload({ waitUntil: 'load' });
    await h1(page, `Bonjour ${DEMO.user.firstName}`).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    assert.equal((await userMenu().textContent()).trim(), DEMO.user.name);

    // The choice went to the profile: a sign-in from an English page gets French.
    await signOut(page);
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await h1(page, 'Sign in').waitFor();
    await signIn(page, DEMO.user.email);
    await h1(page, `Bonjour ${DEMO.user.firstName}`).waitFor();

    // Back to the demo profile's English, for the rest of the file.
    await switchSaved('EN');
    await h1(page, `Hello ${DEMO.user.firstName}`).waitFor();
  });

  it('opens the account menu with the keyboard and closes it with Escape', async () => {
    await userMenu().focus();
    await page.keyboard.press('Enter');
    assert.equal(await userMenu().getAttribute('aria-expanded'), 'true');
    await page.getByRole('link', { name: 'My account' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.keyboard.press('Escape');
    assert.equal(await userMenu().getAttribute('aria-expanded'), 'false');
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('user-menu-button')), true);
    await userMenu().click();
    await page.getByRole('link', { name: 'My account' }).click();
    await h1(page, 'My account').waitFor();
  });

  it('signs out back to the sign-in page, for good', async () => {
    await userMenu().click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await h1(page, 'Sign in').waitFor();
    await page.getByText('You are signed out.').waitFor();
    assert.equal(await userMenu().count(), 0);
    await page.reload({ waitUntil: 'load' });
    await h1(page, 'Sign in').waitFor();
    assert.equal(await userMenu().count(), 0);
  });

  it('sends a visitor to sign-in and back to the page asked for', async () => {
    await page.goto(BASE_URL + '/#/account', { waitUntil: 'load' });
    await h1(page, 'Sign in').waitFor();
    assert.match(page.url(), /#\/signin\?next=%2Faccount$/);
    await page.getByLabel('Email address').fill(DEMO.user.email);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await h1(page, 'My account').waitFor();
    assert.match(page.url(), /#\/account$/);
    await signOut(page);
  });

  it('shows operators the back office and refuses it to others', async () => {
    // Their profiles say French: each sign-in switches the English page to it.
    await signIn(page, DEMO.operator.email);
    await h1(page, `Bonjour ${DEMO.operator.firstName}`).waitFor();
    await nav().getByRole('link', { name: 'Back-office' }).click();
    await h1(page, 'Back-office').waitFor();
    await signOut(page);

    await signIn(page, DEMO.admin.email);
    assert.equal(await nav().getByRole('link', { name: 'Back-office' }).count(), 0);
    await nav().getByRole('link', { name: 'Administration' }).waitFor();
    await page.goto(BASE_URL + '/#/backoffice');
    await h1(page, 'Accès refusé').waitFor();
    await signOut(page);
  });

  it('had no CSP violations, console errors or page errors', async () => {
    await assertNoProblems();
  });
});
