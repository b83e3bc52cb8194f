/**
 * Uploaded CSV files of this page, by content hash (core/tasks/csvHash.ts). The text stays in
 * the browser: it goes to the training and fair workers (putCsv) and nowhere else; the link
 * records only the hash, file name and shape. A worker started later (a crash restart, the fair
 * worker on first use) gets every file on start.
 */
import { create } from 'zustand';

export interface CsvFile {
  hash: string;
  file: string;
  text: string;
}

type Sink = (hash: string, text: string) => void;

export const useCsvFiles = create<{ files: Record<string, CsvFile> }>(() => ({ files: {} }));
const sinks = new Set<Sink>();

/** Keep a file (its hash computed by the caller) and send it to every worker. */
export function registerCsv(f: CsvFile): void {
  useCsvFiles.setState((s) => ({ files: { ...s.files, [f.hash]: f } }));
  for (const sink of sinks) sink(f.hash, f.text);
}

export function csvFile(hash: string): CsvFile | undefined {
  return useCsvFiles.getState().files[hash];
}

/** `sink` gets every file now and every file registered later. */
export function onCsv(sink: Sink): void {
  sinks.add(sink);
  for (const f of Object.values(useCsvFiles.getState().files)) sink(f.hash, f.text);
}
