import {
  AUTHENTIK_TRANSPORT_FIX,
  CLOUDFLARE_TRANSPORT_FIX,
  describeApiErrors,
  Failure,
  fetchJson,
  HttpGet,
  isRecord,
  show,
  truncate,
} from "./checks";

/**
 * Read-only access to the authentik and Cloudflare APIs for the commands: one object
 * or every page of a list, with each HTTP answer other than 200 turned into a message
 * that says what to change. Only GET is ever sent (the getter can do nothing else).
 */

export type ApiRecord = Readonly<Record<string, unknown>>;

export type ApiResult<T> = { readonly value: T } | { readonly failure: Failure };

export interface ApiList {
  readonly items: readonly ApiRecord[];
  /** False when the last page read still pointed at a next one: the list was cut at `MAX_PAGES`. */
  readonly complete: boolean;
}

/** Lists are read at most this many pages deep, so a huge or looping list cannot keep a command running. */
export const MAX_PAGES = 20;
export const AUTHENTIK_PAGE_SIZE = 100;
export const CLOUDFLARE_PAGE_SIZE = 50;

export interface AuthentikApi {
  /** The authentik origin, e.g. `https://authentik.company`. */
  readonly authentikUrl: string;
  readonly token: string;
}

export interface CloudflareApi {
  /** API base URL without a trailing slash, e.g. `https://api.cloudflare.com/client/v4`. */
  readonly apiUrl: string;
  readonly apiToken: string;
}

/** Builds `<base><path>?<query>` with the query in the order given. */
export function apiUrl(base: string, path: string, query: Readonly<Record<string, string>> = {}): string {
  const search = new URLSearchParams(Object.entries(query)).toString();
  return `${base}${path}${search === "" ? "" : `?${search}`}`;
}

/**
 * GETs one authentik API object (`path` under `/api/v3`). `permission` names what the
 * token's user needs, for the message of a 401 or 403.
 */
export async function getAuthentik(get: HttpGet, api: AuthentikApi, path: string, permission: string): Promise<ApiResult<ApiRecord>> {
  return readAuthentik(get, api, apiUrl(api.authentikUrl, `/api/v3${path}`), permission);
}

/** GETs every page of an authentik API list (`path` under `/api/v3`), following `pagination.next`. */
export async function listAuthentik(
  get: HttpGet,
  api: AuthentikApi,
  path: string,
  query: Readonly<Record<string, string>>,
  permission: string,
): Promise<ApiResult<ApiList>> {
  const items: ApiRecord[] = [];
  let page = 1;
  for (let read = 0; read < MAX_PAGES; read++) {
    const url = apiUrl(api.authentikUrl, `/api/v3${path}`, { ...query, page: String(page), page_size: String(AUTHENTIK_PAGE_SIZE) });
    const fetched = await readAuthentik(get, api, url, permission);
    if ("failure" in fetched) {
      return fetched;
    }
    const results = fetched.value.results;
    if (!Array.isArray(results)) {
      return { failure: { detail: `${url} answered without a "results" list`, fix: "check that --authentik-url is authentik's origin" } };
    }
    addNew(items, results);
    // authentik numbers pages from 1; `next` is 0 on the last page.
    const next = isRecord(fetched.value.pagination) ? fetched.value.pagination.next : undefined;
    if (typeof next !== "number" || !Number.isSafeInteger(next) || next <= page) {
      return { value: { items, complete: true } };
    }
    page = next;
  }
  return { value: { items, complete: false } };
}

async function readAuthentik(get: HttpGet, api: AuthentikApi, url: string, permission: string): Promise<ApiResult<ApiRecord>> {
  const fetched = await fetchJson(get, url, { authorization: `Bearer ${api.token}` }, AUTHENTIK_TRANSPORT_FIX);
  if ("failure" in fetched) {
    return fetched;
  }
  const body = isRecord(fetched.json) ? fetched.json : {};
  const said = typeof body.detail === "string" ? ` (${truncate(body.detail, 200)})` : "";
  if (fetched.status === 401) {
    return {
      failure: {
        detail: `${url} answered 401${said}: authentik did not accept the token in AUTHENTIK_TOKEN`,
        fix: "set AUTHENTIK_TOKEN to a valid API token (Directory > Tokens and App passwords, intent API) that has not expired",
      },
    };
  }
  if (fetched.status === 403) {
    return {
      failure: {
        detail: `${url} answered 403${said}: the user of the token in AUTHENTIK_TOKEN may not read it`,
        fix: `give the token's user the permission ${permission}, or use an admin's token`,
      },
    };
  }
  if (fetched.status !== 200 || !isRecord(fetched.json)) {
    return {
      failure: {
        detail: `${url} answered ${fetched.status}${said}${isRecord(fetched.json) ? "" : " without a JSON object"}, expected 200`,
        fix: "check that --authentik-url is authentik's origin and authentik's logs",
      },
    };
  }
  return { value: fetched.json };
}

/**
 * GETs every page of a Cloudflare API list (`path` under the API base URL), following
 * `result_info.total_pages`. `permission` names what the token needs, for a 401 or 403.
 */
export async function listCloudflare(get: HttpGet, api: CloudflareApi, path: string, permission: string): Promise<ApiResult<ApiList>> {
  const items: ApiRecord[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const url = apiUrl(api.apiUrl, path, { page: String(page), per_page: String(CLOUDFLARE_PAGE_SIZE) });
    const fetched = await fetchJson(get, url, { authorization: `Bearer ${api.apiToken}` }, CLOUDFLARE_TRANSPORT_FIX);
    if ("failure" in fetched) {
      return fetched;
    }
    const envelope = isRecord(fetched.json) ? fetched.json : {};
    const errors = describeApiErrors(envelope.errors);
    if (fetched.status === 401 || fetched.status === 403) {
      return {
        failure: {
          detail: `${url} answered ${fetched.status}${errors}: the token in CLOUDFLARE_API_TOKEN may not read it`,
          fix: `give the token the permission "${permission}"`,
        },
      };
    }
    if (fetched.status !== 200 || envelope.success !== true || !Array.isArray(envelope.result)) {
      return {
        failure: {
          detail: `${url} answered ${fetched.status}${errors} without a successful {success, errors, result} list`,
          fix: "check --account-id/--zone-id, --cloudflare-api-url and the Cloudflare status page",
        },
      };
    }
    addNew(items, envelope.result);
    const totalPages = isRecord(envelope.result_info) ? envelope.result_info.total_pages : undefined;
    if (typeof totalPages !== "number" || page >= totalPages || envelope.result.length === 0) {
      return { value: { items, complete: true } };
    }
  }
  return { value: { items, complete: false } };
}

/** Appends the objects not listed yet: a list that changes while it is paged can repeat one on the next page. */
function addNew(items: ApiRecord[], page: readonly unknown[]): void {
  const key = (item: ApiRecord): unknown => item.pk ?? item.id;
  const seen = new Set(items.map(key));
  for (const item of page.filter(isRecord)) {
    if (key(item) === undefined || !seen.has(key(item))) {
      items.push(item);
      seen.add(key(item));
    }
  }
}

/** A string field of an API object, or undefined. */
export function text(record: ApiRecord, field: string): string | undefined {
  const value = record[field];
  return typeof value === "string" ? value : undefined;
}

/** Quotes a name read from a server for one line of output. */
export function quoted(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(truncate(value, 80)) : show(value);
}
