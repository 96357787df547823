// The contracts home end to end: the demo administrator's dashboard lists the demo
// contracts, a card opens with the keyboard (a button with aria-expanded) to its
// details, budget gauge and menu; the demo contract's card shows its ongoing outage,
// and its sheet the services' history; "Modifier" sets a budget after a refused
// amount; the search finds one contract. A person with Visitor on the Dashboard of
// one contract and None on its Documents sees that card, without the Documents
// entry, and its sheet without documents. The page fits a 390 px phone.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, BASE_URL, DEMO, DEMO_PASSWORD, h1, invitePerson, launchBrowser, openPage, signIn } from './lib.mjs';

const PASSWORD = 'Guichet#Dash2026';

describe('contracts home', { timeout: 180_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  const stamp = Date.now().toString(36);
  const vera = { email: `vera.${stamp}@demo-industries.example`, login: `vera.${stamp}`, firstName: 'Véra', lastName: `Visiteuse${stamp}` };
  let contracts;

  before(async () => {
    await invitePerson({ ...vera, password: PASSWORD });
    const admin = await apiAs(DEMO.admin.email, DEMO_PASSWORD);
    contracts = (await admin('GET', '/dashboard?limit=30')).body.items;
    const demo = contracts.find((c) => c.reference === 'DEMO-2026-001');
    const line = (await admin('GET', `/org/contracts/${demo.id}/rights?q=${encodeURIComponent(vera.email)}`)).body.items[0];
    const put = await admin('PUT', `/org/contracts/${demo.id}/rights`, {
      changes: [{ userId: line.user.id, version: line.version, sections: { dashboard: 'visitor', documents: 'none' } }],
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  it('lets a customer open a contract, read its weather and set its budget', async () => {
    const { page, assertNoProblems } = await openPage(browser, { locale: 'fr-FR' });
    await signIn(page, DEMO.admin.email);
    await h1(page, `Bonjour ${DEMO.admin.firstName}`).waitFor();
    const card = page.locator('.contract-card', { hasText: 'DEMO-2026-002' });
    const toggle = card.getByRole('button', { name: 'Hébergement cloud' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await card.locator('.contract-card-body').isVisible(), false);
    // The keyboard opens it.
    await toggle.focus();
    await page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const body = card.locator('.contract-card-body');
    await body.getByText('Infogérance').first().waitFor();
    await body.getByText(DEMO.admin.name).waitFor();
    await body.getByRole('heading', { name: 'Météo des services' }).waitFor();
    await body.getByText('Aucun service déclaré sur ce contrat pour l’instant.').waitFor();
    const meter = body.getByRole('meter');
    assert.match(await meter.getAttribute('aria-valuetext'), /^\d+ % du budget : /);
    for (const entry of ['Voir la fiche contrat', 'Documents', 'Factures', 'Utilisateurs et droits', 'Aide']) {
      await body.getByRole('navigation').getByRole('link', { name: entry }).waitFor();
    }

    await body.getByRole('button', { name: 'Modifier' }).click();
    const dialog = page.getByRole('dialog', { name: 'Budget mensuel de Hébergement cloud' });
    await dialog.getByLabel('Montant mensuel (EUR)').fill('12,345');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Montant invalide' }).waitFor();
    await dialog.getByLabel('Montant mensuel (EUR)').fill('10 000');
    await dialog.getByRole('button', { name: 'Enregistrer' }).click();
    await page.locator('.toast', { hasText: 'Budget de Hébergement cloud enregistré.' }).waitFor();
    await body.getByText(/sur 10\s000,00\s€/).waitFor();
    assert.match(await meter.getAttribute('aria-valuetext'), /sur 10\s000,00\s€$/);

    // The demo contract's ongoing outage, at a glance and opened; its sheet's history.
    const demo = page.locator('.contract-card', { hasText: 'DEMO-2026-001' });
    await demo.locator('.contract-glance').getByText('Panne partielle').waitFor();
    await demo.getByRole('button', { name: 'Maintenance et support' }).click();
    const ongoing = demo.locator('.contract-card-body .weather-ongoing');
    await ongoing.getByText('API de commande').waitFor();
    await demo.getByRole('link', { name: 'Voir la fiche contrat' }).click();
    await h1(page, 'Maintenance et support').waitFor();
    await page.getByRole('heading', { name: 'Sauvegardes' }).waitFor();
    await page.locator('.weather-ongoing').getByText('API de commande').waitFor();
    await page.getByRole('heading', { name: 'Documents', exact: true }).waitFor();
    await page.getByText('Contrat de maintenance et support', { exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Accéder aux consoles' }).waitFor();
    await page.getByRole('link', { name: 'Retour au tableau de bord' }).click();
    await h1(page, `Bonjour ${DEMO.admin.firstName}`).waitFor();

    // The search finds one contract by its offer, accents aside.
    await page.getByLabel('Rechercher un contrat (nom, référence, offre)').fill('infogerance');
    await page.getByLabel('Rechercher un contrat (nom, référence, offre)').press('Enter');
    await page.locator('.contracts-count', { hasText: '1 contrat' }).waitFor();
    await page.getByLabel('Rechercher un contrat (nom, référence, offre)').fill('nothing-like-it');
    await page.getByLabel('Rechercher un contrat (nom, référence, offre)').press('Enter');
    await page.getByText('Aucun contrat ne correspond à « nothing-like-it »').waitFor();
    await assertNoProblems();
  });

  it('shows a Dashboard visitor without Documents the card, not the documents', async () => {
    const { page, context, assertNoProblems } = await openPage(browser, { locale: 'fr-FR' });
    await signIn(page, vera.email, PASSWORD);
    await h1(page, `Bonjour ${vera.firstName}`).waitFor();
    const cards = page.locator('.contract-card');
    await cards.first().waitFor();
    assert.equal(await cards.count(), 1, 'one contract on the dashboard');
    await cards.first().getByRole('button', { name: 'Maintenance et support' }).click();
    const menu = cards.first().getByRole('navigation');
    await menu.getByRole('link', { name: 'Voir la fiche contrat' }).waitFor();
    assert.equal(await menu.getByRole('link', { name: 'Documents' }).count(), 0, 'no Documents entry');
    assert.equal(await cards.first().getByRole('button', { name: 'Modifier' }).count(), 0, 'no budget change');

    await menu.getByRole('link', { name: 'Voir la fiche contrat' }).click();
    await h1(page, 'Maintenance et support').waitFor();
    await page.getByRole('heading', { name: 'Vos droits sur ce contrat' }).waitFor();
    await page.getByRole('row', { name: /Tableau de bord\s+Visiteur/ }).waitFor();
    await page.getByRole('row', { name: /Documents\s+Aucun/ }).waitFor();
    await page.getByRole('heading', { name: 'Accéder aux consoles' }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Documents', exact: true }).count(), 0, 'no documents part');
    assert.equal(await page.getByText('Contrat de maintenance et support', { exact: true }).count(), 0, 'no document');

    // At 390 px the dashboard and the sheet fit the width.
    await page.setViewportSize({ width: 390, height: 800 });
    for (const path of ['/#/', `/#/contracts/${contracts.find((c) => c.reference === 'DEMO-2026-001').id}`]) {
      await page.goto(BASE_URL + path, { waitUntil: 'load' });
      await page.locator('h1').waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${path} overflows by ${overflow} px at 390 px`);
    }
    await assertNoProblems();
    await context.close();
  });
});
