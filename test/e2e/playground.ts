/**
 * The app's test hook (window.__playground, set by the built app for e2e) as the e2e tests read
 * it: the spec store, the run store and the series, typed here once.
 */
import type { Page } from 'playwright-core';

export type Pg = {
  __playground: {
    useSpec: {
      getState(): {
        spec: {
          steps: number;
          optimizers: { schedule?: unknown }[];
          task: { options: Record<string, number> };
        };
      };
    };
    useRun: {
      getState(): {
        step: number;
        state: string;
        instantMs: number | null;
        instantCount: number;
        instantSlow: string | null;
      };
    };
    series: { runs: { trajectory: { view(): Float32Array } }[] };
  };
};

/** The experiment spec the page holds now. */
export const specOf = (page: Page) =>
  page.evaluate(() => (window as unknown as Pg).__playground.useSpec.getState().spec);
