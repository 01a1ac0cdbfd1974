// Test helper: a local SMTP server on a random port that keeps every message it receives, so tests
// can assert on the e-mails Roomlink sends (recipients and the raw, quoted-printable body).
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface TestSmtp {
  /** smtp://127.0.0.1:PORT, for `smtpUrl` options or SMTP_URL. */
  url: string;
  inbox: { to: string[]; body: string }[];
  close(): Promise<void>;
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const inbox: TestSmtp["inbox"] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, done) {
      let body = "";
      stream.on("data", (c: Buffer) => (body += c.toString("utf8")));
      stream.on("end", () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), body });
        done();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", () => r()));
  return {
    url: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    inbox,
    close: () => new Promise<void>((r) => smtp.close(() => r())),
  };
}
