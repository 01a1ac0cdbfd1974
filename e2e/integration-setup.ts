// Setting up an Outlook integration against the embedded sandbox tenant the way an administrator does:
// an app registration in "Azure", the integration form, the consent pages, room mapping, activation.
import { expect, type Page } from "@playwright/test";

/** The sandbox's person pages and control API (plain http on its port). */
export const SANDBOX = `http://localhost:${process.env.E2E_SANDBOX_PORT ?? 4910}`;

export type SandboxApp = { tenantId: string; clientId: string; secretText: string };
export type RoomMap = { mailbox: string; room: string };

export async function sandboxApi<T = Record<string, unknown>>(
  path: string,
  init?: { method?: string; body?: unknown },
): Promise<T> {
  const res = await fetch(`${SANDBOX}/_sandbox/api/${path}`, {
    method: init?.method ?? "GET",
    headers: { "content-type": "application/json" },
    body: init?.body ? JSON.stringify(init.body) : undefined,
  });
  const text = await res.text();
  return (text ? JSON.parse(text) : {}) as T;
}

/** A fresh app registration in the sandbox, as an admin would create in Azure. */
export async function newApp(name: string): Promise<SandboxApp> {
  const state = await sandboxApi<{ tenant: { id: string } }>("state");
  const app = await sandboxApi<{ clientId: string; secretText: string }>("apps", {
    method: "POST",
    body: { displayName: name, applicationPermissions: ["Calendars.ReadWrite"] },
  });
  return { tenantId: state.tenant.id, ...app };
}

/** Adds and saves an integration; leaves the page on its Authentication tab and returns its id. */
export async function addIntegration(
  page: Page,
  mode: "delegated" | "application",
  app: SandboxApp,
  opts: { name?: string; secret?: string } = {},
) {
  await page.goto("/integrations");
  // A form first: nothing is created until it is saved.
  await page.getByRole("link", { name: "Add Outlook integration" }).first().click();
  await page.waitForURL(/\/integrations\/new$/);
  await page.getByLabel("National cloud").selectOption("sandbox");
  await page.getByLabel("Authentication mode").selectOption(mode);
  await page.getByLabel("Name").fill(opts.name ?? `Sandbox ${mode}`);
  await page.getByLabel("Tenant ID").fill(app.tenantId);
  await page.getByLabel("Client ID").fill(app.clientId);
  await page.getByLabel("Client secret", { exact: true }).fill(opts.secret ?? app.secretText);
  const shown = await page.getByLabel("Return url").inputValue();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText(/^Integration created\./)).toBeVisible();
  await page.waitForURL(/\/integrations\/[0-9a-f-]{36}\/auth$/);
  const id = /\/integrations\/([0-9a-f-]{36})\/auth$/.exec(page.url())?.[1];
  if (!id) throw new Error(`not on an integration's Authentication tab: ${page.url()}`);
  const returnUrl = await page.getByLabel("Return url").inputValue();
  expect(returnUrl).toBe(shown); // the redirect URI shown before saving is the integration's own
  expect(returnUrl).toMatch(new RegExp(`/integrations/redirect/${id}$`));
  // Azure step: register the redirect URI (type Web) on the app registration.
  await sandboxApi(`apps/${app.clientId}/redirect-uris`, { method: "POST", body: { uri: returnUrl } });
  return id;
}

/** Application mode, Authentication tab: Step 1 admin consent on the sandbox's page, then Step 2. */
export async function consentAndConnect(page: Page) {
  await page.getByRole("button", { name: "Step 1: consent" }).click();
  await page.waitForURL(/adminconsent/);
  await page.getByRole("button", { name: "Accept" }).click();
  await page.waitForURL(/outcome=admin_consented/);
  await page.getByRole("button", { name: "Step 2: connect to Outlook" }).click();
  await expect(page.getByText("Connected to Outlook.")).toBeVisible();
}

/** Inbound tab, application mode: one new row per room mailbox ↔ Roomlink room. */
export async function mapRooms(page: Page, rows: RoomMap[]) {
  await expect(page.getByRole("button", { name: "+ Add room" })).toBeVisible();
  for (const [i, r] of rows.entries()) {
    await page.getByRole("button", { name: "+ Add room" }).click();
    await page.getByLabel(`Room mailbox UPN ${i + 1}`).fill(r.mailbox);
    await page.getByLabel(`Roomlink room ${i + 1}`).fill(r.room);
  }
}

export async function webhookAnswers(page: Page): Promise<boolean> {
  const res = await page.request.post("/api/graph/notify/00000000-0000-0000-0000-000000000000?validationToken=probe", {
    failOnStatusCode: false,
  });
  return res.status() === 200 && (await res.text()) === "probe";
}

/**
 * A whole application-mode integration, active: rooms mapped, Outlook meetings booked in
 * `inboundStatus`, Roomlink bookings in `createOnStatus` written to the room calendars.
 */
export async function activeApplicationIntegration(
  page: Page,
  opts: { name: string; rooms: RoomMap[]; inboundStatus: string; createOnStatus?: string; teamsLink?: boolean },
) {
  const app = await newApp(`${opts.name} app`);
  const id = await addIntegration(page, "application", app, { name: opts.name });
  await consentAndConnect(page);

  await page.getByRole("link", { name: "Configuration" }).click();
  if (opts.createOnStatus)
    await page.getByRole("group", { name: "Create calendar entry on status" }).getByLabel(opts.createOnStatus).check();
  if (opts.teamsLink) await page.getByLabel("Create Teams link").check();
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Saved.")).toBeVisible();

  await page.getByRole("link", { name: "Inbound" }).click();
  await mapRooms(page, opts.rooms);
  await page.getByLabel("Inbound status", { exact: true }).selectOption({ label: opts.inboundStatus });
  await page.getByRole("button", { name: "Save and set active" }).click();
  await expect(page.getByText(new RegExp(`^Active: ${opts.rooms.length} subscriptions? created`))).toBeVisible();
  return id;
}
