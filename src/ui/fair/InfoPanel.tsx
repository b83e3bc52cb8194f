/** Info panel of one optimizer: its update rule typeset (KaTeX → MathML), intuition, what to look for, the paper. */
import katex from 'katex';
import { useMemo } from 'react';
import { LEARNED_EXPLAIN } from '../../core/learned/explain';
import { EXPLAIN, type Explanation } from '../../core/optim/explain';
import { useFair } from './fairStore';

export function explanationOf(id: string): Explanation | null {
  if (id in EXPLAIN) return EXPLAIN[id as keyof typeof EXPLAIN];
  if (id in LEARNED_EXPLAIN) return LEARNED_EXPLAIN[id as keyof typeof LEARNED_EXPLAIN];
  return null;
}

/** MathML markup for one display equation (KaTeX's MathML output: no fonts or CSS needed). */
function mathml(tex: string): string {
  return katex.renderToString(tex, { output: 'mathml', displayMode: true, throwOnError: false });
}

export function InfoPanel(props: { id: string; index: number }) {
  const open = useFair((s) => s.info === props.index);
  const info = explanationOf(props.id);
  const html = useMemo(() => (info ? info.tex.map(mathml) : []), [info]);
  if (!open || !info) return null;
  return (
    <div className="info-panel" data-testid={`info-${props.index}`}>
      <div className="info-math">
        {html.map((h, k) => (
          // biome-ignore lint/security/noDangerouslySetInnerHtml: KaTeX MathML from our own constant TeX
          // biome-ignore lint/suspicious/noArrayIndexKey: equations are a fixed list
          <div key={k} dangerouslySetInnerHTML={{ __html: h }} />
        ))}
      </div>
      <p>{info.intuition}</p>
      <p>
        <strong>Charts.</strong> {info.charts}
      </p>
      <p className="hint">
        <strong>Paper.</strong> {info.paper}
      </p>
    </div>
  );
}

export function toggleInfo(index: number): void {
  useFair.setState((s) => ({ info: s.info === index ? null : index }));
}
