/**
 * Meta-training that survives the tab (issue 16): the worker checkpoints the run to IndexedDB
 * at run boundaries (core/meta/checkpointStore.ts); this part says when the last checkpoint
 * was saved, shows a failed write (e.g. the storage quota) as an alert, and — after a reload
 * or a Stop — offers "Resume meta-training from iteration k", which continues the run
 * exactly with its charts and puts its settings back in the form. The offer is read straight from IndexedDB (the worker is not
 * started just to look).
 */
import { useEffect, useState } from 'react';
import { indexedDbStore, infoOfCheckpoint, type MetaCheckpointInfo } from '../../core/meta/checkpointStore';
import { call } from './metaClient';
import { useMeta } from './metaStore';

async function readOffer(): Promise<MetaCheckpointInfo | null> {
  if (typeof indexedDB === 'undefined') return null;
  const info = infoOfCheckpoint(await indexedDbStore().load());
  return info && info.iteration < info.iterations ? info : null;
}

export function CheckpointResume() {
  const state = useMeta((s) => s.progress.state);
  const saved = useMeta((s) => s.checkpointSaved);
  const failed = useMeta((s) => s.checkpointError);
  const reset = useMeta((s) => s.reset);
  const [offer, setOffer] = useState<MetaCheckpointInfo | null>(null);
  const idle = state === 'idle' || state === 'stopped' || state === 'error';
  useEffect(() => {
    if (!idle) return;
    let live = true;
    readOffer().then(
      (o) => live && setOffer(o),
      (e: unknown) => live && useMeta.setState({ checkpointError: `reading the checkpoint: ${String(e)}` }),
    );
    return () => {
      live = false;
    };
  }, [idle]);
  const resume = () => {
    if (!offer) return;
    reset();
    // The form shows the resumed run's settings (and its trainer's charts: PPO or BPTT).
    const o = offer.options;
    useMeta.setState({
      form: {
        recipe: o.recipe,
        evalEvery: o.evalEvery,
        evalRuns: o.evalRuns,
        adamLr: o.adamLr,
        workers: o.workers ?? 1,
      },
    });
    setOffer(null);
    void call((a) => a.resumeCheckpoint());
  };
  return (
    <>
      {idle && offer && (
        <div className="row">
          <button type="button" onClick={resume} data-testid="meta-resume-checkpoint">
            Resume meta-training from iteration {offer.iteration}
          </button>
          <span className="hint" data-testid="meta-resume-hint">
            {offer.kind} ({offer.trainer}
            {offer.workers > 1 ? `, ${offer.workers} workers` : ''}), {offer.iteration}/{offer.iterations}{' '}
            iterations, saved {new Date(offer.savedAt).toLocaleString()}
          </span>
        </div>
      )}
      {saved !== null && (
        <p className="hint" data-testid="meta-checkpoint">
          Checkpoint saved in this browser at iteration {saved}.
        </p>
      )}
      {failed && (
        <p className="error" role="alert" data-testid="meta-checkpoint-error">
          {failed}
        </p>
      )}
    </>
  );
}
