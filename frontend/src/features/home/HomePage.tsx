import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, type ListPage } from '../../api';
import { t, tn } from '../../i18n';
import type { PageProps } from '../../page';
import { navigate } from '../../router';
import { useSession } from '../../session';
import { ListError, Pager, SearchBox, usePagedList, type PagedList } from '../../ui/list';
import { EmptyState, PageCard, Spinner } from '../../ui/status';
import { toast } from '../../ui/toast';
import { BudgetDialog } from './BudgetDialog';
import { ContractCard } from './ContractCard';
import type { Budget, Card } from './model';
import './home.css';

/** The signed-in person's home: a card per contract they may see on its
 * Dashboard, searched by name, reference or offer, page by page. */
export default function HomePage({ query }: PageProps) {
  const session = useSession();
  const user = session.status === 'signed-in' ? session.user : null;
  const q = query.get('q') ?? '';
  const operator = user?.role === 'operator';
  const list = usePagedList<Card>(
    (cursor, signal) => (operator ? Promise.resolve({ items: [] }) : api.get<ListPage<Card>>('/dashboard', { query: { q, cursor }, signal })),
    [q, operator],
  );
  const [editing, setEditing] = useState<Card | null>(null);
  const [budgets, setBudgets] = useState<Record<string, Budget>>({});
  const withBudget = (c: Card): Card => (budgets[c.id] ? { ...c, budget: budgets[c.id] } : c);

  return (
    <PageCard title={t('home.greeting', { firstName: user?.firstName ?? '' })} lead={operator ? t('home.operatorIntro') : t('home.intro')} wide>
      {operator ? (
        <p>
          <a href="#/backoffice">{t('home.toBackOffice')}</a>
        </p>
      ) : (
        <>
          <SearchBox id="contracts-search" label={t('home.search')} value={q} onSearch={(v) => navigate(v ? `/?q=${encodeURIComponent(v)}` : '/')} />
          <Cards list={list} q={q} render={(c) => <ContractCard key={c.id} card={withBudget(c)} onEditBudget={setEditing} />} />
        </>
      )}
      <BudgetDialog
        contract={editing}
        budget={editing ? withBudget(editing).budget : null}
        onClose={() => setEditing(null)}
        onSaved={(b) => {
          if (!editing) return;
          setBudgets({ ...budgets, [editing.id]: b });
          toast(t('home.budget.saved', { name: editing.name }), 'success');
        }}
      />
    </PageCard>
  );
}

/** The page of cards, or what stands for it: loading, a failure, no contract, no
 * match. */
function Cards({ list, q, render }: { list: PagedList<Card>; q: string; render: (c: Card) => JSX.Element }) {
  if (list.error) return <ListError list={list} />;
  if (list.loading && list.items.length === 0) return <Spinner />;
  // A searched page reads 200 contracts at a time: it can come back empty while more
  // remain to be searched.
  if (list.items.length === 0 && list.hasNext) {
    return (
      <>
        <p class="contracts-count">{t('home.searchOn')}</p>
        <Pager list={list} />
      </>
    );
  }
  if (list.items.length === 0 && !list.hasPrevious) {
    return q ? (
      <EmptyState title={t('home.noMatch', { q })}>{t('home.noMatchHint')}</EmptyState>
    ) : (
      <EmptyState title={t('home.noContract')}>{t('home.noContractHint')}</EmptyState>
    );
  }
  return (
    <>
      <p class="contracts-count" aria-live="polite">
        {list.hasNext || list.hasPrevious ? t('home.pageOf', { page: list.page }) : tn('home.count', list.items.length)}
      </p>
      <ul class="contract-cards" aria-busy={list.loading ? 'true' : undefined}>
        {list.items.map(render)}
      </ul>
      <Pager list={list} />
    </>
  );
}
