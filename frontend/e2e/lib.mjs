// Shared helpers of the browser tests. Each test file launches its own browser and
// context (node --test runs files in separate processes), so files never share
// cookies or storage.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { chromium } from 'playwright-core';

/** The portal under test; scripts/e2e sets it to a fresh `guichet serve`. */
export const BASE_URL = process.env.GUICHET_URL || 'http://127.0.0.1:18080';
export const TIMEOUT = 10_000;

/** The demo sign-ins every local install starts with. */
export const DEMO_PASSWORD = 'Guichet#Demo2026';
export const DEMO = {
  operator: { email: 'operator@guichet.example', firstName: 'Olivia', name: 'Olivia Opérateur' },
  admin: { email: 'admin@demo-industries.example', firstName: 'Adèle', name: 'Adèle Administratrice' },
  user: { email: 'user@demo-industries.example', firstName: 'Ulysse', name: 'Ulysse Utilisateur' },
};

/** Headless Chromium flags for CI containers: no sandbox, no GPU, no background traffic. */
export const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium, or CHROMIUM_PATH. */
export function launchBrowser() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: LAUNCH_ARGS });
}

/**
 * A fresh context and page (French browser unless told otherwise) that records
 * problems: console errors, uncaught page errors and CSP violations. 4xx answers of
 * /api/ are the portal's normal business (401 for a visitor, wrong password) and are
 * not problems; the browser still logs them, so they are filtered out here.
 */
export async function openPage(browser, { locale = 'fr-FR' } = {}) {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const consoleErrors = [];
  const pageErrors = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const url = msg.location().url || '';
    if (/status of 4\d\d/.test(msg.text()) && new URL(url, BASE_URL).pathname.startsWith('/api/')) return;
    consoleErrors.push(`${msg.text()} @ ${url || '?'}`);
  });
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  // Runs before the page's scripts (outside its CSP) to record violations.
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
    });
  });
  /** Fails when the page had a CSP violation, a console error or an uncaught error. */
  const assertNoProblems = async () => {
    const csp = await page.evaluate(() => window.__cspViolations ?? []);
    assert.deepEqual(csp, [], 'CSP violations');
    assert.deepEqual(consoleErrors, [], 'console errors');
    assert.deepEqual(pageErrors, [], 'page errors');
  };
  return { context, page, assertNoProblems };
}

/** The page's h1 with exactly this text. */
export function h1(page, name) {
  return page.getByRole('heading', { level: 1, name, exact: true });
}

/** The id (or tag) of the focused element. */
export function activeId(page) {
  return page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
}

/**
 * Signs in through the sign-in page (any language) and waits for the signed-in
 * header. Starts from `path` ("/#/signin" by default; pass "/#/account" to check
 * the return path).
 */
export async function signIn(page, email, password = DEMO_PASSWORD, { path = '/#/signin' } = {}) {
  await page.goto(BASE_URL + path, { waitUntil: 'load' });
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.locator('#signin-submit').click();
  await page.locator('.user-menu-button').waitFor();
}

/** Signs out through the header menu and waits for the sign-in page. */
export async function signOut(page) {
  await page.locator('.user-menu-button').click();
  await page.locator('#user-menu-list button').click();
  await page.locator('#signin-submit').waitFor();
}

async function fetchLatest(to) {
  const url = `${BASE_URL}/dev/mail/latest.json?to=${encodeURIComponent(to)}`;
  const res = await fetch(url);
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** The id of the newest mail sent to `to`, or null. Take it before the action that
 * sends mail and pass it to latestMail as `after`. */
export async function newestMailId(to) {
  return (await fetchLatest(to))?.id ?? null;
}

/**
 * The newest mail sent to `to`, as the outbox viewer gives it: {id, to, subject,
 * text, html, date}. Waits (the outbox drains every second) until there is one, other
 * than the mail with id `after` when given, and fails after `timeout` ms.
 */
export async function latestMail(to, { after = null, timeout = TIMEOUT } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const mail = await fetchLatest(to);
    if (mail && mail.id !== after) return mail;
    if (Date.now() > deadline) throw new Error(`no new mail to ${to} within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The 30-second step of a time (ms since the epoch), as RFC 6238 counts them. */
export function totpStep(ms = Date.now()) {
  return Math.floor(ms / 30_000);
}

/** The RFC 6238 code (HMAC-SHA-1, 6 digits, 30-second steps) of a base32 secret
 * for one step: what an authenticator app shows. */
export function totpCode(secret, step = totpStep()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/[\s=]/g, '').toUpperCase()) {
    const v = alphabet.indexOf(c);
    if (v < 0) throw new Error(`not base32: ${c}`);
    bits += v.toString(2).padStart(5, '0');
  }
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(msg).digest();
  const off = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(off) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** Signs in to the API as someone (one sign-in attempt) and returns a caller with
 * their cookie and CSRF token. */
export async function apiAs(email, password) {
  const res = await fetch(`${BASE_URL}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  assert.equal(res.status, 200, `sign-in of ${email}: ${await res.clone().text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrf } = await res.json();
  return async (method, path, body) => {
    const r = await fetch(`${BASE_URL}/api/v1${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: r.status === 204 ? null : await r.json() };
  };
}

/** Has the demo company's administrator invite a person of the demo company, and
 * sets their password with the invitation's activation link, as they would. */
export async function invitePerson({ email, login, firstName, lastName, password }) {
  const admin = await apiAs(DEMO.admin.email, DEMO_PASSWORD);
  const created = await admin('POST', '/org/users', { email, login, firstName, lastName, lang: 'fr', role: 'user' });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const invitation = await latestMail(email);
  const token = decodeURIComponent(invitation.text.match(/#\/activate\?token=([^\s&"<>]+)/)[1]);
  const res = await fetch(`${BASE_URL}/api/v1/activation`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token, password }),
  });
  assert.equal(res.status, 200, await res.text());
}
