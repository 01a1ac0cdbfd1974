// Shared fixtures for the Graph half's tests: a fresh test sandbox, an app-token Graph client whose
// answers the tests type (the JSON shapes below), and a local HTTP listener that records webhook
// calls (validation handshakes and notifications).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Client, MiddlewareOptions, ResponseType } from "@microsoft/microsoft-graph-client";
import type * as MsGraph from "@microsoft/microsoft-graph-types";
import type { GraphAttendee, GraphDateTime, GraphEvent } from "@/lib/graph/types";
import { startTestSandbox, type TestSandbox } from "@/lib/sandbox/testing";
import type { SandboxGraphService } from "./service";

// ---- Graph's JSON as the sandbox answers it -------------------------------------------------------
// What a test reads from an answer, stated once. The graph-client hands back untyped JSON; these say
// what Exchange Online (and so the sandbox) always sends on a plain read, so a test that reads a field
// either finds it or fails on its own assertion. Fields only sent on $select / $expand are optional.

export interface DateTimeJson extends GraphDateTime {
  timeZone: string;
}

export interface EmailAddressJson {
  address: string;
  name?: string;
}

export interface AttendeeJson extends GraphAttendee {
  type: string;
  emailAddress: EmailAddressJson;
  status: { response: string; time?: string };
}

/** An event, occurrence, exception or series master as GET /users/{id}/events/{id} returns it. */
export interface EventJson extends GraphEvent {
  "@odata.etag": string;
  "@odata.context"?: string;
  subject: string;
  start: DateTimeJson;
  end: DateTimeJson;
  organizer: { emailAddress: EmailAddressJson };
  attendees: AttendeeJson[];
  changeKey: string;
  iCalUId: string;
  type: NonNullable<GraphEvent["type"]>;
  seriesMasterId: string | null;
  isCancelled: boolean;
  isAllDay: boolean;
  isOrganizer: boolean;
  sensitivity: string;
  showAs: string;
  originalStartTimeZone: string;
  /** Occurrences and exceptions: the instant the occurrence was scheduled for, in UTC. */
  originalStart?: string;
  responseStatus: { response: string; time?: string };
  onlineMeeting: { joinUrl: string } | null;
  body: { contentType: string; content: string };
  bodyPreview: string;
  transactionId: string | null;
  /** Only with $select=cancelledOccurrences. */
  cancelledOccurrences?: string[];
  /** Only with $expand=exceptionOccurrences. */
  exceptionOccurrences?: EventJson[];
}

/** A collection page: /events, /calendarView, /instances, delta, /users, /subscriptions… */
export interface Page<T> {
  value: T[];
  "@odata.context"?: string;
  "@odata.nextLink"?: string;
  "@odata.deltaLink"?: string;
}

export interface SubscriptionJson {
  id: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl?: string | null;
  expirationDateTime: string;
  clientState?: string | null;
}

/** One item of a webhook POST's `value`: a change notification or a lifecycle notification. */
export interface NotificationJson {
  subscriptionId: string;
  clientState?: string | null;
  tenantId?: string;
  changeType?: string;
  resource?: string;
  resourceData?: Record<string, unknown>;
  lifecycleEvent?: string;
}

export interface UserJson {
  id: string;
  userPrincipalName: string;
  displayName: string;
  mail: string;
}

// Every field of the event shape is one of Graph's own v1.0 event properties (a misspelt or invented
// field fails the type check here, as in lib/graph/types.ts).
type KeysOf<Ours, Theirs> = Exclude<keyof Ours, keyof Theirs | "@odata.etag" | "@odata.context">;
type MustBeNever<T extends never> = T;
export type TestShapeChecks = [
  MustBeNever<KeysOf<EventJson, MsGraph.Event>>,
  MustBeNever<KeysOf<AttendeeJson, MsGraph.Attendee>>,
  MustBeNever<KeysOf<SubscriptionJson, MsGraph.Subscription>>,
  MustBeNever<KeysOf<UserJson, MsGraph.User>>,
];

/** A response's JSON body, typed by the caller (the shapes above, or a test's own). */
export async function readJson<T>(res: { json(): Promise<unknown> }): Promise<T> {
  return (await res.json()) as T;
}

// ---- The graph-client, with the answer's type named at each call ---------------------------------

/** The part of the graph-client's GraphRequest the tests use; get/post/patch say what they return. */
export interface GraphCall {
  header(name: string, value: string): GraphCall;
  query(query: string | Record<string, string | number>): GraphCall;
  select(properties: string | string[]): GraphCall;
  expand(properties: string | string[]): GraphCall;
  filter(filter: string): GraphCall;
  top(n: number): GraphCall;
  middlewareOptions(options: MiddlewareOptions[]): GraphCall;
  responseType(type: ResponseType): GraphCall;
  get<T = unknown>(): Promise<T>;
  post<T = unknown>(body: unknown): Promise<T>;
  patch<T = unknown>(body: unknown): Promise<T>;
  delete(): Promise<unknown>;
}

export interface GraphClient {
  api(path: string): GraphCall;
}

/** The same client, seen through GraphCall: callers name the JSON they expect back. */
export function typedGraph(client: Client): GraphClient {
  return client;
}

// ---- Fixture -------------------------------------------------------------------------------------

export interface Person {
  id: string;
  upn: string;
  name: string;
}

export interface Fixture {
  sb: TestSandbox;
  graph: SandboxGraphService;
  /** App-token client (the seeded app, admin-consented). */
  client: GraphClient;
  /** A client that sends `token` as its bearer token. */
  clientWith(token: string): GraphClient;
  /** The minimal seed's people (two) and rooms (three), in directory order. */
  users: [Person, Person, ...Person[]];
  rooms: [Person, Person, Person, ...Person[]];
}

export async function startFixture(): Promise<Fixture> {
  const sb = await startTestSandbox();
  const client = typedGraph(sb.graphClient(() => sb.appToken()));
  const all = sb.directory.users();
  const pick = (kind: "user" | "room") =>
    all.filter((u) => u.kind === kind).map((u) => ({ id: u.id, upn: u.userPrincipalName, name: u.displayName }));
  const users = pick("user");
  const rooms = pick("room");
  const [u0, u1, ...moreUsers] = users;
  const [r0, r1, r2, ...moreRooms] = rooms;
  if (!u0 || !u1 || !r0 || !r1 || !r2) {
    await sb.close();
    throw new Error(`startFixture: the seed has ${users.length} users and ${rooms.length} rooms; tests need 2 and 3`);
  }
  return {
    sb,
    graph: sb.graph as SandboxGraphService,
    client,
    clientWith: (token) => typedGraph(sb.graphClient(() => Promise.resolve(token))),
    users: [u0, u1, ...moreUsers],
    rooms: [r0, r1, r2, ...moreRooms],
  };
}

// ---- Webhook listener ----------------------------------------------------------------------------

export interface HookCall {
  url: URL;
  body: string;
  /** The parsed body of a notification POST (absent for a validation request's empty body). */
  json?: { value?: NotificationJson[] };
}

export interface Hook {
  url: string;
  calls: HookCall[];
  close(): Promise<void>;
}

/** reply(req) decides the answer; default: echo validation tokens, 202 for notifications. */
export async function startHook(
  reply?: (u: URL, body: string, n: number) => { status: number; body?: string; delayMs?: number } | undefined,
): Promise<Hook> {
  const calls: HookCall[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const u = new URL(req.url ?? "/", "http://localhost");
      const body = Buffer.concat(chunks).toString("utf8");
      let json: HookCall["json"];
      try {
        json = body ? (JSON.parse(body) as HookCall["json"]) : undefined;
      } catch {
        /* validation: empty */
      }
      calls.push({ url: u, body, json });
      const custom = reply?.(u, body, calls.length);
      const answer = () => {
        if (custom) {
          res.writeHead(custom.status, { "content-type": "text/plain" });
          res.end(custom.body ?? "");
          return;
        }
        const token = u.searchParams.get("validationToken");
        if (token !== null) {
          res.writeHead(200, { "content-type": "text/plain" });
          res.end(token);
          return;
        }
        res.writeHead(202);
        res.end();
      };
      if (custom?.delayMs) setTimeout(answer, custom.delayMs);
      else answer();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}/hook`,
    calls,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** The first notification of a webhook call (fails the test when the call carried none). */
export function firstNotification(call: HookCall): NotificationJson {
  const first = call.json?.value?.[0];
  if (!first) throw new Error(`webhook call to ${call.url.pathname} carried no notification: ${call.body}`);
  return first;
}

export async function waitFor<T>(fn: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > until) throw new Error("waitFor: timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function inHours(h: number): string {
  return new Date(Date.now() + h * 3_600_000).toISOString();
}
