// The bench's side of the standalone sandbox tenant: its control API (plain http), its fault switches
// (/ui/api/faults) and Graph v1.0 as the bench's own app registration (so an access policy on the
// integration's app never stops the "people" creating meetings), with a CA-trusting dispatcher.
import fs from "node:fs";
import { Agent, fetch } from "undici";

export interface SandboxInfo {
  authority: string;
  graphBaseUrl: string;
  caFile: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  rooms: string[];
  users: string[];
}

export interface GraphTime {
  dateTime: string;
  timeZone: string;
}

export interface RoomEvent {
  id: string;
  iCalUId?: string;
  subject?: string;
  start: GraphTime;
  end: GraphTime;
  isCancelled?: boolean;
  singleValueExtendedProperties?: { id: string; value: string }[];
}

export class GraphHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly retryAfter: number,
  ) {
    super(`Graph ${status}: ${body.slice(0, 200)}`);
  }
}

export const gt = (d: Date): GraphTime => ({ dateTime: d.toISOString().slice(0, 19), timeZone: "UTC" });
/** Graph answers in UTC here (no Prefer: outlook.timezone): a dateTime without an offset. */
export const fromGt = (t: GraphTime): number => Date.parse(`${t.dateTime.replace(/Z$/, "").slice(0, 23)}Z`);

export class SandboxClient {
  readonly origin: string;
  private dispatcher: Agent;
  private token: { value: string; until: number } | null = null;
  private app: { clientId: string; secret: string } | null = null;
  /** Graph calls of the bench that needed a retry (faults hit the bench's "people" too). */
  retries = 0;

  constructor(readonly info: SandboxInfo) {
    this.origin = new URL(info.graphBaseUrl).origin.replace("https:", "http:");
    this.dispatcher = new Agent({ connect: { ca: fs.readFileSync(info.caFile, "utf8") }, connections: 16 });
  }

  async control<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.origin}/_sandbox/api/${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  async faults(patch: Record<string, unknown>): Promise<void> {
    const res = await fetch(`${this.origin}/ui/api/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(patch),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`sandbox faults: ${res.status}`);
    await res.arrayBuffer();
  }

  /** Change-notification deliveries Graph gave up on since `since` (the sandbox keeps the last 500 log entries). */
  async deliveriesGivenUp(since: number): Promise<{ changes: number; lifecycle: number }> {
    const res = await fetch(`${this.origin}/ui/api/deliveries`, { signal: AbortSignal.timeout(10_000) });
    const j = (await res.json()) as { value: { time: string; kind: string; outcome: string; count: number }[] };
    const given = j.value.filter((e) => e.outcome === "dropped" && Date.parse(e.time) >= since);
    const sum = (kind: string) => given.filter((e) => e.kind === kind).reduce((n, e) => n + e.count, 0);
    return { changes: sum("change"), lifecycle: sum("lifecycle") };
  }

  /** A separate app registration for the bench's people (admin consent for Calendars.ReadWrite). */
  async registerBenchApp(): Promise<void> {
    const app = await this.control<{ clientId: string; secretText: string }>("POST", "apps", {
      displayName: "bench:faults people",
      applicationPermissions: ["Calendars.ReadWrite"],
      adminConsent: true,
    });
    this.app = { clientId: app.clientId, secret: app.secretText };
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.until > Date.now() + 60_000) return this.token.value;
    if (!this.app) throw new Error("registerBenchApp first");
    const res = await fetch(`${this.info.authority}/oauth2/v2.0/token`, {
      method: "POST",
      dispatcher: this.dispatcher,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: this.app.clientId,
        client_secret: this.app.secret,
        scope: "https://graph.microsoft.com/.default",
      }).toString(),
      signal: AbortSignal.timeout(10_000),
    });
    const j = (await res.json()) as { access_token?: string; expires_in?: number; error_description?: string };
    if (!j.access_token) throw new Error(`bench token: ${j.error_description ?? res.status}`);
    this.token = { value: j.access_token, until: Date.now() + (j.expires_in ?? 3600) * 1000 };
    return j.access_token;
  }

  private async once<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = path.startsWith("https:") ? path : `${this.info.graphBaseUrl}${path}`;
    const res = await fetch(url, {
      method,
      dispatcher: this.dispatcher,
      headers: {
        authorization: `Bearer ${await this.accessToken()}`,
        "content-type": "application/json",
        prefer: 'IdType="ImmutableId"',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    if (!res.ok) throw new GraphHttpError(res.status, text, Number(res.headers.get("retry-after") ?? 1));
    return (text ? JSON.parse(text) : {}) as T;
  }

  /** A Graph call retried on 429 / 5xx / network errors until `budgetMs` has passed (bounded). */
  async graph<T>(method: string, path: string, body?: unknown, budgetMs = 20_000): Promise<T> {
    const until = Date.now() + budgetMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once<T>(method, path, body);
      } catch (e) {
        const retryable = !(e instanceof GraphHttpError) || e.status === 429 || e.status >= 500;
        if (!retryable || Date.now() > until) throw e;
        this.retries++;
        const wait = e instanceof GraphHttpError ? Math.min(e.retryAfter, 3) * 1000 : 500;
        await new Promise((r) => setTimeout(r, Math.min(wait, Math.max(0, until - Date.now())) + 50));
      }
    }
  }

  /** Every event on a calendar in [from, to) (paged), with Roomlink's booking-id property expanded. */
  async calendar(upn: string, from: Date, to: Date, expand: string): Promise<RoomEvent[]> {
    const out: RoomEvent[] = [];
    let next: string | undefined =
      `/users/${encodeURIComponent(upn)}/calendarView?startDateTime=${from.toISOString()}&endDateTime=${to.toISOString()}&$top=200&$expand=${encodeURIComponent(expand)}`;
    for (let pages = 0; next && pages < 100; pages++) {
      const page: { value: RoomEvent[]; "@odata.nextLink"?: string } = await this.graph("GET", next, undefined, 60_000);
      out.push(...page.value);
      next = page["@odata.nextLink"];
    }
    return out;
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}
