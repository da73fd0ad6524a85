/**
 * The saved-account file of QiskitRuntimeService (`~/.qiskit/qiskit-ibm.json`, written by
 * `QiskitRuntimeService.save_account()`): its layout read and checked, the account chosen as
 * QiskitRuntimeService chooses it, and turned into `RuntimeService` options. Pure: the file's
 * text comes from elsewhere (see `account-file.ts`), so this runs anywhere.
 *
 * The layout (Qiskit/qiskit-ibm-runtime `qiskit_ibm_runtime/accounts/storage.py` `save_config`
 * and `accounts/account.py` `Account.to_saved_format`): one JSON object whose keys are account
 * names and whose values hold `channel`, `token` (an IBM Cloud API key), `url`, `instance`
 * (the CRN), `private_endpoint`, `region`, `verify`, `proxies`, `plans_preference`, `tags`
 * and, on the default account, `is_default_account: true`.
 *
 * @module
 */
import { ConfigError, describeValue } from '../codecs/errors.js';
import type { Channel, RuntimeServiceOptions } from './options.js';

/** One account of the file, as `save_account()` writes it. */
export interface SavedAccount {
  readonly channel?: string;
  readonly token?: string;
  readonly url?: string;
  readonly instance?: string;
  readonly private_endpoint?: boolean;
  readonly region?: string;
  readonly verify?: boolean;
  readonly proxies?: unknown;
  readonly plans_preference?: readonly string[];
  readonly tags?: readonly string[];
  readonly is_default_account?: boolean;
}

/** The file: accounts by name. */
export type SavedAccounts = Readonly<Record<string, SavedAccount>>;

/** The names `save_account()` gives default accounts (`accounts/management.py`). */
const DEFAULT_NAMES: Readonly<Record<string, string>> = {
  ibm_quantum_platform: 'default-ibm-quantum-platform',
  ibm_cloud: 'default-ibm-cloud',
};

/** The channels a saved account may have; `ibm_quantum` accounts are skipped, as `AccountManager.list` does. */
const ACCOUNT_CHANNELS: readonly string[] = ['ibm_quantum_platform', 'ibm_cloud'];

const STRING_FIELDS = ['channel', 'token', 'url', 'instance', 'region'] as const;
const BOOLEAN_FIELDS = ['private_endpoint', 'verify', 'is_default_account'] as const;

function check(name: string, value: unknown, where: string): SavedAccount {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(
      `${where}: account ${JSON.stringify(name)} must be an object, got ${describeValue(value)}`,
      'account',
    );
  }
  const record = value as Record<string, unknown>;
  for (const field of STRING_FIELDS) {
    const v = record[field];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      throw new ConfigError(
        `${where}: ${field} of account ${JSON.stringify(name)} must be a string, got ${field === 'token' ? typeof v : describeValue(v)}`,
        'account',
      );
    }
  }
  for (const field of BOOLEAN_FIELDS) {
    const v = record[field];
    if (v !== undefined && v !== null && typeof v !== 'boolean') {
      throw new ConfigError(
        `${where}: ${field} of account ${JSON.stringify(name)} must be true or false, got ${describeValue(v)}`,
        'account',
      );
    }
  }
  return record as SavedAccount;
}

/**
 * The accounts of a saved-account file's `text`; `where` names the file in errors. Throws
 * {@link ConfigError} (option `account`) for text that is not the layout above; a token is
 * never shown.
 */
export function parseSavedAccounts(text: string, where: string): SavedAccounts {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${where} is not JSON: ${(error as Error).message}`, 'account');
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError(
      `${where} must hold a JSON object of accounts by name, got ${describeValue(data)}`,
      'account',
    );
  }
  const out: Record<string, SavedAccount> = {};
  for (const [name, value] of Object.entries(data)) out[name] = check(name, value, where);
  return out;
}

/**
 * The account QiskitRuntimeService would load (Qiskit/qiskit-ibm-runtime
 * `qiskit_ibm_runtime/accounts/management.py`, `AccountManager.get` and
 * `_get_default_account`): the one called `name` when given; otherwise, when no `channel` is
 * asked for, the one marked `is_default_account`; then, among accounts of the channel
 * (`channel`, else `envChannel` from `QISKIT_IBM_CHANNEL`, else `ibm_quantum_platform`), the
 * one marked `is_default_account`, else the one with the channel's default name, else any;
 * then the default name of each channel in turn. `undefined` when none fits. Accounts of the
 * retired `ibm_quantum` channel are never chosen.
 */
export function chooseSavedAccount(
  accounts: SavedAccounts,
  choice: {
    readonly name?: string;
    readonly channel?: Channel;
    readonly envChannel?: Channel;
  } = {},
): { readonly name: string; readonly account: SavedAccount } | undefined {
  const channelOf = (a: SavedAccount): string => a.channel ?? 'ibm_quantum_platform';
  const usable = Object.entries(accounts).filter(([, a]) =>
    ACCOUNT_CHANNELS.includes(channelOf(a)),
  );
  const result = (
    found: readonly [string, SavedAccount] | undefined,
  ): { readonly name: string; readonly account: SavedAccount } | undefined =>
    found === undefined ? undefined : { name: found[0], account: found[1] };
  if (choice.name !== undefined) return result(usable.find(([n]) => n === choice.name));
  if (choice.channel === undefined) {
    const marked = usable.find(([, a]) => a.is_default_account === true);
    if (marked !== undefined) return result(marked);
  }
  const channel = choice.channel ?? choice.envChannel ?? 'ibm_quantum_platform';
  const ofChannel = usable.filter(([, a]) => channelOf(a) === channel);
  return result(
    ofChannel.find(([, a]) => a.is_default_account === true) ??
      ofChannel.find(([n]) => n === DEFAULT_NAMES[channel]) ??
      ofChannel[0] ??
      ACCOUNT_CHANNELS.map((c) =>
        usable.find(([n, a]) => n === DEFAULT_NAMES[c] && channelOf(a) === c),
      ).find((found) => found !== undefined),
  );
}

/** What a saved account configures, and what of it this client leaves aside. */
export interface SavedAccountOptions {
  readonly options: RuntimeServiceOptions;
  /** Fields the client does not apply (`proxies`, `verify: false`), each with why. */
  readonly ignored: readonly string[];
}

/**
 * The `RuntimeService` options of a saved account: `token` as the API key, `instance` as the
 * CRN, `url`, `channel`, `region` and `private_endpoint` (as `privateEndpoint`). `proxies` and
 * `verify: false` cannot be applied by `fetch` and are reported in `ignored`;
 * `plans_preference` and `tags` choose an instance, which a CRN already is, and are left out.
 */
export function savedAccountOptions(name: string, account: SavedAccount): SavedAccountOptions {
  const ignored: string[] = [];
  if (account.proxies !== undefined && account.proxies !== null) {
    ignored.push(
      `proxies of saved account ${JSON.stringify(name)}: give a fetch that uses the proxy`,
    );
  }
  if (account.verify === false) {
    ignored.push(
      `verify: false of saved account ${JSON.stringify(name)}: TLS certificates are always verified`,
    );
  }
  const channel = account.channel as Channel | undefined;
  return {
    options: {
      ...(channel !== undefined ? { channel } : {}),
      ...(account.token !== undefined && account.token !== null ? { apiKey: account.token } : {}),
      ...(account.url !== undefined && account.url !== null ? { url: account.url } : {}),
      ...(account.instance !== undefined && account.instance !== null
        ? { instance: account.instance }
        : {}),
      ...(account.region !== undefined && account.region !== null
        ? { region: account.region }
        : {}),
      ...(account.private_endpoint === true ? { privateEndpoint: true } : {}),
    },
    ignored,
  };
}
