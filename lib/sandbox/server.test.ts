// The sandbox server itself: one port for TLS and plain HTTP, discovery as MSAL reads it, tenant by
// GUID or domain, unknown tenant error, persistence across restarts, and a fast fresh start.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox } from "./server";
import { startTestSandbox, trustingFetch, type TestSandbox } from "./testing";

let sb: TestSandbox;
beforeAll(async () => {
  sb = await startTestSandbox();
});
afterAll(async () => {
  await sb.close();
});

describe("sandbox server", () => {
  it("serves openid metadata over TLS whose issuer shares the authority's host, with an http authorize endpoint", async () => {
    const res = await sb.http.fetch(`${sb.authority}/v2.0/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const meta = (await res.json()) as {
      issuer: string;
      token_endpoint: string;
      authorization_endpoint: string;
      jwks_uri: string;
    };
    expect(meta.issuer).toBe(`${sb.authorityHost}/${sb.tenantId}/v2.0`);
    expect(meta.token_endpoint).toBe(`${sb.authority}/oauth2/v2.0/token`);
    expect(meta.authorization_endpoint).toBe(`${sb.origin}/${sb.tenantId}/oauth2/v2.0/authorize`);
    const keys = (await (await sb.http.fetch(meta.jwks_uri)).json()) as {
      keys: { kid: string; kty: string; use: string }[];
    };
    expect(keys.keys[0]).toMatchObject({ kty: "RSA", use: "sig" });
    // The same port answers plain HTTP for the person pages.
    const landing = await fetch(`${sb.origin}/`);
    expect(landing.status).toBe(200);
    const html = await landing.text();
    expect(html).toContain(sb.tenantId);
    // Each room's effective calendar processing, defaults included, as Set-CalendarProcessing parameters.
    expect(html).toContain(
      "-AutomateProcessing AutoAccept -BookingWindowInDays 180 -EnforceSchedulingHorizon $true -MaximumDurationInMinutes 1440",
    );
    expect(html).toContain("-RemovePrivateProperty $true -RemoveCanceledMeetings $false");
  });

  it("resolves the tenant by verified domain and answers AADSTS90002 for an unknown tenant", async () => {
    const byDomain = await sb.http.fetch(
      `${sb.authorityHost}/${sb.directory.tenant.domain}/v2.0/.well-known/openid-configuration`,
    );
    expect(((await byDomain.json()) as { issuer: string }).issuer).toBe(`${sb.authorityHost}/${sb.tenantId}/v2.0`);
    const unknown = await sb.http.fetch(`${sb.authorityHost}/nope.example/v2.0/.well-known/openid-configuration`);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error_codes: number[] }).error_codes).toEqual([90002]);
  });

  it("answers MSAL instance discovery", async () => {
    const res = await sb.http.fetch(
      `${sb.authorityHost}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${sb.authority}/oauth2/v2.0/authorize`)}`,
    );
    const body = (await res.json()) as { tenant_discovery_endpoint: string; metadata: { aliases: string[] }[] };
    expect(body.tenant_discovery_endpoint).toBe(`${sb.authority}/v2.0/.well-known/openid-configuration`);
    expect(body.metadata[0]?.aliases).toEqual([new URL(sb.authorityHost).host]);
  });

  it("refuses TLS from clients that do not trust the local CA", async () => {
    await expect(fetch(`${sb.authority}/v2.0/.well-known/openid-configuration`)).rejects.toThrow();
  });

  it("keeps tenant, app, secret and CA across a restart with a state dir, and starts fresh tenants fast", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "roomlink-sandbox-state-"));
    try {
      const a = await startSandbox({ port: 0, stateDir: dir, seed: "demo", redirectUris: ["http://localhost:3000/x"] });
      const rooms = a.directory.users().filter((u) => u.kind === "room");
      expect(rooms.length).toBeGreaterThanOrEqual(6);
      expect(a.directory.findUser(`roomlink-sync@${a.directory.tenant.domain}`)).toBeDefined();
      a.directory.addRedirectUri(a.clientId, "http://localhost:3000/y");
      await a.close();
      const b = await startSandbox({ port: 0, stateDir: dir, seed: "demo" });
      expect([b.tenantId, b.clientId, b.clientSecret, b.caPem]).toEqual([
        a.tenantId,
        a.clientId,
        a.clientSecret,
        a.caPem,
      ]);
      expect(b.directory.app(b.clientId)!.redirectUris).toEqual(["http://localhost:3000/x", "http://localhost:3000/y"]);
      expect(fs.existsSync(path.join(dir, "ca.pem"))).toBe(true);
      const f = trustingFetch(b.caPem);
      expect((await f.fetch(`${b.authority}/v2.0/.well-known/openid-configuration`)).status).toBe(200);
      await f.close();
      await b.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const t0 = performance.now();
    const c = await startSandbox({ port: 0 });
    const ms = performance.now() - t0;
    await c.close();
    expect(ms).toBeLessThan(500);
  });
});
