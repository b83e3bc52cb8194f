/** The "?" button in the header and its popover listing the keyboard shortcuts. */
import { useEffect, useState } from 'react';
import { installShortcuts, SHORTCUTS } from '../shortcuts';
import { controller } from '../worker/client';

export function ShortcutsHelp() {
  const [open, setOpen] = useState(false);
  useEffect(
    () =>
      installShortcuts({
        run: () => void controller.run(),
        pause: () => void controller.pause(),
        step: () => void controller.step(1),
        reset: () => void controller.reset(),
        help: () => setOpen((o) => !o),
      }),
    [],
  );
  return (
    <div className="shortcuts">
      <button
        type="button"
        className="small"
        aria-expanded={open}
        aria-controls="shortcuts-help"
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        onClick={() => setOpen((o) => !o)}
      >
        ?
      </button>
      <div
        id="shortcuts-help"
        className="popover"
        role="dialog"
        aria-label="Keyboard shortcuts"
        hidden={!open}
      >
        <table>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.key}>
                <td>
                  <kbd>{s.label}</kbd>
                </td>
                <td>{s.does}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="hint">On the Compare tab, when no field has the focus.</p>
      </div>
    </div>
  );
}
