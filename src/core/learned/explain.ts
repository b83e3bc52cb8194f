/**
 * Explanations of the learned optimizers for the info panel (pure data; docs/algorithms.md
 * §2 DMOptimizer, §3 RNNprop, §4 HyperAdam and VHAdam). Same shape as optim/explain.ts.
 */
import type { Explanation } from '../optim/explain';
import type { LearnedId } from './catalog';

export const LEARNED_EXPLAIN: Record<LearnedId, Explanation> = {
  dmoptimizer: {
    tex: [
      String.raw`x_t = \mathrm{LogAndSign}_{10}(g_t)`,
      String.raw`(o_t, h_t) = \mathrm{LSTM}^{2}_{\phi}(x_t, h_{t-1})`,
      String.raw`\theta_t = \theta_{t-1} + 0.1\,(w^\top o_t + b)`,
    ],
    intuition:
      "A small LSTM, shared by every coordinate, reads each gradient (as log-magnitude and sign) and its own memory, and outputs the step. Its weights φ were meta-trained by backpropagating the optimizee's loss through unrolled training. It learns the training distribution well but sees raw gradient scales, so it generalises poorly: change the activation and it can fail.",
    charts:
      'Loss chart: compare with Adam; on ReLU/ELU MNIST it stalls or blows up (the DMOptimizer vs RNNprop preset). Update norm: its steps are not bounded, so watch for spikes.',
    paper: 'Andrychowicz et al. 2016, "Learning to learn by gradient descent by gradient descent", NeurIPS',
  },
  rnnprop: {
    tex: [
      String.raw`\hat m_t, \hat v_t \text{ as in Adam } (\beta = 0.95),\quad x_t = \Big(\frac{g_t}{\sqrt{\hat v_t}+\epsilon},\ \frac{\hat m_t}{\sqrt{\hat v_t}+\epsilon}\Big)`,
      String.raw`(o_t, h_t) = \mathrm{LSTM}^{2}_{\phi}\big(\mathrm{ELU}(W x_t + c),\ h_{t-1}\big)`,
      String.raw`\theta_t = \theta_{t-1} - 0.1\,\tanh(w^\top o_t + b)`,
    ],
    intuition:
      'The LSTM sees gradients divided by their running RMS (scale-free, like Adam), and its step is bounded by tanh: that is what lets it transfer to other activations and to runs much longer than it was trained on. Meta-trained with random scaling of the objective and a convex combination with Adam.',
    charts:
      'Loss chart: compare with tuned Adam and DMOptimizer across activations, and over 2,000 steps (the long-horizon preset). Update norm: bounded by 0.1·√n.',
    paper: 'Lv, Jiang, Li 2017, "Learning Gradient Descent: Better Generalization and Longer Horizons", ICML',
  },
  hyperadam: {
    tex: [
      String.raw`\hat m^{(j)}_t = \frac{m^{(j)}_t}{1-\prod_{k\le t}\beta_{1,k}^{(j)}},\ \ \hat v^{(j)}_t \text{ likewise},\quad j = 1..J`,
      String.raw`d^{(j)}_t = \frac{\hat m^{(j)}_t}{\sqrt{\hat v^{(j)}_t}+\epsilon},\quad w_t = \mathrm{softmax}\big(\mathrm{WeightCell}(h_t)\big)`,
      String.raw`\theta_t = \theta_{t-1} - \alpha \sum_{j} w^{(j)}_t\, d^{(j)}_t`,
    ],
    intuition:
      "J = 20 Adam updates run side by side, each with decay rates β1, β2 chosen per coordinate and step by an LSTM state cell, and the step is a learned weighting of them. It stays an Adam combination, so it inherits Adam's robustness while adapting its decays to the task.",
    charts:
      'HyperAdam chart: the learned decay rates (β1, β2 over coordinates) and the combination weights w_j; look for weights concentrating on a few candidates. Loss chart: close to, sometimes below, tuned Adam.',
    paper: 'Wang, Sun, Xu 2019, "HyperAdam: A Learnable Task-Adaptive Adam for Network Training", AAAI',
  },
  vhadam: {
    tex: [
      String.raw`\mu_t = \text{HyperAdam update},\quad \log\sigma^2_t = \mathrm{VarBlock}_\phi(h_t)`,
      String.raw`d_t = \mu_t + \sigma_t\,\xi_t,\quad \xi_t \sim \mathcal N(0, I)`,
      String.raw`\theta_t = \theta_{t-1} - \alpha\, d_t`,
    ],
    intuition:
      'Variational HyperAdam treats the update as a random variable: HyperAdam gives its mean, a VarBlock its variance, and updates are sampled (reparameterised), meta-trained with a KL term toward a prior. The noise helps exploration; sample = 0 uses the mean.',
    charts:
      'VarBlock chart: σ² against μ² per step — when σ² is far below μ² the sampled updates are nearly the mean; when comparable, sampling really explores. Sampled vs mean update norms.',
    paper: 'Wang, Yang, Sun, Xu 2022, "Variational HyperAdam", TPAMI',
  },
};
