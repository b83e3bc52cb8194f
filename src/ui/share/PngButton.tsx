/**
 * "PNG" button for a chart panel: exports the panel it sits in (its SVGs/canvases, title and
 * legend) as an image file. Mount it inside the chart's <section>.
 */
import { useRef, useState } from 'react';
import { downloadBlob, fileStem } from './download';
import { chartPng, type LegendEntry } from './pngExport';

export function PngButton(props: { name: string; legend?: LegendEntry[] }) {
  const ref = useRef<HTMLButtonElement>(null);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const panel = ref.current?.closest<HTMLElement>('section');
    if (!panel) return;
    try {
      setError(null);
      downloadBlob(`${fileStem(props.name)}.png`, await chartPng(panel, props.legend));
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
