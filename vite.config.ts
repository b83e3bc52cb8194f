import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// No COOP/COEP headers on purpose: threaded tfjs-wasm crashes in minified builds (docs/environment.md).
export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
});
