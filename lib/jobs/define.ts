// Job kinds and definitions. A kind is a job's name and the zod schema of its payload: enough to
// enqueue it (queue.ts parses the payload before it is stored). A definition is a kind plus its
// handler, registered with the runner (runner.ts registerJob), which parses the stored payload again
// when it claims the job, so a handler only ever sees a payload of its own type. Kinds live in
// small leaf modules (lib/sync/jobs.ts) so code that enqueues never imports the handlers' world.
import { z } from "zod";
import type { Job } from "@/db/schema";

/** A job's name and the shape of its payload (a JSON object: it is stored in jobs.payload). */
export interface JobKind<P extends Record<string, unknown>> {
  readonly name: string;
  readonly payload: z.ZodType<P>;
}

/** A kind with the work it stands for: `{ name, payload, handler }`. */
export interface JobDefinition<P extends Record<string, unknown>> extends JobKind<P> {
  readonly handler: (payload: P, job: Job) => Promise<void>;
}

/** Thrown by enqueue (and reported on claim) when a payload does not fit its job's schema. */
export class JobPayloadError extends Error {
  override name = "JobPayloadError";
  constructor(
    readonly job: string,
    cause: z.ZodError,
  ) {
    super(`job ${job}: payload does not fit its definition: ${z.prettifyError(cause).replace(/\n/g, "; ")}`, {
      cause,
    });
  }
}

// Every kind this process has seen, by name, so a legacy enqueue by name is checked too.
const g = globalThis as unknown as { __roomlinkJobKinds?: Map<string, z.ZodType<Record<string, unknown>>> };
const known = (g.__roomlinkJobKinds ??= new Map<string, z.ZodType<Record<string, unknown>>>());

export function jobKind<P extends Record<string, unknown>>(name: string, payload: z.ZodType<P>): JobKind<P> {
  known.set(name, payload);
  return { name, payload };
}

export function defineJob<P extends Record<string, unknown>>(def: JobDefinition<P>): JobDefinition<P> {
  known.set(def.name, def.payload);
  return def;
}

/** The payload as its kind's schema reads it, or a JobPayloadError naming the job and what is wrong. */
export function parsePayload<P extends Record<string, unknown>>(kind: JobKind<P>, payload: unknown): P {
  const parsed = kind.payload.safeParse(payload);
  if (!parsed.success) throw new JobPayloadError(kind.name, parsed.error);
  return parsed.data;
}

/** The schema of a kind known to this process by name (a legacy enqueue by name), if any. */
export function knownKind(name: string): JobKind<Record<string, unknown>> | undefined {
  const payload = known.get(name);
  return payload ? { name, payload } : undefined;
}
