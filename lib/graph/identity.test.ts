import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createAppTestDb, testDbKinds, type TestDb } from "@/db/testing";
import { integrations, type Integration } from "@/db/schema";
import { seal } from "@/lib/crypto/seal";
import { must } from "@/lib/invariant";
import { startTestSandbox, type TestSandbox } from "@/lib/sandbox/testing";
import { configureSandboxCloud } from "./clouds";
import { getGraphClient, graphCall } from "./client";
import { AccessDeniedError, ReconnectRequiredError } from "./errors";
import { acquireToken, forgetIdentity, secretPurpose, tokenClaims } from "./identity";

describe.each(testDbKinds)("identity + Graph client against the sandbox (%s)", (kind) => {
  let t: TestDb;
  let sb: TestSandbox;
  beforeAll(async () => {
    t = await createAppTestDb(kind);
    sb = await startTestSandbox();
    configureSandboxCloud({ authorityHost: sb.authorityHost, graphBaseUrl: sb.graphBaseUrl, caFile: sb.caFile });
  });
  afterAll(async () => {
    configureSandboxCloud(undefined);
    await sb?.close();
    await t?.close();
  });

  async function appIntegration(secret: string): Promise<Integration> {
    const row = must(
      (
        await t.db
          .insert(integrations)
          .values({ mode: "application", cloud: "sandbox", tenantId: sb.tenantId, clientId: sb.clientId })
          .returning()
      )[0],
      "inserted integration",
    );
    const [done] = await t.db
      .update(integrations)
      .set({ clientSecretSealed: seal(secret, secretPurpose(row.id)) })
      .where(eq(integrations.id, row.id))
      .returning();
    return must(done, "updated integration");
  }

  it("gets an app-only token with roles and reads a room calendar with Prefer ImmutableId", async () => {
    const i = await appIntegration(sb.clientSecret);
    const token = await acquireToken(i);
    expect(tokenClaims(token).roles).toContain("Calendars.ReadWrite");
    const room = sb.directory.users().find((u) => u.kind === "room")!;
    const res = (await graphCall(
      () => getGraphClient(i).api(`/users/${room.userPrincipalName}/events`).top(1).get(),
      room.userPrincipalName,
    )) as { value: unknown[] };
    expect(Array.isArray(res.value)).toBe(true);
    // Concurrent callers share one acquisition.
    forgetIdentity(i.id);
    const tokens = await Promise.all([acquireToken(i), acquireToken(i), acquireToken(i)]);
    expect(new Set(tokens).size).toBe(1);
  });

  it("turns a wrong secret into secret-ID advice, inside and outside the Graph client", async () => {
    const i = await appIntegration("not-the-secret-value");
    const err = await acquireToken(i).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReconnectRequiredError);
    expect((err as ReconnectRequiredError).advice).toBe("secret_id_pasted");
    const viaGraph = await graphCall<unknown>(() => getGraphClient(i).api("/users").get()).catch((e: unknown) => e);
    expect(viaGraph).toBeInstanceOf(ReconnectRequiredError);
    expect((viaGraph as ReconnectRequiredError).advice).toBe("secret_id_pasted");
  });

  it("names the mailbox an access policy blocks", async () => {
    const i = await appIntegration(sb.clientSecret);
    const [allowed, blocked] = sb.directory.users().filter((u) => u.kind === "room");
    if (!allowed || !blocked) throw new Error("the sandbox seeds at least two rooms");
    sb.directory.setAccessPolicy(sb.clientId, {
      accessRight: "RestrictAccess",
      mailboxes: [allowed.userPrincipalName],
    });
    try {
      const err = await graphCall<unknown>(
        () => getGraphClient(i).api(`/users/${blocked.userPrincipalName}/events`).get(),
        blocked.userPrincipalName,
      ).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AccessDeniedError);
      expect((err as AccessDeniedError).mailbox).toBe(blocked.userPrincipalName);
      expect((err as AccessDeniedError).advice).toBe("mailbox_access_denied");
    } finally {
      sb.directory.setAccessPolicy(sb.clientId, null);
    }
  });
});
