// The demo mail catcher: with SMTP_URL unset a problem e-mail reaches it (and is readable as the
// Sent e-mail page shows it), HTML-only mail is kept as text, the last `max` messages are kept and
// survive a restart; without a catcher the mailer still reports that nothing was sent.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppTestDb, testDbKinds, type TestDb } from "@/db/testing";
import { integrations } from "@/db/schema";
import { env } from "@/lib/env";
import { raiseProblem } from "@/lib/integrations/problems";
import { startMailCatcher } from "./catcher";
import { caughtMail, demoInbox, mailDelivery } from "./demo-inbox";
import { sendMail } from "./send";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "roomlink-catcher-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("demo mail catcher", () => {
  it("no catcher and no SMTP_URL: nothing is sent and delivery is the log", async () => {
    expect(env.SMTP_URL).toBeUndefined();
    expect(demoInbox()).toBeUndefined();
    expect(mailDelivery()).toBe("log");
    expect(await sendMail({ to: "it@contoso.test", subject: "x", text: "y" })).toBe(false);
  });

  it("keeps HTML-only mail as text, the newest `max` messages, and its messages across a restart", async () => {
    const file = path.join(dir, "caught.json");
    const first = await startMailCatcher({ file, max: 3 });
    expect(mailDelivery()).toBe("catcher");
    const t = nodemailer.createTransport(first.url);
    await t.sendMail({
      from: "Roomlink <roomlink@localhost>",
      to: "a@contoso.test",
      subject: "HTML only",
      html: '<p>Hello <b>admin</b></p><script>alert("x")</script>',
    });
    const [html] = caughtMail();
    expect(html).toMatchObject({ subject: "HTML only", to: ["a@contoso.test"], hadHtml: true });
    expect(html!.text).toContain("Hello");
    expect(html!.text).toContain("admin");
    expect(html!.text).not.toContain("<b>");
    for (const n of [1, 2, 3])
      await t.sendMail({ from: "r@localhost", to: "b@contoso.test", subject: `m${n}`, text: "t" });
    expect(caughtMail().map((m) => m.subject)).toEqual(["m3", "m2", "m1"]);
    t.close();
    await first.close();
    expect(mailDelivery()).toBe("log");

    const second = await startMailCatcher({ file, max: 3 });
    expect(caughtMail().map((m) => m.subject)).toEqual(["m3", "m2", "m1"]);
    await second.close();
  });
});

describe.each(testDbKinds)("a problem e-mail without SMTP_URL (%s)", (kind) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createAppTestDb(kind);
  });
  afterAll(async () => {
    await t?.close();
  });

  it("reaches the demo mail catcher with recipient, subject and the problem's text", async () => {
    const catcher = await startMailCatcher();
    try {
      const [i] = await t.db
        .insert(integrations)
        .values({ name: "Catcher test", problemEmail: "facilities@contoso.test" })
        .returning();
      await raiseProblem(i!.id, {
        kind: "mailbox_access_denied",
        subject: "zaal-a@contoso.test",
        message: "Access to zaal-a@contoso.test denied (403 ErrorAccessDenied).",
        advice: "Add the room to the policy group.",
      });
      const [mail] = caughtMail();
      expect(mail).toMatchObject({
        to: ["facilities@contoso.test"],
        subject: "[Roomlink] Catcher test: Access to zaal-a@contoso.test denied (403 ErrorAccessDenied).",
        from: env.MAIL_FROM,
        hadHtml: false,
      });
      // Said in English, then Dutch, from the catalogue (the reader's language is not known).
      expect(mail!.text).toContain("What to do: The mailbox refused access (403 ErrorAccessDenied).");
      expect(mail!.text).toContain("Wat te doen: De mailbox weigerde toegang (403 ErrorAccessDenied).");
      expect(mail!.text).toContain(
        "Wat er gebeurde: Toegang tot zaal-a@contoso.test geweigerd (403 ErrorAccessDenied)",
      );
      expect(mail!.text).toContain(`/integrations/${i!.id}/diagnostics`);
    } finally {
      await catcher.close();
    }
  });
});
