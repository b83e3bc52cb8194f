/**
 * Export formats, pure functions (no DOM): the UI turns the strings into downloads, the CLI
 * writes them to files.
 *
 * CSV of loss curves (RFC 4180, CRLF line ends):
 *   step,Adam,"AdaMod, slow"
 *   0,24.200000762939453 → written as 24.2 (Float32Array input: shortest text that reads back
 *   as the same float32; number[] input: shortest text for the same float64)
 *   A cell is empty where the run has no finite value: diverged (NaN/Inf, or at/after
 *   `divergedAt`) or shorter than the longest run. Header labels are quoted when they hold
 *   '"', ',', CR/LF or edge spaces, and a label starting with = + - @ tab CR or ' gets a leading
 *   ' so that spreadsheets never run it as a formula (parseCurvesCsv removes it again).
 *
 * JSON export document (version 1):
 *   { kind: 'optimizer-playground-export', version: 1, appVersion, exportedAt?, spec, backend,
 *     runs: [{ label, losses, probes: { name: { width, values } }, divergedAt?, trajectory? }] }
 *   Number arrays hold shortest float32 texts; NaN/±Inf are written as null and read back as
 *   NaN. runs[i] belongs to spec.optimizers[i]. parseExportDocument validates every field with
 *   zod and rejects a bad file with messages naming the field (`runs[1].losses[7]: ...`).
 */
// The code lives in one module per purpose; this module re-exports them so imports keep working.

export { type CurveColumn, type CurvesTable, curvesToCsv, parseCurvesCsv } from './csv';
export {
  EXPORT_KIND,
  EXPORT_VERSION,
  type HeldOutSeries,
  MAX_PROBE_WIDTH,
  MAX_SERIES,
  runLabels,
  shortestFloat32,
} from './exportCommon';
export {
  type ExportDocument,
  type ExportInput,
  type ExportRun,
  type ExportRunInput,
  exportDocumentJson,
  type ProbeSeries,
} from './exportJson';
export { type ImportResult, parseExportDocument } from './importJson';
