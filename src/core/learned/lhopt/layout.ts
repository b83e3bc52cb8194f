/**
 * LHOPT's feature layout (pure constants; docs/algorithms.md §5.1): the 13 inner features'
 * names in order, and the accumulator the inner optimizer fills on the device:
 * [0, 13) inner features, 13 ‖ΔP‖, 14 ‖P‖, 15 Σ loss (every step).
 */
export const INNER_FEATURE_NAMES = [
  'did_grad_clip',
  'sqrt_v_hat_gt_epsilon',
  'mean_log_abs_adam_pre_lr_update',
  'log_two_regimes_scale',
  'log_adam_update_norm_over_param_norm',
  'log_noise_scale',
  'cos_grad_momentum',
  'cos_grad_param',
  'cos_grad_update',
  'log_lamb',
  'logit_cdf_cos_grad_momentum',
  'logit_cdf_cos_grad_update',
  'cdf_cos_grad_param',
] as const;
export const N_INNER = INNER_FEATURE_NAMES.length;

export const ACC_UPDATE_NORM = N_INNER;
export const ACC_PARAM_NORM = N_INNER + 1;
export const ACC_LOSS = N_INNER + 2;
export const ACC_SIZE = N_INNER + 3;
