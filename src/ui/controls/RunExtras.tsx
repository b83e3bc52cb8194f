/**
 * Continue +N (a finished run goes on from its final state; the link's steps grow with it) and
 * the instant-mode switch (cheap tasks recompute every trajectory while you drag; the switch
 * says where it applies and shows the worker's recompute time).
 */
import { useState } from 'react';
import { MAX_STEPS } from '../../core/experiment/schema';
import { useRun } from '../store/runStore';
import { useSpec } from '../store/specStore';
import { controller } from '../worker/client';
import { instantWhyNot } from '../worker/liveSync';
import { NumberField } from './NumberField';

export function RunExtras() {
  const state = useRun((s) => s.state);
  const stale = useRun((s) => s.stale);
  const imported = useRun((s) => s.imported);
  const instant = useRun((s) => s.instant);
  const ms = useRun((s) => s.instantMs);
  const rate = useRun((s) => s.instantRate);
  const slow = useRun((s) => s.instantSlow);
  const spec = useSpec((s) => s.spec);
  const [more, setMore] = useState(500);
  const whyNot = instantWhyNot(spec);
  const room = MAX_STEPS - spec.steps;
  const canContinue = state === 'done' && !stale && !imported && room >= 1;
  return (
    <div className="run-extras">
      <div className="continue">
        <NumberField
          label="more steps"
          value={more}
          validate={(v) =>
            Number.isInteger(v) && v >= 1 && v <= room
              ? null
              : `more steps: must be an integer in [1, ${room}]`
          }
          onCommit={setMore}
          testId="continue-steps"
        />
        <button
          type="button"
          onClick={() => controller.continueBy(Math.min(more, room))}
          disabled={!canContinue}
          data-testid="continue"
          title="Go on from the final state (parameters and optimizer state kept); the link's steps grow to match"
        >
          Continue +{more}
        </button>
      </div>
      <label
        className="check"
        title={
          whyNot ??
          'Recompute every trajectory while you drag the start point or a slider. On the 2-D landscapes with hand-designed optimizers a tfjs-free fast path computes the same float32 numbers in a few ms; learned optimizers and the quadratics go through tfjs (slower).'
        }
      >
        <input
          type="checkbox"
          checked={instant}
          onChange={(e) => controller.setInstant(e.currentTarget.checked)}
          data-testid="instant"
        />
        Instant mode
        <span className="hint" data-testid="instant-status">
          {whyNot
            ? ` (not here: ${whyNot})`
            : instant && ms !== null
              ? ` (whole run in ${ms.toFixed(0)} ms${rate ? `, ${rate} updates/s` : ''}; ${slow ? `through tfjs: ${slow}` : 'fast path'})`
              : ' (2-D landscapes, small quadratics)'}
        </span>
      </label>
    </div>
  );
}
