// Developer tool: screenshot pages of a running Roomlink as a signed-in admin.
// Usage: tsx scripts/screenshot.ts <baseUrl> <outDir> <path>[,<path>...] [--locale nl] [--no-login]
import { chromium } from "@playwright/test";
import path from "node:path";
import fs from "node:fs";

const usage = "usage: tsx scripts/screenshot.ts <baseUrl> <outDir> <path>[,<path>...] [--locale nl] [--no-login]";
const [base, outDir, paths, ...rest] = process.argv.slice(2);
const locale = rest.includes("--locale") ? rest[rest.indexOf("--locale") + 1] : "en";
if (!base || !outDir || !paths || !locale) {
  console.error(usage);
  process.exit(2);
}
const login = !rest.includes("--no-login");

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
await ctx.addCookies([{ name: "roomlink-locale", value: locale, url: base }]);
const page = await ctx.newPage();
if (login) {
  await page.goto(`${base}/login`);
  await page.fill("#email", "admin@roomlink.test");
  await page.fill("#password", "roomlink-demo");
  await page.click("button[type=submit]");
  await page.waitForURL((u) => !u.pathname.startsWith("/login"), { timeout: 30_000 }).catch(() => {});
}
fs.mkdirSync(outDir, { recursive: true });
for (const p of paths.split(",")) {
  await page.goto(`${base}${p}`);
  await page.waitForLoadState("networkidle");
  const file = path.join(outDir, `${p.replace(/[^a-z0-9]+/gi, "_") || "root"}-${locale}.png`);
  await page.screenshot({ path: file, fullPage: true });
  process.stdout.write(`${file}\n`);
}
await browser.close();
