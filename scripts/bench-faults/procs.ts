// The OS processes the fault bench starts (sandbox, `next start` apps, workers): each in its own
// process group so a SIGKILL reaches whatever it spawned, output to a log file per process, and
// every one of them ended on exit, on failure and on Ctrl-C.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export interface Proc {
  name: string;
  child: ChildProcess;
  pid: number;
  logFile: string;
  exited: Promise<number | null>;
}

export class Procs {
  private live = new Set<Proc>();
  private seq = 0;

  constructor(private readonly logDir: string) {}

  start(
    name: string,
    command: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    onStdoutLine?: (l: string) => void,
  ): Proc {
    const logFile = path.join(this.logDir, `${String(++this.seq).padStart(2, "0")}-${name}.log`);
    const out = fs.openSync(logFile, "a");
    const child = spawn(command, args, {
      cwd: process.cwd(),
      env,
      detached: true, // its own process group: kill(-pid) ends it and its children
      stdio: ["ignore", onStdoutLine ? "pipe" : out, out],
    });
    if (child.pid === undefined) throw new Error(`could not start ${name}`);
    if (onStdoutLine && child.stdout) {
      let buf = "";
      child.stdout.on("data", (c: Buffer) => {
        fs.appendFileSync(logFile, c);
        buf += c.toString("utf8");
        let nl: number;
        while ((nl = buf.indexOf("\n")) >= 0) {
          onStdoutLine(buf.slice(0, nl));
          buf = buf.slice(nl + 1);
        }
      });
    }
    const proc: Proc = {
      name,
      child,
      pid: child.pid,
      logFile,
      exited: new Promise((resolve) =>
        child.once("exit", (code) => {
          fs.closeSync(out);
          this.live.delete(proc);
          resolve(code);
        }),
      ),
    };
    this.live.add(proc);
    return proc;
  }

  /** SIGKILL to the process group, then wait for the exit (bounded). */
  async kill(p: Proc, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    if (!this.live.has(p)) return;
    try {
      process.kill(-p.pid, signal);
    } catch {
      /* already gone */
    }
    await Promise.race([p.exited, new Promise((r) => setTimeout(r, 10_000))]);
  }

  /** Graceful stop: SIGTERM, SIGKILL after `graceMs`. */
  async stop(p: Proc, graceMs = 5_000): Promise<void> {
    if (!this.live.has(p)) return;
    try {
      process.kill(-p.pid, "SIGTERM");
    } catch {
      return;
    }
    const done = await Promise.race([
      p.exited.then(() => true),
      new Promise((r) => setTimeout(() => r(false), graceMs)),
    ]);
    if (!done) await this.kill(p);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.live].map((p) => this.stop(p)));
  }

  /** Synchronous last resort (process 'exit' handler): SIGKILL every group still running. */
  killAllNow(): void {
    for (const p of this.live) {
      try {
        process.kill(-p.pid, "SIGKILL");
      } catch {
        /* gone */
      }
    }
  }
}

/** Resident set of a process and its descendants, in bytes (Linux /proc). */
export function treeRss(pid: number): number {
  const kids = new Map<number, number[]>();
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      // pid (comm) state ppid ...: comm may hold spaces, so split after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = kids.get(ppid) ?? [];
      list.push(Number(d));
      kids.set(ppid, list);
    } catch {
      /* exited meanwhile */
    }
  }
  let total = 0;
  const stack = [pid];
  for (let p = stack.pop(); p !== undefined; p = stack.pop()) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${p}/status`, "utf8"));
      if (m?.[1]) total += Number(m[1]) * 1024;
    } catch {
      /* exited */
    }
    stack.push(...(kids.get(p) ?? []));
  }
  return total;
}
