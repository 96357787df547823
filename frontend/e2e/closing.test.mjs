// Closing one's account: a person asks from "My account", withdraws, asks again;
// an administrator of the demo company declines with a reason from the queue next
// to the join requests, then closes the account. The person reads both decisions
// in their mail, and can no longer sign in.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, DEMO, h1, invitePerson, latestMail, launchBrowser, newestMailId, openPage, signIn, signOut } from './lib.mjs';

const RUN = Date.now().toString(36);
const EMAIL = `depart.${RUN}@demo-industries.example`;
const PASSWORD = 'Chataigne#Brune41';
const NAME = `Dora Départ${RUN}`;

describe('closing one’s account', { timeout: 180_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  let assertNoProblems;

  before(async () => {
    // The administrator invites the person; the activation link sets their password.
    await invitePerson({ email: EMAIL, login: `depart.${RUN}`, firstName: 'Dora', lastName: `Départ${RUN}`, password: PASSWORD });
    browser = await launchBrowser();
    ({ page, assertNoProblems } = await openPage(browser));
  });

  after(async () => {
    await browser?.close();
  });

  it('lets the person ask, withdraw and ask again from My account', async () => {
    await signIn(page, EMAIL, PASSWORD);
    await page.goto(BASE_URL + '/#/account/close', { waitUntil: 'load' });
    await h1(page, 'Fermer mon compte').waitFor();
    await page.locator('#closure-comment').fill('Je quitte l’entreprise à la fin du mois.');
    await page.locator('#closure-ask').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.getByText('attend la décision de vos administrateurs').waitFor();
    await page.getByText('Votre message : Je quitte l’entreprise à la fin du mois.').waitFor();

    await page.locator('#closure-withdraw').click();
    await page.locator('#closure-ask').waitFor();
    await page.locator('#closure-ask').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.locator('#closure-withdraw').waitFor();
    await assertNoProblems();
    await signOut(page);
  });

  it('lets an administrator decline it with a reason, which the person reads by mail and on the page', async () => {
    await signIn(page, DEMO.admin.email);
    await page.goto(BASE_URL + '/#/admin/closure-requests', { waitUntil: 'load' });
    await h1(page, 'Demandes de fermeture de compte').waitFor();
    const row = page.getByRole('row').filter({ hasText: NAME });
    const before = await newestMailId(EMAIL);
    await row.getByRole('button', { name: /Refuser/ }).click();
    await page.locator('#closure-reason').fill('Vous êtes encore référente du contrat de maintenance.');
    await page.getByRole('dialog').getByRole('button', { name: 'Refuser' }).click();
    await row.waitFor({ state: 'detached' });
    const mail = await latestMail(EMAIL, { after: before });
    assert.match(mail.subject, /refusée/);
    assert.match(mail.text, /Motif : Vous êtes encore référente du contrat de maintenance\./);
    await assertNoProblems();
    await signOut(page);

    await signIn(page, EMAIL, PASSWORD);
    await page.goto(BASE_URL + '/#/account/close', { waitUntil: 'load' });
    await page.getByText('Motif : Vous êtes encore référente du contrat de maintenance.').waitFor();
    await page.locator('#closure-ask').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.locator('#closure-withdraw').waitFor();
    await signOut(page);
  });

  it('lets an administrator close the account: the person is told and can no longer sign in', async () => {
    await signIn(page, DEMO.admin.email);
    await page.goto(BASE_URL + '/#/admin/closure-requests', { waitUntil: 'load' });
    const row = page.getByRole('row').filter({ hasText: NAME });
    const before = await newestMailId(EMAIL);
    await row.getByRole('button', { name: /Fermer le compte/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Fermer le compte' }).click();
    await row.waitFor({ state: 'detached' });
    const mail = await latestMail(EMAIL, { after: before });
    assert.match(mail.subject, /fermé/);
    await page.goto(BASE_URL + '/#/admin/audit', { waitUntil: 'load' });
    await page.getByRole('cell', { name: 'Compte fermé à la demande de la personne' }).first().waitFor();
    await assertNoProblems();
    await signOut(page);

    const res = await fetch(`${BASE_URL}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
    });
    assert.equal(res.status, 401);
  });
});
