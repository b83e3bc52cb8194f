/**
 * The packed optimizer state of the fused rules (every backend): one tensor per parameter
 * tensor, [S, n], whose rows are the reference rule's slots for the current variant, in the
 * order the kernel spec lists them (e.g. Adam: rows m, v). The slot key names the rows
 * (`packed:m,v`), so a state says what it holds: when hyperparameters change the variant
 * (RMSprop gains slot b when μ becomes positive) rows are reused, added as zeros or dropped by
 * name, with no rule-specific code. `toReferenceState` / `fromReferenceState` convert to and
 * from the plain-ops rule's state (tests, switching paths).
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import * as tf from '@tensorflow/tfjs-core';
import type { OptState } from '../optim/types';

const PREFIX = 'packed:';

/** The state slot key of a packed state with these rows. */
export function packedKey(rows: string[]): string {
  return `${PREFIX}${rows.join(',')}`;
}

/** The rows a packed state holds and its tensors (none for a stateless rule). */
export function packedOf(state: OptState): { rows: string[]; tensors: Tensor[] } {
  const key = Object.keys(state.slots).find((k) => k.startsWith(PREFIX));
  if (key === undefined) return { rows: [], tensors: [] };
  return { rows: key.slice(PREFIX.length).split(','), tensors: state.slots[key] };
}

/** A fused state at step t with these rows and tensors. */
export function packedState(t: number, rows: string[], tensors: Tensor[]): OptState {
  return rows.length === 0 ? { t, slots: {} } : { t, slots: { [packedKey(rows)]: tensors } };
}

/** A zero state for these rows. */
export function initPacked(params: Tensor[], rows: string[]): OptState {
  if (rows.length === 0) return { t: 0, slots: {} };
  return packedState(
    0,
    rows,
    params.map((p) => tf.zeros([rows.length, p.size])),
  );
}

/**
 * The state tensor of one parameter tensor with the rows `want`, from one holding `have`:
 * the same tensor when they match, else rows reused by name and missing ones zero.
 */
export function adaptRows(
  old: Tensor | undefined,
  have: string[],
  want: string[],
  n: number,
): Tensor | undefined {
  if (want.length === 0) return undefined;
  if (old && have.join(',') === want.join(',')) return old;
  const rows = want.map((name) => {
    const k = have.indexOf(name);
    return old && k >= 0 ? tf.slice(tf.reshape(old, [have.length, n]), [k, 0], [1, n]) : tf.zeros([1, n]);
  });
  return rows.length === 1 ? rows[0] : tf.concat(rows, 0);
}

/** The reference rule's slots from a fused state (new tensors; the input is not disposed). */
export function toReferenceState(state: OptState): OptState {
  const { rows, tensors } = packedOf(state);
  const out: OptState = { t: state.t, slots: {} };
  rows.forEach((name, k) => {
    out.slots[name] = tensors.map((x) =>
      tf.tidy(() => {
        const n = x.size / rows.length;
        return tf.reshape(tf.slice(tf.reshape(x, [rows.length, n]), [k, 0], [1, n]), [n]);
      }),
    );
  });
  return out;
}

/** A fused state with these rows from the reference rule's slots (missing slots start at zero). */
export function fromReferenceState(state: OptState, params: Tensor[], rows: string[]): OptState {
  if (rows.length === 0) return { t: state.t, slots: {} };
  const packed = params.map((p, i) =>
    tf.tidy(() =>
      tf.stack(
        rows.map((name) =>
          state.slots[name]?.[i] ? tf.reshape(state.slots[name][i], [p.size]) : tf.zeros([p.size]),
        ),
      ),
    ),
  );
  return packedState(state.t, rows, packed);
}
