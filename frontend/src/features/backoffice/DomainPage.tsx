import { useState } from 'preact/hooks';
import { api } from '../../api';
import { t } from '../../i18n';
import type { PageProps } from '../../page';
import { href, navigate } from '../../router';
import { Button } from '../../ui/Button';
import { TextField } from '../../ui/fields';
import { Form } from '../../ui/Form';
import { PageCard, Spinner } from '../../ui/status';
import { toast } from '../../ui/toast';
import { useForm } from '../../ui/useForm';
import { isBlank } from '../../validation';
import { useLoaded, type Loaded } from '../register/load';
import { LoadError } from '../register/LoadError';
import { useConfirm, type Confirmation } from '../register/useConfirm';
import type { CustomerOrg } from './organisations';
import { OrgPicker } from './OrgPicker';
import { RegistrationNav } from './RegistrationNav';

/** GET /backoffice/domains/{domain}: who verified a mail domain. */
interface DomainView {
  domain: string;
  shared: boolean;
  freeMail: boolean;
  organisations: { id: string; name: string }[];
}

/** A mail domain: look one up; see whether it is free mail or shared and which
 * organisations verified it; share it, attach or detach an organisation. */
export default function DomainPage({ params }: PageProps) {
  const lookup = useForm<{ domain: string }>({
    fields: { domain: 'backoffice.domain.lookup' },
    initial: { domain: params.domain ?? '' },
    idPrefix: 'lookup-',
    validate: (v) => (isBlank(v.domain) ? { domain: 'ui.field.required' } : {}),
    submit: async (v) => navigate(href('/backoffice/domains/:domain', { domain: v.domain.trim().toLowerCase() })),
  });
  return (
    <PageCard title={params.domain ? t('backoffice.domain.heading', { domain: params.domain }) : t('backoffice.domain.title')} wide>
      <RegistrationNav />
      <Form form={lookup} class="inline-form" label={t('backoffice.domain.open')}>
        <TextField {...lookup.field('domain')} spellcheck={false} maxLength={253} />
        <Button type="submit" id="domain-open" busy={lookup.busy}>
          {t('backoffice.domain.open')}
        </Button>
      </Form>
      {params.domain && <Domain domain={params.domain} />}
    </PageCard>
  );
}

function Domain({ domain }: { domain: string }) {
  const path = `/backoffice/domains/${encodeURIComponent(domain)}`;
  const view = useLoaded((signal) => api.get<DomainView>(path, { signal }), [path]);
  const { dialog, ask } = useConfirm();
  const d = view.data;
  if (view.error) return <LoadError error={view.error} retry={view.reload} />;
  if (!d) return <Spinner />;

  /** A change the operator confirms; its answer is the domain as it now is. */
  const change = (c: Omit<Confirmation, 'run'>, send: () => Promise<DomainView>) =>
    ask({
      ...c,
      run: async () => {
        view.set(await send());
        toast(t('backoffice.domain.changed', { domain: d.domain }), 'success');
      },
    });

  return (
    <>
      <p class="notice">
        {d.freeMail ? t('backoffice.domain.freeMail') : t(d.shared ? 'backoffice.domain.shared' : 'backoffice.domain.exclusive')}
      </p>
      {!d.freeMail && (
        <div class="actions">
          <Button
            id="domain-share"
            variant="secondary"
            onClick={() =>
              change(
                {
                  title: t(d.shared ? 'backoffice.domain.unshareTitle' : 'backoffice.domain.shareTitle', { domain: d.domain }),
                  body: <p>{t(d.shared ? 'backoffice.domain.unshareBody' : 'backoffice.domain.shareBody')}</p>,
                  confirmLabel: t(d.shared ? 'backoffice.domain.unshare' : 'backoffice.domain.share'),
                  danger: false,
                },
                () => api.put<DomainView>(path, { shared: !d.shared }),
              )
            }
          >
            {t(d.shared ? 'backoffice.domain.unshare' : 'backoffice.domain.share')}
          </Button>
        </div>
      )}
      <h2 class="section-title">{t('backoffice.domain.orgs')}</h2>
      {d.organisations.length === 0 ? (
        <p>{t('backoffice.domain.noOrg')}</p>
      ) : (
        <ul id="domain-organisations" class="plain-list">
          {d.organisations.map((o) => (
            <li key={o.id} class="actions">
              <span>
                {o.name} <span class="field-hint">({o.id})</span>
              </span>
              <Button
                variant="secondary"
                aria-label={t('backoffice.domain.detachLabel', { organisation: o.name })}
                onClick={() =>
                  change(
                    {
                      title: t('backoffice.domain.detachTitle', { domain: d.domain, organisation: o.name }),
                      body: <p>{t('backoffice.domain.detachBody', { domain: d.domain, organisation: o.name })}</p>,
                      confirmLabel: t('backoffice.domain.detach'),
                    },
                    () => api.delete<DomainView>(`${path}/organisations/${encodeURIComponent(o.id)}`),
                  )
                }
              >
                {t('backoffice.domain.detach')}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {!d.freeMail && <Attach view={view} path={path} ask={change} />}
      {dialog}
    </>
  );
}

/** Attaching an organisation found by its name, after confirmation; once done,
 * the form is empty again, with nothing to correct. */
function Attach({
  view,
  path,
  ask,
}: {
  view: Loaded<DomainView>;
  path: string;
  ask: (c: Omit<Confirmation, 'run'>, send: () => Promise<DomainView>) => void;
}) {
  const domain = view.data?.domain ?? '';
  const [org, setOrg] = useState<CustomerOrg | null>(null);
  const [error, setError] = useState<string | undefined>();
  const submit = (e: Event) => {
    e.preventDefault();
    if (!org) {
      setError(t('ui.field.required'));
      document.getElementById('attach-organisation')?.focus();
      return;
    }
    ask(
      {
        title: t('backoffice.domain.attachTitle', { domain, organisation: org.name }),
        body: <p>{t('backoffice.domain.attachBody', { domain })}</p>,
        confirmLabel: t('backoffice.domain.attach'),
        danger: false,
      },
      async () => {
        const next = await api.post<DomainView>(`${path}/organisations`, { organisationId: org.id });
        setOrg(null);
        setError(undefined);
        return next;
      },
    );
  };
  return (
    <form class="form" noValidate onSubmit={submit} aria-label={t('backoffice.domain.attach')}>
      <OrgPicker
        id="attach-organisation"
        label={t('backoffice.domain.attachOrg')}
        value={org}
        onChange={(o) => {
          setOrg(o);
          setError(undefined);
        }}
        error={error}
      />
      <Button type="submit" id="domain-attach">
        {t('backoffice.domain.attach')}
      </Button>
    </form>
  );
}
