/**
 * Where the dashboard connects to at start: the runtime URL and token from the page's own
 * URL (`?token=…&url=…`, as printed by `qjobs serve --ui`), else from this tab's session
 * storage, else defaults. The token is removed from the address bar at once (so it does not
 * stay in the history or get copied along with the link) and kept in session storage, so a
 * reload still connects.
 *
 * @module
 */

/** The settings the page starts with. */
export interface LaunchSettings {
  /** API root of the runtime, e.g. `http://127.0.0.1:8787/api`. */
  readonly url: string;
  /** Bearer token, or `''` when none is known. */
  readonly token: string;
  /** True when both came with the page or the session: connect without waiting for a click. */
  readonly autoConnect: boolean;
}

const TOKEN_KEY = 'qjobs-dashboard.token';
const URL_KEY = 'qjobs-dashboard.url';

/** The part of `Storage` used here (session storage may be missing or refuse writes). */
export type SettingsStore = Pick<Storage, 'getItem' | 'setItem'>;

function safeGet(store: SettingsStore | undefined, key: string): string | null {
  try {
    return store?.getItem(key) ?? null;
  } catch (_e) {
    return null;
  }
}

function safeSet(store: SettingsStore | undefined, key: string, value: string): void {
  try {
    store?.setItem(key, value);
  } catch (_e) {
    // Storage refused (private mode, quota): the settings just do not survive a reload.
  }
}

/**
 * The default runtime URL for a page at `pageUrl`: its own origin's `/api` when it is served
 * by a runtime (`/ui/`), else the default address of `qjobs serve`.
 */
export function defaultRuntimeUrl(pageUrl: URL): string {
  if (pageUrl.protocol === 'http:' || pageUrl.protocol === 'https:') {
    if (pageUrl.pathname.startsWith('/ui')) return `${pageUrl.origin}/api`;
  }
  return 'http://127.0.0.1:8787/api';
}

/**
 * Read the settings for a page at `pageUrl`. Returns them and the address to show instead
 * (the same URL without `token`), which the caller puts in the address bar.
 */
export function readLaunchSettings(
  pageUrl: URL,
  store: SettingsStore | undefined,
): { readonly settings: LaunchSettings; readonly cleanUrl: string } {
  const params = pageUrl.searchParams;
  const token = params.get('token') ?? safeGet(store, TOKEN_KEY) ?? '';
  const url = params.get('url') ?? safeGet(store, URL_KEY) ?? defaultRuntimeUrl(pageUrl);
  const clean = new URL(pageUrl.href);
  clean.searchParams.delete('token');
  return {
    settings: { url, token, autoConnect: token !== '' },
    cleanUrl: clean.href,
  };
}

/** Remember the settings of this tab (session storage: gone when the tab closes). */
export function rememberSettings(
  store: SettingsStore | undefined,
  url: string,
  token: string,
): void {
  safeSet(store, URL_KEY, url);
  safeSet(store, TOKEN_KEY, token);
}
