/**
 * worker_threads entry of `preset run --workers K` (presetPool.ts is the other side): its own
 * tfjs backend (wasm or cpu) and its own tuned-Adam cache. Messages:
 *   in  { type: 'run', id, backend }  → out { type: 'result', id, result }
 *   in  { type: 'dispose' }           → exits
 * Any failure → out { type: 'error', id, message }.
 */
import { parentPort } from 'node:worker_threads';
import { presetById } from '../core/presets/catalog';
import { type AdamCache, runPreset } from '../core/presets/run';
import { type NodeBackend, nodeTaskEnv, setupNodeBackend } from './nodeBackend';

type Msg = { type: 'run'; id: string; backend: NodeBackend } | { type: 'dispose' };

const port = parentPort;
if (!port) throw new Error('presetWorker: not in a worker thread');
const adamCache: AdamCache = new Map();
let backendReady: Promise<void> | null = null;

let queue: Promise<void> = Promise.resolve();
port.on('message', (m: Msg) => {
  if (m.type === 'dispose') {
    process.exit(0);
  }
  queue = queue.then(async () => {
    try {
      backendReady ??= setupNodeBackend(m.backend).then(() => undefined);
      await backendReady;
      const preset = presetById(m.id);
      if (!preset) throw new Error(`unknown preset '${m.id}'`);
      const result = await runPreset(preset, nodeTaskEnv(), {
        overrides: { backend: m.backend, fused: false },
        adamCache,
      });
      port.postMessage({ type: 'result', id: m.id, result });
    } catch (e) {
      port.postMessage({ type: 'error', id: m.id, message: e instanceof Error ? e.message : String(e) });
    }
  });
});
