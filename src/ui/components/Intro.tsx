/** One paragraph for a first visit: what this is and what to do. Dismissed for good with ✕. */
import { useState } from 'react';

const KEY = 'optimizer-playground:intro-dismissed';

function dismissed(): boolean {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

export function Intro() {
  const [hidden, setHidden] = useState(dismissed);
  if (hidden) return null;
  const close = () => {
    setHidden(true);
    try {
      localStorage.setItem(KEY, '1');
    } catch {
      // private mode: hide for this visit only
    }
  };
  return (
    <section className="intro" aria-label="About this playground" data-testid="intro">
      <p>
        Race neural-network optimizers on the same problem, from the same start, on the same data. Press{' '}
        <strong>Run</strong> (or Space) and watch the loss curves and the paths on the map; change a learning
        rate while it runs; add optimizers below. The <strong>Meta-train</strong> tab trains a small learned
        optimizer in your browser, and every experiment is a link you can share.
      </p>
      <button type="button" className="small" onClick={close} aria-label="Hide the introduction">
        ✕
      </button>
    </section>
  );
}
