/**
 * The app shell: header with backend badge and picker, and the Compare / Meta-train tabs. With
 * embed=1 (embed/viewParams.ts) a slim bar replaces header, intro and tabs; hide=share drops the
 * share bar, hide=meta the Meta-train tab.
 */

import { BackendBadge } from './components/BackendBadge';
import { ComparePanel } from './components/ComparePanel';
import { FaultNotice } from './components/FaultNotice';
import { Intro } from './components/Intro';
import { Notice } from './components/Notice';
import { ShortcutsHelp } from './components/ShortcutsHelp';
import { Tabs } from './components/Tabs';
import { BackendPicker } from './controls/BackendPicker';
import { EmbedBar } from './embed/EmbedBar';
import { useEmbed, useHidden } from './embed/embedStore';
import { PresetMenu } from './fair/PresetMenu';
import { MetaTrainPanel } from './meta/MetaTrainPanel';
import { ShareBar } from './share/ShareBar';
import { ShareNotices } from './share/ShareNotices';
import { useView } from './store/viewStore';

export function App(props: { urlErrors: string[] }) {
  const tab = useView((s) => s.tab);
  const setTab = useView((s) => s.setTab);
  const embed = useEmbed((s) => s.embed);
  const noShare = useHidden('share');
  const noMeta = useHidden('meta');
  return (
    <div className={embed ? 'app embed' : 'app'}>
      {embed ? (
        <EmbedBar />
      ) : (
        <header className="topbar">
          <h1>Optimizer Playground</h1>
          {!noShare && <ShareBar />}
          <PresetMenu />
          <span className="spacer" />
          <BackendPicker />
          <BackendBadge />
          <ShortcutsHelp />
        </header>
      )}
      {!embed && <Intro />}
      <Notice title="Some settings in the URL were not applied" lines={props.urlErrors} />
      <ShareNotices />
      <FaultNotice />
      <main>
        {noMeta ? (
          <ComparePanel />
        ) : (
          <Tabs
            active={tab}
            onSelect={setTab}
            tabs={[
              { id: 'compare', label: 'Compare', render: () => <ComparePanel /> },
              { id: 'meta', label: 'Meta-train', render: () => <MetaTrainPanel /> },
            ]}
          />
        )}
      </main>
    </div>
  );
}
