/** Meta-train panel: placeholder until the learned-optimizer work lands. */
export function MetaTrainPanel() {
  return <p>Meta-training is coming with the learned optimizers.</p>;
}
