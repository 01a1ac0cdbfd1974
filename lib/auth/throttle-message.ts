// The throttled sign-in as it travels: authorize() throws it, next-auth passes its message to the
// form as `error` (query string of its JSON answer), the form reads the time back. Client-safe.

export class SignInThrottledError extends Error {
  override name = "SignInThrottledError";
  constructor(readonly retryAt: Date) {
    super(`throttled:${Math.ceil(retryAt.getTime() / 1000)}`);
  }
}

/** When the error says throttled, until when; otherwise null. */
export function parseThrottled(error: string | null | undefined): Date | null {
  const m = /^throttled:(\d{9,12})$/.exec(error ?? "");
  return m ? new Date(Number(m[1]) * 1000) : null;
}

/** The error code the form gets when the check itself failed (database down): no detail leaves the server. */
export const SIGN_IN_UNAVAILABLE = "unavailable";
