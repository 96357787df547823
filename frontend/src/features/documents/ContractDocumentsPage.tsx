import { useState } from 'preact/hooks';
import { api, ApiError, type ListPage } from '../../api';
import { t } from '../../i18n';
import type { PageProps } from '../../page';
import { href } from '../../router';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Select, TextArea, TextField } from '../../ui/fields';
import { Form } from '../../ui/Form';
import { EmptyState, PageCard, Spinner } from '../../ui/status';
import { toast } from '../../ui/toast';
import { useForm, type FieldBinding } from '../../ui/useForm';
import { isBlank } from '../../validation';
import { allPages, type Contract } from '../admin/model';
import { OrgNav, useOrganisation } from '../backoffice/OrgNav';
import { useLoaded } from '../register/load';
import { DocumentList } from './DocumentList';
import './documents.css';
import { CATEGORIES, CATEGORY_KEY, declaredType, MAX_BYTES, type Console, type ContractDocument, type Presigned } from './model';

/** A customer contract's documents and console links, for operators: the list
 * with its deletions, the upload of a new document (with its progress), and the
 * links to the contract's consoles. */
export default function ContractDocumentsPage({ params }: PageProps) {
  const { orgId, id } = params;
  const orgBase = `/backoffice/organisations/${encodeURIComponent(orgId)}`;
  const base = `${orgBase}/contracts/${encodeURIComponent(id)}`;
  const org = useOrganisation(orgId);
  const contract = useLoaded(
    async (signal) => (await allPages((cursor) => api.get<ListPage<Contract>>(`${orgBase}/contracts`, { query: { limit: 200, cursor }, signal }))).find((c) => c.id === id) ?? null,
    [orgBase, id],
  );
  const [reloadKey, setReloadKey] = useState(0);
  const [deleting, setDeleting] = useState<ContractDocument | null>(null);
  const name = contract.data?.name ?? '';
  return (
    <PageCard title={name ? t('documents.bo.titleOf', { name }) : t('documents.bo.title')} lead={t('documents.bo.lead')} wide>
      <OrgNav orgId={orgId} name={org.data?.name} />
      <p>
        <a href={href('/backoffice/organisations/:orgId/contracts', { orgId })}>{t('documents.bo.back')}</a>
      </p>
      {contract.error && <p role="alert">{contract.error.message}</p>}
      <h2 class="section-title">{t('documents.title')}</h2>
      <DocumentList
        contractId={id}
        base={base}
        reloadKey={reloadKey}
        actions={{
          key: 'actions',
          header: t('documents.bo.actions'),
          cell: (d) => (
            <Button variant="danger" aria-label={t('documents.bo.deleteOf', { title: d.title })} onClick={() => setDeleting(d)}>
              {t('documents.bo.delete')}
            </Button>
          ),
        }}
      />
      <UploadForm base={base} onAdded={() => setReloadKey((k) => k + 1)} />
      <Consoles base={base} />
      <ConfirmDialog
        open={deleting !== null}
        title={t('documents.bo.deleteTitle')}
        confirmLabel={t('documents.bo.delete')}
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return;
          await api.delete(`${base}/documents/${encodeURIComponent(deleting.id)}`);
          toast(t('documents.bo.deleted', { title: deleting.title }), 'success');
          setReloadKey((k) => k + 1);
        }}
      >
        <p>{deleting && t('documents.bo.deleteBody', { title: deleting.title })}</p>
      </ConfirmDialog>
    </PageCard>
  );
}

type UploadValues = { title: string; category: string; date: string };

/** Sends a file through the presigned request, reporting its progress; resolves
 * with the answer's status (0 when the request could not be made). */
function send(link: Presigned, file: File, onProgress: (percent: number) => void): Promise<number> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open(link.method, link.url);
    for (const [k, v] of Object.entries(link.headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => resolve(xhr.status);
    xhr.onerror = () => resolve(0);
    xhr.send(file);
  });
}

/** A new document: its title, category and date, and its file, which goes
 * straight to the file store; the server then checks what the file really is. */
function UploadForm({ base, onAdded }: { base: string; onAdded: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const [refusal, setRefusal] = useState('');
  const checkFile = (f: File | null): string => {
    if (!f) return t('documents.bo.fileRequired');
    if (f.size > MAX_BYTES) return t('documents.bo.fileTooLarge');
    if (!declaredType(f.name, f.type)) return t('documents.bo.fileType');
    return '';
  };
  const form = useForm<UploadValues>({
    fields: { title: 'documents.docTitle', category: 'documents.category', date: 'documents.date' },
    initial: { title: '', category: 'contract', date: new Date().toISOString().slice(0, 10) },
    idPrefix: 'doc-',
    validate: (v) => ({
      ...(isBlank(v.title) && { title: 'ui.field.required' as const }),
      ...(v.date === '' && { date: 'ui.field.required' as const }),
    }),
    submit: async (v) => {
      setRefusal('');
      const problem = checkFile(file);
      setFileError(problem);
      if (problem || !file) return;
      const started = await api.post<{ document: ContractDocument; upload: Presigned }>(`${base}/documents`, {
        title: v.title.trim(),
        category: v.category,
        date: v.date,
        filename: file.name,
        size: file.size,
        contentType: declaredType(file.name, file.type),
      });
      const docPath = `${base}/documents/${encodeURIComponent(started.document.id)}`;
      setProgress(0);
      try {
        const status = await send(started.upload, file, setProgress);
        if (status < 200 || status > 299) {
          await api.delete(docPath).catch(() => undefined);
          setRefusal(t('documents.bo.uploadFailed'));
          return;
        }
        setProgress(100);
        try {
          await api.post<ContractDocument>(`${docPath}/confirm`);
        } catch (err) {
          if (err instanceof ApiError && err.code === 'document_content_mismatch') {
            setRefusal(err.message);
            return;
          }
          throw err;
        }
      } finally {
        setProgress(null);
      }
      toast(t('documents.bo.added', { title: started.document.title }), 'success');
      form.set('title', '');
      setFile(null);
      onAdded();
    },
  });
  return (
    <section aria-labelledby="doc-upload-title">
      <h2 id="doc-upload-title" class="section-title">
        {t('documents.bo.upload')}
      </h2>
      <p class="field-hint">{t('documents.bo.uploadLead')}</p>
      <Form form={form} label={t('documents.bo.upload')}>
        <TextField {...form.field('title')} maxLength={200} autocomplete="off" />
        <Select {...form.field('category')} options={CATEGORIES.map((c) => ({ value: c, label: t(CATEGORY_KEY[c]) }))} />
        <DateInput binding={form.field('date')} />
        <div class={fileError ? 'field field-invalid' : 'field'}>
          <label for="doc-file">{t('documents.bo.chooseFile')}</label>
          <p id="doc-file-hint" class="field-hint">
            {t('documents.bo.fileHint')}
          </p>
          <input
            id="doc-file"
            type="file"
            accept={['.pdf', '.docx', '.xlsx', '.pptx', '.odt', '.ods', '.odp'].join(',')}
            aria-describedby={fileError ? 'doc-file-hint doc-file-error' : 'doc-file-hint'}
            aria-invalid={fileError ? 'true' : undefined}
            onChange={(e) => {
              const f = e.currentTarget.files?.[0] ?? null;
              setFile(f);
              setFileError(f ? checkFile(f) : '');
              setRefusal('');
            }}
          />
          {fileError && (
            <p id="doc-file-error" class="field-error">
              {fileError}
            </p>
          )}
        </div>
        {progress !== null && (
          <div class="upload-progress">
            <label for="doc-progress">{progress < 100 ? t('documents.bo.progress', { percent: progress }) : t('documents.bo.checking')}</label>
            <progress id="doc-progress" max={100} value={progress} />
          </div>
        )}
        {refusal && (
          <p id="doc-refusal" class="upload-refusal" role="alert">
            {refusal}
          </p>
        )}
        <div class="actions">
          <Button id="doc-send" type="submit" busy={form.busy}>
            {t('documents.bo.send')}
          </Button>
        </div>
      </Form>
    </section>
  );
}

/** A calendar date (the browser's date picker, "YYYY-MM-DD"). */
function DateInput({ binding: b }: { binding: FieldBinding }) {
  return (
    <div class={b.error ? 'field field-invalid' : 'field'}>
      <label for={b.id}>{b.label}</label>
      <input
        id={b.id}
        name={b.name}
        type="date"
        required
        value={b.value}
        onInput={(e) => b.onValue(e.currentTarget.value)}
        aria-invalid={b.error ? 'true' : undefined}
        aria-describedby={b.error ? `${b.id}-error` : undefined}
      />
      {b.error && (
        <p id={`${b.id}-error`} class="field-error">
          {b.error}
        </p>
      )}
    </div>
  );
}

type ConsoleValues = { name: string; url: string; fr: string; en: string };

const EMPTY_CONSOLE: ConsoleValues = { name: '', url: '', fr: '', en: '' };

/** The contract's console links: the list, each edited in place or removed (with a
 * confirmation), and a new one. */
function Consoles({ base }: { base: string }) {
  const consoles = useLoaded((signal) => api.get<ListPage<Console>>(`${base}/consoles`, { signal }), [base]);
  const [editing, setEditing] = useState<Console | null>(null);
  const [removing, setRemoving] = useState<Console | null>(null);
  return (
    <section aria-labelledby="consoles-title">
      <h2 id="consoles-title" class="section-title">
        {t('documents.bo.consoles')}
      </h2>
      {consoles.error && <p role="alert">{consoles.error.message}</p>}
      {!consoles.data && !consoles.error && <Spinner />}
      {consoles.data && consoles.data.items.length === 0 && <EmptyState title={t('documents.bo.noConsoles')} />}
      {consoles.data && consoles.data.items.length > 0 && (
        <ul class="console-admin">
          {consoles.data.items.map((c) =>
            editing?.id === c.id ? (
              <li key={c.id}>
                <ConsoleForm
                  base={base}
                  console={c}
                  onDone={() => {
                    setEditing(null);
                    consoles.reload();
                  }}
                />
              </li>
            ) : (
              <li key={c.id}>
                <div>
                  <a href={c.url} target="_blank" rel="noopener noreferrer">
                    {c.name}
                  </a>
                  <p class="console-url">{c.url}</p>
                </div>
                <div class="actions">
                  <Button variant="secondary" aria-label={t('documents.bo.consoleEditOf', { name: c.name })} onClick={() => setEditing(c)}>
                    {t('documents.bo.consoleEdit')}
                  </Button>
                  <Button variant="danger" aria-label={t('documents.bo.consoleDeleteOf', { name: c.name })} onClick={() => setRemoving(c)}>
                    {t('documents.bo.consoleDelete')}
                  </Button>
                </div>
              </li>
            ),
          )}
        </ul>
      )}
      <h3 class="section-title">{t('documents.bo.consoleNew')}</h3>
      <ConsoleForm base={base} onDone={consoles.reload} />
      <ConfirmDialog
        open={removing !== null}
        title={t('documents.bo.consoleDeleteTitle')}
        confirmLabel={t('documents.bo.consoleDelete')}
        onClose={() => setRemoving(null)}
        onConfirm={async () => {
          if (!removing) return;
          await api.delete(`${base}/consoles/${encodeURIComponent(removing.id)}`);
          toast(t('documents.bo.consoleDeleted', { name: removing.name }), 'success');
          consoles.reload();
        }}
      >
        <p>{removing && t('documents.bo.consoleDeleteBody', { name: removing.name })}</p>
      </ConfirmDialog>
    </section>
  );
}

/** A console link's form: a new one, or console's changes (with its version). */
function ConsoleForm({ base, console: c, onDone }: { base: string; console?: Console; onDone: () => void }) {
  const form = useForm<ConsoleValues>({
    fields: { name: 'documents.bo.consoleName', url: 'documents.bo.consoleUrl', fr: 'documents.bo.consoleFr', en: 'documents.bo.consoleEn' },
    initial: c ? { name: c.name, url: c.url, fr: c.description.fr, en: c.description.en } : EMPTY_CONSOLE,
    idPrefix: c ? `console-${c.id}-` : 'console-',
    validate: (v) => ({
      ...(isBlank(v.name) && { name: 'ui.field.required' as const }),
      ...(isBlank(v.url) ? { url: 'ui.field.required' as const } : !/^https:\/\//i.test(v.url.trim()) && { url: 'documents.bo.httpsOnly' as const }),
    }),
    submit: async (v) => {
      const body = { name: v.name.trim(), url: v.url.trim(), description: { fr: v.fr.trim(), en: v.en.trim() } };
      try {
        if (c) {
          await api.put<Console>(`${base}/consoles/${encodeURIComponent(c.id)}`, { ...body, version: c.version });
          toast(t('documents.bo.consoleSaved', { name: body.name }), 'success');
        } else {
          await api.post<Console>(`${base}/consoles`, body);
          toast(t('documents.bo.consoleAdded', { name: body.name }), 'success');
          for (const k of Object.keys(EMPTY_CONSOLE) as (keyof ConsoleValues)[]) form.set(k, EMPTY_CONSOLE[k]);
        }
      } catch (err) {
        // The server names the description's fields by language.
        if (err instanceof ApiError) {
          throw new ApiError(err.status, err.code, err.message, err.fields.map((f) => ({ ...f, field: f.field.replace('description.', '') })), err.requestId);
        }
        throw err;
      }
      onDone();
    },
  });
  return (
    <Form form={form} label={c ? t('documents.bo.consoleEditTitle', { name: c.name }) : t('documents.bo.consoleNew')}>
      <TextField {...form.field('name')} maxLength={200} autocomplete="off" />
      <TextField {...form.field('url')} type="url" maxLength={2000} autocomplete="off" spellcheck={false} hint={t('documents.bo.consoleUrlHint')} />
      <TextArea {...form.field('fr')} required={false} maxLength={500} rows={2} />
      <TextArea {...form.field('en')} required={false} maxLength={500} rows={2} />
      <div class="actions">
        <Button id={c ? `console-save-${c.id}` : 'console-add'} type="submit" busy={form.busy}>
          {c ? t('documents.bo.consoleSave') : t('documents.bo.consoleAdd')}
        </Button>
        {c && (
          <Button variant="secondary" onClick={onDone}>
            {t('documents.bo.consoleCancel')}
          </Button>
        )}
      </div>
    </Form>
  );
}
