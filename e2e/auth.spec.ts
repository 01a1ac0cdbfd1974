import { test, expect, signIn, snap, DEMO_ADMIN } from "./fixtures";

test("a visitor is sent to sign-in, a wrong password is refused, the demo admin gets in", async ({ page }) => {
  await page.goto("/bookings");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fbookings/);
  await expect(page.getByText("Please sign in to continue.")).toBeVisible();
  await page.getByLabel(/e-mail/i).fill(DEMO_ADMIN.email);
  await page.getByLabel(/password/i).fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "not correct" })).toHaveText("The e-mail address or password is not correct.");
  await snap(page, "login-refused");
  await page.getByLabel(/password/i).fill(DEMO_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/bookings/);
});

test("the interface switches to Dutch and stays Dutch", async ({ page }) => {
  await signIn(page);
  await page.getByRole("group", { name: "Language" }).getByRole("button", { name: "nl" }).click();
  await expect(page.getByRole("link", { name: "Reserveringen" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Afmelden" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("link", { name: "Kalender" })).toBeVisible();
  await snap(page, "dutch-shell");
  await page.getByRole("group", { name: "Taal" }).getByRole("button", { name: "en" }).click();
  await expect(page.getByRole("link", { name: "Calendar" })).toBeVisible();
});

test("after signing out, pages and APIs are refused", async ({ page, request }) => {
  await signIn(page);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/rooms");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Frooms/);
  const api = await request.get("/api/integrations-that-need-a-session");
  expect(api.status()).toBe(401);
  const health = await request.get("/api/health");
  expect(await health.json()).toMatchObject({ status: "ok", database: { kind: "embedded", status: "ok" } });
});
