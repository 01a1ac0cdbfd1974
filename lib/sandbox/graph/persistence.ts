// Demo-mode persistence of the Graph half's state: load at start, debounced atomic saves, flush on close.
// Tests run without a state file and start from an empty tenant in milliseconds.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Logger } from "@/lib/log";
import { emptyState, type GraphState } from "./model";

const DEBOUNCE_MS = 500;

export function loadState(file: string | undefined, log: Logger): GraphState {
  if (!file) return emptyState();
  try {
    const s = JSON.parse(readFileSync(file, "utf8")) as GraphState;
    if (typeof s.seq === "number" && s.mailboxes && s.subscriptions) return s;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT")
      log.warn({ err, file }, "sandbox graph state unreadable; starting empty");
  }
  return emptyState();
}

export class Saver {
  private timer: NodeJS.Timeout | undefined;
  constructor(
    private file: string | undefined,
    private state: () => GraphState,
    private log: Logger,
  ) {}

  changed(): void {
    if (!this.file || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, DEBOUNCE_MS);
    this.timer.unref?.();
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.file) return;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const tmp = `${this.file}.tmp`;
      writeFileSync(tmp, JSON.stringify(this.state()));
      renameSync(tmp, this.file);
    } catch (err) {
      this.log.error({ err, file: this.file }, "sandbox graph state could not be saved");
    }
  }
}
