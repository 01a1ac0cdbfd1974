// Per-mailbox Graph request budget in this process: Graph throttles at 10,000 requests per 10 min
// per app + mailbox (DESIGN §3); we stop at 80 % and defer the job instead of earning 429s.
const WINDOW_MS = 600_000;
export const BUDGET_PER_WINDOW = 8000;

const g = globalThis as unknown as { __roomlinkBudget?: Map<string, number[]> };
const used = (g.__roomlinkBudget ??= new Map<string, number[]>());

export class BudgetExhaustedError extends Error {
  override name = "BudgetExhaustedError";
  constructor(
    readonly mailbox: string,
    readonly retryAfterMs: number,
  ) {
    super(`Request budget for ${mailbox} used up; resuming in ${Math.ceil(retryAfterMs / 1000)} s.`);
  }
}

/** Count one Graph request against `group` (integration + mailbox) or throw BudgetExhaustedError. */
export function takeBudget(group: string, limit = BUDGET_PER_WINDOW, now = Date.now()): void {
  const list = (used.get(group) ?? []).filter((t) => t > now - WINDOW_MS);
  if (list.length >= limit) {
    used.set(group, list);
    throw new BudgetExhaustedError(group, (list[0] ?? now) + WINDOW_MS - now);
  }
  list.push(now);
  used.set(group, list);
}

export function resetBudgets(): void {
  used.clear();
}
