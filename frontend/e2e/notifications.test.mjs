// The notification centre: a person changes their password twice (through the API,
// as the account page does) and signs in from the browser, a device not seen
// before; each of these security events also writes an in-app notification. The
// bell in the header counts them; the person opens the centre with the keyboard,
// reads them newest first, marks one then all read, and chooses which mail they get
// (security mail cannot be switched off).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, apiAs, h1, invitePerson, launchBrowser, openPage, signIn } from './lib.mjs';

const RUN = Date.now().toString(36);
const EMAIL = `cloche.${RUN}@demo-industries.example`;
const PASSWORDS = ['Sonnette#Verte41', 'Sonnette#Bleue42', 'Sonnette#Rouge43'];

/** Waits until the person's unread count is n (the drain runs every second). */
async function unreadBecomes(api, n) {
  for (let i = 0; i < 100; i++) {
    const r = await api('GET', '/notifications/unread');
    assert.equal(r.status, 200);
    if (r.body.unread === n) return;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  assert.fail(`the unread count never became ${n}`);
}

describe('notification centre', { timeout: 180_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  let assertNoProblems;
  let api;

  before(async () => {
    await invitePerson({ email: EMAIL, login: `cloche.${RUN}`, firstName: 'Clara', lastName: `Cloche${RUN}`, password: PASSWORDS[0] });
    for (let i = 0; i < 2; i++) {
      const as = await apiAs(EMAIL, PASSWORDS[i]);
      const r = await as('POST', '/me/password', { current: PASSWORDS[i], new: PASSWORDS[i + 1] });
      assert.equal(r.status, 200, JSON.stringify(r.body));
    }
    api = await apiAs(EMAIL, PASSWORDS[2]);
    await unreadBecomes(api, 2);
    browser = await launchBrowser();
    ({ page, assertNoProblems } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
  });

  it('counts the unread notifications on the bell, reached with the keyboard', async () => {
    // Chromium is a device this person never signed in from: a third notification.
    await signIn(page, EMAIL, PASSWORDS[2]);
    await unreadBecomes(api, 3);
    await page.goto(BASE_URL + '/#/account', { waitUntil: 'load' });
    const bell = page.getByRole('link', { name: 'Notifications, 3 non lues' });
    await bell.waitFor();
    assert.equal(await page.locator('.bell-badge').textContent(), '3');
    // Focus and Enter in one step: the bell re-renders when its count is polled,
    // which could take the focus between two separate steps.
    await bell.press('Enter');
    await h1(page, 'Notifications').waitFor();
  });

  it('lists them newest first, marks one then all read', async () => {
    const items = page.locator('.notif-list > li');
    await items.nth(2).waitFor();
    assert.equal(await items.count(), 3);
    assert.match(await items.nth(0).textContent(), /Nouvelle connexion à votre compte depuis Chrome/);
    assert.match(await items.nth(1).textContent(), /Le mot de passe de votre compte a été changé/);
    assert.match(await items.nth(2).textContent(), /Le mot de passe de votre compte a été changé/);
    await page.getByText('3 non lues').waitFor();

    await items.nth(1).getByRole('button', { name: 'Marquer comme lue' }).click();
    await page.getByRole('link', { name: 'Notifications, 2 non lues' }).waitFor();
    await page.getByText('2 non lues', { exact: true }).waitFor();
    assert.equal(await items.nth(1).getByRole('button', { name: 'Marquer comme lue' }).count(), 0);

    await page.getByRole('button', { name: 'Tout marquer comme lu' }).click();
    await page.getByRole('link', { name: 'Notifications', exact: true }).waitFor();
    assert.equal(await page.locator('.bell-badge').count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Marquer comme lue' }).count(), 0);
    await unreadBecomes(api, 0);

    // Following a notification's link leads to what it is about.
    await items.nth(0).getByRole('link', { name: 'Voir' }).click();
    await page.waitForURL(/#\/account$/);
    await assertNoProblems();
  });

  it('keeps security mail on and lets the person switch other mail off', async () => {
    await page.goto(BASE_URL + '/#/notifications/preferences', { waitUntil: 'load' });
    await h1(page, 'Notifications par e-mail').waitFor();
    const device = page.getByLabel('Connexion depuis un nouvel appareil');
    assert.equal(await device.isChecked(), true);
    assert.equal(await device.isDisabled(), true);
    await page.getByText('Toujours envoyé : c’est une alerte de sécurité de votre compte.').first().waitFor();
    await page.getByText('Toujours envoyé pour les contrats que vous gérez').first().waitFor();

    await page.getByLabel('Seuils de budget (80 %, 100 %, prévision)').uncheck();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Vos préférences sont enregistrées.').waitFor();
    await page.reload({ waitUntil: 'load' });
    await h1(page, 'Notifications par e-mail').waitFor();
    assert.equal(await page.getByLabel('Seuils de budget (80 %, 100 %, prévision)').isChecked(), false);
    const stored = await api('GET', '/me/notification-preferences');
    assert.equal(stored.body.kinds.find((k) => k.kind === 'budget_threshold').mail, false);
    await assertNoProblems();
  });
});
