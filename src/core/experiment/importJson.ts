/**
 * Reading a JSON export document back: parseExportDocument validates every field with zod and
 * rejects a bad file with messages naming the field (`runs[1].losses[7]: ...`).
 */
import { z } from 'zod';
import { capped, EXPORT_KIND, EXPORT_VERSION, MAX_PROBE_WIDTH, MAX_SERIES } from './exportCommon';
import type { ExportDocument } from './exportJson';
import { migrateSpec } from './migrate';
import { MAX_OPTIMIZERS, parseSpec } from './schema';

const valueSchema = z.number({ error: 'must be a number or null' }).nullable();
const seriesSchema = (max: number) =>
  z.array(valueSchema, { error: 'must be a list of numbers' }).max(max, { error: `at most ${max} values` });
const probeSchema = z
  .strictObject({
    width: z
      .int({ error: `must be an integer in [1, ${MAX_PROBE_WIDTH}]` })
      .min(1, { error: `must be ≥ 1 (allowed [1, ${MAX_PROBE_WIDTH}])` })
      .max(MAX_PROBE_WIDTH, { error: `must be ≤ ${MAX_PROBE_WIDTH} (allowed [1, ${MAX_PROBE_WIDTH}])` }),
    values: seriesSchema(MAX_SERIES * MAX_PROBE_WIDTH),
  })
  .refine((p) => !(p.width >= 1) || p.values.length % p.width === 0, {
    error: 'must hold a whole number of rows (values.length a multiple of width)',
    path: ['values'],
  });
const runSchema = z.strictObject({
  label: z.string({ error: 'must be a text' }).max(200, { error: 'must be at most 200 characters' }),
  losses: seriesSchema(MAX_SERIES),
  probes: z
    .record(
      z
        .string()
        .regex(/^[A-Za-z_][\w]{0,63}$/, { error: 'probe names are identifiers (letters, digits, _)' }),
      probeSchema,
      { error: 'must be an object of probe series' },
    )
    .refine((p) => Object.keys(p).length <= 64, { error: 'at most 64 probes' }),
  divergedAt: z
    .int({ error: `must be a step number in [0, ${MAX_SERIES}]` })
    .min(0, { error: `must be ≥ 0 (allowed [0, ${MAX_SERIES}])` })
    .max(MAX_SERIES, { error: `must be ≤ ${MAX_SERIES}` })
    .optional(),
  trajectory: seriesSchema(2 * MAX_SERIES).optional(),
  heldOut: z
    .strictObject({
      steps: z
        .array(z.int().min(0).max(MAX_SERIES), { error: 'must be a list of step numbers' })
        .max(MAX_SERIES),
      loss: seriesSchema(MAX_SERIES),
      accuracy: seriesSchema(MAX_SERIES).optional(),
    })
    .optional(),
});
const documentSchema = z.strictObject({
  kind: z.literal(EXPORT_KIND),
  version: z.int({ error: `must be an integer in [1, ${EXPORT_VERSION}]` }),
  appVersion: z
    .string({ error: 'must be a text' })
    .min(1, { error: 'must not be empty' })
    .max(64, { error: 'must be at most 64 characters' }),
  exportedAt: z
    .string({ error: 'must be a text' })
    .max(64, { error: 'must be at most 64 characters' })
    .optional(),
  spec: z.unknown(),
  backend: z
    .string({ error: 'must be a text' })
    .regex(/^[\w.-]{1,32}$/, { error: 'must be a backend name like webgl' }),
  runs: z
    .array(runSchema, { error: 'must be a list of runs' })
    .max(MAX_OPTIMIZERS, { error: `at most ${MAX_OPTIMIZERS} runs` }),
});

function pathText(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? String(p) : `.${String(p)}`;
  return s === '' ? 'file' : s;
}

function toF32(a: (number | null)[]): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] ?? Number.NaN;
  return out;
}

export type ImportResult =
  | { ok: true; doc: ExportDocument; notes: string[] }
  | { ok: false; errors: string[] };

/** Validate an export file. Rejects it (never throws) with messages naming each bad field. */
export function parseExportDocument(text: string): ImportResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message.slice(0, 80) : 'unreadable';
    return { ok: false, errors: [`file: not valid JSON (${why})`] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: ['file: must be a JSON object (an Optimizer Playground export)'] };
  }
  const head = raw as Record<string, unknown>;
  if (head.kind !== EXPORT_KIND) {
    return {
      ok: false,
      errors: [`kind: must be '${EXPORT_KIND}'; this is not an Optimizer Playground export`],
    };
  }
  if (typeof head.version === 'number' && head.version > EXPORT_VERSION) {
    return {
      ok: false,
      errors: [
        `version: this file is version ${head.version}; this app reads versions up to ${EXPORT_VERSION}`,
      ],
    };
  }
  const res = documentSchema.safeParse(raw);
  if (!res.success) {
    const errors = res.error.issues.flatMap((i) =>
      i.code === 'unrecognized_keys'
        ? i.keys.map(
            (k) => `${pathText([...i.path, k.length > 40 ? `${k.slice(0, 40)}…` : k])}: unknown field`,
          )
        : [`${pathText(i.path)}: ${i.message}`],
    );
    return { ok: false, errors: capped(errors) };
  }
  const d = res.data;
  if (d.version < 1) return { ok: false, errors: [`version: must be an integer in [1, ${EXPORT_VERSION}]`] };
  const m = migrateSpec(d.spec);
  const parsed = parseSpec(m.raw);
  const errors = [...m.errors, ...parsed.errors].map((e) => `spec.${e}`);
  if (errors.length === 0 && d.runs.length !== parsed.spec.optimizers.length) {
    errors.push(
      `runs: ${d.runs.length} runs but spec.optimizers has ${parsed.spec.optimizers.length} entries (one run per optimizer)`,
    );
  }
  if (errors.length > 0) return { ok: false, errors: capped(errors) };
  const doc: ExportDocument = {
    kind: EXPORT_KIND,
    version: d.version,
    appVersion: d.appVersion,
    ...(d.exportedAt !== undefined ? { exportedAt: d.exportedAt } : {}),
    spec: parsed.spec,
    backend: d.backend,
    runs: d.runs.map((r) => ({
      label: r.label,
      losses: toF32(r.losses),
      probes: Object.fromEntries(
        Object.entries(r.probes).map(([name, p]) => [name, { width: p.width, values: toF32(p.values) }]),
      ),
      ...(r.divergedAt !== undefined ? { divergedAt: r.divergedAt } : {}),
      ...(r.trajectory !== undefined ? { trajectory: toF32(r.trajectory) } : {}),
      ...(r.heldOut
        ? {
            heldOut: {
              steps: r.heldOut.steps,
              loss: r.heldOut.loss.map((v) => v ?? Number.NaN),
              ...(r.heldOut.accuracy ? { accuracy: r.heldOut.accuracy.map((v) => v ?? Number.NaN) } : {}),
            },
          }
        : {}),
    })),
  };
  return { ok: true, doc, notes: m.notes };
}
