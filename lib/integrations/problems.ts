// Problems of an integration: one open row per (kind, subject), counted while it repeats, e-mailed
// to "E-mail on problems" once per kind until resolved. Diagnostics lists them.
import { and, desc, eq, isNotNull, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import { integrations, problems, type Problem } from "@/db/schema";
import type { AdviceCode } from "@/lib/graph/errors";
import { translator, type MessageKey } from "@/lib/i18n/catalog";
import type { Locale } from "@/lib/i18n/define";
import { sendMail } from "@/lib/mail/send";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

/** Identity failures that need an admin on the authentication screen; each is stored as `auth_<advice>`. */
export const RECONNECT_ADVICE = [
  "no_consent",
  "secret_id_pasted",
  "secret_expired",
  "secret_missing",
  "refresh_expired",
  "unknown_client",
  "unknown_tenant",
  "not_connected",
  "missing_role",
] as const satisfies readonly AdviceCode[];
export type ReconnectAdvice = (typeof RECONNECT_ADVICE)[number];
export type AuthProblemKind = `auth_${ReconnectAdvice}`;

export function isReconnectAdvice(advice: string): advice is ReconnectAdvice {
  return (RECONNECT_ADVICE as readonly string[]).includes(advice);
}

/** How diagnostics shows one kind: its title, the advice under it, and what of the stored row it adds. */
export interface ProblemDisplay {
  /** Title; `{subject}` is the problem's subject (a mailbox). */
  title: MessageKey<"integrations">;
  advice: MessageKey<"integrations"> | null;
  /** Show the stored advice as a command to copy (it is one, e.g. Set-CalendarProcessing). */
  command: boolean;
  /** Append the stored message to the occurrences line (it names the cause). */
  detail: boolean;
}

/** Every per-room and integration-wide kind besides the sign-in ones, with how diagnostics shows it. */
const KIND_DISPLAY = {
  mailbox_access_denied: {
    title: "problem.mailbox_access_denied",
    advice: "advice.mailbox_access_denied",
    command: false,
    detail: false,
  },
  subject_replaced: { title: "problem.subject_replaced", advice: null, command: true, detail: false },
  secret_expiring: {
    title: "problem.secret_expiring",
    advice: "problem.secret_expiringAdvice",
    command: false,
    detail: false,
  },
  subscription_failed: { title: "problem.subscription_failed", advice: null, command: false, detail: true },
} as const satisfies Record<string, ProblemDisplay>;

/** The kinds of problem Roomlink records: the one definition the writers and the diagnostics page share. */
export type ProblemKind = keyof typeof KIND_DISPLAY | AuthProblemKind;

export const PROBLEM_KINDS: readonly ProblemKind[] = [
  ...(Object.keys(KIND_DISPLAY) as (keyof typeof KIND_DISPLAY)[]),
  ...RECONNECT_ADVICE.map((a) => `auth_${a}` as const),
];

export function isProblemKind(kind: string): kind is ProblemKind {
  return (PROBLEM_KINDS as readonly string[]).includes(kind);
}

export function isAuthProblemKind(kind: string): kind is AuthProblemKind {
  return kind.startsWith("auth_") && isProblemKind(kind);
}

/** How diagnostics shows a stored kind; a kind this version does not know (an older row) reads as "Problem". */
export function problemDisplay(kind: string): ProblemDisplay {
  if (!isProblemKind(kind)) return { title: "problem.other", advice: null, command: false, detail: false };
  if (isAuthProblemKind(kind))
    return {
      title: "problem.auth",
      advice: `advice.${kind.slice("auth_".length) as ReconnectAdvice}`,
      command: false,
      detail: false,
    };
  return KIND_DISPLAY[kind];
}

export interface ProblemInput {
  kind: ProblemKind;
  /** Per-room problems: the mailbox UPN; integration-wide: "". */
  subject?: string;
  message: string;
  advice?: string;
}

/**
 * Record (or count again) an open problem and e-mail it when no e-mail went out yet for this kind
 * while it is open. Returns the row. Never throws on mail failure: the problem stays visible.
 */
export async function raiseProblem(
  integrationId: string,
  p: ProblemInput,
  opts: { smtpUrl?: string } = {},
): Promise<Problem> {
  const db = await getDb();
  const subject = p.subject ?? "";
  const row = await db.transaction(async (tx) => {
    const [open] = await tx
      .select()
      .from(problems)
      .where(
        and(
          eq(problems.integrationId, integrationId),
          eq(problems.kind, p.kind),
          eq(problems.subject, subject),
          isNull(problems.resolvedAt),
        ),
      )
      .for("update");
    if (open) {
      const [u] = await tx
        .update(problems)
        .set({
          occurrences: open.occurrences + 1,
          lastAt: new Date(),
          message: p.message,
          advice: p.advice ?? open.advice,
        })
        .where(eq(problems.id, open.id))
        .returning();
      if (!u) throw new Error(`problem ${open.id} vanished while it was locked for update`);
      return u;
    }
    // Two failing jobs may raise the same problem at once: the second one counts as an occurrence.
    const [n] = await tx
      .insert(problems)
      .values({ integrationId, kind: p.kind, subject, message: p.message, advice: p.advice ?? null })
      .onConflictDoNothing()
      .returning();
    if (n) return n;
    const [raced] = await tx
      .select()
      .from(problems)
      .where(
        and(
          eq(problems.integrationId, integrationId),
          eq(problems.kind, p.kind),
          eq(problems.subject, subject),
          isNull(problems.resolvedAt),
        ),
      );
    // onConflictDoNothing skipped the insert, so another transaction holds that open row.
    if (!raced) throw new Error(`open problem ${p.kind} (${subject}) neither inserted nor found`);
    return raced;
  });
  await mailIfDue(integrationId, row, opts).catch((err: unknown) =>
    log.warn({ integrationId, kind: p.kind, err }, "problem e-mail failed"),
  );
  return row;
}

/** One language's part of a problem e-mail: what happened (the diagnostics title), the detail, what to do. */
function problemMailBody(locale: Locale, name: string, row: Problem, link: string): string {
  const t = translator(locale, "mail");
  const ti = translator(locale, "integrations");
  const display = problemDisplay(row.kind);
  const what = ti(display.title, { subject: row.subject });
  const advice = display.advice ? ti(display.advice, { subject: row.subject }) : row.advice;
  return [
    t("problem.intro", { name }),
    "",
    t("problem.what", { what: row.subject && !what.includes(row.subject) ? `${what} (${row.subject})` : what }),
    row.message ? t("problem.detail", { detail: row.message }) : "",
    advice ? t("problem.advice", { advice }) : "",
    "",
    t("problem.diagnostics", { link }),
    t("problem.once"),
  ]
    .filter((l, idx, all) => l !== "" || all[idx - 1] !== "")
    .join("\n");
}

async function mailIfDue(integrationId: string, row: Problem, opts: { smtpUrl?: string }): Promise<void> {
  if (row.emailedAt) return;
  const db = await getDb();
  // One e-mail per kind while any problem of that kind is open (e.g. 30 rooms denied → one message).
  const [already] = await db
    .select({ id: problems.id })
    .from(problems)
    .where(
      and(
        eq(problems.integrationId, integrationId),
        eq(problems.kind, row.kind),
        isNull(problems.resolvedAt),
        isNotNull(problems.emailedAt),
      ),
    )
    .limit(1);
  if (already) return;
  const [i] = await db
    .select({ name: integrations.name, to: integrations.problemEmail })
    .from(integrations)
    .where(eq(integrations.id, integrationId));
  if (!i?.to) return;
  // Claim first so two workers do not both send.
  const claimed = await db
    .update(problems)
    .set({ emailedAt: new Date() })
    .where(and(eq(problems.id, row.id), isNull(problems.emailedAt)))
    .returning({ id: problems.id });
  if (!claimed.length) return;
  const link = `${env.baseUrl}/integrations/${integrationId}/diagnostics`;
  const sent = await sendMail(
    {
      to: i.to,
      subject: `[Roomlink] ${i.name}: ${row.message}`,
      // The reader's language is not known: English, then Dutch. The stored message is Graph's or the
      // engine's technical detail (a log-safe sentence), shown as it is under both.
      text: [problemMailBody("en", i.name, row, link), "", "—", "", problemMailBody("nl", i.name, row, link)].join(
        "\n",
      ),
    },
    opts,
  );
  if (!sent) await db.update(problems).set({ emailedAt: null }).where(eq(problems.id, row.id));
}

/** Resolve open problems of a kind (optionally for one subject); the next occurrence e-mails again. */
export async function resolveProblems(integrationId: string, kind: ProblemKind, subject?: string): Promise<number> {
  const db = await getDb();
  const conds = [eq(problems.integrationId, integrationId), eq(problems.kind, kind), isNull(problems.resolvedAt)];
  if (subject !== undefined) conds.push(eq(problems.subject, subject));
  const r = await db
    .update(problems)
    .set({ resolvedAt: new Date() })
    .where(and(...conds))
    .returning({ id: problems.id });
  return r.length;
}

export async function openProblems(integrationId: string): Promise<Problem[]> {
  const db = await getDb();
  return db
    .select()
    .from(problems)
    .where(and(eq(problems.integrationId, integrationId), isNull(problems.resolvedAt)))
    .orderBy(desc(problems.lastAt));
}

/**
 * For the sync engine: an identity or Graph failure that needs an admin (ReconnectRequiredError,
 * AccessDeniedError) becomes a problem (e-mailed once) and puts an active integration in
 * needs_attention. Pass the typed error from lib/graph; others are ignored.
 */
export async function recordIntegrationFailure(
  integrationId: string,
  err: { advice: string; message: string; mailbox?: string },
  opts: { smtpUrl?: string } = {},
): Promise<void> {
  const perMailbox = err.advice === "mailbox_access_denied";
  const reconnect = isReconnectAdvice(err.advice) ? err.advice : null;
  if (!reconnect && !perMailbox) return;
  // State first: the integration needs attention even if recording or mailing the problem fails.
  const db = await getDb();
  await db
    .update(integrations)
    .set({ state: "needs_attention", lastErrorAdvice: err.advice, lastError: err.message, lastErrorAt: new Date() })
    .where(and(eq(integrations.id, integrationId), eq(integrations.state, "active")));
  await raiseProblem(
    integrationId,
    {
      kind: reconnect ? `auth_${reconnect}` : "mailbox_access_denied",
      subject: perMailbox ? (err.mailbox ?? "") : "",
      message: err.message,
      advice: PROBLEM_ADVICE[reconnect ?? "mailbox_access_denied"],
    },
    opts,
  );
}

/** English advice for e-mails (the screens show the translated `advice.*` texts). */
const PROBLEM_ADVICE: Record<ReconnectAdvice | "mailbox_access_denied", string> = {
  no_consent:
    "Consent is missing: run Step 1 on the authentication screen (application mode: grant admin consent in Azure).",
  secret_id_pasted: "The client secret was refused: save the secret's Value (not its ID) on the authentication screen.",
  secret_expired:
    "The client secret expired: create a new one in Azure and save its Value and expiry date on the authentication screen.",
  secret_missing: "No client secret is stored: enter it on the authentication screen.",
  refresh_expired: "The stored sign-in expired or was revoked: run Step 1 and Step 2 again with the service account.",
  unknown_client: "Microsoft does not know this client ID in the tenant: check the IDs on the authentication screen.",
  unknown_tenant: "The tenant was not found: check the tenant ID and the national cloud.",
  not_connected: "The integration is not connected: run Step 1 and Step 2.",
  missing_role:
    "The token lacks Calendars.ReadWrite: add the permission (and admin consent) in Azure, then run Step 2.",
  mailbox_access_denied:
    "An application access policy or RBAC for Applications excludes this mailbox: add it to the policy's group. Changes can take up to an hour.",
};
