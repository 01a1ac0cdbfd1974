import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseSealKey, seal, SealError, unseal } from "./seal";
import { must } from "@/lib/invariant";
import { pkceChallenge, pkcePair, safeEqual } from "./random";

const key = randomBytes(32);

describe("seal", () => {
  it("round-trips and never contains the plain text", () => {
    const s = seal("s3cr3t~value", "integration:1:client-secret", key);
    expect(s).not.toContain("s3cr3t");
    expect(unseal(s, "integration:1:client-secret", key)).toBe("s3cr3t~value");
    expect(seal("x", "p", key)).not.toBe(seal("x", "p", key)); // fresh IV each time
  });

  it("refuses a tampered cipher text, tag or IV", () => {
    const s = seal("secret", "p", key);
    const parts = s.split(".");
    const part = (n: number) => must(parts[n], `part ${n} of the sealed value`);
    const [v, iv, tag, ct] = [part(0), part(1), part(2), part(3)];
    const flip = (b64: string) => {
      const b = Buffer.from(b64, "base64url");
      b.writeUInt8(must(b[0], "first byte") ^ 1, 0);
      return b.toString("base64url");
    };
    expect(() => unseal([v, iv, tag, flip(ct)].join("."), "p", key)).toThrow(SealError);
    expect(() => unseal([v, iv, flip(tag), ct].join("."), "p", key)).toThrow(SealError);
    expect(() => unseal([v, flip(iv), tag, ct].join("."), "p", key)).toThrow(SealError);
    expect(() => unseal(s.slice(0, -2), "p", key)).toThrow(SealError);
    expect(() => unseal("garbage", "p", key)).toThrow(SealError);
  });

  it("refuses another key or another purpose", () => {
    const s = seal("secret", "integration:1:client-secret", key);
    expect(() => unseal(s, "integration:1:client-secret", randomBytes(32))).toThrow(SealError);
    expect(() => unseal(s, "integration:2:client-secret", key)).toThrow(SealError);
  });

  it("accepts base64 or hex keys of 32 bytes only", () => {
    expect(parseSealKey(key.toString("base64"))).toEqual(key);
    expect(parseSealKey(key.toString("hex"))).toEqual(key);
    expect(() => parseSealKey("c2hvcnQ=")).toThrow(/32 bytes/);
  });

  it("uses the generated key file when no key is configured", () => {
    const s = seal("x", "p");
    expect(unseal(s, "p")).toBe("x");
  });
});

describe("pkce and compare", () => {
  it("derives the RFC 7636 S256 challenge", () => {
    // RFC 7636 appendix B
    expect(pkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe(
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
    const p = pkcePair();
    expect(p.verifier.length).toBeGreaterThanOrEqual(43);
    expect(pkceChallenge(p.verifier)).toBe(p.challenge);
  });
  it("compares in constant time", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
  });
});
