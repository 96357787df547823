// Tabs (WAI-ARIA tabs with automatic activation): one tab in the Tab order (the
// selected one), arrows and Home/End move between tabs and select them, the panel
// follows the tab and is reachable with Tab.
import type { ComponentChildren } from 'preact';
import { tabKeyTarget } from './tabKeys';

export interface TabItem<K extends string> {
  key: K;
  label: string;
  /** A number shown beside the label (items in the tab). */
  count?: number;
}

export function Tabs<K extends string>({
  id,
  label,
  tabs,
  selected,
  onSelect,
  children,
}: {
  /** Prefix of the tabs' and panel's ids. */
  id: string;
  /** The tab list's accessible name. */
  label: string;
  tabs: readonly TabItem<K>[];
  selected: K;
  onSelect: (key: K) => void;
  /** The selected tab's panel. */
  children: ComponentChildren;
}) {
  const tabId = (k: K) => `${id}-tab-${k}`;
  const current = Math.max(
    0,
    tabs.findIndex((tab) => tab.key === selected),
  );
  const onKeyDown = (e: KeyboardEvent) => {
    const next = tabKeyTarget(e.key, current, tabs.length);
    if (next === null) return;
    e.preventDefault();
    onSelect(tabs[next].key);
    document.getElementById(tabId(tabs[next].key))?.focus();
  };
  return (
    <div class="tabs">
      <div class="tab-list" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
        {tabs.map((tab) => {
          const on = tab.key === selected;
          return (
            <button
              key={tab.key}
              id={tabId(tab.key)}
              type="button"
              role="tab"
              class="tab"
              aria-selected={on ? 'true' : 'false'}
              aria-controls={`${id}-panel`}
              tabIndex={on ? 0 : -1}
              onClick={() => onSelect(tab.key)}
            >
              {tab.label}
              {tab.count !== undefined && <span class="tab-count">{tab.count}</span>}
            </button>
          );
        })}
      </div>
      <div id={`${id}-panel`} class="tab-panel" role="tabpanel" aria-labelledby={tabId(tabs[current].key)} tabIndex={0}>
        {children}
      </div>
    </div>
  );
}
