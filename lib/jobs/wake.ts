// In-process wake-up signal: the webhook nudges the local worker so a persisted notification is
// picked up at once instead of at the next poll. Losing a nudge only costs one poll interval.
import { EventEmitter } from "node:events";

const g = globalThis as unknown as { __roomlinkWake?: EventEmitter };
const emitter: EventEmitter = (g.__roomlinkWake ??= new EventEmitter().setMaxListeners(50));

export function wakeWorkers(): void {
  emitter.emit("wake");
}

export function onWake(fn: () => void): () => void {
  emitter.on("wake", fn);
  return () => emitter.off("wake", fn);
}
