/** Accessible tabs (WAI-ARIA tabs pattern: arrow keys move between tabs). */
import { type ReactNode, useId, useState } from 'react';

export function Tabs(props: { tabs: { id: string; label: string; render: () => ReactNode }[] }) {
  const [active, setActive] = useState(props.tabs[0].id);
  const base = useId();
  const move = (d: number) => {
    const i = props.tabs.findIndex((t) => t.id === active);
    const next = props.tabs[(i + d + props.tabs.length) % props.tabs.length];
    setActive(next.id);
    document.getElementById(`${base}-tab-${next.id}`)?.focus();
  };
  return (
    <>
      <div role="tablist" className="tabs" aria-label="Views">
        {props.tabs.map((t) => (
          <button
            key={t.id}
            id={`${base}-tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={t.id === active}
            aria-controls={`${base}-panel-${t.id}`}
            tabIndex={t.id === active ? 0 : -1}
            onClick={() => setActive(t.id)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight') move(1);
              if (e.key === 'ArrowLeft') move(-1);
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      {props.tabs.map((t) =>
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
