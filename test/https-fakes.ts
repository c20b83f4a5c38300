import { execFileSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import * as net from "net";
import * as path from "path";

/**
 * Loopback https servers for the command-line tests: a fake authentik or Cloudflare
 * API answering fixed routes, with a certificate issued by a throwaway CA made with
 * the openssl CLI (passed to the commands with --ca-file).
 */

export interface Answer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** A fixed answer, one computed from the request URL (e.g. a page of a list), or no answer at all. */
export type Route = Answer | "hang" | ((url: URL) => Answer);

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
}

/** An https server answering routes with JSON, recording the requests it got. Routes match the full path first, then the path without its query. */
export class FakeHttpsServer {
  readonly routes = new Map<string, Route>();
  readonly requests: RecordedRequest[] = [];
  private readonly server: https.Server;
  url = "";

  constructor(key: string, cert: string) {
    this.server = https.createServer({ key, cert }, (request, response) => this.answer(request, response));
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  reset(): void {
    this.routes.clear();
    this.requests.length = 0;
  }

  private answer(request: http.IncomingMessage, response: http.ServerResponse): void {
    const requestPath = request.url ?? "/";
    this.requests.push({ method: request.method ?? "", path: requestPath, headers: request.headers });
    const url = new URL(requestPath, this.url);
    const route = this.routes.get(requestPath) ?? this.routes.get(url.pathname) ?? { status: 404, body: { detail: "Not found." } };
    if (route === "hang") {
      return;
    }
    const answer = typeof route === "function" ? route(url) : route;
    const body = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body ?? {});
    response.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
    response.end(body);
  }
}

/** A CA and a server certificate for 127.0.0.1 and localhost, written to `dir` (the CA as `ca.pem`). */
export function makeCertificates(dir: string): { key: string; cert: string; caFile: string } {
  const openssl = (command: string): void => {
    execFileSync("openssl", command.split(" "), { cwd: dir, stdio: "pipe" });
  };
  const newEcKey = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
  openssl(
    `req -x509 -new ${newEcKey} -keyout ca.key -out ca.pem -days 1 -subj /CN=verify-test-CA -addext basicConstraints=critical,CA:TRUE`,
  );
  openssl(`req -new ${newEcKey} -keyout server.key -out server.csr -subj /CN=localhost`);
  fs.writeFileSync(
    path.join(dir, "server.ext"),
    "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n",
  );
  openssl("x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 1 -extfile server.ext");
  return {
    key: fs.readFileSync(path.join(dir, "server.key"), "utf8"),
    cert: fs.readFileSync(path.join(dir, "server.pem"), "utf8"),
    caFile: path.join(dir, "ca.pem"),
  };
}

/** An authentik API list page as authentik paginates: `pagination.next` is the next page number, 0 on the last. */
export function authentikPage(results: readonly unknown[], page = 1, pages = 1): Answer {
  return {
    status: 200,
    body: {
      pagination: {
        next: page < pages ? page + 1 : 0,
        previous: page > 1 ? page - 1 : 0,
        count: results.length,
        current: page,
        total_pages: pages,
        start_index: 1,
        end_index: results.length,
      },
      results,
    },
  };
}

/** A Cloudflare API list answer with its `result_info`. */
export function cloudflarePage(result: readonly unknown[], page = 1, totalPages = 1): Answer {
  return {
    status: 200,
    body: {
      success: true,
      errors: [],
      messages: [],
      result,
      result_info: { page, per_page: 50, count: result.length, total_count: result.length, total_pages: totalPages },
    },
  };
}
