// Outgoing e-mail over SMTP (nodemailer): SMTP_URL and MAIL_FROM from configuration. Without
// SMTP_URL, the demo's mail catcher takes the mail where it runs (lib/mail/catcher.ts, read on
// Sandbox → Sent e-mail); otherwise nothing is sent and callers are told so (problems stay visible
// on diagnostics, which says that mail only reaches the log).
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { demoInbox } from "./demo-inbox";

let transport: { url: string; t: Transporter } | undefined;

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Send one message; returns false when no SMTP server is configured. Tests pass `smtpUrl`. */
export async function sendMail(mail: Mail, opts: { smtpUrl?: string } = {}): Promise<boolean> {
  const url = opts.smtpUrl ?? env.SMTP_URL ?? demoInbox()?.url;
  if (!url) {
    log.info({ area: "mail", subject: mail.subject }, "no SMTP_URL configured; e-mail not sent");
    return false;
  }
  if (transport?.url !== url) transport = { url, t: nodemailer.createTransport(url) };
  await transport.t.sendMail({ from: env.MAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text });
  return true;
}
