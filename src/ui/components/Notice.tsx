/** A dismissible message box. Content is rendered as text, never as HTML. */
import { useState } from 'react';

export function Notice(props: { title: string; lines: string[]; kind?: 'warn' | 'error' | 'info' }) {
  const [open, setOpen] = useState(true);
  if (!open || props.lines.length === 0) return null;
  return (
    <div className={`notice notice-${props.kind ?? 'warn'}`} role="status">
      <div className="notice-head">
        <strong>{props.title}</strong>
        <button type="button" className="icon" aria-label="Dismiss message" onClick={() => setOpen(false)}>
          ×
        </button>
      </div>
      <ul>
        {props.lines.map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
    </div>
  );
}
