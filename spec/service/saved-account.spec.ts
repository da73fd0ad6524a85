/**
 * QiskitRuntimeService's saved-account file read by RuntimeService.fromEnv(): the layout that
 * `QiskitRuntimeService.save_account()` writes, the choice of account, and the precedence of
 * environment variables, read from a real file under a temporary HOME.
 *
 * The layout and the choice are from Qiskit/qiskit-ibm-runtime:
 * qiskit_ibm_runtime/accounts/storage.py (save_config: accounts by name, json.dump with
 * sort_keys and indent 4), qiskit_ibm_runtime/accounts/account.py (Account.to_saved_format,
 * CloudAccount fields) and qiskit_ibm_runtime/accounts/management.py (AccountManager.get,
 * lines 150-220; _get_default_account, lines 252-278; default names, lines 33-36).
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/codecs/errors.js';
import { accountFilePath } from '../../src/service/account-file.js';
import { environmentOptions } from '../../src/service/from-env.js';
import { RuntimeService } from '../../src/service/runtime-service.js';
import {
  chooseSavedAccount,
  parseSavedAccounts,
  savedAccountOptions,
} from '../../src/service/saved-account.js';

const US = 'crn:v1:bluemix:public:quantum-computing:us-east:a/acct:us-inst::';
const EU = 'crn:v1:bluemix:public:quantum-computing:eu-de:a/acct:eu-inst::';

/** An account as save_account() writes it: to_saved_format() drops the None fields. */
function saved(token: string, instance: string, extra: object = {}): object {
  return {
    channel: 'ibm_quantum_platform',
    private_endpoint: false,
    token,
    url: 'https://cloud.ibm.com',
    verify: true,
    instance,
    ...extra,
  };
}

describe('saved accounts (~/.qiskit/qiskit-ibm.json)', () => {
  let home: string;

  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'qjobs-home-'));
  });

  afterEach(() => {
    rmSync(home, { recursive: true, force: true });
  });

  function writeAccounts(accounts: object, file = join(home, '.qiskit', 'qiskit-ibm.json')): void {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, JSON.stringify(accounts, null, 4));
  }

  it('fromEnv() loads the default account under HOME: its key, CRN and region', () => {
    writeAccounts({
      'default-ibm-quantum-platform': saved('saved-key', EU),
    });
    const notices: string[] = [];
    const service = RuntimeService.fromEnv({ HOME: home }, { onNotice: (m) => notices.push(m) });
    expect(service.url).toBe('https://eu-de.quantum.cloud.ibm.com/api');
    expect(service.auth).toBe('iam');
    expect(notices).toContain(
      `Using saved account "default-ibm-quantum-platform" of ${join(home, '.qiskit', 'qiskit-ibm.json')}.`,
    );
    expect(String(service)).not.toContain('saved-key');
  });

  it('QISKIT_IBM_TOKEN in the environment wins over the file, as in AccountManager.get', () => {
    writeAccounts({ 'default-ibm-quantum-platform': saved('saved-key', EU) });
    const found = environmentOptions({
      HOME: home,
      QISKIT_IBM_TOKEN: 'env-key',
      QISKIT_IBM_INSTANCE: US,
    });
    expect(found.account).toBeUndefined();
    expect(found.options).toEqual({ apiKey: 'env-key', serviceCrn: US });
  });

  it('a name picks that account; an absent name is a ConfigError naming it', () => {
    writeAccounts({
      'default-ibm-quantum-platform': saved('k1', US),
      eu: saved('k2', EU, { private_endpoint: true, region: 'eu-de' }),
    });
    const found = environmentOptions({ HOME: home }, {}, { name: 'eu' });
    expect(found.options).toEqual({
      channel: 'ibm_quantum_platform',
      apiKey: 'k2',
      url: 'https://cloud.ibm.com',
      instance: EU,
      region: 'eu-de',
      privateEndpoint: true,
    });
    expect(RuntimeService.fromEnv({ HOME: home }, {}, { name: 'eu' }).url).toBe(
      'https://private.eu-de.quantum.cloud.ibm.com/api',
    );
    expect(() => environmentOptions({ HOME: home }, {}, { name: 'nope' })).toThrowError(
      ConfigError,
      /no saved account called "nope"/,
    );
  });

  it('overrides replace what the account holds: an instance under either name, the credential', () => {
    writeAccounts({ 'default-ibm-quantum-platform': saved('k1', US) });
    expect(
      environmentOptions(
        { HOME: home },
        { serviceCrn: EU },
        { name: 'default-ibm-quantum-platform' },
      ).options,
    ).toEqual(jasmine.objectContaining({ serviceCrn: EU, apiKey: 'k1' }));
    const overridden = environmentOptions(
      { HOME: home },
      { token: 't' },
      { name: 'default-ibm-quantum-platform' },
    );
    expect(overridden.options.apiKey).toBeUndefined();
    expect(overridden.options.token).toBe('t');
  });

  it('a filename (with ~) is read instead of the default file', () => {
    writeAccounts(
      { mine: saved('k', US, { is_default_account: true }) },
      join(home, 'elsewhere.json'),
    );
    const found = environmentOptions({ HOME: home }, {}, { filename: '~/elsewhere.json' });
    expect(found.account).toEqual({ name: 'mine', file: join(home, 'elsewhere.json') });
  });

  it('no file, or no HOME in an explicit environment, reads nothing', () => {
    expect(environmentOptions({ HOME: home }).account).toBeUndefined();
    let read = 0;
    const found = environmentOptions({}, {}, { readFile: () => (read++, '{}') });
    expect(found.account).toBeUndefined();
    expect(read).toBe(0);
    expect(() => RuntimeService.fromEnv({ HOME: home })).toThrowError(ConfigError, /qjobs serve/);
  });

  it('proxies and verify: false are told as not applied', () => {
    writeAccounts({
      'default-ibm-quantum-platform': saved('k', US, {
        verify: false,
        proxies: { urls: { https: 'http://proxy:8080' } },
      }),
    });
    const notices: string[] = [];
    RuntimeService.fromEnv({ HOME: home }, { onNotice: (m) => notices.push(m) });
    expect(notices.filter((m) => m.startsWith('Not applied: '))).toEqual([
      'Not applied: proxies of saved account "default-ibm-quantum-platform": give a fetch that uses the proxy.',
      'Not applied: verify: false of saved account "default-ibm-quantum-platform": TLS certificates are always verified.',
    ]);
  });

  it('a file that is not the layout is a ConfigError naming the file, never showing a token', () => {
    writeAccounts({ a: { channel: 'ibm_cloud', token: 42 } });
    const file = join(home, '.qiskit', 'qiskit-ibm.json');
    expect(() => environmentOptions({ HOME: home })).toThrowError(
      ConfigError,
      `${file}: token of account "a" must be a string, got number`,
    );
    writeFileSync(file, '{ not json');
    expect(() => environmentOptions({ HOME: home })).toThrowError(ConfigError, /is not JSON/);
    expect(() => parseSavedAccounts('[]', 'f')).toThrowError(
      ConfigError,
      /JSON object of accounts/,
    );
  });

  it('accountFilePath() is ~/.qiskit/qiskit-ibm.json under HOME, else USERPROFILE', () => {
    expect(accountFilePath({ HOME: '/h' })).toBe(join('/h', '.qiskit', 'qiskit-ibm.json'));
    expect(accountFilePath({ USERPROFILE: '/w' })).toBe(join('/w', '.qiskit', 'qiskit-ibm.json'));
    expect(accountFilePath({})).toBeUndefined();
  });
});

describe('chooseSavedAccount (AccountManager.get order)', () => {
  const a = (channel: string, extra: object = {}): object => ({ channel, token: 'k', ...extra });

  it('prefers the account marked is_default_account, of any channel when none is asked for', () => {
    const accounts = parseSavedAccounts(
      JSON.stringify({
        'default-ibm-quantum-platform': a('ibm_quantum_platform'),
        cloud: a('ibm_cloud', { is_default_account: true }),
      }),
      'f',
    );
    expect(chooseSavedAccount(accounts)?.name).toBe('cloud');
    expect(chooseSavedAccount(accounts, { channel: 'ibm_quantum_platform' })?.name).toBe(
      'default-ibm-quantum-platform',
    );
  });

  it("then the channel's default name, then any account of the channel, then the other default", () => {
    const accounts = parseSavedAccounts(
      JSON.stringify({
        other: a('ibm_cloud'),
        'default-ibm-cloud': a('ibm_cloud'),
      }),
      'f',
    );
    expect(chooseSavedAccount(accounts, { envChannel: 'ibm_cloud' })?.name).toBe(
      'default-ibm-cloud',
    );
    expect(chooseSavedAccount(accounts)?.name).toBe('default-ibm-cloud');
    const one = parseSavedAccounts(JSON.stringify({ x: a('ibm_quantum_platform') }), 'f');
    expect(chooseSavedAccount(one)?.name).toBe('x');
  });

  it('never chooses an account of the retired ibm_quantum channel', () => {
    const accounts = parseSavedAccounts(
      JSON.stringify({ 'default-ibm-quantum': a('ibm_quantum', { is_default_account: true }) }),
      'f',
    );
    expect(chooseSavedAccount(accounts)).toBeUndefined();
    expect(chooseSavedAccount(accounts, { name: 'default-ibm-quantum' })).toBeUndefined();
  });

  it('savedAccountOptions() maps token to apiKey and leaves plans_preference and tags aside', () => {
    expect(
      savedAccountOptions('n', {
        channel: 'ibm_cloud',
        token: 'k',
        instance: US,
        plans_preference: ['open'],
        tags: ['t'],
      }),
    ).toEqual({ options: { channel: 'ibm_cloud', apiKey: 'k', instance: US }, ignored: [] });
  });
});
