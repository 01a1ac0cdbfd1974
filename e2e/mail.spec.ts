// As a newcomer in the demo (no SMTP_URL): a working client secret from the Sandbox tenant page,
// the configuration and diagnostics saying where problem e-mails go, and a problem e-mail read on
// Sandbox → Sent e-mail — in English and Dutch.
import { addIntegration, consentAndConnect, newApp } from "./integration-setup";
import { test, expect, snap } from "./fixtures";

test("a secret created on the sandbox page connects; a problem e-mail lands in the demo mail catcher", async ({
  adminPage: page,
  uid,
  integrations,
}) => {
  // The sandbox page creates a secret on this spec's own app registration and shows it once.
  const appName = `Roomlink e2e secret ${uid}`;
  const app = await newApp(appName);
  await page.getByRole("link", { name: "Sandbox tenant" }).click();
  const card = page.locator("section").filter({ hasText: `App registration: ${appName}` });
  await card.getByRole("button", { name: "Create a client secret" }).click();
  const shown = card.getByTestId("sandbox-new-secret");
  await expect(shown).toHaveText(/\S{20,}/);
  await expect(card.getByText("Copy it now: it is not shown again.")).toBeVisible();
  await expect(card.getByRole("button", { name: "Copy" })).toBeVisible();
  await expect(card.getByText(`client ID ${app.clientId}`)).toBeVisible();
  await snap(page, "sandbox-secret-created");
  const secret = (await shown.innerText()).trim();
  expect(secret).not.toBe(app.secretText);

  // That secret is the one the integration connects with.
  const name = `Mail catcher ${uid}`;
  integrations.adopt(name);
  const id = await addIntegration(page, "application", app, { name, secret });
  await consentAndConnect(page);

  // No SMTP_URL: the configuration says where problem e-mails go, next to the address.
  await page.getByRole("link", { name: "Configuration" }).click();
  await expect(page.getByText("No SMTP server is configured (SMTP_URL is not set).")).toBeVisible();
  await expect(page.getByRole("link", { name: "Read them under Sandbox → Sent e-mail" })).toHaveAttribute(
    "href",
    "/sandbox/mail",
  );
  const to = `facilities-${uid}@contoso.test`;
  await page.getByLabel("E-mail on problems").fill(to);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await snap(page, "integration-config-no-smtp");

  // A secret about to expire opens a problem on "Run checks", which is e-mailed.
  await page.getByRole("link", { name: "Authentication" }).click();
  await expect(page.getByText("Saved.")).toBeHidden({ timeout: 15_000 }); // the configuration's confirmation

  const soon = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("Client secret expires on").fill(soon);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText(/^Saved\./)).toBeVisible();
  await page.getByRole("link", { name: "Diagnostics" }).click();
  await expect(page.getByTestId("problem-mail-line")).toContainText(
    `Problem e-mails to ${to} are kept by the demo mail catcher: SMTP_URL is not set.`,
  );
  await page.getByRole("button", { name: "Run checks" }).click();
  // The problem opens (and its e-mail is sent) within the action; the card shows it after the refresh.
  await expect(page.getByText("The client secret expires soon or has expired")).toBeVisible();

  // The page lists what Roomlink sent: from, to, subject, time, and the body as text.
  await page.getByTestId("problem-mail-line").getByRole("link", { name: "Sent e-mail" }).click();
  await expect(page).toHaveURL(/\/sandbox\/mail$/);
  const mail = page.getByTestId("caught-mail").locator("li").filter({ hasText: to });
  await expect(mail).toHaveCount(1);
  await expect(mail).toContainText(`[Roomlink] ${name}: The client secret expires in`);
  await expect(mail).toContainText("Roomlink <roomlink@localhost>");
  await mail.locator("summary").click();
  await expect(mail.locator("pre")).toContainText(`Roomlink found a problem with the Outlook integration "${name}".`);
  await expect(mail.locator("pre")).toContainText(`/integrations/${id}/diagnostics`);
  await snap(page, "sandbox-sent-mail");

  // In Dutch.
  await page.context().addCookies([{ name: "roomlink-locale", value: "nl", url: new URL(page.url()).origin }]);
  await page.reload();
  await expect(page.getByRole("heading", { name: /Verzonden e-mail/ })).toBeVisible();
  await expect(page.getByText("De mailvanger van de demo bewaart wat Roomlink verstuurt")).toBeVisible();
  await snap(page, "sandbox-sent-mail-nl");
  await page.goto(`/integrations/${id}/diagnostics`);
  await expect(page.getByTestId("problem-mail-line")).toContainText(
    `E-mails over problemen aan ${to} worden bewaard door de mailvanger van de demo`,
  );
  await page.context().clearCookies({ name: "roomlink-locale" });
});
