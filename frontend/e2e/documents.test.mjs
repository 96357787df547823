// A contract's documents and consoles end to end: an operator uploads a PDF to a
// demo contract from the back office (its progress, then the server's check of its
// content) and a customer downloads it from the contract's sheet, byte for byte; a
// text file renamed .pdf is refused with a clear message and never listed; an
// operator adds a console link, which the sheet opens in a new tab; the operator
// deletes the document after a confirmation.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { BASE_URL, DEMO, h1, launchBrowser, openPage, signIn } from './lib.mjs';

const CONTRACT = 'DEMOCONTRACT0000000000002';
const BACK_OFFICE = `/#/backoffice/organisations/demo/contracts/${CONTRACT}/documents`;

/** A small valid PDF, different on every run. */
function pdf(text) {
  const content = `BT /F1 14 Tf 56 780 Td (${text}) Tj ET\n`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${content.length} >>\nstream\n${content}endstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets = objects.map((o, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

describe('contract documents and consoles', { timeout: 180_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  const stamp = Date.now().toString(36);
  const title = `Rapport e2e ${stamp}`;
  const body = pdf(`Rapport ${stamp}`);

  before(async () => {
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
  });

  it('lets an operator upload a PDF and refuses a text renamed .pdf', async () => {
    const { page, assertNoProblems } = await openPage(browser, { locale: 'fr-FR' });
    await signIn(page, DEMO.operator.email);
    await page.goto(BASE_URL + BACK_OFFICE);
    await h1(page, 'Documents et consoles — Hébergement cloud').waitFor();
    // The seeded documents are listed, newest first.
    await page.getByRole('cell', { name: 'Rapport de disponibilité — octobre', exact: true }).waitFor();

    await page.locator('#doc-title').fill(title);
    await page.locator('#doc-category').selectOption('report');
    await page.locator('#doc-file').setInputFiles({ name: `Rapport été ${stamp}.pdf`, mimeType: 'application/pdf', buffer: body });
    await page.locator('#doc-send').click();
    await page.getByText(`Document « ${title} » ajouté.`).waitFor();
    const row = page.getByRole('row', { name: new RegExp(title) });
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(`Rapport-ete-${stamp}\\.pdf`));

    // A text file that claims to be a PDF: sent, then refused by its content.
    await page.locator('#doc-title').fill(`Faux ${stamp}`);
    await page.locator('#doc-file').setInputFiles({ name: 'facture.pdf', mimeType: 'application/pdf', buffer: Buffer.from('This is only text, renamed .pdf\n') });
    await page.locator('#doc-send').click();
    const refusal = page.locator('#doc-refusal');
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /n’est pas ce qu’il prétend être|n'est pas ce qu'il prétend être/);
    assert.equal(await page.getByRole('row', { name: new RegExp(`Faux ${stamp}`) }).count(), 0);

    // A console link: http is refused in the form, https is added.
    await page.locator('#console-name').fill(`Console ${stamp}`);
    await page.locator('#console-url').fill('http://console.example.com');
    await page.locator('#console-add').click();
    await page.getByText('L’adresse doit commencer par https://.').first().waitFor();
    await page.locator('#console-url').fill(`https://console.example.com/${stamp}`);
    await page.locator('#console-fr').fill('Vos machines');
    await page.locator('#console-en').fill('Your machines');
    await page.locator('#console-add').click();
    await page.getByText(`Lien « Console ${stamp} » ajouté.`).waitFor();
    await assertNoProblems();
    await page.context().close();
  });

  it('lets a customer download the document from the contract sheet and open a console', async () => {
    const { page, assertNoProblems } = await openPage(browser, { locale: 'fr-FR' });
    await signIn(page, DEMO.admin.email);
    await page.goto(`${BASE_URL}/#/contracts/${CONTRACT}`);
    await h1(page, 'Hébergement cloud').waitFor();
    const part = page.locator('section', { has: page.getByRole('heading', { name: 'Documents', exact: true }) });
    const row = part.getByRole('row', { name: new RegExp(title) });
    await row.waitFor();
    // The category filter narrows the list.
    await part.getByLabel('Catégorie').selectOption('technical');
    await row.waitFor({ state: 'detached' });
    await part.getByRole('cell', { name: "Architecture de l'hébergement", exact: true }).waitFor();
    await part.getByLabel('Catégorie').selectOption('');
    await row.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: `Télécharger « ${title} »` }).click()]);
    assert.equal(download.suggestedFilename(), `Rapport-ete-${stamp}.pdf`);
    const got = await readFile(await download.path());
    assert.ok(got.equals(body), 'the downloaded bytes are the uploaded ones');

    const consoles = page.locator('section', { has: page.getByRole('heading', { name: 'Accéder aux consoles' }) });
    const link = consoles.getByRole('link', { name: `Ouvrir Console ${stamp} (nouvel onglet)` });
    await link.waitFor();
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
    assert.equal(await link.getAttribute('href'), `https://console.example.com/${stamp}`);
    await consoles.getByText('Vos machines', { exact: true }).waitFor();
    await assertNoProblems();
    await page.context().close();
  });

  it('lets an operator delete the document after confirming', async () => {
    const { page, assertNoProblems } = await openPage(browser, { locale: 'fr-FR' });
    await signIn(page, DEMO.operator.email);
    await page.goto(BASE_URL + BACK_OFFICE);
    const row = page.getByRole('row', { name: new RegExp(title) });
    await row.getByRole('button', { name: `Supprimer « ${title} »` }).click();
    const dialog = page.getByRole('dialog', { name: 'Supprimer ce document ?' });
    await dialog.waitFor();
    // Focus starts on Cancel: Enter alone would not delete.
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Annuler');
    await dialog.getByRole('button', { name: 'Supprimer' }).click();
    await page.getByText(`Document « ${title} » supprimé.`).waitFor();
    await row.waitFor({ state: 'detached' });
    await assertNoProblems();
  });
});
