import type { SendOutcome } from './channel.js';
import { refusedDestination } from './destination.js';

const maxExcerptBytes = 2048;
const maxExcerpt = 200;

/**
 * POSTs `body` as JSON and reports the outcome: success on any 2xx status.
 *
 * @remarks
 * Redirects are not followed: a 3xx is a failure naming the status. Reasons name the
 * host, never the path or query (a Slack URL's path is its token). 4xx answers other than
 * 408 and 429 are not retried: sending the same request again would fail the same way.
 * A host at a link-local address is refused before anything is sent.
 */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<SendOutcome> {
  const { host, hostname } = new URL(url);
  const refused = await refusedDestination(hostname);
  if (refused) return { ok: false, reason: refused, retryable: false };
  const signal = AbortSignal.timeout(timeoutMs);

  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'Telltale' },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal,
    });
    const excerpt = await readExcerpt(response);
    if (response.status >= 200 && response.status < 300) return { ok: true };

    const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    return {
      ok: false,
      reason: `${status} from ${host}${excerpt ? `: ${excerpt}` : ''}`,
      retryable: isRetryableStatus(response.status),
    };
  } catch (error) {
    return { ok: false, reason: describeRequestError(error, host, timeoutMs), retryable: true };
  }
}

/** Whether a failed HTTP status may succeed when sent again. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** A short reason for a request that got no HTTP answer: refused, DNS, TLS, timeout. */
export function describeRequestError(error: unknown, host: string, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `timed out after ${timeoutMs} ms waiting for ${host}`;
  }
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  const code = cause?.code ?? (error as { code?: string } | null)?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused by ${host}`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return `connection to ${host} closed before an answer`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `DNS lookup of ${new URL(`http://${host}`).hostname} failed (${code})`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `connecting to ${host} timed out`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${host} is unreachable (${code})`;
  }
  const message = cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `request to ${host} failed: ${message}`;
}

// The start of the answer, for the reason of a failure; the rest is discarded unread.
async function readExcerpt(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < maxExcerptBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  const text = Buffer.concat(chunks).toString('utf8', 0, Math.min(size, maxExcerptBytes));
  const folded = text.replace(/\s+/g, ' ').trim();
  return folded.length <= maxExcerpt ? folded : `${folded.slice(0, maxExcerpt - 1)}…`;
}
