// The demo's mail catcher: a local SMTP server inside the app process (started by lib/startup.ts in
// the demo and wherever the sandbox runs embedded, only while SMTP_URL is unset), so problem e-mails
// can be seen working without a mail server. It listens on 127.0.0.1 only, keeps the last 200
// messages in memory and in DATA_DIR/mail/caught.json (they survive a restart), and the admin reads
// them on Sandbox → Sent e-mail. smtp-server is a devDependency: where it is missing start-up says so
// and mail goes to the log as before.
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";
import { log } from "@/lib/log";
import { demoInbox, setDemoInbox, type CaughtMail, type DemoInbox } from "./demo-inbox";

export interface MailCatcherOptions {
  /** Where caught messages are kept across restarts; unset: memory only (tests). */
  file?: string;
  /** How many messages are kept (oldest dropped first). */
  max?: number;
  port?: number;
}

export interface MailCatcher {
  url: string;
  inbox: DemoInbox;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 1024 * 1024;

const addresses = (a: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => v.address ?? v.name).filter(Boolean));
/** "Roomlink <roomlink@localhost>", as MAIL_FROM is written (mailparser's text quotes the name). */
const sender = (a: AddressObject | undefined): string | undefined =>
  a?.value.map((v) => (v.name && v.address ? `${v.name} <${v.address}>` : (v.address ?? v.name))).join(", ");

async function load(file: string | undefined, max: number): Promise<CaughtMail[]> {
  if (!file) return [];
  try {
    const parsed = JSON.parse(await readFile(file, "utf8")) as unknown;
    return Array.isArray(parsed) ? (parsed as CaughtMail[]).slice(-max) : [];
  } catch {
    return [];
  }
}

/** Start a catcher and make it the process's demo inbox (the mailer sends there while SMTP_URL is unset). */
export async function startMailCatcher(opts: MailCatcherOptions = {}): Promise<MailCatcher> {
  const max = opts.max ?? 200;
  const inbox: DemoInbox = { url: "", messages: await load(opts.file, max), max };
  let saving = Promise.resolve();
  const save = () => {
    const file = opts.file;
    if (!file) return;
    const json = JSON.stringify(inbox.messages);
    saving = saving
      .then(async () => {
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(`${file}.tmp`, json, { mode: 0o600 });
        await rename(`${file}.tmp`, file);
      })
      .catch((err: unknown) => log.warn({ err, area: "mail" }, "the mail catcher could not save its messages"));
  };
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    banner: "Roomlink demo mail catcher",
    onData(stream, session, done) {
      simpleParser(stream)
        .then((mail) => {
          if (stream.sizeExceeded) return done(new Error("Message too large for the demo mail catcher"));
          const headerTo = addresses(mail.to);
          inbox.messages.push({
            id: randomUUID(),
            receivedAt: new Date().toISOString(),
            from: sender(mail.from) || (session.envelope.mailFrom ? session.envelope.mailFrom.address : ""),
            to: headerTo.length ? headerTo : session.envelope.rcptTo.map((r) => r.address),
            subject: mail.subject ?? "",
            text: mail.text ?? "",
            hadHtml: typeof mail.html === "string",
          });
          if (inbox.messages.length > max) inbox.messages.splice(0, inbox.messages.length - max);
          save();
          done();
        })
        .catch((err: unknown) => done(err instanceof Error ? err : new Error(String(err))));
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once("error", reject);
    smtp.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  inbox.url = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  setDemoInbox(inbox);
  return {
    url: inbox.url,
    inbox,
    close: async () => {
      if (demoInbox() === inbox) setDemoInbox(undefined);
      await new Promise<void>((r) => smtp.close(() => r()));
      await saving;
    },
  };
}

/** One catcher per Node process, reused across `next dev` reloads (like the embedded sandbox). */
export function startEmbeddedMailCatcher(opts: MailCatcherOptions): Promise<MailCatcher> {
  const g = globalThis as unknown as { __roomlinkMailCatcherServer?: Promise<MailCatcher> };
  g.__roomlinkMailCatcherServer ??= startMailCatcher(opts).catch((err: unknown) => {
    g.__roomlinkMailCatcherServer = undefined;
    throw err;
  });
  return g.__roomlinkMailCatcherServer;
}
