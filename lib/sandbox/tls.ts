// The sandbox's local certificate authority and the leaf certificate it serves for localhost.
// Keys come from node:crypto (fast); node-forge only assembles and signs the X.509 structures.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Duplex } from "node:stream";
import forge from "node-forge";

export interface SandboxTls {
  caPem: string;
  caFile: string;
  certPem: string;
  keyPem: string;
}

const CA_FILE = "ca.pem";
const CA_KEY_FILE = "ca-key.pem";
const LEAF_FILE = "localhost.pem";
const LEAF_KEY_FILE = "localhost-key.pem";
const DAY = 86_400_000;

const cache = new Map<string, SandboxTls>();

/** Shared across processes of this user so parallel test workers reuse one CA. */
export function defaultCaDir(): string {
  const uid = typeof process.getuid === "function" ? process.getuid() : "user";
  return path.join(os.tmpdir(), `roomlink-sandbox-ca-${uid}`);
}

/** Load the CA + leaf from `dir`, generating (once) what is missing or about to expire. */
export function loadOrCreateTls(dir: string = defaultCaDir()): SandboxTls {
  const key = path.resolve(dir);
  const hit = cache.get(key);
  if (hit && !expiresSoon(hit.certPem)) return hit;
  const tls = readTls(key) ?? createTls(key);
  cache.set(key, tls);
  return tls;
}

function readTls(dir: string): SandboxTls | undefined {
  try {
    const caPem = fs.readFileSync(path.join(dir, CA_FILE), "utf8");
    const certPem = fs.readFileSync(path.join(dir, LEAF_FILE), "utf8");
    const keyPem = fs.readFileSync(path.join(dir, LEAF_KEY_FILE), "utf8");
    if (expiresSoon(certPem) || expiresSoon(caPem)) return undefined;
    return { caPem, caFile: path.join(dir, CA_FILE), certPem, keyPem };
  } catch {
    return undefined;
  }
}

function createTls(dir: string): SandboxTls {
  const ca = keyPair();
  const leaf = keyPair();
  const caCert = buildCert({
    subjectKey: ca.publicKey,
    issuerKey: ca.privateKey,
    days: 3650,
    isCa: true,
    subject: [
      { name: "commonName", value: "Roomlink Sandbox Local CA" },
      { name: "organizationName", value: "Roomlink Sandbox" },
    ],
  });
  const leafCert = buildCert({
    subjectKey: leaf.publicKey,
    issuerKey: ca.privateKey,
    issuer: caCert,
    days: 825,
    isCa: false,
    subject: [{ name: "commonName", value: "localhost" }],
  });
  const caPem = forge.pki.certificateToPem(caCert);
  const certPem = forge.pki.certificateToPem(leafCert);
  const keyPem = leaf.privateKeyPem;
  const files: Record<string, string> = {
    [CA_FILE]: caPem,
    [CA_KEY_FILE]: ca.privateKeyPem,
    [LEAF_FILE]: certPem,
    [LEAF_KEY_FILE]: keyPem,
  };
  // Write into a private temp dir, then rename into place: parallel processes either win the
  // rename or read the winner's files, so every process serves a leaf its caFile vouches for.
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const tmp = fs.mkdtempSync(path.join(path.dirname(dir), ".ca-"));
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(tmp, name), content, { mode: name.includes("key") ? 0o600 : 0o644 });
  }
  if (fs.existsSync(dir)) {
    // Stale or partial: replace the files one by one (same directory, rename is atomic per file).
    for (const name of Object.keys(files)) fs.renameSync(path.join(tmp, name), path.join(dir, name));
    fs.rmSync(tmp, { recursive: true, force: true });
  } else {
    try {
      fs.renameSync(tmp, dir);
    } catch {
      fs.rmSync(tmp, { recursive: true, force: true });
      const winner = readTls(dir);
      if (winner) return winner;
      throw new Error(`sandbox: could not create the local CA in ${dir}`);
    }
  }
  return { caPem, caFile: path.join(dir, CA_FILE), certPem, keyPem };
}

function keyPair() {
  const { publicKey, privateKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKey.export({ type: "spki", format: "pem" }).toString()),
    privateKey: forge.pki.privateKeyFromPem(privateKeyPem),
    privateKeyPem,
  };
}

interface CertInput {
  subjectKey: forge.pki.PublicKey;
  issuerKey: forge.pki.PrivateKey;
  issuer?: forge.pki.Certificate;
  subject: forge.pki.CertificateField[];
  days: number;
  isCa: boolean;
}

function buildCert(input: CertInput): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = input.subjectKey;
  cert.serialNumber = "01" + crypto.randomBytes(15).toString("hex");
  cert.validity.notBefore = new Date(Date.now() - DAY);
  cert.validity.notAfter = new Date(Date.now() + input.days * DAY);
  cert.setSubject(input.subject);
  cert.setIssuer(input.issuer ? input.issuer.subject.attributes : input.subject);
  const extensions: object[] = input.isCa
    ? [
        { name: "basicConstraints", cA: true, critical: true },
        { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
        { name: "subjectKeyIdentifier" },
      ]
    : [
        { name: "basicConstraints", cA: false },
        { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
        { name: "extKeyUsage", serverAuth: true },
        {
          name: "subjectAltName",
          altNames: [
            { type: 2, value: "localhost" },
            { type: 7, ip: "127.0.0.1" },
            { type: 7, ip: "::1" },
          ],
        },
      ];
  cert.setExtensions(extensions);
  cert.sign(input.issuerKey as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return cert;
}

function expiresSoon(pem: string): boolean {
  try {
    return new Date(new crypto.X509Certificate(pem).validTo).getTime() < Date.now() + 7 * DAY;
  } catch {
    return true;
  }
}

/**
 * A socket whose first bytes were already read (to sniff TLS vs HTTP), as a plain Duplex: a
 * TLSSocket built on a net.Socket reads its native handle directly and would lose the unshifted
 * ClientHello, while one built on a generic Duplex reads through the stream API.
 */
export function replayingDuplex(socket: import("node:net").Socket, first: Buffer): import("node:stream").Duplex {
  const d = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer | string, encoding, cb) {
      socket.write(chunk, encoding, cb);
    },
    final(cb) {
      socket.end();
      cb();
    },
    destroy(err, cb) {
      socket.destroy(err ?? undefined);
      cb(err);
    },
  });
  d.push(first);
  socket.on("data", (c: Buffer) => {
    if (!d.push(c)) socket.pause();
  });
  socket.on("end", () => d.push(null));
  socket.on("close", () => d.destroy());
  Object.assign(d, {
    remoteAddress: socket.remoteAddress,
    remotePort: socket.remotePort,
    remoteFamily: socket.remoteFamily,
  });
  return d;
}
