// Sign-in and account security against the real API, with a person of its own (the
// demo accounts are other files' and must keep signing in with a password alone):
// two-step verification with an authenticator app (codes computed here from the
// secret), a recovery code, a passkey in a virtual authenticator, the preferred
// language kept across sessions, and a forgotten password.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { activeId, BASE_URL, h1, invitePerson, latestMail, launchBrowser, newestMailId, openPage, signOut, totpCode, totpStep } from './lib.mjs';

const RUN = Date.now().toString(36);
const EMAIL = `secu.${RUN}@demo-industries.example`;
const FIRST_NAME = 'Sacha';
const PASSWORD = 'Tilleul#Vert42';
const NEW_PASSWORD = 'Platane#Bleu73';
const THIRD_PASSWORD = 'Erable#Roux58';
const NEW_EMAIL = `secu.new.${RUN}@demo-industries.example`;

/** The first portal link to page in a mail's text. */
function linkIn(mail, page) {
  const m = mail.text.match(new RegExp(`https?://\\S+/#/${page}\\?token=[^\\s"<>]+`));
  assert.ok(m, `no ${page} link in: ${mail.text}`);
  return m[0];
}

/** The newest mail to `to` after the mail `after` that links to page: other mail
 * (a notice of an earlier step) may still be on its way. */
async function mailLinking(to, page, after = null) {
  for (;;) {
    const mail = await latestMail(to, { after });
    if (mail.text.includes(`/#/${page}?token=`)) return mail;
    after = mail.id;
  }
}

describe('account security', { timeout: 240_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  let assertNoProblems;
  let secret = '';
  let recoveryCodes = [];
  // The last step whose code was used: a code works once, so the next one is later.
  let lastStep = 0;

  /** A code of the app the server has not seen yet: the current step's, or the
   * next one's (which it accepts as clock skew), waiting for the clock when both
   * were used already. */
  const nextCode = async () => {
    while (lastStep > totpStep()) await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 100));
    lastStep = Math.max(totpStep(), lastStep + 1);
    return totpCode(secret, lastStep);
  };

  const userMenu = () => page.locator('.user-menu-button');

  /** Fails when the page shows a message key instead of its text (messages that
   * load with their pages and did not). */
  const noRawKeys = async () => {
    const text = await page.locator('main').textContent();
    assert.doesNotMatch(text, /\b(account|recovery|signin|admin|register|ui|app)\.[a-zA-Z]+\b(?!@)/);
  };

  /** Fills the sign-in form and waits for the second step. */
  const passwordStep = async (password, title, email = EMAIL) => {
    await page.goto(BASE_URL + '/#/signin', { waitUntil: 'load' });
    await page.locator('#email').fill(email);
    await page.locator('#password').fill(password);
    await page.locator('#signin-submit').click();
    await h1(page, title).waitFor();
  };

  before(async () => {
    // An administrator of the demo company invites the person; the activation link
    // of the mail sets their password.
    await invitePerson({ email: EMAIL, login: `secu.${RUN}`, firstName: FIRST_NAME, lastName: 'Sécurité', password: PASSWORD });

    browser = await launchBrowser();
    ({ page, assertNoProblems } = await openPage(browser, { locale: 'fr-FR' }));
  });

  after(async () => {
    await browser?.close();
  });

  it('enrols an authenticator app and shows ten recovery codes once', async () => {
    await page.goto(BASE_URL + '/#/account/security', { waitUntil: 'load' });
    await page.locator('#email').fill(EMAIL);
    await page.locator('#password').fill(PASSWORD);
    await page.locator('#signin-submit').click();
    await h1(page, 'Sécurité').waitFor();
    await page.getByRole('link', { name: 'Sécurité' }).and(page.locator('[aria-current="page"]')).waitFor();

    await page.locator('#totp-start').click();
    const qr = page.getByRole('img', { name: 'QR code à scanner avec votre application d’authentification' });
    assert.match(await qr.getAttribute('src'), /^data:image\/svg\+xml;base64,/);
    secret = (await page.locator('#totp-secret').textContent()).replace(/\s/g, '');
    assert.match(secret, /^[A-Z2-7]{16,}$/);

    // A wrong code is refused under the field.
    await page.locator('#totp-code').fill(totpCode(secret, totpStep() - 10));
    await page.locator('#totp-confirm').click();
    await page.locator('#totp-code-error').waitFor();

    await page.locator('#totp-code').fill(await nextCode());
    await page.locator('#totp-confirm').click();
    await page.locator('#recovery-codes li').first().waitFor();
    recoveryCodes = (await page.locator('#recovery-codes li').allTextContents()).map((c) => c.trim());
    assert.equal(recoveryCodes.length, 10);
    assert.equal(new Set(recoveryCodes).size, 10);

    await noRawKeys();
    await page.locator('#recovery-done').click();
    await page.getByText('Codes de secours restants : 10.').waitFor();
    assert.equal(await page.locator('#recovery-codes').count(), 0, 'the codes are shown once');
  });

  it('asks for a code of the app at the next sign-in', async () => {
    await signOut(page);
    await passwordStep(PASSWORD, 'Vérification en deux étapes');
    assert.match(page.url(), /#\/signin\/mfa$/);

    await page.locator('#code').fill(totpCode(secret, totpStep() - 10));
    await page.locator('#mfa-submit').click();
    await page.locator('#code-error').waitFor();
    assert.equal(await page.locator('#code').getAttribute('aria-invalid'), 'true');

    await page.locator('#code').fill(await nextCode());
    await page.locator('#mfa-submit').click();
    await h1(page, `Bonjour ${FIRST_NAME}`).waitFor();
  });

  it('switches the portal to the language chosen in the profile, and keeps it', async () => {
    await page.goto(BASE_URL + '/#/account', { waitUntil: 'load' });
    await h1(page, 'Mon compte').waitFor();
    await noRawKeys();
    assert.equal(await page.locator('#lang').inputValue(), 'fr');
    await page.locator('#lang').selectOption('en');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await h1(page, 'My account').waitFor();
    await page.getByText('Profile saved.').waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'en');

    await page.reload({ waitUntil: 'load' });
    await h1(page, 'My account').waitFor();
    assert.equal(await page.locator('#lang').inputValue(), 'en', 'the profile kept it');
  });

  it('uses a notification address once the code mailed to it comes back', async () => {
    const notices = `notices.${RUN}@demo-industries.example`;
    await page.getByLabel('Notification address').fill(notices);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(`A 6-digit code was sent to ${notices}.`).waitFor();
    const code = (await latestMail(notices)).text.match(/\b(\d{6})\b/)[1];
    await page.getByLabel('Code received').fill(code);
    await page.getByRole('button', { name: 'Confirm the notification address' }).click();
    await page.getByText(`Notices will now go to ${notices}.`).waitFor();
    assert.equal(await page.getByLabel('Notification address').inputValue(), notices);
  });

  it('signs in with a recovery code, which then counts as used', async () => {
    await signOut(page);
    await passwordStep(PASSWORD, 'Two-step verification');
    await page.getByRole('button', { name: 'Use a recovery code' }).click();
    await page.getByLabel('Recovery code').fill(recoveryCodes[0]);
    await page.locator('#mfa-submit').click();
    await h1(page, `Hello ${FIRST_NAME}`).waitFor();

    await page.goto(BASE_URL + '/#/account', { waitUntil: 'load' });
    await h1(page, 'My account').waitFor();
    assert.equal(await page.locator('#lang').inputValue(), 'en', 'the language is still the profile’s after a new sign-in');
    await page.getByRole('link', { name: 'Security' }).click();
    await page.getByText('Recovery codes left: 9.').waitFor();
  });

  it('lists the sessions and the sign-in history', async () => {
    await page.getByRole('link', { name: 'Sessions and sign-ins' }).click();
    await h1(page, 'Sessions and sign-ins').waitFor();
    await page.getByText('This session').waitFor();
    await page.getByRole('heading', { name: 'Sign-in history' }).waitFor();
    const history = page.getByRole('table', { name: 'Sign-in attempts, newest first' });
    await history.waitFor();
    const text = await history.textContent();
    for (const want of ['Recovery code', 'App', 'Wrong code']) assert.ok(text.includes(want), `history shows “${want}”: ${text}`);
    await noRawKeys();
  });

  it('registers a passkey and signs in with it alone, then removes it', async () => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });

    await page.goto(BASE_URL + '/#/account/security', { waitUntil: 'load' });
    await page.locator('#passkey-name').fill('Clé de test');
    await page.locator('#passkey-add').click();
    await page.getByText('Passkey “Clé de test” added.').waitFor();
    await page.locator('.item-list').getByText('Clé de test').waitFor();

    await signOut(page);
    await page.locator('#passkey-signin').click();
    await h1(page, `Hello ${FIRST_NAME}`).waitFor();

    await page.goto(BASE_URL + '/#/account/security', { waitUntil: 'load' });
    await page.getByRole('button', { name: 'Remove Clé de test' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove the passkey “Clé de test”?' });
    await dialog.waitFor();
    await dialog.getByLabel('Current password').fill('Wrong#Password1');
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await dialog.locator('#dialog-password-error').waitFor();
    await dialog.getByLabel('Current password').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await page.getByText('No passkeys.').waitFor();
    assert.equal(await dialog.isVisible(), false);
  });

  it('resets a forgotten password from the mailed link, and still asks for the code', async () => {
    await signOut(page);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await h1(page, 'Forgot password').waitFor();
    // An address without an account gets the same answer.
    await page.locator('#email').fill(`nobody.${RUN}@demo-industries.example`);
    await page.getByRole('button', { name: 'Get a link' }).click();
    const unknown = (await page.getByRole('status').filter({ hasText: 'If an account uses' }).textContent()).replace(/\S+@\S+/, '…');

    await page.reload({ waitUntil: 'load' });
    const before = await newestMailId(EMAIL);
    await page.locator('#email').fill(EMAIL);
    await page.getByRole('button', { name: 'Get a link' }).click();
    const known = (await page.getByRole('status').filter({ hasText: 'If an account uses' }).textContent()).replace(/\S+@\S+/, '…');
    assert.equal(known, unknown, 'the answer says nothing of the address');

    const mail = await mailLinking(EMAIL, 'reset-password', before);
    await page.goto(linkIn(mail, 'reset-password'), { waitUntil: 'load' });
    await h1(page, 'New password').waitFor();
    await noRawKeys();
    await page.locator('#password').fill(NEW_PASSWORD);
    await page.locator('#confirm').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Save the password' }).click();
    await h1(page, 'Sign in').waitFor();
    await page.getByText('Password saved. Sign in with it.').waitFor();

    await passwordStep(NEW_PASSWORD, 'Two-step verification');
    await page.locator('#code').fill(await nextCode());
    await page.locator('#mfa-submit').click();
    await h1(page, `Hello ${FIRST_NAME}`).waitFor();
    assert.equal((await userMenu().textContent()).trim(), `${FIRST_NAME} Sécurité`);
  });

  it('changes the password and stays signed in', async () => {
    await page.goto(BASE_URL + '/#/account/password', { waitUntil: 'load' });
    await h1(page, 'Password').waitFor();
    await page.getByLabel('Current password').fill(NEW_PASSWORD);
    await page.getByLabel('New password').fill(THIRD_PASSWORD);
    // A repetition that differs is caught on its field, and nothing is sent.
    await page.getByLabel('Confirm the password').fill(THIRD_PASSWORD + 'x');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.locator('#confirm-error').getByText('The two passwords are not the same.').waitFor();
    assert.equal(await activeId(page), 'confirm');
    await page.getByLabel('Confirm the password').fill(THIRD_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('Password changed. Your other sessions have ended.').waitFor();
    assert.equal(await page.getByLabel('Current password').inputValue(), '', 'the form starts again');
    await userMenu().waitFor();
  });

  it('changes the sign-in address with a mailed code, and undoes it from the old address', async () => {
    // The next change (the password's answer gave the session a new CSRF token).
    await page.getByRole('link', { name: 'Sign-in email' }).click();
    await h1(page, 'Sign-in email').waitFor();
    const before = await newestMailId(EMAIL);
    await page.getByLabel('New email address').fill(NEW_EMAIL);
    await page.getByLabel('Password', { exact: true }).fill(THIRD_PASSWORD);
    await page.getByRole('button', { name: 'Get a code' }).click();
    await page.getByText(`Until then, you keep signing in with ${EMAIL}.`).waitFor();
    const requested = await mailLinking(EMAIL, 'email-undo', before);

    const codeMail = await latestMail(NEW_EMAIL);
    const code = codeMail.text.match(/\b(\d{6})\b/)[1];
    await page.getByLabel('Code received').fill(code);
    await page.getByRole('button', { name: 'Confirm the new address' }).click();
    await page.getByText(`You sign in with ${NEW_EMAIL}.`).waitFor();

    // The old address gets a link to undo it; using it ends every session.
    const changed = await mailLinking(EMAIL, 'email-undo', requested.id);
    await page.goto(linkIn(changed, 'email-undo'), { waitUntil: 'load' });
    await h1(page, 'Undo the address change').waitFor();
    await page.getByRole('button', { name: 'Undo the change' }).click();
    await page.getByText('The change is undone').waitFor();
    assert.equal(await userMenu().count(), 0);

    await passwordStep(THIRD_PASSWORD, 'Two-step verification', EMAIL);
    await page.locator('#code').fill(await nextCode());
    await page.locator('#mfa-submit').click();
    await h1(page, `Hello ${FIRST_NAME}`).waitFor();
  });

  it('had no CSP violations, console errors or page errors', async () => {
    await assertNoProblems();
  });
});
