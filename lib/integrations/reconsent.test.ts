// Re-consent of a live integration (Step 1 + Step 2 again, e.g. after saving a new client secret):
// it stays live through Step 1, comes back active with its subscriptions after Step 2 (a lost one is
// recreated), and "Reconcile now" is accepted, not refused with "Activate the integration first".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { testDbKinds } from "@/db/testing";
import { integrations, subscriptions } from "@/db/schema";
import { consentInBrowser } from "@/lib/sandbox/testing";
import { forgetIdentity } from "@/lib/graph";
import { POST as notify } from "@/app/api/graph/notify/[id]/route";
import { POST as lifecycle } from "@/app/api/graph/lifecycle/[id]/route";
import { at, gt } from "@/lib/sync/test-events";
import { syncWorld, type SyncWorld } from "@/lib/sync/test-world";
import { completeConsentRedirect, startConsent } from "./consent";
import { connect } from "./connect";
import { returnUrl, saveAuthentication } from "./service";
import { must } from "@/lib/invariant";

describe.each(testDbKinds)("re-consent of an active integration (%s)", (kind) => {
  let w: SyncWorld;
  beforeAll(async () => {
    w = await syncWorld(kind, { notify, lifecycle });
    await w.jobs.idle();
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  const state = async () => (await w.t.db.select().from(integrations).where(eq(integrations.id, w.integrationId)))[0]!;

  it("a new secret, Step 1 and Step 2 again: active with its subscriptions, sync and Reconcile now keep working", async () => {
    const before = await state();
    expect(before.state).toBe("active");
    // The admin creates a new secret in Azure and saves it on the authentication screen.
    const fresh = w.sb.directory.addSecret(w.sb.clientId, { displayName: "rotated" });
    await saveAuthentication(w.actor(), {
      id: w.integrationId,
      name: before.name,
      cloud: "sandbox",
      mode: "application",
      tenantId: must(before.tenantId, "saved tenant"),
      clientId: must(before.clientId, "saved client"),
      clientSecret: fresh.value,
      clientSecretExpiresOn: "",
    });
    // One subscription got lost meanwhile (deleted in the tenant and here): Step 2 must bring it back.
    const subs = await w.t.db.select().from(subscriptions).where(eq(subscriptions.integrationId, w.integrationId));
    await w.t.db.delete(subscriptions).where(eq(subscriptions.id, must(subs[1], "a second subscription").id));

    w.sb.directory.addRedirectUri(w.sb.clientId, returnUrl(w.integrationId)); // the world's base URL is its listener
    const consent = await consentInBrowser(await startConsent(w.integrationId, w.admin));
    expect(
      await completeConsentRedirect(
        w.integrationId,
        must(consent.location, "consent redirect").searchParams,
        w.admin.id,
      ),
    ).toBe("admin_consented");
    expect((await state()).state).toBe("active"); // still live between Step 1 and Step 2
    forgetIdentity(w.integrationId);
    expect(await connect(w.integrationId, w.admin)).toMatchObject({ ok: true });
    expect((await state()).state).toBe("active");
    await w.waitFor(
      async () =>
        (await w.t.db.select().from(subscriptions).where(eq(subscriptions.integrationId, w.integrationId))).length ===
        2,
      15_000,
    );

    // "Reconcile now" refuses only an integration that is not active or needing attention (lib/sync/actions.ts);
    // it queues one, and a new Outlook meeting still becomes a booking.
    const { runReconcileNow } = await import("@/lib/sync/reconcile/reconcile");
    await w.jobs.idle();
    expect(await runReconcileNow(w.integrationId)).toBe(true);
    const room = w.rooms[1]!;
    await w.graph.api(`/users/${w.organizer}/events`).post({
      subject: "After re-consent",
      start: gt(at(4, 9)),
      end: gt(at(4, 10)),
      attendees: [{ type: "resource", emailAddress: { address: room.upn } }],
    });
    await w.waitFor(async () => (await w.bookingsOf(room.room.id)).some((b) => b.title === "After re-consent"), 15_000);
    expect((await state()).state).toBe("active");
  }, 60_000);
});
