// A burst of Outlook meetings for one room, through our webhook routes, the batched inbox pump, the
// queue and the real Graph SDK, with every sandbox request taking 60 ms (so requests overlap): each
// meeting becomes exactly one booking and is accepted, and the room's mailbox never has more than 4
// of our requests in flight at once (Exchange's MailboxConcurrency limit; the sandbox would answer
// 429 to a fifth, and the count of those must stay 0).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDbKinds } from "@/db/testing";
import { must } from "@/lib/invariant";
import type { SandboxRequest, SandboxResponse } from "@/lib/sandbox/contracts";
import type { SandboxGraphService } from "@/lib/sandbox/graph";
import { POST as notify } from "@/app/api/graph/notify/[id]/route";
import { POST as lifecycle } from "@/app/api/graph/lifecycle/[id]/route";
import { at, gt, type Ev } from "@/lib/sync/test-events";
import { syncWorld, type SyncWorld } from "@/lib/sync/test-world";

const BURST = 12;

describe.each(testDbKinds)("a burst of meetings for one room (%s)", (kind) => {
  let w: SyncWorld;
  let graph: SandboxGraphService;
  let handle: SandboxGraphService["handle"];
  beforeAll(async () => {
    w = await syncWorld(kind, { notify, lifecycle });
    graph = w.sb.graph as SandboxGraphService;
    handle = graph.handle.bind(graph);
  }, 60_000);
  afterAll(async () => {
    if (graph) {
      graph.handle = handle;
      graph.setFaults({ latencyMs: 0 });
    }
    await w?.close();
  });

  it(`${BURST} meetings at once: ${BURST} bookings, all accepted, never more than 4 requests in flight for the room`, async () => {
    const room = must(w.rooms[0], "first room");
    const roomPath = `/v1.0/users/${room.upn.toLowerCase()}/`;
    const wire = { inFlight: 0, maxInFlight: 0, requests: 0, throttled: 0 };
    graph.handle = async (req: SandboxRequest): Promise<SandboxResponse> => {
      const ours = decodeURIComponent(req.url.pathname).toLowerCase().startsWith(roomPath);
      if (!ours) return handle(req);
      wire.requests++;
      wire.maxInFlight = Math.max(wire.maxInFlight, ++wire.inFlight);
      try {
        const res = await handle(req);
        if (res.status === 429) wire.throttled++;
        return res;
      } finally {
        wire.inFlight--;
      }
    };
    graph.setFaults({ latencyMs: 60 });
    const subjects = Array.from({ length: BURST }, (_, i) => `Burst ${i}`);
    const events = await Promise.all(
      subjects.map(
        (subject, i) =>
          w.graph.api(`/users/${w.organizer}/events`).post({
            subject,
            start: gt(at(3 + Math.floor(i / 6), 8 + (i % 6))),
            end: gt(at(3 + Math.floor(i / 6), 8 + (i % 6), 30)),
            attendees: [{ type: "resource", emailAddress: { address: room.upn } }],
          }) as Promise<Ev>,
      ),
    );
    const booked = await w.waitFor(async () => {
      const live = (await w.bookingsOf(room.room.id)).filter((b) => subjects.includes(b.title));
      return live.length >= BURST ? live : null;
    }, 60_000);
    await w.jobs.idle();
    // Exactly one booking per meeting, confirmed, and every meeting accepted by the room.
    const after = (await w.bookingsOf(room.room.id)).filter((b) => subjects.includes(b.title));
    expect(after.map((b) => b.title).sort()).toEqual([...subjects].sort());
    expect(booked.every((b) => b.statusId === w.statuses.confirmed.id)).toBe(true);
    for (const ev of events) {
      const seen = (await w.graph.api(`/users/${w.organizer}/events/${ev.id}`).get()) as Ev;
      const answer = seen.attendees.find((a) => a.emailAddress.address.toLowerCase() === room.upn.toLowerCase());
      expect(answer?.status?.response).toBe("accepted");
    }
    // Each meeting was read and answered through the room's mailbox, concurrently but within its limit.
    expect(wire.requests).toBeGreaterThanOrEqual(2 * BURST);
    expect(wire.maxInFlight).toBeGreaterThan(1);
    expect(wire.maxInFlight).toBeLessThanOrEqual(4);
    expect(wire.throttled).toBe(0);
  }, 120_000);
});
