import { test, expect, snap } from "./fixtures";

test("the sandbox tenant page shows the running tenant and its app registration, without secret values", async ({
  adminPage: page,
}) => {
  await page.getByRole("link", { name: "Sandbox tenant" }).click();
  await expect(page.getByRole("heading", { name: /Sandbox tenant/ })).toContainText("Running");
  await expect(page.getByTestId("sandbox-tenant-id")).toHaveText(/^[0-9a-f-]{36}$/);
  // Other specs register their own apps in the same sandbox; every listed registration shows its client id.
  const clientIds = page.getByTestId("sandbox-client-id");
  await expect(clientIds.first()).toHaveText(/^[0-9a-f-]{36}$/);
  for (const id of await clientIds.allInnerTexts()) expect(id).toMatch(/^[0-9a-f-]{36}$/);
  await expect(page.getByText("zaal-amstel@contoso.sandbox")).toBeVisible();
  await snap(page, "sandbox-page");
  // The consent pages and the Outlook stand-in are plain http on the sandbox's port.
  const outlook = page.getByRole("link", { name: "Act as an Outlook user" });
  const href = await outlook.getAttribute("href");
  expect(href).toMatch(/^http:\/\/localhost:\d+\/ui\/$/);
  const res = await page.request.get(href!);
  expect(res.status()).toBe(200);
  expect(await res.text()).toContain("Act as an Outlook user");
});
