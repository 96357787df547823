import { t, type Key } from '../i18n';

/** One part of an area: where it is and what it is for. */
export type HubArea = { path: string; title: Key; body: Key };

/** The landing list of an area (administration, back office): one card per part. */
export function Hub({ areas }: { areas: readonly HubArea[] }) {
  return (
    <ul class="hub-areas">
      {areas.map((a) => (
        <li key={a.path}>
          <a href={a.path}>{t(a.title)}</a>
          <p>{t(a.body)}</p>
        </li>
      ))}
    </ul>
  );
}
