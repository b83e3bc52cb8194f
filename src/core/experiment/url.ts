/**
 * ExperimentSpec ↔ URL query, readable and versioned:
 *
 *   ?v=1&task=rosenbrock(x0=-1,y0=2)&opt=adam(lr=0.01)&opt=adamod(lr=0.01,beta3=0.999,label='AdaMod, slow')
 *    &steps=500&seed=1&seeds=5&backend=webgl&fused=0&chart=logY=0,smoothing=0.6
 *
 * - `v`, `task`, every `opt` (in order), `steps` and `seed` are always written; task options,
 *   `seeds` (when set), `backend`, `fused` and `chart` only where they differ from the defaults.
 *   Hyperparameters are written exactly as the entry holds them (its explicit values), in catalog
 *   order, then label (quoted), color (hex without '#'), weights. An empty optimizer list is `opt=`.
 * - Values use urlSyntax.ts; only what must be is percent-encoded (',', '=', ':', '/', '(', ')'
 *   and "'" stay readable; spaces are %20; a '+' read from a link means a space, as in forms).
 * - Decoding treats the query as untrusted: it never throws, refuses queries longer than
 *   MAX_QUERY_LENGTH, reads `?spec=<JSON>` links of version 0, migrates (migrate.ts) and
 *   validates with parseSpec. Every message starts with the field it concerns
 *   (`optimizers[1].hyper.beta3: ...`, `chart.smoothing: ...`, `query: ...` for the link as a whole).
 * specFromQuery(specToQuery(s)) gives back `s` exactly, with no messages, for every valid spec.
 */

// The code lives in one module per purpose; this module re-exports them so imports keep working.
export {
  finishRaw,
  loadSpecArg,
  MAX_QUERY_LENGTH,
  queryOfUrl,
  type SpecLoad,
  specFromJson,
  specFromQuery,
  specFromUrl,
} from './specLoad';
export { queryToRaw } from './urlDecode';
export { specToQuery, specToUrl, URL_PARAMS } from './urlEncode';
