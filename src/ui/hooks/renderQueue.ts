/**
 * Chart re-renders, one per task. Each live chart re-renders on its own throttled clock
 * (useThrottledVersion.ts); when several clocks fire together (the first data of a run or of
 * instant mode: the loss chart, update norms and AdaMod's two panels) React rendered them as one
 * batch, and recharts' second pass after the commit (axes and ticks registered in effects, then
 * a synchronous re-render) made that one main-thread task of 45–60 ms. Queued here, each chart
 * renders, commits and settles in a task of its own, in the order asked, a few ms apart.
 */

type Job = () => void;

const queue: Job[] = [];
let scheduled = false;

function runOne(): void {
  scheduled = false;
  const job = queue.shift();
  if (queue.length > 0) schedule();
  job?.();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setTimeout(runOne, 0);
}

/** Run `job` in a task of its own, after the jobs already queued (once, if queued twice). */
export function renderSoon(job: Job): void {
  if (!queue.includes(job)) queue.push(job);
  schedule();
}

/** Drop a queued job (its chart unmounted). */
export function cancelRender(job: Job): void {
  const i = queue.indexOf(job);
  if (i >= 0) queue.splice(i, 1);
}

/** Jobs waiting (tests). */
export function queuedRenders(): number {
  return queue.length;
}
