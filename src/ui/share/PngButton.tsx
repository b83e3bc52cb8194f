/**
 * "PNG" button for a chart panel: exports the panel it sits in (its SVGs/canvases, title and
 * legend) as an image file. Mount it inside the chart's <section>.
 */
import { useRef, useState } from 'react';
import type { ExperimentSpec } from '../../core/experiment/schema';
import { TASKS } from '../../core/tasks/catalog';
import { useRun } from '../store/runStore';
import { useSpec } from '../store/specStore';
import { APP_VERSION } from './appVersion';
import { downloadBlob, fileStem } from './download';
import { chartPng, type LegendEntry } from './pngExport';

/** The caption under an exported chart: what produced it, so the image stands alone. */
export function pngCaption(spec: ExperimentSpec, backend: string | null, version: string): string {
  const task = Object.hasOwn(TASKS, spec.task.id) ? TASKS[spec.task.id].label : spec.task.id;
  return [
    task,
    `${spec.steps} steps`,
    `seed ${spec.seed}`,
    backend ? `backend ${backend}` : null,
    `Optimizer Playground ${version}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

export function PngButton(props: { name: string; legend?: LegendEntry[] }) {
  const ref = useRef<HTMLButtonElement>(null);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const panel = ref.current?.closest<HTMLElement>('section');
    if (!panel) return;
    try {
      setError(null);
      const caption = pngCaption(
        useSpec.getState().spec,
        useRun.getState().imported?.backend ?? useRun.getState().backend?.name ?? null,
        APP_VERSION,
      );
      downloadBlob(`${fileStem(props.name)}.png`, await chartPng(panel, props.legend, caption));
    } catch (e) {
      setError(`PNG export: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return (
    <>
      <button
        ref={ref}
        type="button"
        className="small png-export"
        data-testid={`png-${fileStem(props.name)}`}
        title="Download this chart as a PNG image"
        onClick={() => void save()}
      >
        PNG
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
