import '../core/experiment/zodSetup';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { installFaultHandlers } from './faults';
import './styles.css';
import { useRun } from './store/runStore';
import { series } from './store/series';
import { useSpec } from './store/specStore';
import { mirrorToUrl, readUrl } from './urlSync';
import { checkpointStep, crashWorkerForTest, startWorker } from './worker/client';

installFaultHandlers();
const urlErrors = readUrl();
mirrorToUrl();
startWorker();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App urlErrors={urlErrors} />
  </StrictMode>,
);

// Read-only handle for the end-to-end tests (and curious users in the console).
(window as unknown as { __playground: unknown }).__playground = {
  series,
  useSpec,
  useRun,
  crashWorkerForTest,
  checkpointStep,
};
