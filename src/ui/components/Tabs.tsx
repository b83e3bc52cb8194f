/**
 * Accessible tabs (WAI-ARIA tabs pattern: arrow keys move between tabs). Controlled: the
 * active tab lives in the caller's state (the view store), so actions elsewhere can switch it.
 */
import { type ReactNode, useId } from 'react';

export interface TabDef<T extends string> {
  id: T;
  label: string;
  render: () => ReactNode;
}

export function Tabs<T extends string>(props: { tabs: TabDef<T>[]; active: T; onSelect(id: T): void }) {
  const { tabs, active, onSelect } = props;
  const base = useId();
  const move = (d: number) => {
    const i = tabs.findIndex((t) => t.id === active);
    const next = tabs[(i + d + tabs.length) % tabs.length];
    onSelect(next.id);
    document.getElementById(`${base}-tab-${next.id}`)?.focus();
  };
  return (
    <>
      <div role="tablist" className="tabs" aria-label="Views">
        {tabs.map((t) => (
          <button
            key={t.id}
            id={`${base}-tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={t.id === active}
            aria-controls={`${base}-panel-${t.id}`}
            tabIndex={t.id === active ? 0 : -1}
            onClick={() => onSelect(t.id)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight') move(1);
              if (e.key === 'ArrowLeft') move(-1);
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tabs.map((t) =>
        t.id === active ? (
          <div
            key={t.id}
            role="tabpanel"
            id={`${base}-panel-${t.id}`}
            aria-labelledby={`${base}-tab-${t.id}`}
          >
            {t.render()}
          </div>
        ) : null,
      )}
    </>
  );
}
