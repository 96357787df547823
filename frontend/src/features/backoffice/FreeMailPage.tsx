import { useState } from 'preact/hooks';
import { api, ApiError, type ListPage } from '../../api';
import { getLanguage, t } from '../../i18n';
import { Button } from '../../ui/Button';
import { TextField } from '../../ui/fields';
import { Form } from '../../ui/Form';
import { DataTable, usePagedList, type Column } from '../../ui/list';
import { EmptyState, PageCard } from '../../ui/status';
import { toast } from '../../ui/toast';
import { useForm } from '../../ui/useForm';
import { isBlank } from '../../validation';
import { onField } from '../register/fieldError';
import { formatDate } from '../register/registration';
import { useConfirm } from '../register/useConfirm';
import { RegistrationNav } from './RegistrationNav';

/** A domain operators added to the built-in free-mail list. */
interface FreeMailDomain {
  domain: string;
  added: string;
  addedBy: string;
}

type FreeMailPage = ListPage<FreeMailDomain> & { builtIn: number };

/** The free-mail domains operators added, which cannot sign up: add, remove. */
export default function FreeMailPage() {
  const [builtIn, setBuiltIn] = useState<number | null>(null);
  const list = usePagedList<FreeMailDomain>(async (cursor, signal) => {
    const page = await api.get<FreeMailPage>('/backoffice/freemail', { query: { cursor }, signal });
    setBuiltIn(page.builtIn);
    return page;
  }, []);
  const { dialog, ask } = useConfirm();
  const form = useForm<{ domain: string }>({
    fields: { domain: 'backoffice.freemail.domain' },
    initial: { domain: '' },
    validate: (v) => (isBlank(v.domain) ? { domain: 'ui.field.required' } : {}),
    submit: async (v) => {
      let added: FreeMailDomain;
      try {
        added = await api.post<FreeMailDomain>('/backoffice/freemail', { domain: v.domain.trim() });
      } catch (err) {
        // Listed already, or verified by an organisation: about the domain typed.
        throw err instanceof ApiError && err.status === 409 ? onField(err, 'domain') : err;
      }
      form.set('domain', '');
      toast(t('backoffice.freemail.added', { domain: added.domain }), 'success');
      list.reload();
    },
  });

  const remove = (domain: string) =>
    ask({
      title: t('backoffice.freemail.removeTitle', { domain }),
      body: <p>{t('backoffice.freemail.removeBody')}</p>,
      confirmLabel: t('backoffice.freemail.remove'),
      run: async () => {
        await api.delete(`/backoffice/freemail/${encodeURIComponent(domain)}`);
        toast(t('backoffice.freemail.removed', { domain }), 'success');
        list.reload();
      },
    });

  const lang = getLanguage();
  const columns: Column<FreeMailDomain>[] = [
    { key: 'domain', header: t('backoffice.freemail.column'), cell: (d) => d.domain },
    { key: 'added', header: t('backoffice.freemail.date'), cell: (d) => formatDate(d.added, lang) },
    {
      key: 'remove',
      header: t('backoffice.freemail.remove'),
      cell: (d) => (
        <Button variant="secondary" aria-label={t('backoffice.freemail.removeLabel', { domain: d.domain })} onClick={() => remove(d.domain)}>
          {t('backoffice.freemail.remove')}
        </Button>
      ),
    },
  ];
  return (
    <PageCard title={t('backoffice.freemail.title')} lead={builtIn === null ? undefined : t('backoffice.freemail.lead', { count: builtIn })} wide>
      <RegistrationNav />
      <Form form={form} class="inline-form">
        <TextField {...form.field('domain')} spellcheck={false} maxLength={253} />
        <Button type="submit" id="freemail-add" busy={form.busy}>
          {t('backoffice.freemail.add')}
        </Button>
      </Form>
      <DataTable
        caption={t('backoffice.freemail.caption')}
        columns={columns}
        rowKey={(d) => d.domain}
        list={list}
        empty={<EmptyState title={t('backoffice.freemail.empty')} />}
      />
      {dialog}
    </PageCard>
  );
}
