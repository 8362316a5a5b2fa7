// The admin API over fetch: JSON in and out, the session cookie sent by the browser, the CSRF
// token in `x-csrf-token` on every change. Errors carry the gateway's own message (what to do) and
// the field it names, so forms can show it beside the input.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Query = Record<string, string | number | boolean | undefined>;

export interface ApiOptions {
  /** Defaults to the page's own fetch; tests hand in theirs. */
  fetch?: typeof fetch;
  /** Called when the gateway says the session is gone (401), before the error is thrown. */
  onSignedOut?: () => void;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

async function errorFrom(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: { message?: string; code?: string; param?: string } };
    if (body.error?.message)
      return new ApiError(res.status, body.error.message, body.error.code, body.error.param);
  } catch {
    // Not JSON (a proxy's page): fall through to the status line.
  }
  return new ApiError(res.status, text.trim().slice(0, 300) || `HTTP ${res.status} ${res.statusText}`);
}

export class Api {
  csrfToken: string | undefined;
  private readonly fetcher: typeof fetch;

  constructor(private readonly options: ApiOptions = {}) {
    this.fetcher = options.fetch ?? ((input, init) => fetch(input, init));
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', withQuery(path, query));
  }
  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body ?? {});
  }
  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }
  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }
  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { accept: 'application/json', ...headers };
    if (body !== undefined) h['content-type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken) h['x-csrf-token'] = this.csrfToken;
    let res: Response;
    try {
      res = await this.fetcher(path, {
        method,
        headers: h,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
      });
    } catch (err) {
      throw new ApiError(0, `The gateway did not answer (${(err as Error).message}). Is it running?`);
    }
    if (!res.ok) {
      const err = await errorFrom(res);
      if (res.status === 401 && !path.endsWith('/login')) this.options.onSignedOut?.();
      throw err;
    }
    if (res.status === 204) return undefined as T;
    const type = res.headers.get('content-type') ?? '';
    return (type.includes('json') ? await res.json() : await res.text()) as T;
  }
}
