/**
 * The 2-D test landscapes as plain float64 JavaScript (no tfjs): value, analytic gradient,
 * default start, view box and known minima. The UI draws contour maps from `f`; the tfjs
 * tasks (landscapeTask.ts) compute the same functions with tensor ops.
 *
 *   rosenbrock     f = (1 − x)² + 100(y − x²)²                      min f(1, 1) = 0
 *   beale          f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²   min f(3, 0.5) = 0
 *   himmelblau     f = (x² + y − 11)² + (x + y² − 7)²                four minima, f = 0
 *   ill-quadratic  f = ½(x² + κy²)                                   min f(0, 0) = 0
 *   saddle         f = x² − y²                                      saddle at (0, 0), unbounded below
 */

export const LANDSCAPE_IDS = ['rosenbrock', 'beale', 'himmelblau', 'ill-quadratic', 'saddle'] as const;
export type LandscapeId = (typeof LANDSCAPE_IDS)[number];

/** Landscape parameters (only ill-quadratic has one). */
export interface LandscapeOpts {
  /** Condition number κ of the ill-conditioned quadratic (default 50). */
  kappa?: number;
}

export interface ViewBox {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface Landscape {
  id: LandscapeId;
  f(x: number, y: number, opts?: LandscapeOpts): number;
  grad(x: number, y: number, opts?: LandscapeOpts): [number, number];
  /** Default start point (also the task options' defaults in catalog.ts). */
  start: Point;
  view: ViewBox;
  /** Known global minima (value f at each); empty when the function is unbounded below. */
  minima: (Point & { f: number })[];
  /** Other stationary points worth marking (the saddle's saddle point). */
  saddles: Point[];
  /** Contour levels read best on a log scale (f ≥ 0) or a linear one (f changes sign). */
  contourScale: 'log' | 'linear';
}

const DEFAULT_KAPPA = 50;
const kappaOf = (opts?: LandscapeOpts) => opts?.kappa ?? DEFAULT_KAPPA;

const rosenbrock: Landscape = {
  id: 'rosenbrock',
  f: (x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2,
  grad: (x, y) => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
  start: { x: -1.5, y: 2 },
  view: { xMin: -2, xMax: 2, yMin: -1, yMax: 3 },
  minima: [{ x: 1, y: 1, f: 0 }],
  saddles: [],
  contourScale: 'log',
};

const beale: Landscape = {
  id: 'beale',
  f: (x, y) => {
    const a = 1.5 - x + x * y;
    const b = 2.25 - x + x * y * y;
    const c = 2.625 - x + x * y * y * y;
    return a * a + b * b + c * c;
  },
  grad: (x, y) => {
    const a = 1.5 - x + x * y;
    const b = 2.25 - x + x * y * y;
    const c = 2.625 - x + x * y * y * y;
    return [
      2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y * y * y - 1),
      2 * a * x + 2 * b * 2 * x * y + 2 * c * 3 * x * y * y,
    ];
  },
  start: { x: 1, y: 1.5 },
  view: { xMin: -4.5, xMax: 4.5, yMin: -4.5, yMax: 4.5 },
  minima: [{ x: 3, y: 0.5, f: 0 }],
  saddles: [],
  contourScale: 'log',
};

const himmelblau: Landscape = {
  id: 'himmelblau',
  f: (x, y) => (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2,
  grad: (x, y) => {
    const a = x * x + y - 11;
    const b = x + y * y - 7;
    return [4 * x * a + 2 * b, 2 * a + 4 * y * b];
  },
  start: { x: -0.5, y: -0.5 },
  view: { xMin: -5, xMax: 5, yMin: -5, yMax: 5 },
  // Closed form for (3, 2); the other three are roots of a cubic, to 1e-6 (Himmelblau 1972).
  minima: [
    { x: 3, y: 2, f: 0 },
    { x: -2.805118, y: 3.131312, f: 0 },
    { x: -3.77931, y: -3.283186, f: 0 },
    { x: 3.584428, y: -1.848126, f: 0 },
  ],
  saddles: [],
  contourScale: 'log',
};

const illQuadratic: Landscape = {
  id: 'ill-quadratic',
  f: (x, y, opts) => 0.5 * (x * x + kappaOf(opts) * y * y),
  grad: (x, y, opts) => [x, kappaOf(opts) * y],
  start: { x: 2, y: 1 },
  view: { xMin: -2.5, xMax: 2.5, yMin: -1.5, yMax: 1.5 },
  minima: [{ x: 0, y: 0, f: 0 }],
  saddles: [],
  contourScale: 'log',
};

const saddle: Landscape = {
  id: 'saddle',
  f: (x, y) => x * x - y * y,
  grad: (x, y) => [2 * x, -2 * y],
  start: { x: -1.5, y: 1e-3 },
  view: { xMin: -2, xMax: 2, yMin: -2, yMax: 2 },
  minima: [],
  saddles: [{ x: 0, y: 0 }],
  contourScale: 'linear',
};

export const LANDSCAPES: Record<LandscapeId, Landscape> = {
  rosenbrock,
  beale,
  himmelblau,
  'ill-quadratic': illQuadratic,
  saddle,
};

export function isLandscapeId(id: string): id is LandscapeId {
  return (LANDSCAPE_IDS as readonly string[]).includes(id);
}

/**
 * Sample f on an nx × ny grid over a view box (row-major, y rows from yMin to yMax), for
 * contour plots. Returns the values and their finite min/max.
 */
export function sampleGrid(
  id: LandscapeId,
  nx: number,
  ny: number,
  view: ViewBox = LANDSCAPES[id].view,
  opts?: LandscapeOpts,
): { values: Float64Array; min: number; max: number } {
  const { f } = LANDSCAPES[id];
  const values = new Float64Array(nx * ny);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < ny; j++) {
    const y = view.yMin + ((view.yMax - view.yMin) * j) / Math.max(1, ny - 1);
    for (let i = 0; i < nx; i++) {
      const x = view.xMin + ((view.xMax - view.xMin) * i) / Math.max(1, nx - 1);
      const v = f(x, y, opts);
      values[j * nx + i] = v;
      if (Number.isFinite(v)) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
  }
  return { values, min, max };
}
