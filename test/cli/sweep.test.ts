import { describe, expect, it } from 'vitest';
import { main as run } from '../../src/cli/run';
import { main as sweep } from '../../src/cli/sweep';

async function call(main: typeof sweep, args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe('cli sweep', () => {
  it('--json: { param, points: [{ value, final: { mean, std }, diverged }], best }', async () => {
    const r = await call(sweep, [
      '--task',
      'rosenbrock',
      '--opt',
      'sgd',
      '--param',
      'lr',
      '--from',
      '1e-4',
      '--to',
      '1e-2',
      '--points',
      '3',
      '--steps',
      '30',
      '--seeds',
      '2',
      '--backend',
      'cpu',
      '--json',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(Object.keys(doc)).toEqual(['param', 'points', 'best']);
    expect(doc.param).toBe('lr');
    expect(doc.points.map((p: { value: number }) => p.value)).toEqual([1e-4, 1e-3, 1e-2]);
    for (const p of doc.points) expect(Object.keys(p)).toEqual(['value', 'final', 'diverged']);
    // Rosenbrock from (-1.5, 2) is deterministic: both seeds agree (std 0); SGD at 1e-2 diverges at step 5.
    expect(doc.points[0].final.std).toBe(0);
    expect(doc.points[0].final.mean).toBeGreaterThan(doc.points[1].final.mean);
    expect(doc.points[2]).toEqual({ value: 0.01, final: { mean: null, std: null }, diverged: true });
    expect(doc.best).toBe(1e-3);
  });

  it('table: one row per value, the best marked and printed', async () => {
    const r = await call(sweep, [
      '--task',
      'beale',
      '--opt',
      'adam',
      '--from',
      '0.001',
      '--to',
      '0.1',
      '--points',
      '3',
      '--steps',
      '20',
      '--backend',
      'cpu',
    ]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe(
      'sweep adam lr over 3 points, task beale, 20 steps, seed 1, backend cpu; final = mean of the last 10% of the loss curve',
    );
    expect(lines[1].split(/\s{2,}/)).toEqual(['lr', 'final loss (mean ± std)', 'diverged']);
    expect(lines.slice(3, 6).map((l) => l.split(/\s+/)[0])).toEqual(['0.001', '0.01', '0.1']);
    expect(lines.filter((l) => l.endsWith('← best')).length).toBe(1);
    expect(lines[6]).toMatch(/^best: lr=0\.1 \(final loss [\d.]+ ± 0\.000\)$/);
  });

  it('bad input exits 2 naming the flag and the valid choices', async () => {
    expect((await call(sweep, ['--param', 'nope'])).err).toBe(
      "sweep: --param: unknown hyperparameter 'nope'; valid: lr, momentum, beta1, beta2, beta3, eps, weightDecay, rho, alpha, finalLr, gamma\n",
    );
    const r = await call(sweep, [
      '--opt',
      'sgd',
      '--param',
      'beta1',
      '--from',
      '0.1',
      '--to',
      '0.9',
      '--points',
      '2',
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'sweep: sweep point 1 (beta1=0.1): sgd: Unrecognized key: "beta1"; valid for sgd: lr, weightDecay\n' +
        'sweep: sweep point 2 (beta1=0.9): sgd: Unrecognized key: "beta1"; valid for sgd: lr, weightDecay\n',
    );
    expect((await call(sweep, ['--points', '40'])).err).toBe(
      'sweep: --points must be an integer in [1, 25]\n',
    );
    expect((await call(sweep, ['--scale', 'cubic'])).err).toBe(
      "sweep: --scale: unknown grid scale 'cubic'; valid: log, linear, log1m\n",
    );
    expect(
      (await call(sweep, ['--param', 'beta2', '--scale', 'log1m', '--from', '0.9', '--to', '1'])).err,
    ).toBe('sweep: --from and to must be below 1 on a log grid of 1 − x; got 0.9 and 1\n');
  });

  it('--scale log1m: β2 on 0.9, 0.99, 0.999 (geometric in 1 − β2)', async () => {
    const r = await call(sweep, [
      ...['--task', 'beale', '--opt', 'adam', '--param', 'beta2', '--scale', 'log1m'],
      ...['--from', '0.9', '--to', '0.999', '--points', '3', '--steps', '10', '--backend', 'cpu', '--json'],
    ]);
    expect(r.err).toBe('');
    expect(JSON.parse(r.out).points.map((p: { value: number }) => p.value)).toEqual([0.9, 0.99, 0.999]);
  });
});

describe('cli run --speedup', () => {
  it('adds speedupOverAdam per run and the tuned-Adam reference', async () => {
    const r = await call(run, [
      '--task',
      'ill-quadratic',
      '--opt',
      'momentum:lr=0.01,momentum=0.9',
      '--opt',
      'sgd:lr=0.001',
      '--steps',
      '40',
      '--backend',
      'cpu',
      '--speedup',
      '--json',
    ]);
    expect(r.err).toBe('');
    const doc = JSON.parse(r.out);
    expect(doc.speedupReference).toEqual({
      optimizer: 'adam',
      lr: expect.any(Number),
      grid: [0.001, 0.003, 0.01, 0.03, 0.1],
      horizon: 80,
    });
    expect(doc.speedupReference.grid).toContain(doc.speedupReference.lr);
    const [mom, sgd] = doc.runs;
    expect(typeof mom.speedupOverAdam).toBe('number');
    // Tiny-lr SGD barely moves: tuned Adam (lr 0.1) gets there in 10 of its 40 steps.
    expect(doc.speedupReference.lr).toBe(0.1);
    expect(sgd.speedupOverAdam).toBe(0.25);
    expect(mom.speedupOverAdam).toBeGreaterThan(sgd.speedupOverAdam);
    const table = await call(run, [
      '--task',
      'ill-quadratic',
      '--opt',
      'sgd:lr=0.001',
      '--steps',
      '20',
      '--backend',
      'cpu',
      '--speedup',
    ]);
    expect(table.out.split('\n')[1]).toContain('speedup vs Adam');
    expect(table.out).toMatch(
      /\n.*speedup: steps Adam \(lr [\d.]+, tuned over 0\.001, 0\.003, 0\.01, 0\.03, 0\.1\) needs to reach each run's final loss ÷ 20\n/,
    );
  });
});
