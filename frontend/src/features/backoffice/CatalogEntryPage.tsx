// Creates or edits a catalog entry (/backoffice/applications/new, …/:id). An edit
// sends the version it read: when someone saved in between, the server answers
// version_conflict and the page offers to reload.
import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { t } from '../../i18n';
import type { PageProps } from '../../page';
import { href, navigate } from '../../router';
import { Button } from '../../ui/Button';
import { Checkbox, Select, TextArea, TextField } from '../../ui/fields';
import { Form } from '../../ui/Form';
import { PageCard, Spinner } from '../../ui/status';
import { toast } from '../../ui/toast';
import { useForm } from '../../ui/useForm';
import { launchHref, local, OPERATOR_APPROVER_KEY, type CatalogEntry } from '../applications/model';
import { useLoad } from '../applications/useCatalog';
import '../applications/applications.css';

type Values = {
  'name.fr': string;
  'name.en': string;
  'description.fr': string;
  'description.en': string;
  approvalNeeded: boolean;
  approver: string;
  durationDays: string;
  'instructions.fr': string;
  'instructions.en': string;
  url: string;
  archived: boolean;
};

const empty: Values = {
  'name.fr': '',
  'name.en': '',
  'description.fr': '',
  'description.en': '',
  approvalNeeded: true,
  approver: 'operators',
  durationDays: '',
  'instructions.fr': '',
  'instructions.en': '',
  url: '',
  archived: false,
};

function valuesOf(a: CatalogEntry): Values {
  return {
    'name.fr': a.name.fr,
    'name.en': a.name.en,
    'description.fr': a.description.fr,
    'description.en': a.description.en,
    approvalNeeded: a.approvalNeeded,
    approver: a.approver,
    durationDays: a.durationDays ? String(a.durationDays) : '',
    'instructions.fr': a.instructions.fr,
    'instructions.en': a.instructions.en,
    url: a.url ?? '',
    archived: a.archived ?? false,
  };
}

export default function CatalogEntryPage({ params }: PageProps) {
  const id = params.id;
  const [entry, reload] = useLoad(
    (signal) => (id ? api.get<CatalogEntry>(`/backoffice/applications/${encodeURIComponent(id)}`, { signal }) : Promise.resolve(null)),
    [id],
  );
  const title = id ? t('applications.catalog.editTitle') : t('applications.catalog.newTitle');
  return (
    <PageCard title={title} lead={entry.state === 'ready' && entry.value ? local(entry.value.name) : undefined}>
      {entry.state === 'loading' && <Spinner />}
      {entry.state === 'failed' && (
        <p class="list-error" role="alert">
          {entry.error}
        </p>
      )}
      {/* The form takes its initial values once: a reload mounts a new one. */}
      {entry.state === 'ready' && <EntryForm key={entry.value?.version ?? 0} entry={entry.value} onConflict={reload} />}
      <p class="card-footer">
        <a href={href('/backoffice/applications')}>{t('applications.catalog.back')}</a>
      </p>
    </PageCard>
  );
}

function EntryForm({ entry, onConflict }: { entry: CatalogEntry | null; onConflict: () => void }) {
  const [conflict, setConflict] = useState(false);
  const form = useForm<Values>({
    fields: {
      'name.fr': 'applications.catalog.nameFr',
      'name.en': 'applications.catalog.nameEn',
      'description.fr': 'applications.catalog.descriptionFr',
      'description.en': 'applications.catalog.descriptionEn',
      approvalNeeded: 'applications.catalog.approvalNeeded',
      approver: 'applications.catalog.approverCol',
      durationDays: 'applications.catalog.duration',
      'instructions.fr': 'applications.catalog.instructionsFr',
      'instructions.en': 'applications.catalog.instructionsEn',
      url: 'applications.catalog.url',
      archived: 'applications.catalog.archive',
    },
    initial: entry ? valuesOf(entry) : empty,
    idPrefix: 'app-',
    validate: (v) => ({
      ...(v['name.fr'].trim() === '' ? { 'name.fr': 'ui.field.required' as const } : {}),
      ...(v['name.en'].trim() === '' ? { 'name.en': 'ui.field.required' as const } : {}),
      ...(v.url.trim() !== '' && !launchHref(v.url.trim()) ? { url: 'applications.catalog.urlFormat' as const } : {}),
      ...(!/^\d{0,4}$/.test(v.durationDays.trim()) || Number(v.durationDays) > 3650 ? { durationDays: 'applications.catalog.durationFormat' as const } : {}),
    }),
    submit: async (v) => {
      const body = {
        name: { fr: v['name.fr'], en: v['name.en'] },
        description: { fr: v['description.fr'], en: v['description.en'] },
        approvalNeeded: v.approvalNeeded,
        approver: v.approver,
        durationDays: Number(v.durationDays.trim() || '0'),
        instructions: { fr: v['instructions.fr'], en: v['instructions.en'] },
        url: v.url.trim(),
        archived: v.archived,
      };
      let saved: CatalogEntry;
      try {
        saved = entry
          ? await api.put<CatalogEntry>(`/backoffice/applications/${encodeURIComponent(entry.id)}`, { ...body, version: entry.version })
          : await api.post<CatalogEntry>('/backoffice/applications', body);
      } catch (err) {
        setConflict(err instanceof ApiError && err.code === 'version_conflict');
        throw err;
      }
      toast(t('applications.catalog.saved', { name: local(saved.name) }), 'success');
      navigate(href('/backoffice/applications'));
    },
  });
  return (
    <Form form={form}>
      <TextField {...form.field('name.fr')} maxLength={100} />
      <TextField {...form.field('name.en')} maxLength={100} />
      <TextArea {...form.field('description.fr')} required={false} maxLength={2000} />
      <TextArea {...form.field('description.en')} required={false} maxLength={2000} />
      <Checkbox {...form.check('approvalNeeded')} hint={t('applications.catalog.approvalHint')} />
      <Select
        {...form.field('approver')}
        hint={t('applications.catalog.approverHint')}
        options={[
          { value: 'operators', label: t(OPERATOR_APPROVER_KEY.operators) },
          { value: 'customer_admins', label: t(OPERATOR_APPROVER_KEY.customer_admins) },
        ]}
      />
      <TextField {...form.field('durationDays')} required={false} inputMode="numeric" maxLength={4} hint={t('applications.catalog.durationHint')} />
      <TextArea {...form.field('instructions.fr')} required={false} rows={5} maxLength={4000} hint={t('applications.catalog.instructionsHint')} />
      <TextArea {...form.field('instructions.en')} required={false} rows={5} maxLength={4000} />
      <TextField {...form.field('url')} type="url" required={false} maxLength={500} hint={t('applications.catalog.urlHint')} />
      <Checkbox {...form.check('archived')} hint={t('applications.catalog.archiveHint')} />
      {conflict && (
        <p>
          <Button variant="secondary" onClick={onConflict}>
            {t('applications.catalog.reload')}
          </Button>
        </p>
      )}
      <Button type="submit" busy={form.busy}>
        {t('applications.catalog.save')}
      </Button>
    </Form>
  );
}
