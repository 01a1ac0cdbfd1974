// What an administrator sees (issue 14): an expected failure says what to do in their language, times
// are in their zone (the browser is in Amsterdam, the server in UTC: no hydration error), a date-only
// value stays its date, and lists page instead of showing everything.
import { addIntegration, consentAndConnect, newApp } from "./integration-setup";
import { test, expect, snap } from "./fixtures";

test("activating with no room mapped says to map one, in English and Dutch; the secret expiry stays 3 Jun", async ({
  adminPage: page,
  uid,
  integrations,
}) => {
  test.setTimeout(180_000);
  // Add Outlook integration: a form first, nothing stored until it is saved.
  await page.goto("/integrations");
  await page.getByRole("link", { name: "Add Outlook integration" }).first().click();
  await expect(page).toHaveURL(/\/integrations\/new$/);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Enter the client secret's Value (Certificates & secrets in Azure).")).toBeVisible();
  // The consent steps follow the mode chosen on the form.
  await snap(page, "integration-new-form");

  const name = `No rooms ${uid}`;
  integrations.adopt(name);
  await addIntegration(page, "application", await newApp(`No rooms ${uid} app`), { name });
  await page.getByLabel("Client secret expires on").fill("2027-06-03");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText(/^Saved\./)).toBeVisible();
  await expect(page.getByText(/expires Thu, 3 Jun 2027/)).toBeVisible();
  await consentAndConnect(page);
  // The sidebar names the zone every time is shown in: the browser's, detected on the first visit.
  await expect(page.getByTestId("zone-switcher")).toContainText("Europe/Amsterdam");

  await page.getByRole("link", { name: "Inbound" }).click();
  await page.getByLabel("Inbound status", { exact: true }).selectOption({ index: 1 });
  await page.getByRole("button", { name: "Save and set active" }).click();
  await expect(page.getByText(/No room mailbox is mapped yet/)).toBeVisible();
  await expect(page.getByText(/unexpected reason/)).toHaveCount(0);
  await snap(page, "integration-activate-no-rooms");

  await page.getByRole("link", { name: "Diagnostics" }).click();
  await expect(page).toHaveURL(/\/diagnostics$/, { timeout: 30_000 }); // the dev server compiles on first visit
  await expect(page.getByText(/3 Jun 2027/).first()).toBeVisible();
  await expect(page.getByTestId("volume-chart")).toBeVisible();
  await snap(page, "integration-diagnostics-chart");

  await page.getByRole("group", { name: "Language" }).getByRole("button", { name: "nl" }).click();
  await expect(page.getByTestId("zone-switcher")).toContainText("Tijden in Europe/Amsterdam");
  await expect(page.getByText(/do 3 jun 2027/).first()).toBeVisible();
  await snap(page, "integration-diagnostics-chart-nl");
  await page.getByRole("link", { name: "Inkomend" }).click();
  await expect(page).toHaveURL(/\/inbound$/, { timeout: 30_000 });
  await page.getByRole("button", { name: "Opslaan en activeren" }).click();
  await expect(page.getByText(/Er is nog geen zaalmailbox gekoppeld/)).toBeVisible();
  await snap(page, "integration-activate-no-rooms-nl");
  await page.getByRole("group", { name: "Taal" }).getByRole("button", { name: "en" }).click();
});

test("customers and policies page 50 at a time with a search; policies say durations in words", async ({
  adminPage: page,
}) => {
  await page.goto("/customers");
  await expect(page.getByRole("search")).toBeVisible();
  await page.getByLabel("Search customers").fill("zzz-no-such-customer");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("Nothing matches “zzz-no-such-customer”.").first()).toBeVisible();
  await page.goto("/policies");
  await expect(page.getByRole("search")).toBeVisible();
  await expect(page.getByText(/\d+ min\b/)).toHaveCount(0);
  await snap(page, "policies-paged");
});
