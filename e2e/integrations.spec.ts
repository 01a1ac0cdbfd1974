// As a person: add an Outlook integration against the embedded sandbox tenant with nothing but its
// values, consent on the sandbox's page, connect, configure, map rooms, activate, read diagnostics.
import { addIntegration, consentAndConnect, mapRooms, newApp, sandboxApi, webhookAnswers } from "./integration-setup";
import { test, expect, snap } from "./fixtures";

test("delegated: add → Step 1 on the sandbox consent page → Step 2 → configure → activate → diagnostics", async ({
  adminPage: page,
  uid,
  rooms,
  sandboxRooms,
  integrations,
}) => {
  // Its own room mailboxes and Roomlink room: no other spec's integration or meetings touch them.
  const [focus, focus2] = [await sandboxRooms.create("Focus 1"), await sandboxRooms.create("Focus 2")];
  const [room] = await rooms.create("Focus 1");
  const app = await newApp("Roomlink e2e delegated");
  const name = `Sandbox delegated ${uid}`;
  integrations.adopt(name);
  const id = await addIntegration(page, "delegated", app, { name });
  await page.getByRole("button", { name: "Step 1: consent" }).click();
  await page.waitForURL(/oauth2\/v2\.0\/authorize/);
  await page.getByRole("button", { name: "Accept" }).click();
  await page.waitForURL(/outcome=consented/);
  await expect(page.getByText("Consent received. Now run Step 2")).toBeVisible();
  await page.getByRole("button", { name: "Step 2: connect to Outlook" }).click();
  await expect(page.getByText("Connected to Outlook.")).toBeVisible();
  await expect(page.getByText(/Connected as .+@contoso\.sandbox/)).toBeVisible();
  await snap(page, "integration-delegated-connected");

  await page.getByRole("link", { name: "Configuration" }).click();
  await page.getByLabel("E-mail on problems").fill("facilities@contoso.test");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Saved.")).toBeVisible();

  await page.getByRole("link", { name: "Inbound" }).click();
  await page.getByLabel("Inbound object (delegated)").selectOption({ index: 1 });
  await page.getByLabel("Inbound status", { exact: true }).selectOption({ index: 1 });
  // Room mailboxes the service account's events invite: one per room, said on the row.
  await expect(page.getByText("Room mailboxes to invite (delegated)")).toBeVisible();
  await mapRooms(page, [
    { mailbox: focus.upn, room },
    { mailbox: focus2.upn, room },
  ]);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("This room already has a mailbox above: one mailbox per room.")).toBeVisible();
  await page.getByRole("button", { name: "Remove 2" }).click();
  await snap(page, "integration-delegated-inbound");
  // Graph validates the notification URL on activation: a webhook that does not echo fails the suite.
  expect(await webhookAnswers(page)).toBe(true);
  await page.getByRole("button", { name: "Save and set active" }).click();
  await expect(page.getByText("Active: 1 subscription created")).toBeVisible();
  // Activation runs the first full sync itself; the Inbound tab shows it until the calendar is live.
  await page.getByRole("link", { name: "Inbound" }).click();
  await expect(page.getByRole("heading", { name: "Initial sync" })).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("1 of 1 calendars imported", { exact: false })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000, intervals: [500, 1_000, 2_000] });
  await snap(page, "integration-delegated-initial-sync");
  await page.getByRole("link", { name: "Diagnostics" }).click();
  await expect(page.getByText("Token acquired; it carries Calendars.ReadWrite.")).toBeVisible();
  await expect(page.locator("tbody tr").first()).not.toContainText("None");
  await expect(page.locator("tbody tr").filter({ hasText: focus.upn })).toContainText(
    "Invited by the service account's events",
  );
  // Reconcile on demand: queued, then its round shows on the page (which refreshes itself).
  await page.getByRole("button", { name: "Reconcile now" }).click();
  // Said in a toast.
  await expect(page.getByText(/^Queued: it starts within seconds|already waiting/).first()).toBeVisible();
  await expect(async () => {
    await page.reload();
    await expect(page.getByText(/^Last round .*: 1 calendar, \d+ changes?/)).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000, intervals: [500, 1_000, 2_000] });
  await snap(page, `integration-delegated-diagnostics-${id.slice(0, 4)}`);
});

test("application: admin consent, 3 rooms, one blocked by an access policy is named on diagnostics", async ({
  adminPage: page,
  uid,
  rooms,
  sandboxRooms,
  integrations,
}) => {
  // Three room mailboxes and three Roomlink rooms of its own (at Exchange's defaults, no meetings yet).
  const [a, b, c] = [
    await sandboxRooms.create("Room A"),
    await sandboxRooms.create("Room B"),
    await sandboxRooms.create("Room C"),
  ];
  const [roomA, roomB, roomC] = await rooms.create("Room A", "Room B", "Room C");
  const app = await newApp("Roomlink e2e application");
  const name = `Sandbox application ${uid}`;
  integrations.adopt(name);
  await addIntegration(page, "application", app, { name });
  await consentAndConnect(page);

  await page.getByRole("link", { name: "Inbound" }).click();
  await expect(page.getByRole("button", { name: "+ Add room" })).toBeVisible();
  await mapRooms(page, [
    { mailbox: a.upn, room: roomA },
    { mailbox: b.upn, room: roomB },
    { mailbox: c.upn, room: roomC },
  ]);
  await page.getByLabel("Inbound status", { exact: true }).selectOption({ index: 1 });
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  // Before activation: each mapped room at Exchange's defaults is named with what Exchange does and the command that stops it.
  const check = page.getByTestId("processing-check");
  await expect(check.getByText("What Exchange does with meetings in these rooms")).toBeVisible();
  for (const r of [a, b, c])
    await expect(
      check.getByText(
        `Set-CalendarProcessing -Identity "${r.upn}" -AddOrganizerToSubject $false -DeleteSubject $false -DeleteComments $false -RemovePrivateProperty $false`,
      ),
    ).toBeVisible({ timeout: 15_000 });
  await expect(
    check.getByText(new RegExp(`^${a.upn.replace(/[.]/g, "\\.")}: (Exchange replaces the subject|no recent meetings)`)),
  ).toBeVisible();
  await snap(page, "integration-inbound-processing-check");
  await page.context().addCookies([{ name: "roomlink-locale", value: "nl", url: new URL(page.url()).origin }]);
  await page.reload();
  await page.getByRole("button", { name: "Opslaan", exact: true }).click();
  await expect(check.getByText("Wat Exchange doet met vergaderingen in deze zalen")).toBeVisible();
  await expect(
    check.getByText(
      new RegExp(`^${a.upn.replace(/[.]/g, "\\.")}: (Exchange vervangt het onderwerp|geen recente vergaderingen)`),
    ),
  ).toBeVisible({ timeout: 15_000 });
  await snap(page, "integration-inbound-processing-check-nl");
  await page.context().clearCookies({ name: "roomlink-locale" });
  await page.reload();
  await sandboxApi(`apps/${app.clientId}/access-policy`, {
    method: "PUT",
    body: { accessRight: "RestrictAccess", mailboxes: [a.upn, b.upn] },
  });

  await page.getByRole("link", { name: "Diagnostics" }).click();
  await page.getByRole("button", { name: "Run checks" }).click();
  await expect(page.getByText(`${c.upn}: an application access policy`)).toBeVisible();
  await snap(page, "integration-application-diagnostics");
  // Graph validates the notification URL on activation: a webhook that does not echo fails the suite.
  expect(await webhookAnswers(page)).toBe(true);
  await page.getByRole("link", { name: "Inbound" }).click();
  await page.getByRole("button", { name: "Save and set active" }).click();
  await expect(page.getByText("Active: 2 subscriptions created")).toBeVisible();
  await expect(page.getByText(`No subscription for: ${c.upn}`)).toBeVisible();
  // The first sync: the two readable rooms go live, the denied one says it is not live.
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("2 of 3 calendars imported", { exact: false })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000, intervals: [500, 1_000, 2_000] });
  await expect(page.getByText("Not live: the import failed")).toBeVisible();
  await snap(page, "integration-application-initial-sync");
});

test("a secret ID pasted instead of the value reads as advice", async ({ adminPage: page, uid, integrations }) => {
  const app = await newApp("Roomlink e2e wrong secret");
  const name = `Sandbox wrong secret ${uid}`;
  integrations.adopt(name);
  await addIntegration(page, "application", app, { name, secret: "Xyz8Q~this-is-not-the-secret-value" });
  await page.getByRole("button", { name: "Step 2: connect to Outlook" }).click();
  await expect(page.getByText(/Usually the Secret ID was pasted instead of the secret's Value/)).toBeVisible();
  await snap(page, "integration-wrong-secret");
});
