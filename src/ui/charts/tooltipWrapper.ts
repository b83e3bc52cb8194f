/**
 * recharts hides its tooltip box when no <Line>/<Area> supplies a payload; our charts draw
 * their series as FastLines paths and their tooltips read the buffers themselves, so the box
 * is always made visible (the content renders nothing while the pointer is away).
 */
export const TOOLTIP_WRAPPER = { visibility: 'visible' } as const;
