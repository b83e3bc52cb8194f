import type { z } from 'zod';

/** Turn zod issues into one-line messages that name the field (dotted path) and the problem. */
export function describeIssues(error: z.ZodError, prefix = ''): string[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/**
 * An error in what the user asked for (a spec entry, its weights), not in the backend: hosts
 * report it as is instead of falling back to another backend and retrying.
 */
export class InputError extends Error {
  override name = 'InputError';
}

export function isInputError(e: unknown): boolean {
  return e instanceof Error && e.name === 'InputError';
}
