/**
 * Keeps secrets out of every string the tool produces: logs, error messages,
 * quoted response bodies. A Redactor knows the live secret values of the
 * connections it serves; the HTTP client and the providers pass everything
 * they print through it.
 */

const SENSITIVE_PARAM = /^(access_token|token|id_token|refresh_token|api[-_]?key|apikey|key|client_secret|password|secret|code|signature|sig)$/i;
const MIN_SECRET_LENGTH = 4;

/**
 * A secret as it travels: as is, percent-encoded in a URL, form-encoded in a
 * token request (a space becomes "+"), escaped inside a JSON string. A server
 * that echoes a request back in its error body shows one of these.
 */
function spellings(secret: string): string[] {
  const forms = new Set([secret]);
  try {
    forms.add(encodeURIComponent(secret));
  } catch {
    // A lone surrogate has no percent-encoding; it can't travel in a URL either.
  }
  forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
  forms.add(JSON.stringify(secret).slice(1, -1));
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH);
}

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers secret values; short or empty strings are ignored (they would redact everything). */
  add(...values: (string | undefined | null)[]): this {
    for (const v of values) {
      if (typeof v === 'string' && v.length >= MIN_SECRET_LENGTH) {
        for (const form of spellings(v)) this.secrets.add(form);
      }
    }
    return this;
  }

  remove(...values: (string | undefined)[]): void {
    for (const v of values) if (v) for (const form of spellings(v)) this.secrets.delete(form);
  }

  redact(text: string): string {
    let out = text;
    // Longest first so that a secret containing another is replaced whole.
    const sorted = [...this.secrets].sort((a, b) => b.length - a.length);
    for (const s of sorted) out = out.split(s).join('***');
    return out
      .replace(/(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, '$1***')
      .replace(/("(?:access_token|client_secret|password|bearer|token|refresh_token|apiKey|api_key)"\s*:\s*")[^"]*(")/gi, '$1***$2');
  }

  /** A URL for logs: credentials-looking query parameters and userinfo are masked. */
  redactUrl(url: string | URL): string {
    let u: URL;
    try {
      u = new URL(String(url));
    } catch {
      return this.redact(String(url));
    }
    if (u.username || u.password) {
      u.username = '***';
      u.password = '';
    }
    for (const [name] of [...u.searchParams]) {
      if (SENSITIVE_PARAM.test(name)) u.searchParams.set(name, '***');
    }
    return this.redact(u.toString());
  }
}
