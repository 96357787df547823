// Browser smoke test of the portal, run with Node's test runner:
//   GUICHET_URL=http://127.0.0.1:18080 node --test frontend/e2e/
// Expects a server that serves frontend/dist and answers GET /api/v1/health
// with {"status":"ok"} (the Go server). Chromium: CHROMIUM_PATH or /usr/bin/chromium.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const BASE_URL = process.env.GUICHET_URL || 'http://127.0.0.1:18080';
const TIMEOUT = 10_000;

describe('Guichet portal smoke', { timeout: 120_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  const consoleErrors = [];
  const pageErrors = [];
  let cspHeader = null;

  const h1 = (name) => page.getByRole('heading', { level: 1, name, exact: true });
  const htmlLang = () => page.getAttribute('html', 'lang');
  const activeId = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);

  before(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    // French browser, empty storage: the portal must start in French.
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(`${msg.text()} @ ${msg.location().url || '?'}`);
    });
    page.on('pageerror', (err) => pageErrors.push(String(err)));
    // Runs before page scripts (outside the page's CSP) to record violations.
    await page.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
      });
    });
  });

  after(async () => {
    await browser?.close();
  });

  it('loads the French sign-in page', async () => {
    const res = await page.goto(BASE_URL + '/', { waitUntil: 'load' });
    assert.ok(res, 'no response');
    assert.equal(res.status(), 200);
    cspHeader = res.headers()['content-security-policy'] ?? null;
    assert.match(cspHeader ?? '', /script-src 'self'/, 'the page must carry the strict Content-Security-Policy');

    await h1('Connexion').waitFor();
    assert.equal(await htmlLang(), 'fr');
    assert.equal(await page.title(), 'Connexion — Guichet');

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

    // Every script is an external file (CSP script-src 'self').
    const inlineScripts = await page.evaluate(
      () => [...document.scripts].filter((s) => !s.src).length,
    );
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
      const id = await activeId();
      seen.push(id);
      if (id === 'signin-submit') break;
    }
    assert.equal(seen.at(-1), 'signin-submit', `focus order: ${seen.join(' > ')}`);
    assert.ok(seen.indexOf('email') < seen.indexOf('password'), 'email before password');
    assert.ok(seen.includes('email') && seen.includes('password'), 'fields are focusable');
  });

  it('shows inline field errors when submitted empty', async () => {
    assert.equal(await activeId(), 'signin-submit');
    await page.keyboard.press('Enter');

    const email = page.locator('#email');
    const password = page.locator('#password');
    await page.locator('#email-error').getByText('Ce champ est obligatoire.').waitFor();
    await page.locator('#password-error').getByText('Ce champ est obligatoire.').waitFor();
    assert.equal(await email.getAttribute('aria-invalid'), 'true');
    assert.equal(await email.getAttribute('aria-describedby'), 'email-error');
    assert.equal(await password.getAttribute('aria-invalid'), 'true');
    assert.equal(await password.getAttribute('aria-describedby'), 'password-error');
    assert.equal(await activeId(), 'email', 'focus moves to the first invalid field');

    await email.fill('pas-une-adresse');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.locator('#email-error').getByText('Saisissez une adresse e-mail valide', { exact: false }).waitFor();
  });

  it('announces that sign-in is not available yet for valid input', async () => {
    await page.locator('#email').fill('client@example.com');
    await page.locator('#password').fill('secret');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('status').getByText('La connexion n’est pas encore disponible.').waitFor();
    assert.equal(await page.locator('[aria-invalid="true"]').count(), 0);
    assert.equal(await page.locator('#email-error, #password-error').count(), 0);
  });

  it('switches to English', async () => {
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await h1('Sign in').waitFor();
    assert.equal(await htmlLang(), 'en');
    assert.equal(await page.title(), 'Sign in — Guichet');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.getByRole('link', { name: 'Forgot password?' }).waitFor();
    await page.getByRole('link', { name: 'Create an account' }).waitFor();
    await page.locator('footer').getByText('Service operational').waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem('guichet.lang')), 'en');
    assert.equal(
      await page.getByRole('button', { name: 'EN', exact: true }).getAttribute('aria-pressed'),
      'true',
    );
  });

  it('keeps English after a reload', async () => {
    await page.reload({ waitUntil: 'load' });
    await h1('Sign in').waitFor();
    assert.equal(await htmlLang(), 'en');
    assert.equal(await page.title(), 'Sign in — Guichet');
    await page.locator('footer').getByText('Service operational').waitFor();
  });

  it('had no CSP violations, console errors or page errors', async () => {
    const csp = await page.evaluate(() => window.__cspViolations ?? []);
    assert.deepEqual(csp, [], 'CSP violations');
    assert.deepEqual(consoleErrors, [], 'console errors');
    assert.deepEqual(pageErrors, [], 'page errors');
  });
});
