import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api';
import { getLanguage, t } from '../../i18n';
import type { PageProps } from '../../page';
import { href } from '../../router';
import { Button } from '../../ui/Button';
import { PageCard, Spinner } from '../../ui/status';
import { toast } from '../../ui/toast';
import '../admin/companyMessages';
import { formatDay } from '../admin/model';
import { ConsoleLinks } from '../documents/ConsoleLinks';
import { DocumentList } from '../documents/DocumentList';
import { BudgetDialog } from '../home/BudgetDialog';
import { BudgetGauge } from '../home/BudgetGauge';
import '../home/home.css';
import { MENU_LABELS, menuHref, type Budget } from '../home/model';
import { ServiceHistory, WeatherBadge, type WeatherSheet } from '../weather';
import { useLoaded } from '../register/load';
import './contracts.css';
import type { Sheet } from './model';

/** "Voir la fiche contrat": a contract's summary, the customer company, the
 * person's own rights on it, its weather and budget, and the parts their rights
 * show. ?part= (from the dashboard's menu) scrolls to one part. */
export default function ContractPage({ params, query }: PageProps) {
  const id = params.id;
  const sheet = useLoaded((signal) => api.get<Sheet>(`/contracts/${encodeURIComponent(id)}`, { signal }), [id]);
  const [editing, setEditing] = useState(false);
  const part = query.get('part');
  useEffect(() => {
    if (sheet.data && part) document.getElementById(`part-${part}`)?.scrollIntoView();
  }, [sheet.data, part]);

  if (sheet.error) {
    return (
      <PageCard title={t('contracts.title')}>
        <p role="alert">{sheet.error.message}</p>
        <p>
          <a href={href('/')}>{t('contracts.back')}</a>
        </p>
      </PageCard>
    );
  }
  if (!sheet.data) return <Spinner />;
  const { contract: c, company, rights, show } = sheet.data;
  const lang = getLanguage();
  const setBudget = (b: Budget) => {
    if (!sheet.data) return;
    sheet.set({ ...sheet.data, contract: { ...c, budget: b } });
    toast(t('home.budget.saved', { name: c.name }), 'success');
  };
  return (
    <PageCard title={c.name} lead={t('contracts.lead', { reference: c.reference })} wide>
      <p>
        <a href={href('/')}>{t('contracts.back')}</a>
      </p>
      <section class="sheet-part" aria-labelledby="part-summary">
        <h2 id="part-summary" class="section-title">
          {t('contracts.summary')}
        </h2>
        <dl class="contract-facts">
          <Fact label={t('home.card.reference')} value={c.reference} />
          <Fact label={t('home.card.offer')} value={c.offer || t('home.card.noOffer')} />
          <Fact label={t('home.card.dates')} value={c.end ? t('home.card.fromTo', { start: formatDay(c.start, lang), end: formatDay(c.end, lang) }) : t('home.card.from', { start: formatDay(c.start, lang) })} />
          <Fact label={t('home.card.referent')} value={c.referent.name || t('home.card.noReferent')} />
          <Fact label={t('contracts.currency')} value={c.currency} />
        </dl>
        <nav class="contract-menu" aria-label={t('home.card.menu', { name: c.name })}>
          <ul>
            {c.menu
              .filter((m) => m !== 'sheet')
              .map((m) => (
                <li key={m}>
                  <a href={menuHref(m, c.id)}>{t(MENU_LABELS[m])}</a>
                </li>
              ))}
          </ul>
        </nav>
      </section>
      <section class="sheet-part" aria-labelledby="part-company">
        <h2 id="part-company" class="section-title">
          {t('contracts.company')}
        </h2>
        <dl class="contract-facts">
          <Fact label={t('contracts.companyName')} value={company.name} />
          {company.registrationNo && <Fact label={t('contracts.registrationNo')} value={company.registrationNo} />}
          {company.country && <Fact label={t('contracts.country')} value={company.country} />}
          {company.website && <Fact label={t('contracts.website')} value={company.website} />}
          {company.address && <Fact label={t('contracts.address')} value={company.address} />}
        </dl>
      </section>
      <section class="sheet-part" aria-labelledby="part-rights">
        <h2 id="part-rights" class="section-title">
          {t('contracts.rights')}
        </h2>
        <p class="field-hint">
          {rights.administrator ? t('contracts.rightsAdmin') : rights.referent ? t('contracts.rightsReferent') : t('contracts.rightsLead')}
        </p>
        <div class="table-scroll">
          <table class="rights-own">
            <caption class="visually-hidden">{t('contracts.rights')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('contracts.section')}</th>
                <th scope="col">{t('contracts.level')}</th>
              </tr>
            </thead>
            <tbody>
              {rights.sections.map((r) => (
                <tr key={r.section}>
                  <th scope="row">{t(`admin.section.${r.section}`)}</th>
                  <td class={`level level-${r.level}`}>{t(`admin.level.${r.level}`)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">{t('contracts.supported')}</th>
                <td>{rights.supported ? t('contracts.yes') : t('contracts.no')}</td>
              </tr>
            </tbody>
          </table>
        </div>
      </section>
      {show.weather && (
        <section class="sheet-part" aria-labelledby="part-weather">
          <h2 id="part-weather" class="section-title">
            {t('home.card.weather')}
          </h2>
          <SheetWeather id={id} />
        </section>
      )}
      {show.budget && c.budget && (
        <section class="sheet-part" aria-labelledby="part-budget">
          <h2 id="part-budget" class="section-title">
            {t('home.card.budget', { currency: c.currency })}
          </h2>
          <BudgetGauge budget={c.budget} id="sheet-gauge" />
          {c.canSetBudget && (
            <Button variant="secondary" class="budget-edit" onClick={() => setEditing(true)}>
              {t('home.budget.edit')}
            </Button>
          )}
        </section>
      )}
      {show.documents && (
        <section class="sheet-part" aria-labelledby="part-documents">
          <h2 id="part-documents" class="section-title">
            {t('home.menu.documents')}
          </h2>
          <DocumentList contractId={c.id} />
        </section>
      )}
      <section class="sheet-part" aria-labelledby="part-consoles">
        <h2 id="part-consoles" class="section-title">
          {t('documents.consoles')}
        </h2>
        <p class="field-hint">{t('documents.consolesLead')}</p>
        <ConsoleLinks contractId={c.id} />
      </section>
      {show.subscriptions && <Later id="subscriptions" title={t('home.menu.subscriptions')} text={t('contracts.subscriptionsLater')} />}
      {c.menu.includes('requests') && <Later id="requests" title={t('home.menu.requests')} text={t('contracts.requestsLater')} />}
      {c.menu.includes('invoices') && <Later id="invoices" title={t('home.menu.invoices')} text={t('contracts.invoicesLater')} />}
      <BudgetDialog contract={editing ? c : null} budget={c.budget} onClose={() => setEditing(false)} onSaved={setBudget} />
    </PageCard>
  );
}

/** The contract's weather and its services' last 90 days, from the weather area. */
function SheetWeather({ id }: { id: string }) {
  const w = useLoaded((signal) => api.get<WeatherSheet>(`/contracts/${encodeURIComponent(id)}/weather`, { signal }), [id]);
  if (w.error) return <p role="alert">{w.error.message}</p>;
  if (!w.data) return <Spinner />;
  return (
    <>
      <WeatherBadge weather={w.data.weather} />
      <ServiceHistory services={w.data.services} />
      <p>
        <a href={href('/contracts/:id/weather', { id })}>{t('contracts.weatherPage')}</a>
      </p>
    </>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** A part whose pages come with a later version: said plainly, not faked. */
function Later({ id, title, text }: { id: string; title: string; text: string }) {
  return (
    <section class="sheet-part" aria-labelledby={`part-${id}`}>
      <h2 id={`part-${id}`} class="section-title">
        {title}
      </h2>
      <p class="sheet-later">{text}</p>
    </section>
  );
}
