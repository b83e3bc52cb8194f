/** The app shell: header with backend badge and picker, and the Compare / Meta-train tabs. */

import { BackendBadge } from './components/BackendBadge';
import { ComparePanel } from './components/ComparePanel';
import { FaultNotice } from './components/FaultNotice';
import { Notice } from './components/Notice';
import { Tabs } from './components/Tabs';
import { BackendPicker } from './controls/BackendPicker';
import { MetaTrainPanel } from './meta/MetaTrainPanel';
import { ShareBar } from './share/ShareBar';
import { ShareNotices } from './share/ShareNotices';

export function App(props: { urlErrors: string[] }) {
  return (
    <div className="app">
      <header className="topbar">
        <h1>Optimizer Playground</h1>
        <ShareBar />
        <span className="spacer" />
        <BackendPicker />
        <BackendBadge />
      </header>
      <Notice title="Some settings in the URL were not applied" lines={props.urlErrors} />
      <ShareNotices />
      <FaultNotice />
      <main>
        <Tabs
          tabs={[
            { id: 'compare', label: 'Compare', render: () => <ComparePanel /> },
            { id: 'meta', label: 'Meta-train', render: () => <MetaTrainPanel /> },
          ]}
        />
      </main>
    </div>
  );
}
