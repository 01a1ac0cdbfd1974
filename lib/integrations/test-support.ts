// Test helpers for integration services: a test database as the app's, a running sandbox as the
// "sandbox" cloud, an admin row, and an integration saved with the sandbox's printed values.
import { createAppTestDb, type DbKind, type TestDb } from "@/db/testing";
import { users, type User } from "@/db/schema";
import { configureSandboxCloud } from "@/lib/graph/clouds";
import { startTestSandbox, type TestSandbox } from "@/lib/sandbox/testing";
import { createIntegration, returnUrl, saveAuthentication } from "./service";
import { must } from "@/lib/invariant";

export interface IntegrationWorld {
  t: TestDb;
  sb: TestSandbox;
  admin: User;
  close(): Promise<void>;
}

export async function integrationWorld(kind: DbKind): Promise<IntegrationWorld> {
  const t = await createAppTestDb(kind);
  const sb = await startTestSandbox();
  configureSandboxCloud({ authorityHost: sb.authorityHost, graphBaseUrl: sb.graphBaseUrl, caFile: sb.caFile });
  const [admin] = await t.db
    .insert(users)
    .values({ email: `admin-${Date.now()}@roomlink.test`, name: "Ada Admin", passwordHash: "x", role: "admin" })
    .returning();
  return {
    t,
    sb,
    admin: must(admin, "inserted admin row"),
    async close() {
      configureSandboxCloud(undefined);
      await sb.close();
      await t.close();
    },
  };
}

export async function sandboxIntegration(
  w: IntegrationWorld,
  mode: "delegated" | "application",
  secret = w.sb.clientSecret,
) {
  const actor = { id: w.admin.id, name: w.admin.name };
  const i = await createIntegration(actor, { mode, cloud: "sandbox" });
  w.sb.directory.addRedirectUri(w.sb.clientId, returnUrl(i.id));
  return saveAuthentication(actor, {
    id: i.id,
    name: "Sandbox",
    cloud: "sandbox",
    mode,
    tenantId: w.sb.tenantId,
    clientId: w.sb.clientId,
    clientSecret: secret,
    clientSecretExpiresOn: "",
  });
}
