/**
 * Explanations of the hand-designed optimizers for the info panel (pure data): the update rule
 * in TeX (typeset by KaTeX as MathML), a paragraph of intuition, what the charts show and what
 * to look for, and the reference. Equations as in docs/algorithms.md §1 and §6 (g = gradient,
 * α = lr, λ = weight decay; m̂, v̂ bias-corrected).
 */
import type { OptimizerId } from './catalog';

export interface Explanation {
  /** Display equations, one per line (TeX). */
  tex: string[];
  intuition: string;
  charts: string;
  paper: string;
}

const ADAM_MOMENTS = String.raw`m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t,\quad v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2`;
const HATS = String.raw`\hat m_t = \frac{m_t}{1-\beta_1^t},\quad \hat v_t = \frac{v_t}{1-\beta_2^t}`;
const LOSS_CHART = 'Loss chart: the training loss per step (mean over seeds with a band when seeds > 1).';

export const EXPLAIN: Record<OptimizerId, Explanation> = {
  sgd: {
    tex: [String.raw`\theta_t = \theta_{t-1} - \alpha\,(g_t + \lambda\theta_{t-1})`],
    intuition:
      'Step straight downhill, a fixed fraction α of the gradient. Simple and predictable, but one step size must suit every direction: on an ill-conditioned problem it is too small for the flat directions or too large for the steep ones.',
    charts: `${LOSS_CHART} Contour map: the path zig-zags across narrow valleys. Update norm: α·‖g‖, large where the gradient is large.`,
    paper: 'Robbins & Monro 1951, "A Stochastic Approximation Method"',
  },
  momentum: {
    tex: [String.raw`b_t = \mu\, b_{t-1} + g_t`, String.raw`\theta_t = \theta_{t-1} - \alpha\, b_t`],
    intuition:
      'A heavy ball: the velocity b accumulates gradients that agree from step to step and cancels those that flip sign, so it speeds along long shallow valleys and damps the zig-zag across them (about 1/(1−μ) times faster along consistent directions).',
    charts: `${LOSS_CHART} Contour map: overshoot and oscillation around the valley floor, then fast progress along it. Look for the ill-conditioned quadratic preset.`,
    paper: 'Polyak 1964, "Some methods of speeding up the convergence of iteration methods"',
  },
  nesterov: {
    tex: [
      String.raw`b_t = \mu\, b_{t-1} + g_t`,
      String.raw`\theta_t = \theta_{t-1} - \alpha\,(g_t + \mu\, b_t)`,
    ],
    intuition:
      'Momentum that looks ahead: it corrects with the gradient where the velocity is taking it, so it overshoots less than plain momentum.',
    charts: `${LOSS_CHART} Contour map: like momentum with smaller overshoots.`,
    paper: 'Nesterov 1983; Sutskever, Martens, Dahl, Hinton 2013, ICML',
  },
  adagrad: {
    tex: [
      String.raw`G_t = G_{t-1} + g_t^2`,
      String.raw`\theta_t = \theta_{t-1} - \alpha\,\frac{g_t}{\sqrt{G_t}+\epsilon}`,
    ],
    intuition:
      'Per-coordinate step sizes shrink with the total squared gradient seen: rarely-updated coordinates keep large steps. Because G only grows, the steps decay for ever, which can stall long runs.',
    charts: `${LOSS_CHART} Update norm: falls steadily as G grows.`,
    paper: 'Duchi, Hazan, Singer 2011, JMLR',
  },
  adadelta: {
    tex: [
      String.raw`E_t = \rho E_{t-1} + (1-\rho) g_t^2`,
      String.raw`\Delta_t = -\frac{\sqrt{D_{t-1}+\epsilon}}{\sqrt{E_t+\epsilon}}\, g_t,\quad D_t = \rho D_{t-1} + (1-\rho)\Delta_t^2`,
      String.raw`\theta_t = \theta_{t-1} + \alpha\,\Delta_t`,
    ],
    intuition:
      'AdaGrad with a forgetting average, and units fixed by scaling with the running size of past updates, so it needs almost no learning rate (α = 1 by default). It starts very slowly because D starts at 0.',
    charts: `${LOSS_CHART} Update norm: tiny at first, growing as D builds up.`,
    paper: 'Zeiler 2012, arXiv 1212.5701',
  },
  rmsprop: {
    tex: [
      String.raw`v_t = \alpha_v v_{t-1} + (1-\alpha_v) g_t^2`,
      String.raw`\theta_t = \theta_{t-1} - \alpha\,\frac{g_t}{\sqrt{v_t}+\epsilon}`,
    ],
    intuition:
      'Divide each coordinate by a running RMS of its gradient: every coordinate moves at about the same speed α whatever its gradient scale. Forgets, unlike AdaGrad.',
    charts: `${LOSS_CHART} Contour map: near-straight paths even on badly scaled landscapes.`,
    paper: 'Tieleman & Hinton 2012, Coursera lecture 6.5',
  },
  adam: {
    tex: [
      ADAM_MOMENTS,
      HATS,
      String.raw`\theta_t = \theta_{t-1} - \alpha\,\frac{\hat m_t}{\sqrt{\hat v_t}+\epsilon}`,
    ],
    intuition:
      'Momentum (m) on RMSprop-normalised steps (v), with both averages bias-corrected because they start at 0. Each coordinate moves at most about α per step, which makes α easy to pick and the method robust; the usual baseline.',
    charts: `${LOSS_CHART} Update norm: about α·√(number of parameters) early on. Tune its lr to see how sensitive it is.`,
    paper: 'Kingma & Ba 2015, "Adam: A Method for Stochastic Optimization", ICLR',
  },
  adamw: {
    tex: [
      ADAM_MOMENTS,
      String.raw`\theta_t = \theta_{t-1}(1-\alpha\lambda) - \alpha\,\frac{\hat m_t}{\sqrt{\hat v_t}+\epsilon}`,
    ],
    intuition:
      "Adam with weight decay applied to the weights directly (decoupled) instead of added to the gradient, where Adam's normalisation would weaken it for coordinates with large gradients.",
    charts: `${LOSS_CHART} Identical to Adam when λ = 0.`,
    paper: 'Loshchilov & Hutter 2019, "Decoupled Weight Decay Regularization", ICLR',
  },
  amsgrad: {
    tex: [
      ADAM_MOMENTS,
      String.raw`\tilde v_t = \max(\tilde v_{t-1}, v_t)`,
      String.raw`\theta_t = \theta_{t-1} - \alpha\,\frac{\hat m_t}{\sqrt{\tilde v_t/(1-\beta_2^t)}+\epsilon}`,
    ],
    intuition:
      'Adam whose denominator never shrinks, so step sizes never grow back: this fixes a convergence counter-example of Adam, at the price of slower steps after a burst of large gradients.',
    charts: `${LOSS_CHART} Update norm: never rises after a spike in the gradient.`,
    paper: 'Reddi, Kale, Kumar 2018, "On the Convergence of Adam and Beyond", ICLR',
  },
  adamax: {
    tex: [
      String.raw`m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t,\quad u_t = \max(\beta_2 u_{t-1}, |g_t| + \epsilon)`,
      String.raw`\theta_t = \theta_{t-1} - \frac{\alpha}{1-\beta_1^t}\,\frac{m_t}{u_t}`,
    ],
    intuition:
      'Adam with the RMS replaced by a decaying maximum of |g| (the ∞-norm): steps are bounded by α and insensitive to rare outliers in the squared gradient.',
    charts: `${LOSS_CHART}`,
    paper: 'Kingma & Ba 2015, ICLR, §7.1',
  },
  adabound: {
    tex: [
      String.raw`\eta_t = \frac{\alpha\sqrt{1-\beta_2^t}}{(1-\beta_1^t)(\sqrt{v_t}+\epsilon)}`,
      String.raw`\theta_t = \theta_{t-1} - \operatorname{clip}\!\Big(\eta_t,\ \alpha^\ast\big(1-\tfrac{1}{\gamma t+1}\big),\ \alpha^\ast\big(1+\tfrac{1}{\gamma t}\big)\Big)\, m_t`,
    ],
    intuition:
      'Adam whose per-coordinate step sizes are clipped between bounds that start wide and close in on a final SGD learning rate α*: Adam early, SGD late.',
    charts: `${LOSS_CHART} AdaBound chart: the lower and upper bounds converging on α*, and where the raw step sizes sit between them.`,
    paper: 'Luo, Xiong, Liu, Sun 2019, "Adaptive Gradient Methods with Dynamic Bound of Learning Rate", ICLR',
  },
  adamod: {
    tex: [
      ADAM_MOMENTS,
      String.raw`\eta_t = \frac{\alpha\sqrt{1-\beta_2^t}}{(1-\beta_1^t)(\sqrt{v_t}+\epsilon)},\quad s_t = \beta_3 s_{t-1} + (1-\beta_3)\,\eta_t`,
      String.raw`\theta_t = \theta_{t-1}(1-\alpha\lambda) - \min(\eta_t, s_t)\, m_t`,
    ],
    intuition:
      "Adam with a memory of its own step sizes: each coordinate's step is capped by s_t, the running average of its past steps, so a sudden huge step (tiny v) cannot happen. Since s_0 = 0, the first step is (1−β3)·η, 1000× smaller than Adam's with β3 = 0.999: a built-in warm-up.",
    charts: `${LOSS_CHART} AdaMod chart: the raw step sizes η_t (median, 5–95% band) against the bound s_t — the applied step is min(η, s), so wherever η is above s the bound is active (the clipped fraction). Early on s climbs from 0 (warm-up); with large lr, η spikes above s and is cut. See the AdaMod presets.`,
    paper:
      'Ding, Ren, Luo, Sun 2019, "An Adaptive and Momental Bound Method for Stochastic Learning", arXiv 1910.12249',
  },
};
