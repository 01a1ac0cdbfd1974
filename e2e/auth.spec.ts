import { test, expect, signIn, snap, DEMO_ADMIN } from "./fixtures";

// A refused sign-in is next-auth's credentials callback answering 401, which the browser logs as a
// failed resource: expected on these pages, so it does not fail the test.
test.use({ allowedConsoleErrors: [/status of 401 .*\/api\/auth\/callback\/credentials/] });

test("a visitor is sent to sign-in, a wrong password is refused, the demo admin gets in", async ({ page }) => {
  await page.goto("/bookings");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fbookings/);
  await expect(page.getByText("Please sign in to continue.")).toBeVisible();
  await page.getByLabel(/e-mail/i).fill(DEMO_ADMIN.email);
  await page.getByLabel(/password/i).fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "not correct" })).toHaveText(
    "The e-mail address or password is not correct.",
  );
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

/** Every CSP complaint Chromium logs on this page (a blocked Next script would be one). */
function cspViolations(page: import("@playwright/test").Page): string[] {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) seen.push(m.text());
  });
  page.on("pageerror", (e) => {
    if (/Content Security Policy/i.test(e.message)) seen.push(e.message);
  });
  return seen;
}

test("pages carry a nonce CSP and the security headers, and Next's scripts run under it", async ({ page }) => {
  const violations = cspViolations(page);
  const res = await page.goto("/login");
  const h = res!.headers();
  expect(h["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // Served over http here: no HSTS.
  expect(h["strict-transport-security"]).toBeUndefined();
  await signIn(page);
  await page.goto("/bookings");
  await page.getByRole("link", { name: "Rooms" }).click();
  await expect(page).toHaveURL(/\/rooms/);
  expect(violations).toEqual([]);
});

test("a page path ending in .js or .css with RSC: 1 still needs a session", async ({ request }) => {
  for (const path of ["/bookings/x.js", "/bookings/x.css"]) {
    const res = await request.get(path, { headers: { RSC: "1" }, maxRedirects: 0 });
    expect(res.status()).toBe(307);
    expect(res.headers()["location"]).toContain("/login");
  }
});

for (const hostile of [
  "/\\example.com/x",
  "/\t/example.com/x",
  "//example.com",
  "https://example.com/",
  "/%5Cexample.com",
]) {
  test(`sign-in with callbackUrl ${JSON.stringify(hostile)} stays on Roomlink`, async ({ page }) => {
    const violations = cspViolations(page);
    await page.goto(`/login?callbackUrl=${encodeURIComponent(hostile)}`);
    await page.getByLabel(/e-mail/i).fill(DEMO_ADMIN.email);
    await page.getByLabel(/password/i).fill(DEMO_ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/calendar/);
    expect(violations).toEqual([]);
  });
}

test("repeated wrong passwords are throttled with the time to try again, in English and Dutch", async ({
  page,
  context,
  uid,
}) => {
  const violations = cspViolations(page);
  // Next's route announcer is an (empty) alert too.
  const alert = () => page.getByRole("alert").filter({ hasText: /\S/ });
  const guess = async (email: string, submit: string) => {
    await page.getByLabel(/e-mail/i).fill(email);
    await page.getByLabel(/password|wachtwoord/i).fill("wrong-guess");
    await page.getByRole("button", { name: submit }).click();
  };
  await page.goto("/login");
  // An address without an account is throttled exactly like one with (no enumeration that way either).
  for (let i = 0; i < 10; i++) {
    await guess(`nobody-en-${uid}@roomlink.test`, "Sign in");
    await expect(alert()).toHaveText("The e-mail address or password is not correct.");
  }
  await guess(`nobody-en-${uid}@roomlink.test`, "Sign in");
  await expect(alert()).toHaveText(
    /^Too many failed sign-in attempts\. Try again at \d\d:\d\d \([\w/+-]+\) \(in about 1[45] min\)\.$/,
  );
  await snap(page, "login-throttled");

  await context.addCookies([{ name: "roomlink-locale", value: "nl", url: page.url() }]);
  await page.reload();
  for (let i = 0; i < 10; i++) {
    await guess(`nobody-nl-${uid}@roomlink.test`, "Aanmelden");
    await expect(alert()).toHaveText("Het e-mailadres of wachtwoord is onjuist.");
  }
  await guess(`nobody-nl-${uid}@roomlink.test`, "Aanmelden");
  await expect(alert()).toHaveText(
    /^Te veel mislukte aanmeldpogingen\. Probeer het opnieuw om \d\d:\d\d \([\w/+-]+\) \(over ongeveer 1[45] min\)\.$/,
  );
  await context.clearCookies();
  expect(violations).toEqual([]);
});
