import { useState } from 'preact/hooks';
import { api } from '../../api';
import { t } from '../../i18n';
import type { PageProps } from '../../page';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Select, TextArea, TextField } from '../../ui/fields';
import { Form } from '../../ui/Form';
import { EmptyState, PageCard, Spinner } from '../../ui/status';
import { toast } from '../../ui/toast';
import { useForm, type FieldBinding } from '../../ui/useForm';
import { isBlank } from '../../validation';
import { OrgNav, useOrganisation } from '../backoffice/OrgNav';
import { LoadError } from '../register/LoadError';
import { useLoaded, type Loaded } from '../register/load';
import { EventList } from './EventList';
import { ServiceHistory } from './ServiceHistory';
import { StateChip, WeatherBadge } from './WeatherBadge';
import { INCIDENT_STATES, localToISO, stateKey, type HealthEvent, type ServiceView, type WeatherSheet } from './model';
import './adminMessages';

type AdminSheet = WeatherSheet & { contract: { id: string; name: string; reference: string } };

/** One contract's weather for operators: its services (added, changed, deleted),
 * the events they publish, update and resolve, and the history customers see. */
export default function ContractWeatherPage({ params }: PageProps) {
  const { orgId, id } = params;
  const base = `/backoffice/organisations/${encodeURIComponent(orgId)}/contracts/${encodeURIComponent(id)}`;
  const org = useOrganisation(orgId);
  const sheet = useLoaded((signal) => api.get<AdminSheet>(`${base}/services`, { signal }), [base]);
  const s = sheet.data;
  const open = s?.events.filter((e) => !e.resolved) ?? [];
  const past = s?.events.filter((e) => e.resolved) ?? [];
  return (
    <PageCard title={s ? t('weather.admin.contractOf', { name: s.contract.name }) : t('weather.admin.contractTitle')} lead={t('weather.admin.contractLead')} wide>
      <OrgNav orgId={orgId} name={org.data?.name} />
      {sheet.loading && !s && <Spinner />}
      {sheet.error && <LoadError error={sheet.error} retry={sheet.reload} />}
      {s && (
        <>
          <WeatherBadge weather={s.weather} showEvents={false} />
          <h2 class="section-title" id="open-events">
            {t('weather.admin.openEvents')}
          </h2>
          {open.length === 0 ? (
            <EmptyState title={t('weather.admin.noOpen')} />
          ) : (
            <EventList events={open} actions={(e) => <EventActions base={base} event={e} onDone={sheet.reload} />} />
          )}
          {s.services.length > 0 && <Publish base={base} services={s.services} onDone={sheet.reload} />}
          <Services base={base} services={s.services} sheet={sheet} />
          <h2 class="section-title">{t('weather.admin.history')}</h2>
          <ServiceHistory services={s.services} />
          <h3>{t('weather.admin.pastEvents')}</h3>
          {past.length === 0 ? <EmptyState title={t('weather.admin.noPast')} /> : <EventList events={past} headingLevel={4} />}
        </>
      )}
    </PageCard>
  );
}

type ServiceForm = { name: string; descriptionFr: string; descriptionEn: string };
const NO_SERVICE: ServiceForm = { name: '', descriptionFr: '', descriptionEn: '' };

/** The contract's services: a list with "Change" and "Delete", and one form that
 * adds a service or changes the one chosen. */
function Services({ base, services, sheet }: { base: string; services: readonly ServiceView[]; sheet: Loaded<AdminSheet> }) {
  const [editing, setEditing] = useState<ServiceView | null>(null);
  const [deleting, setDeleting] = useState<ServiceView | null>(null);
  const form = useForm<ServiceForm>({
    fields: { name: 'weather.admin.serviceName', descriptionFr: 'weather.admin.descriptionFr', descriptionEn: 'weather.admin.descriptionEn' },
    initial: NO_SERVICE,
    idPrefix: 'service-',
    validate: (v) => (isBlank(v.name) ? { name: 'ui.field.required' } : {}),
    submit: async (v) => {
      const body = { name: v.name.trim(), descriptionFr: v.descriptionFr.trim(), descriptionEn: v.descriptionEn.trim() };
      if (editing) {
        await api.put(`${base}/services/${encodeURIComponent(editing.id)}`, { ...body, version: editing.version });
        toast(t('weather.admin.serviceSaved', { name: body.name }), 'success');
      } else {
        await api.post(`${base}/services`, body);
        toast(t('weather.admin.serviceAdded', { name: body.name }), 'success');
      }
      fill(null);
      sheet.reload();
    },
  });
  const fill = (sv: ServiceView | null) => {
    setEditing(sv);
    form.set('name', sv?.name ?? '');
    form.set('descriptionFr', sv?.descriptionFr ?? '');
    form.set('descriptionEn', sv?.descriptionEn ?? '');
    if (sv) document.getElementById('service-name')?.focus();
  };
  return (
    <>
      <h2 class="section-title">{t('weather.admin.services')}</h2>
      {services.length === 0 ? (
        <EmptyState title={t('weather.admin.noServices')} />
      ) : (
        <ul class="weather-events" id="services">
          {services.map((sv) => (
            <li key={sv.id} class="weather-event-card">
              <h3>
                <StateChip state={sv.state} />
                <span>{sv.name}</span>
              </h3>
              {sv.descriptionFr && <p lang="fr">{sv.descriptionFr}</p>}
              {sv.descriptionEn && <p lang="en">{sv.descriptionEn}</p>}
              <div class="weather-actions">
                <Button variant="secondary" onClick={() => fill(sv)} aria-label={t('weather.admin.edit', { name: sv.name })}>
                  {t('weather.admin.edit', { name: '' }).trim()}
                </Button>
                <Button variant="secondary" onClick={() => setDeleting(sv)} aria-label={t('weather.admin.delete', { name: sv.name })}>
                  {t('weather.admin.deleteConfirm')}
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <h3 id="service-form-title">{editing ? t('weather.admin.editService', { name: editing.name }) : t('weather.admin.newService')}</h3>
      <Form form={form} label={editing ? t('weather.admin.editService', { name: editing.name }) : t('weather.admin.newService')}>
        <TextField {...form.field('name')} maxLength={100} autocomplete="off" />
        <TextArea {...form.field('descriptionFr')} required={false} maxLength={500} rows={2} />
        <TextArea {...form.field('descriptionEn')} required={false} maxLength={500} rows={2} />
        <div class="weather-actions">
          <Button id="service-save" type="submit" busy={form.busy}>
            {editing ? t('weather.admin.saveService') : t('weather.admin.addService')}
          </Button>
          {editing && (
            <Button variant="secondary" onClick={() => fill(null)}>
              {t('weather.admin.cancel')}
            </Button>
          )}
        </div>
      </Form>
      <ConfirmDialog
        open={deleting !== null}
        title={t('weather.admin.deleteTitle', { name: deleting?.name ?? '' })}
        confirmLabel={t('weather.admin.deleteConfirm')}
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          const sv = deleting!;
          await api.delete(`${base}/services/${encodeURIComponent(sv.id)}`);
          toast(t('weather.admin.serviceDeleted', { name: sv.name }), 'success');
          setDeleting(null);
          sheet.reload();
        }}
      >
        <p>{t('weather.admin.deleteBody')}</p>
      </ConfirmDialog>
    </>
  );
}

type EventForm = { serviceId: string; state: string; start: string; end: string; messageFr: string; messageEn: string };
const NO_EVENT: EventForm = { serviceId: '', state: '', start: '', end: '', messageFr: '', messageEn: '' };

/** Publishes an incident, or a maintenance with its planned window. */
function Publish({ base, services, onDone }: { base: string; services: readonly ServiceView[]; onDone: () => void }) {
  const form = useForm<EventForm>({
    fields: {
      serviceId: 'weather.admin.service',
      state: 'weather.admin.eventState',
      start: 'weather.admin.start',
      end: 'weather.admin.end',
      messageFr: 'weather.admin.messageFr',
      messageEn: 'weather.admin.messageEn',
    },
    initial: NO_EVENT,
    idPrefix: 'event-',
    validate: (v) => ({
      ...(v.serviceId === '' && { serviceId: 'ui.field.required' as const }),
      ...(v.state === '' && { state: 'ui.field.required' as const }),
      ...(v.state === 'maintenance' && v.start === '' && { start: 'ui.field.required' as const }),
      ...(v.state === 'maintenance' && v.end === '' && { end: 'ui.field.required' as const }),
      ...(isBlank(v.messageFr) && { messageFr: 'ui.field.required' as const }),
      ...(isBlank(v.messageEn) && { messageEn: 'ui.field.required' as const }),
    }),
    submit: async (v) => {
      const planned = v.state === 'maintenance';
      await api.post(`${base}/events`, {
        serviceId: v.serviceId,
        state: v.state,
        messageFr: v.messageFr.trim(),
        messageEn: v.messageEn.trim(),
        ...(planned && { start: localToISO(v.start), end: localToISO(v.end) }),
      });
      toast(t('weather.admin.published', { name: services.find((s) => s.id === v.serviceId)?.name ?? '' }), 'success');
      for (const k of Object.keys(NO_EVENT) as (keyof EventForm)[]) form.set(k, '');
      onDone();
    },
  });
  const planned = form.values.state === 'maintenance';
  return (
    <>
      <h2 class="section-title">{t('weather.admin.publish')}</h2>
      <Form form={form} label={t('weather.admin.publish')}>
        <Select {...form.field('serviceId')} options={services.map((s) => ({ value: s.id, label: s.name }))} placeholder={t('weather.admin.chooseService')} />
        <Select
          {...form.field('state')}
          options={[...INCIDENT_STATES, 'maintenance' as const].map((s) => ({ value: s, label: t(stateKey(s)) }))}
          placeholder={t('weather.admin.chooseState')}
          hint={form.values.state === 'major_outage' ? t('weather.admin.majorWarning') : undefined}
        />
        {planned && (
          <>
            <TimeField binding={form.field('start')} hint={t('weather.admin.timesHint')} />
            <TimeField binding={form.field('end')} hint={t('weather.admin.timesHint')} />
          </>
        )}
        <TextArea {...form.field('messageFr')} maxLength={2000} hint={t('weather.admin.messageHint')} />
        <TextArea {...form.field('messageEn')} maxLength={2000} hint={t('weather.admin.messageHint')} />
        <Button id="event-publish" type="submit" busy={form.busy}>
          {t('weather.admin.publishButton')}
        </Button>
      </Form>
    </>
  );
}

/** A date and time in the browser's zone. */
function TimeField({ binding: b, hint }: { binding: FieldBinding; hint: string }) {
  return (
    <div class={b.error ? 'field field-invalid' : 'field'}>
      <label for={b.id}>{b.label}</label>
      <p id={`${b.id}-hint`} class="field-hint">
        {hint}
      </p>
      <input
        id={b.id}
        name={b.name}
        type="datetime-local"
        required
        value={b.value}
        onInput={(e) => b.onValue(e.currentTarget.value)}
        aria-invalid={b.error ? 'true' : undefined}
        aria-describedby={b.error ? `${b.id}-hint ${b.id}-error` : `${b.id}-hint`}
      />
      {b.error && (
        <p id={`${b.id}-error`} class="field-error">
          {b.error}
        </p>
      )}
    </div>
  );
}

type UpdateForm = { state: string; messageFr: string; messageEn: string };
type Mode = 'none' | 'update' | 'resolve';

/** The buttons of an open event, each opening its small form: an update (new
 * messages, maybe another state), or the resolution (an optional closing message,
 * confirmed). */
function EventActions({ base, event: e, onDone }: { base: string; event: HealthEvent; onDone: () => void }) {
  const [mode, setMode] = useState<Mode>('none');
  const [confirming, setConfirming] = useState(false);
  const path = `${base}/events/${encodeURIComponent(e.id)}`;
  const prefix = `ev-${e.id}-`;
  const update = useForm<UpdateForm>({
    fields: { state: 'weather.admin.eventState', messageFr: 'weather.admin.messageFr', messageEn: 'weather.admin.messageEn' },
    initial: { state: '', messageFr: '', messageEn: '' },
    idPrefix: prefix + 'update-',
    validate: (v) => ({
      ...(isBlank(v.messageFr) && { messageFr: 'ui.field.required' as const }),
      ...(isBlank(v.messageEn) && { messageEn: 'ui.field.required' as const }),
    }),
    submit: async (v) => {
      await api.post(`${path}/updates`, { ...(v.state && { state: v.state }), messageFr: v.messageFr.trim(), messageEn: v.messageEn.trim() });
      toast(t('weather.admin.updated'), 'success');
      setMode('none');
      onDone();
    },
  });
  const resolve = useForm<UpdateForm>({
    fields: { state: 'weather.admin.eventState', messageFr: 'weather.admin.closingFr', messageEn: 'weather.admin.closingEn' },
    initial: { state: '', messageFr: '', messageEn: '' },
    idPrefix: prefix + 'resolve-',
    validate: (v) => (isBlank(v.messageFr) !== isBlank(v.messageEn) ? { [isBlank(v.messageFr) ? 'messageFr' : 'messageEn']: 'weather.admin.bothOrNone' as const } : {}),
    submit: async () => setConfirming(true),
  });
  const states = e.state === 'maintenance' ? [] : INCIDENT_STATES.filter((s) => s !== e.state);
  return (
    <>
      <div class="weather-actions">
        <Button variant="secondary" aria-expanded={mode === 'update'} onClick={() => setMode(mode === 'update' ? 'none' : 'update')}>
          {t('weather.admin.postUpdate')}
        </Button>
        <Button variant="secondary" aria-expanded={mode === 'resolve'} onClick={() => setMode(mode === 'resolve' ? 'none' : 'resolve')}>
          {t('weather.admin.resolve')}
        </Button>
      </div>
      {mode === 'update' && (
        <Form form={update} label={t('weather.admin.updateOf', { name: e.serviceName })}>
          {states.length > 0 && (
            <Select {...update.field('state')} required={false} options={states.map((s) => ({ value: s, label: t(stateKey(s)) }))} placeholder={t('weather.admin.keepState')} />
          )}
          <TextArea {...update.field('messageFr')} maxLength={2000} />
          <TextArea {...update.field('messageEn')} maxLength={2000} />
          <Button type="submit" busy={update.busy}>
            {t('weather.admin.postUpdate')}
          </Button>
        </Form>
      )}
      {mode === 'resolve' && (
        <Form form={resolve} label={t('weather.admin.resolveOf', { name: e.serviceName })}>
          <p class="field-hint">{t('weather.admin.closingHint')}</p>
          <TextArea {...resolve.field('messageFr')} required={false} maxLength={2000} />
          <TextArea {...resolve.field('messageEn')} required={false} maxLength={2000} />
          <Button type="submit">{t('weather.admin.resolve')}</Button>
        </Form>
      )}
      <ConfirmDialog
        open={confirming}
        title={t('weather.admin.resolveTitle', { name: e.serviceName })}
        confirmLabel={t('weather.admin.resolve')}
        danger={false}
        onClose={() => setConfirming(false)}
        onConfirm={async () => {
          await api.post(`${path}/resolve`, { messageFr: resolve.values.messageFr.trim(), messageEn: resolve.values.messageEn.trim() });
          toast(t('weather.admin.resolved'), 'success');
          setConfirming(false);
          setMode('none');
          onDone();
        }}
      >
        <p>{t('weather.admin.resolveBody')}</p>
      </ConfirmDialog>
    </>
  );
}
