import * as https from "https";
import * as tls from "tls";
import type { HttpGet, HttpResponse } from "./checks";

/**
 * The only network client of `verify`: one https GET, answered or abandoned within a
 * deadline. Redirects are returned, not followed, because authentik and the
 * Cloudflare API answer these URLs directly and a redirect is itself the finding.
 */

/** A request that produced no HTTP response; `code` says why (`TIMEOUT`, `TOO_LARGE`, or node's error code). */
export class HttpRequestError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = "HttpRequestError";
  }
}

export interface HttpGetOptions {
  /** Deadline of each request, from connecting to the last byte of the body, in milliseconds. */
  readonly timeoutMs: number;
  /** PEM certificates trusted in addition to node's bundled roots. */
  readonly extraCaPem?: readonly string[];
  /** Bodies larger than this are abandoned: a discovery document or JWKS is a few kB. */
  readonly maxBodyBytes?: number;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Builds the getter the checks run over. */
export function createHttpGet(options: HttpGetOptions): HttpGet {
  // Passing `ca` replaces node's default trust store, so the bundled roots are added back.
  const ca = options.extraCaPem && options.extraCaPem.length > 0 ? [...tls.rootCertificates, ...options.extraCaPem] : undefined;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return (url, headers = {}) => getOnce(url, headers, { timeoutMs: options.timeoutMs, ca, maxBodyBytes });
}

interface RequestSettings {
  readonly timeoutMs: number;
  readonly ca?: string[];
  readonly maxBodyBytes: number;
}

function getOnce(url: string, headers: Readonly<Record<string, string>>, settings: RequestSettings): Promise<HttpResponse> {
  return new Promise<HttpResponse>((resolve, reject) => {
    if (!url.startsWith("https://")) {
      reject(new HttpRequestError(`refused to request ${url}: only https is used`, "NOT_HTTPS"));
      return;
    }
    const request = https.get(
      url,
      {
        // A pooled keep-alive socket would outlive the check and keep the process (and test runners) waiting.
        agent: false,
        ca: settings.ca,
        headers: { accept: "application/json", "user-agent": "cdktf-authentik-cloudflare-access-verify", ...headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let received = 0;
        response.on("data", (chunk: Buffer) => {
          received += chunk.length;
          if (received > settings.maxBodyBytes) {
            request.destroy(new HttpRequestError(`response body exceeds ${settings.maxBodyBytes} bytes`, "TOO_LARGE"));
            return;
          }
          chunks.push(chunk);
        });
        response.on("end", () => {
          clearTimeout(deadline);
          resolve({
            status: response.statusCode ?? 0,
            location: headerValue(response.headers.location),
            body: Buffer.concat(chunks).toString("utf8"),
          });
        });
        response.on("error", (error) => settleWithError(error));
      },
    );
    const deadline = setTimeout(() => {
      request.destroy(new HttpRequestError(`timed out after ${settings.timeoutMs} ms`, "TIMEOUT"));
    }, settings.timeoutMs);
    const settleWithError = (error: Error): void => {
      clearTimeout(deadline);
      reject(asRequestError(error));
    };
    request.on("error", settleWithError);
  });
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function asRequestError(error: Error): HttpRequestError {
  if (error instanceof HttpRequestError) {
    return error;
  }
  const code = (error as NodeJS.ErrnoException).code ?? "ERROR";
  return new HttpRequestError(error.message, code);
}
