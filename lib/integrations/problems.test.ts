import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createAppTestDb, testDbKinds, type TestDb } from "@/db/testing";
import { integrations, problems } from "@/db/schema";
import { startTestSmtp, type TestSmtp } from "@/lib/mail/test-smtp";
import { catalog } from "@/lib/i18n/catalog";
import {
  openProblems,
  PROBLEM_KINDS,
  problemDisplay,
  raiseProblem,
  recordIntegrationFailure,
  resolveProblems,
  type ProblemInput,
} from "./problems";
import { must } from "@/lib/invariant";

/** The one row a query returned (fails the test when there is none). */
function only<T>(rows: T[]): T {
  const [row] = rows;
  if (row === undefined) throw new Error("expected a row, got none");
  return row;
}

describe("problem kinds on diagnostics", () => {
  it("every kind has a title (and any advice) in English and Dutch; sign-in kinds share one title with their own advice", () => {
    const { en, nl } = catalog.integrations as { en: Record<string, string>; nl: Record<string, string> };
    for (const kind of PROBLEM_KINDS) {
      const d = problemDisplay(kind);
      for (const key of [d.title, d.advice].filter((k): k is NonNullable<typeof k> => k !== null)) {
        expect(en[key], `${kind}: ${key} (en)`).toBeTruthy();
        expect(nl[key], `${kind}: ${key} (nl)`).toBeTruthy();
      }
      expect(d.title, kind).not.toBe("problem.other");
    }
    expect(problemDisplay("auth_refresh_expired")).toEqual({
      title: "problem.auth",
      advice: "advice.refresh_expired",
      command: false,
      detail: false,
    });
    expect(problemDisplay("subject_replaced")).toMatchObject({ title: "problem.subject_replaced", command: true });
    expect(problemDisplay("subscription_failed")).toMatchObject({ title: "problem.subscription_failed", detail: true });
    // A row of a kind this version does not know (or a made-up sign-in kind) still shows, as "Problem".
    expect(problemDisplay("legacy_kind")).toEqual({
      title: "problem.other",
      advice: null,
      command: false,
      detail: false,
    });
    expect(problemDisplay("auth_made_up").title).toBe("problem.other");
  });
});

describe.each(testDbKinds)("problems and e-mails (%s)", (kind) => {
  let t: TestDb;
  let smtp: TestSmtp;
  let smtpUrl: string;
  let inbox: TestSmtp["inbox"];
  beforeAll(async () => {
    t = await createAppTestDb(kind);
    smtp = await startTestSmtp();
    ({ url: smtpUrl, inbox } = smtp);
  });
  afterAll(async () => {
    await smtp?.close();
    await t?.close();
  });

  it("e-mails once per kind until resolved, then again", async () => {
    inbox.length = 0;
    const i = only(
      await t.db
        .insert(integrations)
        .values({ name: "Mail test", problemEmail: "facilities@contoso.test" })
        .returning(),
    );
    const p: ProblemInput = {
      kind: "mailbox_access_denied",
      subject: "zaal-a@contoso.test",
      message: "Access to zaal-a@contoso.test denied (403 ErrorAccessDenied).",
      advice: "Add the room to the policy group.",
    };
    await raiseProblem(i.id, p, { smtpUrl });
    await raiseProblem(i.id, p, { smtpUrl });
    await raiseProblem(i.id, { ...p, subject: "zaal-b@contoso.test" }, { smtpUrl });
    expect(inbox).toHaveLength(1);
    expect(only(inbox.slice(0, 1)).to).toEqual(["facilities@contoso.test"]);
    // Said in English, then Dutch, from the catalogue (the reader's language is not known).
    const body = only(inbox.slice(0, 1)).body.replace(/=\r?\n/g, ""); // quoted-printable soft breaks
    expect(body).toContain("What to do: The mailbox refused access (403 ErrorAccessDenied).");
    expect(body).toContain("Wat te doen: De mailbox weigerde toegang (403 ErrorAccessDenied).");
    expect(body).toContain("Wat er gebeurde: Toegang tot zaal-a@contoso.test geweigerd (403 ErrorAccessDenied)");
    const open = await openProblems(i.id);
    expect(
      must(
        open.find((o) => o.subject === "zaal-a@contoso.test"),
        "the zaal-a problem",
      ).occurrences,
    ).toBe(2);

    await raiseProblem(
      i.id,
      { kind: "secret_expiring", message: "The client secret expires in 6 day(s)." },
      { smtpUrl },
    );
    expect(inbox).toHaveLength(2);

    expect(await resolveProblems(i.id, "mailbox_access_denied")).toBe(2);
    await raiseProblem(i.id, p, { smtpUrl });
    expect(inbox).toHaveLength(3);
  });

  it("without an address or SMTP server the problem is kept and not marked e-mailed", async () => {
    const i = only(await t.db.insert(integrations).values({ name: "No mail" }).returning());
    const row = await raiseProblem(
      i.id,
      { kind: "subscription_failed", subject: "zaal-c@contoso.test", message: "Something" },
      { smtpUrl },
    );
    const back = only(await t.db.select().from(problems).where(eq(problems.id, row.id)));
    expect(back.emailedAt).toBeNull();
  });

  it("a reconnect failure from the sync engine puts an active integration in needs_attention, once per kind", async () => {
    inbox.length = 0;
    const i = only(
      await t.db
        .insert(integrations)
        .values({ name: "Sync failure", state: "active", problemEmail: "it@contoso.test" })
        .returning(),
    );
    await recordIntegrationFailure(
      i.id,
      { advice: "refresh_expired", message: "Sign-in failed: invalid_grant (AADSTS700082)." },
      { smtpUrl },
    );
    await recordIntegrationFailure(
      i.id,
      { advice: "refresh_expired", message: "Sign-in failed: invalid_grant (AADSTS700082)." },
      { smtpUrl },
    );
    await recordIntegrationFailure(i.id, { advice: "throttled", message: "429" }, { smtpUrl });
    const back = only(await t.db.select().from(integrations).where(eq(integrations.id, i.id)));
    expect(back).toMatchObject({ state: "needs_attention", lastErrorAdvice: "refresh_expired" });
    expect((await openProblems(i.id)).map((p) => [p.kind, p.occurrences])).toEqual([["auth_refresh_expired", 2]]);
    expect(inbox).toHaveLength(1);
    const body = only(inbox.slice(0, 1)).body.replace(/=\r?\n/g, "");
    expect(body).toContain("Run Step 1 and Step 2 again with the service account.");
    expect(body).toContain("Voer Stap 1 en Stap 2 opnieuw uit met het serviceaccount.");
  });
});
