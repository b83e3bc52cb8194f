/**
 * LHOPT's tfjs half (docs/algorithms.md §5): `build` wraps the policy's weights; LHOPT is not
 * coordinatewise (its policy reads whole-run features and sets hyperparameters), so it runs
 * through `asRule()` (rule.ts) rather than the coordinatewise `step`.
 */
import type { LearnedKind } from '../kind';
import type { MetaParams } from '../metaParams';
import type { LearnedOptimizer } from '../types';
import { type LhoptArchitecture, lhoptMeta } from './meta';
import { Policy } from './policy';
import { lhoptPolicyShape } from './policyDefs';
import { lhoptRule } from './rule';

export function createLhopt(
  a: LhoptArchitecture,
  weights: MetaParams,
): LearnedOptimizer & { policy: Policy } {
  const policy = new Policy(lhoptPolicyShape(a.hidden), weights);
  const notCoordinatewise = (): never => {
    throw new Error('lhopt is not a coordinatewise learned optimizer: use its update rule (asRule)');
  };
  return {
    kind: 'lhopt',
    architecture: a,
    weights,
    policy,
    initState: notCoordinatewise,
    step: notCoordinatewise,
    asRule: () => lhoptRule(policy, policy.readNorm()),
    dispose: () => weights.dispose(),
  };
}

export const lhopt: LearnedKind<LhoptArchitecture> = { ...lhoptMeta, build: createLhopt };
