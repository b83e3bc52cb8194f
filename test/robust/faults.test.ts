/** The page's last-resort handler: an unhandled rejection or error becomes a visible message. */
import { describe, expect, it } from 'vitest';
import { installFaultHandlers, MAX_FAULTS, useFaults } from '../../src/ui/faults';

describe('installFaultHandlers', () => {
  it('turns unhandled rejections and errors into messages (deduplicated, newest kept)', () => {
    const handlers: Record<string, (e: unknown) => void> = {};
    installFaultHandlers({
      addEventListener: ((type: string, h: (e: unknown) => void) => {
        handlers[type] = h;
      }) as Window['addEventListener'],
    });
    let prevented = false;
    handlers.unhandledrejection({
      reason: new Error('worker call failed'),
      preventDefault: () => (prevented = true),
    });
    handlers.unhandledrejection({ reason: 'plain string', preventDefault: () => undefined });
    handlers.error({ error: null, message: 'Script error.' });
    handlers.unhandledrejection({ reason: new Error('worker call failed'), preventDefault: () => undefined });
    expect(prevented).toBe(true);
    expect(useFaults.getState().lines).toEqual(['plain string', 'Script error.', 'worker call failed']);
    for (let i = 0; i < 10; i++)
      handlers.unhandledrejection({ reason: `e${i}`, preventDefault: () => undefined });
    expect(useFaults.getState().lines).toHaveLength(MAX_FAULTS);
    expect(useFaults.getState().lines.at(-1)).toBe('e9');
    useFaults.getState().clear();
    expect(useFaults.getState().lines).toEqual([]);
  });
});
