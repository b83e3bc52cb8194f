/**
 * Zod without its JIT: the JIT probes `new Function('')`, which the page's Content-Security-
 * Policy (no 'unsafe-eval'; see vite.config.ts) refuses and reports as a violation even though
 * zod catches it. Imported first by every browser entry (src/ui/main.tsx, workers/*.ts).
 */
import { z } from 'zod';

z.config({ jitless: true });
