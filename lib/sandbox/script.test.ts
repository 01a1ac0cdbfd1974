// `npm run sandbox` end to end: the first stdout line is the connection JSON, the printed credentials
// work through msal-node, and SIGTERM stops it cleanly with state left on disk.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { ConfidentialClientApplication } from "@azure/msal-node";
import { describe, expect, it } from "vitest";
import { trustingFetch } from "./testing";

describe("scripts/sandbox.ts", () => {
  it("prints the connection JSON first, serves it, and stops on SIGTERM", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "roomlink-sandbox-script-"));
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/sandbox.ts"], {
      cwd: path.resolve(__dirname, "../.."),
      env: {
        ...process.env,
        NODE_ENV: "test",
        DATA_DIR: dataDir,
        SANDBOX_PORT: "0",
        SANDBOX_STATE_DIR: "",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const first = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once("line", resolve);
        child.once("exit", (code, signal) => reject(new Error(`sandbox exited early (${code ?? signal ?? "?"})`)));
      });
      const info = JSON.parse(first) as Record<string, unknown>;
      expect(Object.keys(info)).toEqual([
        "authority",
        "graphBaseUrl",
        "caFile",
        "tenantId",
        "clientId",
        "clientSecret",
        "rooms",
        "users",
      ]);
      expect((info.rooms as string[]).length).toBeGreaterThanOrEqual(6);
      expect(info.caFile).toBe(path.join(dataDir, "sandbox", "ca.pem"));
      const http = trustingFetch(fs.readFileSync(info.caFile as string, "utf8"));
      const cca = new ConfidentialClientApplication({
        auth: {
          clientId: info.clientId as string,
          clientSecret: info.clientSecret as string,
          authority: info.authority as string,
          knownAuthorities: [new URL(info.authority as string).host],
        },
        system: { networkClient: http.networkClient },
      });
      const r = await cca.acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] });
      expect(r!.accessToken).toBeTruthy();
      await http.close();
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(fs.existsSync(path.join(dataDir, "sandbox", "directory.json"))).toBe(true);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
