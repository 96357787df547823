// The sign-up's "additional access" choice: a person who works for a partner (or
// wants to become one) describes the company and lands in the operators' queue as a
// partner request; an operator approves it in the back office and the person reads
// the decision in their mail.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, DEMO, h1, latestMail, launchBrowser, newestMailId, openPage, signIn } from './lib.mjs';

const RUN = Math.random().toString(36).slice(2, 8);
const PASSWORD = 'Velo-Vert.57y';

describe('partner sign-up', { timeout: 180_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;

  before(async () => {
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  it('files a partner request that an operator approves', async () => {
    const domain = `partner-${RUN}.example`;
    const email = `pia@${domain}`;
    const company = `Print Partners ${RUN} SAS`;
    const person = await openPage(browser, { locale: 'en-GB' });
    const p = person.page;

    await p.goto(BASE_URL + '/#/register', { waitUntil: 'load' });
    const sent = await newestMailId(email);
    await p.getByLabel('Business email address').fill(email);
    await p.getByLabel('Language of our emails').selectOption('en');
    await p.locator('#register-submit').click();
    const mail = await latestMail(email, { after: sent });
    await p.locator('#code').fill(/^\s*(\d{6})\s*$/m.exec(mail.text)[1]);
    await p.locator('#code-submit').click();

    // The additional access: a partner, and the company it is.
    await h1(p, 'Your organisation').waitFor();
    await p.getByRole('group', { name: 'Additional access' }).waitFor();
    assert.equal(await p.getByLabel('I work for a customer organisation').isChecked(), true);
    await p.getByLabel('I work for a partner, or want to become one').check();
    await p.getByText('our team reviews every partner request', { exact: false }).waitFor();
    await p.getByLabel('Legal name').fill(company);
    await p.getByLabel('Registration number').fill('732 829 320 00074');
    await p.locator('#address').fill('2 quai des Imprimeurs\n69002 Lyon');
    await p.locator('#organisation-submit').click();

    await h1(p, 'About you').waitFor();
    await p.getByLabel('First name').fill('Pia');
    await p.getByLabel('Last name').fill('Partner');
    await p.locator('#password').fill(PASSWORD);
    await p.waitForFunction(() => Number(document.querySelector('#password-meter')?.getAttribute('value')) >= 3);
    await p.locator('#details-submit').click();
    await h1(p, 'My registration').waitFor();
    await p.locator('#registration-state').getByText(`Our team is reviewing your partner request for ${company}`, { exact: false }).waitFor();
    await person.assertNoProblems();

    // The operators' queue, partner requests only.
    const operator = await openPage(browser, { locale: 'fr-FR' });
    const o = operator.page;
    await signIn(o, DEMO.operator.email);
    await o.goto(BASE_URL + '/#/backoffice/registrations?kind=partner', { waitUntil: 'load' });
    assert.equal(await o.locator('#registration-kind').inputValue(), 'partner');
    await o.getByRole('cell', { name: 'Demande de partenariat' }).first().waitFor();
    await o.getByRole('link', { name: company }).click();
    await h1(o, `Inscription — ${company}`).waitFor();
    const beforeDecision = await newestMailId(email);
    await o.locator('#approve').click();
    await o.getByRole('dialog').getByRole('button', { name: 'Accepter' }).click();
    await o.locator('.facts').getByText('Acceptée', { exact: true }).waitFor();
    const decision = await latestMail(email, { after: beforeDecision });
    assert.match(decision.text, new RegExp(`${company}, a Guichet partner`));
    await operator.assertNoProblems();
  });
});
