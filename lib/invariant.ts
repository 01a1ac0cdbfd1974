// Programming errors made visible: a value the code's own logic guarantees (an index inside the array
// it came from, a row just inserted) that is nevertheless missing. Expected failures (bad input, Graph
// refusing, a row deleted meanwhile) never go through here: they get their own typed errors and messages.

/** Thrown when an invariant of Roomlink's own code does not hold: always a bug, never the user's input. */
export class InvariantError extends Error {
  override name = "InvariantError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** `value`, or an InvariantError naming what was missing (for indexes and lookups that cannot miss). */
export function must<T>(value: T | null | undefined, what: string): T {
  if (value === undefined || value === null) throw new InvariantError(`missing: ${what}`);
  return value;
}
