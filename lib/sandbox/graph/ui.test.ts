// The person-facing UI over plain http: book a room by inviting it, see the room's answer, escaping,
// the delivery log and the JSON faults API; plus demo seeding and state persistence across restarts.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { log } from "@/lib/log";
import type { DirectoryUser, SandboxContext } from "@/lib/sandbox/contracts";
import { createGraphService } from "./index";
import { type Fixture, startFixture } from "./test-support";

let f: Fixture;
beforeAll(async () => { f = await startFixture(); });
afterAll(async () => { await f?.sb.close(); });

describe("sandbox UI", () => {
  it("books a room from the New meeting form and shows the room's copy, escaped", async () => {
    const me = f.users[0];
    const room = f.sb.directory.users().find((u) => u.kind === "room")!;
    const home = await fetch(`${f.sb.origin}/ui/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain(me.name);
    const body = new URLSearchParams({ subject: "<script>alert(1)</script>", date: "2026-12-02", start: "10:00", end: "11:00", room: room.mail });
    const res = await fetch(`${f.sb.origin}/ui/new?as=${me.id}`, { method: "POST", body, redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(303);
    const mine = await (await fetch(`${f.sb.origin}/ui/calendar?as=${me.id}&week=2026-12-02`)).text();
    expect(mine).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(mine).not.toContain("<script>alert(1)");
    const roomCal = await (await fetch(`${f.sb.origin}/ui/calendar?as=${me.id}&view=${room.id}&week=2026-12-02`)).text();
    expect(roomCal).toContain(`class="ev room`);
    expect(roomCal).toContain(me.name); // AddOrganizerToSubject
  });

  it("serves the delivery log and the faults JSON API", async () => {
    expect((await fetch(`${f.sb.origin}/ui/deliveries`)).status).toBe(200);
    expect((await fetch(`${f.sb.origin}/ui/faults`)).status).toBe(200);
    const set = await fetch(`${f.sb.origin}/ui/api/faults`, { method: "POST", body: JSON.stringify({ rate429: 0.5 }), headers: { "content-type": "application/json" } });
    expect((await set.json()).rate429).toBe(0.5);
    f.graph.setFaults({ rate429: 0 });
  });
});

describe("demo seed and persistence", () => {
  function fakeCtx(): SandboxContext {
    const users: DirectoryUser[] = [
      { id: "u1", userPrincipalName: "ada@x.test", mail: "ada@x.test", displayName: "Ada Lovelace", kind: "user", timeZone: "Europe/Amsterdam" },
      { id: "u2", userPrincipalName: "alan@x.test", mail: "alan@x.test", displayName: "Alan Turing", kind: "user", timeZone: "Europe/London" },
      { id: "r1", userPrincipalName: "room1@x.test", mail: "room1@x.test", displayName: "Room 1", kind: "room", capacity: 8, timeZone: "Europe/Amsterdam" },
    ];
    return {
      directory: {
        tenantId: "t1", users: () => users, findUser: (k) => users.find((u) => [u.id, u.mail].includes(k.toLowerCase())),
        appMayAccessMailbox: () => true, updateRoom: () => {},
      },
      timeScale: 0.001, log, verifyAccessToken: async () => ({ error: "invalid", description: "no" }),
    };
  }

  it("seeds a week of meetings and reloads them from the state file", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "graph-state-")), "graph.json");
    const a = createGraphService(fakeCtx(), { stateFile: file });
    a.seedDemo();
    const count = Object.values(a.core.state.mailboxes).reduce((n, m) => n + Object.keys(m.events).length, 0);
    expect(count).toBeGreaterThan(10);
    expect(a.core.store.list("r1").length).toBeGreaterThan(0);
    await a.close();
    const b = createGraphService(fakeCtx(), { stateFile: file });
    expect(Object.values(b.core.state.mailboxes).reduce((n, m) => n + Object.keys(m.events).length, 0)).toBe(count);
    await b.close();
  });
});
