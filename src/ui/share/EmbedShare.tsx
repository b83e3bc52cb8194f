/**
 * Share → Embed: the embed link of the current experiment (embed=1, optionally hide=controls)
 * and an <iframe> snippet for slides, lessons and blog posts, each with a copy button and shown
 * in a read-only field (copy by hand where the clipboard is refused). Framing is allowed for
 * embed links only (README "Limits, verification and security").
 */
import { useState } from 'react';
import { TASKS } from '../../core/tasks/catalog';
import { iframeSnippet } from '../embed/snippet';
import { useSpec } from '../store/specStore';
import { embedUrl } from '../urlSync';

function CopyButton(props: { text: string; label: string; testId: string }) {
  const [done, setDone] = useState<'copied' | 'failed' | null>(null);
  const copy = async () => {
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(props.text);
      setDone('copied');
    } catch {
      setDone('failed');
    }
    setTimeout(() => setDone(null), 2000);
  };
  return (
    <button type="button" data-testid={props.testId} onClick={() => void copy()} aria-live="polite">
      {done === 'copied' ? 'Copied' : done === 'failed' ? 'Select and copy the field' : props.label}
    </button>
  );
}

/** The Embed popover; its links follow the spec only while it is open (no work per edit otherwise). */
export function EmbedShare() {
  const [open, setOpen] = useState(false);
  return (
    <details
      className="embed-share"
      data-testid="embed-share"
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary>Embed</summary>
      {open && <EmbedLinks />}
    </details>
  );
}

function EmbedLinks() {
  const spec = useSpec((s) => s.spec);
  const [hideControls, setHideControls] = useState(true);
  const url = embedUrl(hideControls ? ['controls'] : []);
  const task = Object.hasOwn(TASKS, spec.task.id) ? TASKS[spec.task.id].label : spec.task.id;
  const snippet = iframeSnippet(url, `Optimizer Playground: ${task}`);
  return (
    <div className="popover embed-popover">
      <label className="check">
        <input
          type="checkbox"
          checked={hideControls}
          onChange={(e) => setHideControls(e.currentTarget.checked)}
          data-testid="embed-hide-controls"
        />
        hide the controls (charts and run bar only)
      </label>
      <label className="field">
        Embed link
        <input readOnly value={url} data-testid="embed-link" onFocus={(e) => e.currentTarget.select()} />
      </label>
      <CopyButton text={url} label="Copy embed link" testId="copy-embed-link" />
      <label className="field">
        HTML
        <textarea
          readOnly
          rows={4}
          value={snippet}
          data-testid="embed-snippet"
          onFocus={(e) => e.currentTarget.select()}
        />
      </label>
      <CopyButton text={snippet} label="Copy <iframe>" testId="copy-embed-snippet" />
    </div>
  );
}
