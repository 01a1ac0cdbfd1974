import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { testDbKinds } from "@/db/testing";
import { integrationRooms, rooms } from "@/db/schema";
import { ensureStatuses } from "@/lib/bookings/test-fixtures";
import { consentInBrowser } from "@/lib/sandbox/testing";
import { saveInbound } from "./config";
import { completeConsentRedirect, startConsent } from "./consent";
import { connect } from "./connect";
import { classify, checkMappedRooms, fixCommand } from "./room-processing-check";
import { getIntegration } from "./service";
import { integrationWorld, sandboxIntegration, type IntegrationWorld } from "./test-support";
import { must } from "@/lib/invariant";

describe("classify", () => {
  const ev = (subject: string, name: string, address: string) => ({
    subject,
    organizer: { emailAddress: { name, address } },
  });
  it("tells replaced, prefixed and kept subjects apart, and ignores the room's own items", () => {
    expect(classify("room@x.test", [ev("Ada Lovelace", "Ada Lovelace", "ada@x.test")])).toBe("replaces");
    expect(classify("room@x.test", [ev("Ada Lovelace Budget", "Ada Lovelace", "ada@x.test")])).toBe("prefixes");
    expect(classify("room@x.test", [ev("Budget", "Ada Lovelace", "ada@x.test")])).toBe("keeps");
    // Written straight into the room calendar (Roomlink, application mode): the organiser is the room.
    expect(classify("Room@x.test", [ev("Room", "Room", "room@x.test")])).toBe("no_meetings");
    expect(classify("room@x.test", [])).toBe("no_meetings");
  });
  it("quotes the identity in the command", () => {
    expect(fixCommand("zaal-a@contoso.com")).toBe(
      'Set-CalendarProcessing -Identity "zaal-a@contoso.com" -AddOrganizerToSubject $false -DeleteSubject $false -DeleteComments $false -RemovePrivateProperty $false',
    );
  });
});

describe.each(testDbKinds)("room processing check on save, against the sandbox (%s)", (kind) => {
  let w: IntegrationWorld;
  beforeAll(async () => {
    w = await integrationWorld(kind);
  });
  afterAll(() => w?.close());

  it("reports a room at Exchange's defaults, not one with the switches off, and a 403 room as not checkable while the save stands", async () => {
    const i = await sandboxIntegration(w, "application");
    const consent = await consentInBrowser(await startConsent(i.id, w.admin));
    await completeConsentRedirect(i.id, must(consent.location, "consent redirect").searchParams, w.admin.id);
    await connect(i.id, w.admin);
    const roomMailboxes = w.sb.directory.users().filter((u) => u.kind === "room");
    const atDefaults = must(roomMailboxes[0], "a room mailbox");
    const switchedOff = must(roomMailboxes[1], "a second room mailbox");
    const blocked = must(roomMailboxes[2], "a third room mailbox");
    w.sb.directory.updateRoom(switchedOff.id, { addOrganizerToSubject: false, deleteSubject: false });
    const organizer = must(
      w.sb.directory.users().find((u) => u.kind === "user"),
      "a user mailbox",
    );
    const client = w.sb.graphClient(() => w.sb.appToken());
    const start = Date.now() + 2 * 86_400_000;
    let n = 0;
    for (const room of [atDefaults, switchedOff, blocked]) {
      const s = new Date(start + n++ * 3_600_000);
      await client.api(`/users/${organizer.userPrincipalName}/events`).post({
        subject: "Quarterly review",
        start: { dateTime: s.toISOString().slice(0, 19), timeZone: "UTC" },
        end: { dateTime: new Date(s.getTime() + 1_800_000).toISOString().slice(0, 19), timeZone: "UTC" },
        attendees: [{ type: "resource", emailAddress: { address: room.userPrincipalName, name: room.displayName } }],
      });
    }
    const st = (await ensureStatuses(w.t.db)).confirmed;
    const made = await w.t.db
      .insert(rooms)
      .values([0, 1, 2].map((k) => ({ name: `Proc ${k} ${i.id.slice(0, 5)}`, capacity: 8 })))
      .returning();
    w.sb.directory.setAccessPolicy(w.sb.clientId, {
      accessRight: "RestrictAccess",
      mailboxes: [atDefaults.userPrincipalName, switchedOff.userPrincipalName],
    });
    try {
      const mapping = [atDefaults, switchedOff, blocked].map((u, k) => ({
        mailboxUpn: u.userPrincipalName,
        roomId: must(made[k], `room ${k}`).id,
      }));
      await saveInbound(
        { id: w.admin.id, name: w.admin.name },
        {
          id: i.id,
          mode: "application",
          inboundRoomId: "",
          rooms: mapping,
          inboundStatusId: st.id,
          inboundStatusWithCustomerId: "",
          lockUpdateStatusIds: [],
          lockDeleteStatusIds: [],
          allowBookingUpdate: true,
          ignoreValidationOnUpdate: false,
        },
      );
      const results = await checkMappedRooms(
        await getIntegration(i.id),
        mapping.map((m) => m.mailboxUpn),
      );
      const by = (u: { userPrincipalName: string }) => results.find((r) => r.mailbox === u.userPrincipalName);
      expect(by(atDefaults)).toEqual({
        mailbox: atDefaults.userPrincipalName,
        state: "replaces",
        command: fixCommand(atDefaults.userPrincipalName),
      });
      expect(by(switchedOff)).toEqual({ mailbox: switchedOff.userPrincipalName, state: "keeps" });
      expect(by(blocked)).toMatchObject({
        state: "denied",
        advice: "mailbox_access_denied",
        command: fixCommand(blocked.userPrincipalName),
      });
      // The save stands whatever the check found, and diagnostics sees the same per-room findings.
      const saved = await w.t.db.select().from(integrationRooms).where(eq(integrationRooms.integrationId, i.id));
      expect(saved.map((r) => [r.mailboxUpn, r.subjectReplaced, r.accessStatus]).sort()).toEqual(
        [
          [atDefaults.userPrincipalName, true, "ok"],
          [switchedOff.userPrincipalName, false, "ok"],
          [blocked.userPrincipalName, null, "ErrorAccessDenied"],
        ].sort(),
      );
      // Mailboxes not in the mapping are not read.
      expect(await checkMappedRooms(await getIntegration(i.id), ["someone-else@contoso.sandbox"])).toEqual([]);
    } finally {
      w.sb.directory.setAccessPolicy(w.sb.clientId, null);
    }
  });
});
