// The service weather as people use it: an operator publishes a major outage on a
// service of the demo contract from its back-office page; the customer reads it on
// the contract's weather page and is mailed about it; the operator resolves it with
// a closing message, confirmed; the customer then reads it resolved, is mailed that
// it ended, and finds both notices behind the bell. The operator's overview of the customers hit lists the contract.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, DEMO, h1, latestMail, launchBrowser, newestMailId, openPage, signIn } from './lib.mjs';

const CONTRACT = 'DEMOCONTRACT0000000000001';

describe('service weather', { timeout: 120_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  let operator;
  let customer;
  const tag = Date.now().toString(36);
  const titleFr = `Centre de support injoignable ${tag}`;
  const titleEn = `Support centre unreachable ${tag}`;

  before(async () => {
    browser = await launchBrowser();
    operator = await openPage(browser, { locale: 'fr-FR' });
    customer = await openPage(browser, { locale: 'en-US' });
    await signIn(operator.page, DEMO.operator.email);
    await signIn(customer.page, DEMO.user.email);
  });

  after(async () => {
    await browser?.close();
  });

  it('an operator publishes a major outage; the customer reads it and is mailed', async () => {
    const page = operator.page;
    const mailBefore = await newestMailId(DEMO.user.email);
    await page.goto(BASE_URL + '/#/backoffice/weather', { waitUntil: 'load' });
    await h1(page, 'Clients touchés').waitFor();
    await page.getByRole('link', { name: 'Gérer la météo de Maintenance et support' }).click();
    await h1(page, 'Météo de Maintenance et support').waitFor();

    // Nothing chosen: the form says what is missing, and publishes nothing.
    await page.locator('#event-publish').click();
    await page.locator('#event-serviceId-error').waitFor();

    await page.locator('#event-serviceId').selectOption({ label: 'Centre de support' });
    await page.locator('#event-state').selectOption({ label: 'Panne majeure' });
    await page.getByText('Une panne majeure prévient par e-mail').waitFor();
    await page.locator('#event-messageFr').fill(`${titleFr}\nLes appels n’aboutissent pas.`);
    await page.locator('#event-messageEn').fill(`${titleEn}\nCalls do not get through.`);
    await page.locator('#event-publish').click();
    await page.locator('.toast', { hasText: 'Événement publié sur Centre de support.' }).waitFor();
    await page.locator('.weather-event-card', { hasText: titleFr }).waitFor();

    const c = customer.page;
    await c.goto(BASE_URL + `/#/contracts/${CONTRACT}/weather`, { waitUntil: 'load' });
    await h1(c, 'Service weather — Maintenance et support').waitFor();
    const now = c.locator('.weather-now');
    await now.getByText('Major outage').waitFor();
    const ongoing = c.getByRole('list', { name: 'Ongoing events' });
    await ongoing.locator('li', { hasText: `Centre de support — ${titleEn}` }).getByText('Major outage').waitFor();
    await c.getByText('Centre de support: 1 day with an incident or maintenance out of 90.').waitFor();

    const mail = await latestMail(DEMO.user.email, { after: mailBefore });
    assert.match(mail.subject, /Major outage on Centre de support \(Maintenance et support\)/);
    assert.ok(mail.text.includes(titleEn), 'the mail carries the message’s title');
    assert.ok(mail.text.includes(`/#/contracts/${CONTRACT}/weather`), 'the mail links to the weather');
    await operator.assertNoProblems();
    await customer.assertNoProblems();
  });

  it('the operator resolves it; the customer reads it resolved and is mailed that it ended', async () => {
    const page = operator.page;
    const mailBefore = await newestMailId(DEMO.user.email);
    const card = page.locator('.weather-event-card', { hasText: titleFr });
    await card.getByRole('button', { name: 'Résoudre' }).click();
    // A closing message in one language only is refused before anything is sent.
    await page.getByLabel('Message de clôture en français').fill('Appels rétablis.');
    await card.getByRole('button', { name: 'Résoudre' }).last().click();
    await page.getByText('Donnez le message dans les deux langues, ou aucun.').first().waitFor();
    await page.getByLabel('Message de clôture en anglais').fill('Calls restored.');
    await card.getByRole('button', { name: 'Résoudre' }).last().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Résoudre l’événement sur Centre de support ?' }).waitFor();
    await dialog.getByRole('button', { name: 'Résoudre' }).click();
    await page.locator('.toast', { hasText: 'Événement résolu.' }).waitFor();
    await page.getByRole('heading', { name: 'Événements résolus' }).waitFor();
    await page.locator('.weather-event-card', { hasText: 'Appels rétablis.' }).getByText(/Résolu le/).waitFor();

    const c = customer.page;
    await c.reload({ waitUntil: 'load' });
    await h1(c, 'Service weather — Maintenance et support').waitFor();
    const event = c.locator('.weather-event-card', { hasText: titleEn });
    await event.getByText(/Resolved on/).waitFor();
    await event.getByText('Calls restored.').waitFor();
    assert.equal(await c.getByRole('list', { name: 'Ongoing events' }).locator('li', { hasText: 'Centre de support' }).count(), 0);

    const mail = await latestMail(DEMO.user.email, { after: mailBefore });
    assert.match(mail.subject, /Outage over on Centre de support \(Maintenance et support\)/);
    assert.ok(mail.text.includes('Calls restored.'), 'the mail carries the closing message');

    // The bell leads to both notices, the start and the end, unread.
    await c.locator('a.bell').click();
    await h1(c, 'Notifications').waitFor();
    const unread = c.locator('li.notif-unread');
    await unread.filter({ hasText: 'Major outage on Centre de support (Maintenance et support)' }).waitFor();
    await unread.filter({ hasText: 'Outage over on Centre de support (Maintenance et support)' }).waitFor();
    await operator.assertNoProblems();
    await customer.assertNoProblems();
  });

  it('fits a 390 px phone', async () => {
    const c = customer.page;
    await c.setViewportSize({ width: 390, height: 800 });
    await c.goto(BASE_URL + `/#/contracts/${CONTRACT}/weather`, { waitUntil: 'load' });
    await h1(c, 'Service weather — Maintenance et support').waitFor();
    const overflow = await c.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'the page scrolls sideways');
  });
});
