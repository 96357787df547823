// Company administration end to end: the demo administrator adds a user with the
// wizard (activation mail on) and sees them Not activated; the mailed link
// activates the account and the list shows them Ready; the administrator changes
// their rights in the contract's matrix, logs in as them (the banner shows, on every
// page, until "Return to my account"), imports more users from a CSV file, and
// finds all of it in the audit log; an operator finds the organisation in the back
// office's list of customers and creates a contract for it there. Two sign-ins in
// all (the per-IP limit is shared by every test file).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { activeId, BASE_URL, DEMO, h1, latestMail, launchBrowser, openPage, signIn } from './lib.mjs';

const CONTRACT = 'Maintenance et support';

describe('company administration', { timeout: 180_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  let assertNoProblems;
  const others = [];
  // New people each run: the data folder may be reused outside scripts/e2e.
  const stamp = Date.now().toString(36);
  const email = `nina.${stamp}@demo-industries.example`;
  const login = `nina.${stamp}`;
  const lastName = `Essai${stamp}`;
  const name = `Nina ${lastName}`;
  let userHash;

  const dialog = () => page.getByRole('dialog');
  const row = (text) => page.getByRole('row').filter({ hasText: text });
  const toast = (text) => page.locator('.toast', { hasText: text });

  before(async () => {
    browser = await launchBrowser();
    ({ page, assertNoProblems } = await openPage(browser, { locale: 'fr-FR' }));
    await signIn(page, DEMO.admin.email);
  });

  after(async () => {
    await browser?.close();
  });

  it('adds a user with the wizard', async () => {
    await page.goto(BASE_URL + '/#/admin/users', { waitUntil: 'load' });
    await h1(page, 'Utilisateurs').waitFor();
    await page.getByRole('link', { name: 'Ajouter un utilisateur' }).first().click();
    await h1(page, 'Ajouter un utilisateur').waitFor();
    await page.locator('.stepper [aria-current="step"]', { hasText: 'Personne et identifiant' }).waitFor();

    // Nothing typed: the errors show under the fields, the focus on the first.
    await page.locator('#wizard-next').click();
    await page.locator('#email-error').waitFor();
    assert.equal(await activeId(page), 'email');
    await page.getByLabel('Adresse e-mail').fill(email);
    await page.getByLabel('Identifiant', { exact: true }).fill('court');
    await page.locator('#wizard-next').click();
    await page.locator('#login-error').waitFor();

    await page.getByLabel('Identifiant', { exact: true }).fill(login);
    await page.getByLabel('Prénom').fill('Nina');
    await page.getByLabel('Nom', { exact: true }).fill(lastName);
    await page.getByLabel('Adresse (facultatif)', { exact: true }).fill('12 rue des Lilas');
    await page.getByLabel('Code postal').fill('69001');
    await page.getByLabel('Ville').fill('Lyon');
    await page.getByLabel('Pays').selectOption('FR');
    await page.locator('#wizard-next').click();

    await page.locator('.stepper [aria-current="step"]', { hasText: 'Contrats et droits' }).waitFor();
    assert.equal(await activeId(page), 'wizard-step-title', 'the new step takes the focus');
    const grant = page.getByRole('group', { name: new RegExp(CONTRACT) });
    await grant.getByLabel('Factures : Gestionnaire').check();
    await grant.getByLabel('Contrats : Visiteur').check();
    await page.locator('#wizard-next').click();

    await page.locator('.stepper [aria-current="step"]', { hasText: 'Récapitulatif' }).waitFor();
    await page.getByText(login, { exact: true }).waitFor();
    await page.getByText('Factures : Gestionnaire', { exact: false }).waitFor();
    assert.equal(await page.getByLabel('Envoyer l’e-mail d’activation').isChecked(), true);
    await page.getByRole('button', { name: 'Créer l’utilisateur' }).click();

    await h1(page, name).waitFor();
    await page.locator('.badge', { hasText: 'Non activé' }).waitFor();
    await page.getByText('12 rue des Lilas').waitFor();
    userHash = new URL(page.url()).hash;
    assert.match(userHash, /^#\/admin\/users\/[0-9A-Z]+$/);
  });

  it('lists them Not activated, found by search and by status', async () => {
    await page.goto(BASE_URL + '/#/admin/users', { waitUntil: 'load' });
    await page.getByLabel('Rechercher (nom, adresse e-mail, identifiant)').fill(lastName);
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await row(email).getByText('Non activé').waitFor();
    await page.getByLabel('Statut').selectOption('not_activated');
    await row(email).waitFor();
    assert.match(page.url(), /status=not_activated/);
    await page.getByLabel('Statut').selectOption('ready');
    await page.getByText('Aucun utilisateur ne correspond à ces critères.').waitFor();
  });

  it('activates the account through the mailed link', async () => {
    const mail = await latestMail(email);
    const link = mail.text.match(/https?:\/\/\S+#\/activate\?token=\S+/)?.[0];
    assert.ok(link, `an activation link in:\n${mail.text}`);
    const visitor = await openPage(browser, { locale: 'fr-FR' });
    others.push(visitor);
    await visitor.page.goto(link, { waitUntil: 'load' });
    await h1(visitor.page, 'Activer votre compte').waitFor();
    await visitor.page.getByLabel('Nouveau mot de passe', { exact: true }).fill('Rouge-Velo.2026x');
    await visitor.page.getByLabel('Confirmer le mot de passe', { exact: true }).fill('Rouge-Velo.2026x');
    await visitor.page.getByRole('button', { name: 'Activer mon compte' }).click();
    await visitor.page.locator('#signin-submit').waitFor();
    assert.equal(await visitor.page.locator('#email').inputValue(), email, 'the sign-in page knows the address');
  });

  it('then lists them Ready', async () => {
    await page.getByLabel('Statut').selectOption('');
    await row(email).getByText('Actif').waitFor();
  });

  it('changes their rights in the contract’s matrix', async () => {
    await page.goto(BASE_URL + '/#/admin/contracts', { waitUntil: 'load' });
    await page.getByRole('link', { name: CONTRACT }).click();
    await h1(page, `Droits — ${CONTRACT}`).waitFor();
    const cell = page.getByLabel(`Documents pour ${name}`);
    assert.equal(await cell.inputValue(), 'none');
    assert.equal(await page.getByLabel(`Factures pour ${name}`).inputValue(), 'manager', 'the wizard’s rights');
    await cell.selectOption('visitor');
    await page.getByLabel(`Utilisateur support pour ${name}`).check();
    await page.locator('#matrix-pending', { hasText: '1 ligne' }).waitFor();
    await page.locator('#matrix-save').click();
    await toast('Droits enregistrés.').waitFor();
    await page.locator('#matrix-pending', { hasText: 'Aucune modification' }).waitFor();

    await page.reload({ waitUntil: 'load' });
    assert.equal(await page.getByLabel(`Documents pour ${name}`).inputValue(), 'visitor');
    assert.equal(await page.getByLabel(`Utilisateur support pour ${name}`).isChecked(), true);
  });

  it('logs in as the user, with the banner on every page, and returns', async () => {
    await page.goto(BASE_URL + '/' + userHash, { waitUntil: 'load' });
    await h1(page, name).waitFor();
    await page.locator('.badge', { hasText: 'Actif' }).waitFor();
    await page.locator('#user-act-as').click();
    await dialog().getByText('30 minutes').waitFor();
    await dialog().getByRole('button', { name: 'Se connecter en tant que cette personne' }).click();
    await dialog().getByText('au moins 10 caractères').waitFor();
    await dialog().getByLabel('Motif').fill('Vérifier ses droits sur les factures');
    await dialog().getByRole('button', { name: 'Se connecter en tant que cette personne' }).click();

    const banner = page.getByRole('region', { name: 'Connexion en tant qu’un autre utilisateur' });
    await banner.getByText(`Vous agissez en tant que ${name}`).waitFor();
    await banner.getByText(`Vous êtes ${DEMO.admin.name}.`).waitFor();
    assert.match(await banner.textContent(), /Temps restant : (29|30) minutes/);
    await page.locator('.user-menu-button', { hasText: name }).waitFor();
    await page.goto(BASE_URL + '/#/help', { waitUntil: 'load' });
    await banner.waitFor();

    await banner.getByRole('button', { name: 'Revenir à mon compte' }).click();
    await h1(page, name).waitFor();
    await page.locator('.user-menu-button', { hasText: DEMO.admin.name }).waitFor();
    assert.equal(await banner.count(), 0);
  });

  it('imports users from a CSV file after a dry run', async () => {
    await page.goto(BASE_URL + '/#/admin/users/import', { waitUntil: 'load' });
    await h1(page, 'Importer des utilisateurs').waitFor();
    assert.match(await page.locator('#import-template').getAttribute('href'), /^blob:/);
    const csv = [
      'email;login;firstName;lastName;contract;invoices',
      `oscar.${stamp}@demo-industries.example;oscar.${stamp};Oscar;Import${stamp};DEMO-2026-001;visitor`,
      `bad.${stamp}@demo-industries.example;x;Bad;Row;;`,
    ].join('\r\n');
    await page.locator('#import-file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.locator('#import-summary', { hasText: '2 lignes — à créer : 1, à rattacher : 0, en erreur : 1.' }).waitFor();
    // One line, in the singular (never "Les 1 lignes").
    await page.getByText('1 ligne en erreur sera ignorée.', { exact: true }).waitFor();
    await row(`bad.${stamp}`).getByText('Erreur').waitFor();
    await page.locator('#import-run').click();
    // The import runs as a job on the server: the page shows its progress, then its
    // figures and its report, which downloads as the file a person opens.
    await page.getByRole('progressbar', { name: 'Import des utilisateurs' }).waitFor();
    await page.locator('#import-figures', { hasText: 'Utilisateurs créés : 1, rattachés : 0. Lignes ignorées : 1, en échec : 0.' }).waitFor();
    await page.getByRole('heading', { name: 'Import terminé' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger le rapport' }).click()]);
    assert.match(download.suggestedFilename(), /^rapport-import-\d{4}-\d{2}-\d{2}\.csv$/);
    const report = (await readFile(await download.path(), 'utf8')).split('\r\n');
    assert.equal(report[0], '\ufeff"Ligne","Adresse e-mail","Identifiant","Résultat","Détail"');
    assert.equal(report[1], `"2","oscar.${stamp}@demo-industries.example","oscar.${stamp}","Utilisateur créé","Mail d'activation envoyé."`);
    assert.equal(report[2], `"3","bad.${stamp}@demo-industries.example","x","Ligne ignorée","Colonne « login » : Ce champ est trop court."`);
    // The recent imports list it first, with its report.
    const latest = page.locator('#import-history tbody tr').first();
    await latest.getByText('Terminé').waitFor();
    await latest.getByRole('link', { name: /^Rapport de l’import du / }).waitFor();
    await page.getByRole('link', { name: 'Voir les utilisateurs' }).waitFor();
  });

  it('finds all of it in the audit log', async () => {
    await page.goto(BASE_URL + '/#/admin/audit', { waitUntil: 'load' });
    await h1(page, 'Journal d’audit').waitFor();
    await row('Utilisateur créé').filter({ hasText: name }).first().waitFor();
    await row('Droits modifiés').filter({ hasText: name }).first().waitFor();
    // Targets in words, and every action of the log in the filter.
    await row('Droits modifiés').filter({ hasText: `Droits de ${name} sur ${CONTRACT}` }).first().waitFor();
    assert.equal(await page.locator('#audit-action option[value="access.request"]').textContent(), 'Accès demandé');
    await row('Connexion en tant que').filter({ hasText: DEMO.admin.name }).filter({ hasText: name }).first().waitFor();
    await row('Fin de connexion en tant que').filter({ hasText: `${DEMO.admin.name}, connecté en tant que ${name}` }).first().waitFor();

    await page.getByLabel('Action').selectOption('rights.update');
    await page.locator('#audit-apply').click();
    await page.waitForURL(/action=rights\.update/);
    await row(name).first().waitFor();
    assert.equal(await row('Utilisateur créé').count(), 0);

    // The export runs as a job: its progress is shown, then its file is offered.
    await page.locator('#audit-export').click();
    await page.getByRole('progressbar', { name: 'Export du journal d’audit' }).waitFor();
    const link = page.locator('#audit-export-job-download');
    await link.waitFor();
    await page.getByText(/Export prêt : \d+ entrées?\./).waitFor();
    const csv = await page.request.get(await link.getAttribute('href'));
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()['content-type'], /^text\/csv/);
    assert.match(await csv.text(), /rights\.update/);
    assert.doesNotMatch(await csv.text(), /user\.create/);
  });

  it('lets an operator create a contract for the organisation', async () => {
    const op = await openPage(browser, { locale: 'fr-FR' });
    others.push(op);
    await signIn(op.page, DEMO.operator.email);
    // The organisation is found from the back office's list of customers, where the
    // vendor's own never shows.
    await op.page.goto(BASE_URL + '/#/backoffice', { waitUntil: 'load' });
    await op.page.getByRole('link', { name: 'Organisations clientes' }).click();
    await h1(op.page, 'Organisations clientes').waitFor();
    await op.page.getByRole('row').filter({ hasText: 'Demo Industries' }).waitFor();
    assert.equal(await op.page.getByRole('row').filter({ hasText: 'Guichet (vendor)' }).count(), 0);
    await op.page.getByLabel('Nom de l’organisation').fill('demo ind');
    await op.page.getByRole('row').filter({ hasText: 'demo-industries.example' }).waitFor();
    await op.page.getByRole('link', { name: 'Contrats de Demo Industries' }).click();
    await h1(op.page, 'Contrats de Demo Industries').waitFor();
    await op.page.getByRole('row').filter({ hasText: 'DEMO-2026-001' }).waitFor();
    await op.page.getByLabel('Nom', { exact: true }).fill('Hébergement');
    await op.page.getByLabel('Référence').fill(`HEB-${stamp}`);
    await op.page.getByLabel('Date de début').fill('2026-06-01');
    await op.page.getByLabel('Rechercher une personne').fill('Administratrice');
    await op.page.getByLabel('Rechercher une personne').press('Enter');
    await op.page.locator('#contract-referentId option', { hasText: DEMO.admin.name }).waitFor({ state: 'attached' });
    await op.page.locator('#contract-referentId').selectOption({ label: `${DEMO.admin.name} — ${DEMO.admin.email}` });
    await op.page.locator('#contract-create').click();
    await op.page.locator('.toast', { hasText: 'Contrat « Hébergement » créé.' }).waitFor();
    await op.page.getByRole('row').filter({ hasText: `HEB-${stamp}` }).filter({ hasText: DEMO.admin.name }).waitFor();
  });

  it('had no console errors, page errors or CSP violations', async () => {
    await assertNoProblems();
    for (const o of others) await o.assertNoProblems();
  });
});
