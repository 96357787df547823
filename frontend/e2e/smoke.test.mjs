// Browser smoke test of the portal, run with Node's test runner:
//   GUICHET_URL=http://127.0.0.1:18080 node --test frontend/e2e/
// Expects the Go server serving frontend/dist (scripts/e2e starts one).
// Chromium: CHROMIUM_PATH or /usr/bin/chromium.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { activeId, BASE_URL, h1, launchBrowser, openPage } from './lib.mjs';

describe('Guichet portal smoke', { timeout: 120_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  let assertNoProblems;

  const htmlLang = () => page.getAttribute('html', 'lang');

  before(async () => {
    browser = await launchBrowser();
    // French browser, empty storage: the portal must start in French.
    ({ page, assertNoProblems } = await openPage(browser, { locale: 'fr-FR' }));
  });

  after(async () => {
    await browser?.close();
  });

  it('loads the French sign-in page', async () => {
    const session = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/session');
    const res = await page.goto(BASE_URL + '/', { waitUntil: 'load' });
    // Nobody signed in is an answer, not an error the browser's console shows.
    assert.equal((await session).status(), 200);
    assert.ok(res, 'no response');
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-security-policy'] ?? '', /script-src 'self'/, 'the page must carry the strict Content-Security-Policy');

    await h1(page, 'Connexion').waitFor();
    assert.equal(await htmlLang(), 'fr');
    assert.equal(await page.title(), 'Connexion — Guichet');
    assert.match(page.url(), /#\/signin$/, 'a visitor at the home page is sent to sign-in');

    // App shell landmarks.
    assert.equal(await page.locator('header').count(), 1);
    assert.equal(await page.getByRole('navigation').count(), 1);
    assert.equal(await page.locator('main#main').count(), 1);
    assert.equal(await page.locator('footer').count(), 1);
    await page.getByRole('link', { name: 'Accueil' }).waitFor();
    await page.getByRole('link', { name: 'Aide', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).waitFor();
    await page.getByRole('link', { name: 'Créer un compte' }).waitFor();
    await page.getByLabel('Adresse e-mail').waitFor();
    await page.getByLabel('Mot de passe', { exact: true }).waitFor();
    await page.getByText('© Guichet').waitFor();
    assert.equal(await page.locator('.user-menu-button').count(), 0, 'no user menu for a visitor');

    // Every script is an external file (CSP script-src 'self').
    const inlineScripts = await page.evaluate(() => [...document.scripts].filter((s) => !s.src).length);
    assert.equal(inlineScripts, 0, 'inline <script> found');
    const styled = await page.evaluate(() => document.querySelectorAll('[style], style').length);
    assert.equal(styled, 0, 'inline style found');
  });

  it('shows the service as operational in the footer', async () => {
    await page.locator('footer').getByText('Service opérationnel').waitFor();
  });

  it('reaches the sign-in button with the keyboard', async () => {
    await page.locator('body').focus();
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => document.activeElement?.textContent);
    assert.equal(skip, 'Aller au contenu principal', 'first Tab should reach the skip link');

    const seen = [];
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const id = await activeId(page);
      seen.push(id);
      if (id === 'signin-submit') break;
    }
    assert.equal(seen.at(-1), 'signin-submit', `focus order: ${seen.join(' > ')}`);
    assert.ok(seen.indexOf('email') < seen.indexOf('password'), 'email before password');
    assert.ok(seen.includes('email') && seen.includes('password'), 'fields are focusable');
  });

  it('shows inline field errors and a summary when submitted empty', async () => {
    assert.equal(await activeId(page), 'signin-submit');
    await page.keyboard.press('Enter');

    const email = page.locator('#email');
    const password = page.locator('#password');
    await page.locator('#email-error').getByText('Ce champ est obligatoire.').waitFor();
    await page.locator('#password-error').getByText('Ce champ est obligatoire.').waitFor();
    assert.equal(await email.getAttribute('aria-invalid'), 'true');
    assert.equal(await email.getAttribute('aria-describedby'), 'email-error');
    assert.equal(await password.getAttribute('aria-invalid'), 'true');
    assert.equal(await password.getAttribute('aria-describedby'), 'password-error');
    assert.equal(await activeId(page), 'email', 'focus moves to the first invalid field');
    const summary = page.getByRole('alert');
    await summary.getByText('Le formulaire contient des erreurs').waitFor();
    await summary.getByRole('link', { name: 'Mot de passe : Ce champ est obligatoire.' }).click();
    assert.equal(await activeId(page), 'password', 'the summary links to its fields');
    assert.match(page.url(), /#\/signin$/, 'summary links do not change the route');

    await email.fill('pas-une-adresse');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.locator('#email-error').getByText('Saisissez une adresse e-mail valide', { exact: false }).waitFor();
  });

  it('shows and hides the password', async () => {
    const password = page.locator('#password');
    const toggle = page.getByRole('button', { name: 'Afficher le mot de passe' });
    await password.fill('secret');
    assert.equal(await password.getAttribute('type'), 'password');
    await toggle.click();
    assert.equal(await password.getAttribute('type'), 'text');
    await page.getByRole('button', { name: 'Masquer le mot de passe' }).click();
    assert.equal(await password.getAttribute('type'), 'password');
  });

  it('shows the server’s answer for unknown credentials in an alert', async () => {
    await page.locator('#email').fill('client@example.com');
    await page.locator('#password').fill('secret');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    const message = page.getByRole('alert').locator('.error-summary-message');
    await message.waitFor();
    assert.notEqual((await message.textContent()).trim(), '');
    assert.equal(await page.locator('[aria-invalid="true"]').count(), 0);
    assert.equal(await page.locator('#email-error, #password-error').count(), 0);
    assert.equal(await activeId(page), 'form-errors', 'focus moves to the error summary');
    assert.equal(await page.locator('.user-menu-button').count(), 0);
  });

  it('switches to English', async () => {
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await h1(page, 'Sign in').waitFor();
    assert.equal(await htmlLang(), 'en');
    assert.equal(await page.title(), 'Sign in — Guichet');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.getByRole('link', { name: 'Forgot password?' }).waitFor();
    await page.getByRole('link', { name: 'Create an account' }).waitFor();
    await page.locator('footer').getByText('Service operational').waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem('guichet.lang')), 'en');
    assert.equal(await page.getByRole('button', { name: 'EN', exact: true }).getAttribute('aria-pressed'), 'true');
  });

  it('keeps English after a reload', async () => {
    await page.reload({ waitUntil: 'load' });
    await h1(page, 'Sign in').waitFor();
    assert.equal(await htmlLang(), 'en');
    assert.equal(await page.title(), 'Sign in — Guichet');
    await page.locator('footer').getByText('Service operational').waitFor();
  });

  it('shows "page not found" for an unknown address, and help to a visitor', async () => {
    await page.goto(BASE_URL + '/#/no/such/page');
    await h1(page, 'Page not found').waitFor();
    await page.getByRole('link', { name: 'Help', exact: true }).click();
    await h1(page, 'Help').waitFor();
    assert.equal(await activeId(page), 'page-title', 'focus moves to the new page’s heading');
    assert.equal(await page.getByRole('link', { name: 'Help', exact: true }).getAttribute('aria-current'), 'page');
  });

  it('had no CSP violations, console errors or page errors', async () => {
    await assertNoProblems();
  });
});
