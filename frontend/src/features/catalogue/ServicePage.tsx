// One service of a contract's catalogue (/contracts/:id/catalogue/:service): its
// "learn more" page (HTML the server rendered from a strict Markdown subset, with
// raw HTML escaped and links only to https and mailto), what ordering will ask,
// and its plans' prices. Only a Manager of the contract's services sees the order
// button; ordering itself comes with the cart.
import { api } from '../../api';
import { t } from '../../i18n';
import type { PageProps } from '../../page';
import { href } from '../../router';
import { Button } from '../../ui/Button';
import { PageCard, Spinner } from '../../ui/status';
import { useLoad } from '../applications/useCatalog';
import { formatMoney } from '../../money';
import { local, logoSrc, PER_KEY, TERM_KEY, TYPE_KEY, type Plan, type ServiceView } from './model';
import './catalogue.css';

export default function ServicePage({ params }: PageProps) {
  const [svc] = useLoad(
    (signal) => api.get<ServiceView>(`/contracts/${encodeURIComponent(params.id)}/catalogue/${encodeURIComponent(params.service)}`, { signal }),
    [params.id, params.service],
  );
  const back = (
    <p class="card-footer">
      <a href={href('/contracts/:id/catalogue', { id: params.id })}>{t('catalogue.back')}</a>
    </p>
  );
  if (svc.state !== 'ready') {
    return (
      <PageCard title={t('catalogue.serviceTitle')}>
        {svc.state === 'loading' ? (
          <Spinner />
        ) : (
          <p class="list-error" role="alert">
            {svc.error}
          </p>
        )}
        {back}
      </PageCard>
    );
  }
  const s = svc.value;
  return (
    <PageCard title={local(s.name)} lead={local(s.summary)} wide>
      <div class="catalogue-service">
        <div class="catalogue-service-head">
          {s.logo && <img src={logoSrc(s.logo)} alt="" width={64} height={64} />}
          <p class="catalogue-meta">{local(s.categoryName)}</p>
        </div>
        {s.orderable ? (
          <div class="catalogue-order">
            <Button id="catalogue-order" disabled aria-describedby="catalogue-order-note">
              {t('catalogue.order')}
            </Button>
            <p id="catalogue-order-note" class="catalogue-note">
              {t('catalogue.orderSoon')}
            </p>
          </div>
        ) : (
          <p class="catalogue-note" id="catalogue-visitor-note">
            {t('catalogue.visitorNote')}
          </p>
        )}
        <section class="catalogue-learn-more" aria-label={t('catalogue.learnMore')}>
          {/* The server's rendering holds only its subset's elements, and escaped text. */}
          <div dangerouslySetInnerHTML={{ __html: local(s.learnMoreHtml) }} />
        </section>
        {s.plans && s.plans.length > 0 && (
          <section>
            <h2>{t('catalogue.plansTitle')}</h2>
            {s.plans.map((p) => (
              <PlanPrices key={p.id} plan={p} />
            ))}
          </section>
        )}
        {s.form && s.form.length > 0 && (
          <section>
            <h2>{t('catalogue.formTitle')}</h2>
            <ul class="catalogue-form-preview">
              {s.form.map((f) => (
                <li key={f.id}>
                  <strong>{local(f.label)}</strong> — {t(TYPE_KEY[f.type])}
                  {f.required && <span class="catalogue-required"> ({t('catalogue.required')})</span>}
                  {local(f.help) && <span class="hint"> {local(f.help)}</span>}
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
      {back}
    </PageCard>
  );
}

function PlanPrices({ plan }: { plan: Plan }) {
  return (
    <div class="data-table table-scroll catalogue-plan">
      <table>
        <caption>
          {local(plan.name)} — {t('catalogue.plan.unit', { unit: local(plan.unit) })}
        </caption>
        <tbody>
          {plan.prices.map((p) => (
            <tr key={p.term}>
              <th scope="row">{t(TERM_KEY[p.term])}</th>
              <td class="catalogue-amount">
                {formatMoney({ minor: p.amount, currency: plan.currency })} {t(PER_KEY[p.term])}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="hint">
        {t('catalogue.plan.quantity', { min: plan.minQuantity, max: plan.maxQuantity })} · {t('catalogue.plan.cancel', { days: plan.cancelDays })}
      </p>
    </div>
  );
}
