// CPU time (user + system) of a process and its descendants, from Linux /proc: what one request
// costs the server, next to bench:faults' treeRss.
import fs from "node:fs";

const TICK_MS = 10; // USER_HZ is 100 on Linux

export function treeCpuMs(pid: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      // pid (comm) state ppid … utime(14) stime(15): comm may hold spaces, so split after the last ')'.
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      stats.set(Number(d), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      /* exited meanwhile */
    }
  }
  let ticks = 0;
  const stack = [pid];
  for (let p = stack.pop(); p !== undefined; p = stack.pop()) {
    ticks += stats.get(p)?.ticks ?? 0;
    for (const [child, s] of stats) if (s.ppid === p) stack.push(child);
  }
  return ticks * TICK_MS;
}
