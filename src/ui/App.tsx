/** The app shell: header with backend badge and picker, and the Compare / Meta-train tabs. */

import { BackendBadge } from './components/BackendBadge';
import { ComparePanel } from './components/ComparePanel';
import { FaultNotice } from './components/FaultNotice';
import { Intro } from './components/Intro';
import { Notice } from './components/Notice';
import { ShortcutsHelp } from './components/ShortcutsHelp';
import { Tabs } from './components/Tabs';
import { BackendPicker } from './controls/BackendPicker';
import { PresetMenu } from './fair/PresetMenu';
import { MetaTrainPanel } from './meta/MetaTrainPanel';
import { ShareBar } from './share/ShareBar';
import { ShareNotices } from './share/ShareNotices';
import { useView } from './store/viewStore';

export function App(props: { urlErrors: string[] }) {
  const tab = useView((s) => s.tab);
  const setTab = useView((s) => s.setTab);
  return (
    <div className="app">
      <header className="topbar">
        <h1>Optimizer Playground</h1>
        <ShareBar />
        <PresetMenu />
        <span className="spacer" />
        <BackendPicker />
        <BackendBadge />
        <ShortcutsHelp />
      </header>
      <Intro />
      <Notice title="Some settings in the URL were not applied" lines={props.urlErrors} />
      <ShareNotices />
      <FaultNotice />
      <main>
        <Tabs
          active={tab}
          onSelect={setTab}
          tabs={[
            { id: 'compare', label: 'Compare', render: () => <ComparePanel /> },
            { id: 'meta', label: 'Meta-train', render: () => <MetaTrainPanel /> },
          ]}
        />
      </main>
    </div>
  );
}
