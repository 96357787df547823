// Registration in the browser: a person signs up with a business address, reads the
// code in the mail outbox, and waits for a decision; an operator approves a new
// organisation in the back office, an administrator approves a join request.
// Sign-ins are few (the server allows 30 per 5 minutes from one address).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { activeId, BASE_URL, DEMO, h1, latestMail, launchBrowser, newestMailId, openPage, signIn } from './lib.mjs';

const RUN = Math.random().toString(36).slice(2, 8);
const PASSWORD = 'Velo-Rouge.42x';

/** The six-digit code of the newest sign-up mail to `to` (other than `after`). */
async function codeFor(to, after) {
  const mail = await latestMail(to, { after });
  const m = /^\s*(\d{6})\s*$/m.exec(mail.text);
  assert.ok(m, `no code in: ${mail.text}`);
  return m[1];
}

/** Steps 1 and 2 of the sign-up: the address, then the code from the outbox. */
async function proveAddress(page, email, { label, submitCode }) {
  const before = await newestMailId(email);
  await page.getByLabel(label).fill(email);
  await page.locator('#register-submit').click();
  await page.locator('#code').waitFor();
  await page.locator('#code').fill(await codeFor(email, before));
  await page.locator('#code-submit').click();
  await submitCode?.();
}

describe('registration', { timeout: 180_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;

  before(async () => {
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  it('refuses a free-mail address under the field', async () => {
    const { context, page, assertNoProblems } = await openPage(browser, { locale: 'fr-FR' });
    await page.goto(BASE_URL + '/#/register', { waitUntil: 'load' });
    await h1(page, 'Créer un compte').waitFor();
    assert.match(await page.locator('[aria-current="step"]').innerText(), /Adresse/);
    await page.getByLabel('Adresse e-mail professionnelle').fill('Someone@GMail.com');
    await page.locator('#register-submit').click();
    await page.locator('#email-error').getByText('Utilisez votre adresse professionnelle', { exact: false }).waitFor();
    assert.equal(await page.locator('#email').getAttribute('aria-invalid'), 'true');
    assert.equal(await activeId(page), 'email', 'focus goes to the field in error');
    assert.match(page.url(), /#\/register$/);
    await assertNoProblems();
    await context.close();
  });

  it('signs up at a new company, is approved by an operator, and sees the organisation', async () => {
    const email = `someone@newco-${RUN}.example`;
    const domain = `newco-${RUN}.example`;
    const orgName = `NewCo ${RUN} SAS`;
    const person = await openPage(browser, { locale: 'en-GB' });
    const p = person.page;

    // Step 1: the address, the language of the mail.
    await p.goto(BASE_URL + '/#/register', { waitUntil: 'load' });
    await h1(p, 'Create an account').waitFor();
    const before = await newestMailId(email);
    await p.getByLabel('Business email address').fill(email);
    await p.getByLabel('Language of our emails').selectOption('en');
    await p.locator('#register-submit').click();

    // Step 2: the code; a new one cannot be asked for at once.
    await h1(p, 'Check your address').waitFor();
    await p.getByText(`We sent a 6-digit code to ${email}.`, { exact: false }).waitFor();
    assert.match(await p.locator('[aria-current="step"]').innerText(), /Code/);
    assert.equal(await p.locator('#resend').isDisabled(), true);
    assert.match(await p.locator('#resend').innerText(), /^Send a new code \(\d+ s\)$/);
    const code = await codeFor(email, before);
    await p.locator('#code').fill(code === '000000' ? '111111' : '000000');
    await p.locator('#code-submit').click();
    await p.locator('#code-error').getByText('Wrong code.').waitFor();
    assert.equal(await activeId(p), 'code');
    await p.locator('#code').fill(code);
    await p.locator('#code-submit').click();

    // Step 3: nobody verified the domain: the new organisation's form.
    await h1(p, 'Your organisation').waitFor();
    await p.getByText('No customer organisation uses this domain yet', { exact: false }).waitFor();
    await p.getByText('this takes one to two business days', { exact: false }).waitFor();
    await p.locator('#organisation-submit').click();
    await p.locator('#legalName-error').getByText('This field is required.').waitFor();
    assert.equal(await activeId(p), 'legalName');
    await p.getByLabel('Legal name').fill(orgName);
    await p.getByLabel('Registration number').fill('732 829 320 00074');
    await p.locator('#address').fill('1 rue de la Paix\n75002 Paris');
    assert.equal(await p.locator('#country').inputValue(), 'FR');
    await p.getByLabel('Website').fill(domain);
    await p.locator('#organisation-submit').click();

    // Step 4: the person and a password, rated as it is typed.
    await h1(p, 'About you').waitFor();
    await p.locator('#civility').selectOption('ms');
    await p.getByLabel('First name').fill('Zoé');
    await p.getByLabel('Last name').fill('Durand');
    await p.getByLabel('Job title').fill('Buyer');
    await p.getByLabel('Phone').fill('+33 1 23 45 67 89');
    await p.getByLabel('Preferred language').selectOption('en');
    await p.locator('#password').fill('abc');
    await p.locator('#details-submit').click();
    await p.locator('#password-error').getByText('The password does not follow every rule.').waitFor();
    await p.locator('#password').fill(PASSWORD);
    await p.waitForFunction(() => Number(document.querySelector('#password-meter')?.getAttribute('value')) >= 3);
    await p.locator('#details-submit').click();

    // Signed in, pending: the status says who decides and how long it takes.
    await h1(p, 'My registration').waitFor();
    await p.locator('#registration-state').getByText(`Our team is checking your organisation ${orgName}`, { exact: false }).waitFor();
    assert.match(await p.locator('[aria-current="step"]').innerText(), /Approval/);
    assert.equal((await p.locator('.user-menu-button').innerText()).trim(), 'Zoé Durand');
    // Limited access: home leads to the status, the navigation has nothing else.
    await p.getByRole('link', { name: 'Home' }).click();
    await p.waitForURL(/#\/register\/status$/);
    await h1(p, 'My registration').waitFor();
    assert.deepEqual(await p.locator('.site-nav a').allInnerTexts(), ['Home', 'Help']);

    // The operator finds the request in the queue and approves it.
    const operator = await openPage(browser, { locale: 'fr-FR' });
    const o = operator.page;
    await signIn(o, DEMO.operator.email);
    await o.goto(BASE_URL + '/#/backoffice/registrations?kind=organisation', { waitUntil: 'load' });
    await h1(o, 'Inscriptions à valider').waitFor();
    assert.equal(await o.locator('#registration-kind').inputValue(), 'organisation');
    await o.getByRole('link', { name: orgName }).click();
    await h1(o, `Inscription — ${orgName}`).waitFor();
    await o.locator('.facts').getByText('73282932000074').waitFor();
    await o.locator('.facts').getByText('Zoé Durand').first().waitFor();
    const beforeDecision = await newestMailId(email);
    await o.locator('#approve').click();
    const dialog = o.getByRole('dialog');
    await dialog.getByText(`L’organisation ${orgName} sera créée avec le domaine ${domain}`, { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Accepter' }).click();
    await o.getByText('Inscription de Zoé Durand acceptée.').waitFor();
    await o.locator('.facts').getByText('Acceptée', { exact: true }).waitFor();
    assert.equal(await o.locator('#approve').count(), 0, 'nothing left to decide');

    // The decision mail, in the person's language.
    const decision = await latestMail(email, { after: beforeDecision });
    assert.equal(decision.subject, `Welcome to ${orgName}'s Guichet portal`);

    // The domain now belongs to the new organisation.
    await o.getByRole('link', { name: domain }).click();
    await h1(o, `Domaine ${domain}`).waitFor();
    await o.getByText('Non partagé : une seule organisation peut le vérifier.').waitFor();
    await o.locator('#domain-organisations').getByText(orgName).waitFor();

    // The free-mail list: add a domain, then remove it after confirming.
    const cheap = `cheap-${RUN}.example`;
    await o.getByRole('link', { name: 'Messageries gratuites' }).click();
    await h1(o, 'Messageries gratuites').waitFor();
    await o.getByLabel('Domaine à ajouter').fill(cheap);
    await o.locator('#freemail-add').click();
    await o.getByRole('cell', { name: cheap, exact: true }).waitFor();
    await o.getByLabel('Domaine à ajouter').fill(cheap);
    await o.locator('#freemail-add').click();
    await o.locator('#domain-error').waitFor();
    await o.getByRole('button', { name: `Retirer ${cheap}` }).click();
    await o.getByRole('dialog').getByRole('button', { name: 'Retirer' }).click();
    await o.getByText(`${cheap} retiré de la liste.`).waitFor();
    await o.getByRole('cell', { name: cheap, exact: true }).waitFor({ state: 'detached' });
    await operator.assertNoProblems();
    await operator.context.close();

    // The decision ended the person's session: they sign in again and see their
    // organisation, of which they are the first administrator.
    await p.reload({ waitUntil: 'load' });
    await h1(p, 'Sign in').waitFor();
    await signIn(p, email, PASSWORD);
    await h1(p, 'Hello Zoé').waitFor();
    await p.goto(BASE_URL + '/#/register/status', { waitUntil: 'load' });
    await p.locator('#registration-state').getByText(`Your registration is approved: you are a member of ${orgName}.`).waitFor();
    await p.goto(BASE_URL + '/#/admin/join-requests', { waitUntil: 'load' });
    await h1(p, 'Join requests').waitFor();
    await p.getByText('No request in this state.').waitFor();
    await p.locator('#join-auto-state').getByText('Off: each request waits', { exact: false }).waitFor();
    await person.assertNoProblems();
    await person.context.close();
  });

  it('joins an existing organisation once its administrator approves', async () => {
    const email = `joiner-${RUN}@demo-industries.example`;
    const person = await openPage(browser, { locale: 'fr-FR' });
    const p = person.page;
    await p.goto(BASE_URL + '/#/register', { waitUntil: 'load' });
    await h1(p, 'Créer un compte').waitFor();
    await proveAddress(p, email, { label: 'Adresse e-mail professionnelle' });

    // One organisation verified the domain: no choice to make.
    await h1(p, 'Votre organisation').waitFor();
    await p.getByText('Vous rejoindrez Demo Industries.', { exact: false }).waitFor();
    await p.locator('#organisation-submit').click();
    await h1(p, 'Vos informations').waitFor();
    await p.getByLabel('Prénom').fill('Jules');
    await p.getByLabel('Nom', { exact: true }).fill('Joiner');
    await p.locator('#password').fill(PASSWORD);
    await p.locator('#details-submit').click();
    await h1(p, 'Mon inscription').waitFor();
    await p.locator('#registration-state').getByText('Votre demande pour rejoindre Demo Industries attend l’accord de ses administrateurs.').waitFor();

    // The administrator decides in the join requests.
    const admin = await openPage(browser, { locale: 'fr-FR' });
    const a = admin.page;
    await signIn(a, DEMO.admin.email);
    await a.goto(BASE_URL + '/#/admin/join-requests', { waitUntil: 'load' });
    await h1(a, 'Demandes d’adhésion').waitFor();
    await a.getByRole('link', { name: 'Jules Joiner' }).click();
    await h1(a, 'Demande d’adhésion — Jules Joiner').waitFor();

    // Automatic approval asks before it changes; cancelled, nothing changes.
    await a.getByRole('link', { name: 'Toutes les demandes' }).click();
    await a.locator('#join-auto-toggle').click();
    const dialog = a.getByRole('dialog');
    await dialog.getByText('Toute personne qui s’inscrit avec une adresse demo-industries.example', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal(await activeId(a), 'join-auto-toggle', 'focus returns to the button');
    await a.locator('#join-auto-state').getByText('Désactivée', { exact: false }).waitFor();

    // A refusal needs its reason.
    await a.getByRole('link', { name: 'Jules Joiner' }).click();
    await a.locator('#refuse').click();
    // The dialog opens, then moves focus to the reason: wait for that, not for a fixed moment.
    await a.waitForFunction(() => document.activeElement?.id === 'refuse-reason', null, { timeout: 5000 });
    assert.equal(await activeId(a), 'refuse-reason');
    await dialog.getByRole('button', { name: 'Refuser' }).click();
    await a.locator('#refuse-reason-error').getByText('Indiquez le motif du refus.').waitFor();
    await a.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    const beforeDecision = await newestMailId(email);
    await a.locator('#approve').click();
    await dialog.getByText('Jules Joiner rejoindra Demo Industries', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Accepter' }).click();
    await a.locator('.facts').getByText('Acceptée', { exact: true }).waitFor();
    const decision = await latestMail(email, { after: beforeDecision });
    assert.equal(decision.subject, "Bienvenue dans l'espace Guichet de Demo Industries");

    await admin.assertNoProblems();
    await person.assertNoProblems();
    await admin.context.close();
    await person.context.close();
  });
});
