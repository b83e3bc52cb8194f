/**
 * Read a zod object schema (a task's options, a meta-training recipe) into editor field descriptions:
 * name, kind (number / integer / enum / boolean), enum choices, known min/max.
 */
import type { z } from 'zod';

/**
 * 'object': a nested object (e.g. a recipe's `tricks`), which form generators skip or recurse into;
 * 'fixed': a literal (e.g. a recipe's `trainer` discriminant), not editable.
 */
export type FieldKind = 'number' | 'int' | 'enum' | 'multi' | 'boolean' | 'object' | 'fixed';
export interface FieldDesc {
  name: string;
  kind: FieldKind;
  options?: string[];
  /** 'multi' (a list of enum values): absent is allowed, so the list may be emptied. */
  optional?: boolean;
  min?: number;
  max?: number;
  schema: z.ZodType;
}

interface Introspect {
  def: { type: string; innerType?: Introspect; entries?: Record<string, string>; element?: Introspect };
  isInt?: boolean;
  minValue?: number | null;
  maxValue?: number | null;
}

function unwrap(s: Introspect): Introspect {
  let cur = s;
  while (cur.def.innerType && ['default', 'optional', 'nullable', 'prefault'].includes(cur.def.type)) {
    cur = cur.def.innerType;
  }
  return cur;
}

export function describeFields(schema: z.ZodType): FieldDesc[] {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
  return Object.entries(shape).map(([name, field]) => {
    const inner = unwrap(field as unknown as Introspect);
    const t = inner.def.type;
    const optional = (field as unknown as Introspect).def.type === 'optional';
    if (t === 'enum')
      return { name, kind: 'enum', options: Object.values(inner.def.entries ?? {}), schema: field };
    if (t === 'boolean') return { name, kind: 'boolean', schema: field };
    if (t === 'object' || t === 'record') return { name, kind: 'object', schema: field };
    // A list of enum values (a recipe's activations, PPO's task families): a set of checkboxes.
    const el = t === 'array' && inner.def.element ? unwrap(inner.def.element) : null;
    if (el?.def.type === 'enum')
      return { name, kind: 'multi', options: Object.values(el.def.entries ?? {}), optional, schema: field };
    // Literals and other lists (e.g. PPO's baseline lrs) are left out of the generated form (CLI: --recipe).
    if (t === 'literal' || t === 'array') return { name, kind: 'fixed', schema: field };
    const desc: FieldDesc = { name, kind: inner.isInt ? 'int' : 'number', schema: field };
    if (optional) desc.optional = true;
    if (Number.isFinite(inner.minValue ?? Number.NaN)) desc.min = inner.minValue as number;
    if (Number.isFinite(inner.maxValue ?? Number.NaN)) desc.max = inner.maxValue as number;
    return desc;
  });
}

/** Human label of a task option. */
export const OPTION_LABELS: Record<string, string> = {
  x0: 'start x',
  y0: 'start y',
  noise: 'gradient noise σ',
  kappa: 'condition number κ',
  dim: 'dimension',
  condition: 'condition number',
  problems: 'problems',
  pointsPerClass: 'points per class',
  width: 'hidden width',
  depth: 'hidden layers',
  activation: 'activation',
  batchSize: 'batch size',
  initStd: 'init std',
  label: 'label column (0 = last)',
  target: 'target',
  heldOut: 'held-out fraction',
};
