/**
 * The embedded view's only chrome (embed=1): the app's name and task, the backend badge, and a
 * link that opens the same experiment in the full playground in a new tab.
 */
import { TASKS } from '../../core/tasks/catalog';
import { BackendBadge } from '../components/BackendBadge';
import { useSpec } from '../store/specStore';
import { shareUrl } from '../urlSync';

export function EmbedBar() {
  // The whole spec: the "open" link follows every edit.
  const taskId = useSpec((s) => s.spec).task.id;
  const task = Object.hasOwn(TASKS, taskId) ? TASKS[taskId as keyof typeof TASKS].label : taskId;
  return (
    <header className="embed-bar" data-testid="embed-bar">
      <span className="embed-title">
        Optimizer Playground · <span className="faint">{task}</span>
      </span>
      <span className="spacer" />
      <BackendBadge />
      <a href={shareUrl()} target="_blank" rel="noopener noreferrer" data-testid="open-full">
        Open in the playground ↗
      </a>
    </header>
  );
}
