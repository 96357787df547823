import { useState } from 'preact/hooks';
import { api, ApiError, type ListPage } from '../../api';
import { getLanguage, t } from '../../i18n';
import { Button } from '../../ui/Button';
import { DataTable, FilterSelect, usePagedList, type Column } from '../../ui/list';
import { EmptyState } from '../../ui/status';
import { toast } from '../../ui/toast';
import { formatDay } from '../admin/model';
import './documents.css';
import { CATEGORIES, CATEGORY_KEY, formatSize, type ContractDocument, type DownloadLink } from './model';

/** Asks for a document's 5-minute link and follows it: the answer is an attachment
 * under the document's file name, so the page stays where it is. */
export async function download(path: string): Promise<void> {
  const link = await api.get<DownloadLink>(path);
  window.location.assign(link.url);
}

/**
 * One contract's documents for the people who hold Visitor on its Documents
 * section: newest first, filtered by category, paged, each downloaded through a
 * short-lived link. The back office gives its own base (the API path of the
 * contract), a reloadKey to bump after a change, and a column of actions.
 */
export function DocumentList({
  contractId,
  base = `/contracts/${encodeURIComponent(contractId)}`,
  reloadKey = 0,
  actions,
}: {
  contractId: string;
  base?: string;
  reloadKey?: number;
  actions?: Column<ContractDocument>;
}) {
  const [category, setCategory] = useState('');
  const [busy, setBusy] = useState('');
  const list = usePagedList<ContractDocument>(
    (cursor, signal) => api.get<ListPage<ContractDocument>>(`${base}/documents`, { query: { category, cursor }, signal }),
    [base, category, reloadKey],
  );
  const lang = getLanguage();
  const get = async (d: ContractDocument) => {
    setBusy(d.id);
    try {
      await download(`${base}/documents/${encodeURIComponent(d.id)}/download`);
    } catch (err) {
      toast(err instanceof ApiError ? err.message : t('app.api.unexpected'), 'error');
    } finally {
      setBusy('');
    }
  };
  const columns: Column<ContractDocument>[] = [
    { key: 'title', header: t('documents.docTitle'), cell: (d) => <span class="doc-title">{d.title}</span> },
    { key: 'category', header: t('documents.category'), cell: (d) => t(CATEGORY_KEY[d.category]) },
    { key: 'date', header: t('documents.date'), cell: (d) => formatDay(d.date, lang) },
    {
      key: 'file',
      header: t('documents.file'),
      cell: (d) => (
        <span class="doc-file">
          {d.filename} <span class="doc-size">({formatSize(d.size, lang)})</span>
        </span>
      ),
    },
    {
      key: 'download',
      header: t('documents.download'),
      cell: (d) => (
        <Button variant="secondary" class="doc-download" busy={busy === d.id} aria-label={t('documents.downloadOf', { title: d.title })} onClick={() => void get(d)}>
          {t('documents.download')}
        </Button>
      ),
    },
    ...(actions ? [actions] : []),
  ];
  return (
    <div class="documents">
      <div class="toolbar">
        <FilterSelect
          id={`documents-category-${contractId}`}
          label={t('documents.category')}
          value={category}
          options={CATEGORIES.map((c) => ({ value: c, label: t(CATEGORY_KEY[c]) }))}
          onChange={setCategory}
        />
      </div>
      <DataTable
        caption={t('documents.caption')}
        columns={columns}
        rowKey={(d) => d.id}
        list={list}
        empty={<EmptyState title={category ? t('documents.emptyCategory') : t('documents.empty')} />}
      />
    </div>
  );
}
