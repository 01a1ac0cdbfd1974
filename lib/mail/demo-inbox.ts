// What the demo mail catcher (lib/mail/catcher.ts) caught, and where it listens, kept on globalThis:
// the catcher is started by start-up, while the mailer and the Sandbox → Sent e-mail page read it
// from other module instances of the same process (next dev re-evaluates modules). No SMTP code
// here, so pages import this without loading smtp-server.
import { env } from "@/lib/env";

export interface CaughtMail {
  id: string;
  /** ISO time the catcher received it. */
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  /** The text part; an HTML-only message as mailparser's text rendering of it (HTML is never shown). */
  text: string;
  hadHtml: boolean;
}

export interface DemoInbox {
  /** smtp://127.0.0.1:PORT, where Roomlink's mailer sends while SMTP_URL is unset. */
  url: string;
  /** Newest last, at most `max`. */
  messages: CaughtMail[];
  max: number;
}

const slot = globalThis as unknown as { __roomlinkMailCatcher?: DemoInbox };

export function demoInbox(): DemoInbox | undefined {
  return slot.__roomlinkMailCatcher;
}

export function setDemoInbox(inbox: DemoInbox | undefined): void {
  slot.__roomlinkMailCatcher = inbox;
}

/** The caught messages, newest first. */
export function caughtMail(): CaughtMail[] {
  return [...(demoInbox()?.messages ?? [])].reverse();
}

/**
 * Where problem e-mails go: an SMTP server (SMTP_URL), the demo's mail catcher (SMTP_URL unset in
 * the demo), or nowhere but the server log.
 */
export type MailDelivery = "smtp" | "catcher" | "log";

export function mailDelivery(): MailDelivery {
  if (env.SMTP_URL) return "smtp";
  return demoInbox() ? "catcher" : "log";
}

/** The configured SMTP server as host:port, never its user or password (SMTP_URL may carry both). */
export function smtpServerName(): string | undefined {
  if (!env.SMTP_URL) return undefined;
  try {
    return new URL(env.SMTP_URL).host || "(SMTP_URL)";
  } catch {
    return "(SMTP_URL)";
  }
}
