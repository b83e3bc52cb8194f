/** "Race it": add saved weights to the comparison and switch to the Compare view. */
import { useSpec } from '../store/specStore';
import { useView } from '../store/viewStore';
import { useMeta } from './metaStore';

export function raceIt(kind: string, name: string): void {
  const before = useSpec.getState().spec.optimizers.length;
  useSpec.getState().addLearned(kind, `local:${name}`);
  if (useSpec.getState().spec.optimizers.length === before) {
    useMeta.setState({ error: `race local:${name}: the comparison is full; remove an optimizer first` });
    return;
  }
  useView.getState().setTab('compare');
}
