/**
 * Labels and tooltips of the 'ppo' trainer's recipe fields (LHOPT; docs/algorithms.md §5.4–5.6,
 * docs/lhopt.md) in the Meta-train form.
 */
export const PPO_LABELS: Record<string, string> = {
  iterations: 'PPO iterations',
  hidden: 'policy units (FC and LSTM)',
  preset: 'inner optimizer',
  families: 'task families (training mix)',
  episodesPerIteration: 'episodes per iteration',
  envReuse: 'episodes per task (env reuse)',
  minOuter: 'outer steps: min',
  maxOuter: 'outer steps: max',
  minInner: 'inner steps per outer step: min',
  maxInner: 'inner steps per outer step: max',
  initialNoise: 'initial-value noise',
  lr: 'PPO lr (Adam on the policy)',
  clip: 'PPO clip ε',
  entropyCoef: 'entropy bonus',
  valueCoef: 'value-loss weight',
  gamma: 'γ (discount)',
  lambda: 'GAE λ',
  maxGradNorm: 'max gradient norm',
  epochs: 'PPO epochs per iteration',
  minibatch: 'episodes per minibatch',
};

export const PPO_HELP: Record<string, string> = {
  iterations: 'PPO iterations in total: each rolls out the episodes, then updates the policy',
  steps: 'horizon of the Meta-train tab’s periodic comparison with Adam (not of the training episodes)',
  hidden: 'units of the policy’s input layer and LSTM',
  families:
    'which task families the training episodes are drawn from (each episode samples one family, then its size and data); at least one',
  preset: 'lite: AdamW + gradient clipping (default); ciao: the paper’s CIAO configuration',
  episodesPerIteration: 'training episodes rolled out per PPO iteration',
  envReuse: 'episodes that share one sampled task (and its Adam baseline) before a new one is drawn',
  minOuter: 'fewest policy decisions (outer steps) in an episode',
  maxOuter: 'most policy decisions (outer steps) in an episode',
  minInner: 'fewest optimizer steps between two decisions',
  maxInner: 'most optimizer steps between two decisions',
  initialNoise:
    'start each episode from randomly scaled hyperparameters so the policy learns to repair bad starts',
  lr: 'learning rate of the Adam that trains the policy',
  clip: 'PPO’s ratio clip: how far one update may move the policy',
  entropyCoef: 'weight of the entropy bonus that keeps the policy exploring',
  valueCoef: 'weight of the value head’s squared error',
  gamma: 'discount of future rewards (1: episodic, undiscounted)',
  lambda: 'GAE’s bias–variance trade-off',
  maxGradNorm: 'clip the policy gradient to this global norm',
  epochs: 'passes of PPO over each iteration’s episodes',
  minibatch: 'episodes per PPO minibatch',
};
