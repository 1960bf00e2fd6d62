// The citizens and the registry officer of a fault run: what each submission got, which answers
// are worth retrying, the schedule that releases submissions, and a POST that never throws.

export interface Submission {
  index: number;
  key: string;
  body: string;
  talon?: string;
  /** Talons of every 202 it got (one, unless a retry was answered twice). */
  answers: string[];
  failure?: string;
  /** KUI numbers of every 200 the registration got (more than one when it was sent twice). */
  kuiAnswers: string[];
  kuiFailure?: string;
}

/** An answer worth retrying: none at all, or one that says "not now". */
export const retryable = (status: number) => status >= 500 || status === 429 || status === 408;

/** Hands out submission indices as the schedule releases them. */
export class Gate {
  private released = 0;
  private taken = 0;
  private closed = false;
  private waiters: (() => void)[] = [];

  constructor(private readonly total: number) {}

  release(n: number) {
    this.released = Math.min(this.total, this.released + n);
    this.wake();
  }

  close() {
    this.released = this.total;
    this.closed = true;
    this.wake();
  }

  get count() {
    return this.released;
  }

  async take(): Promise<number | undefined> {
    for (;;) {
      if (this.taken < this.released) return this.taken++;
      if (this.closed) return undefined;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  private wake() {
    for (const w of this.waiters.splice(0)) w();
  }
}

/** POSTs with a timeout; undefined when no answer came (refused, reset, timed out, unreadable). */
export async function post(
  url: string,
  token: string,
  body: string | undefined,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<{ status: number; body: any } | undefined> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, ...(body !== undefined && { 'Content-Type': 'application/json' }), ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON (a proxy's page): kept as text.
    }
    return { status: res.status, body: parsed };
  } catch {
    return undefined;
  }
}
