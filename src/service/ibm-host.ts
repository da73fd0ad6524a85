/**
 * What the service knows about IBM's hosts: which host names are IBM Quantum Platform's (the
 * current API and its regional, private and staging variants, and the retired ones), and how
 * to tell an IAM access token from an IBM Cloud API key.
 *
 * IBM's hosts serve no websocket and refuse every request without an instance CRN; the facade
 * uses {@link isIbmQuantumHost} to require the CRN and to poll only.
 *
 * @module
 */

/**
 * The domains under which IBM serves the Qiskit Runtime API, now and before:
 * `quantum.cloud.ibm.com` (us-east), `eu-de.quantum.cloud.ibm.com`,
 * `private.<region>.quantum.cloud.ibm.com`, `quantum.test.cloud.ibm.com` (staging), the IBM
 * Cloud console `cloud.ibm.com` that qiskit-ibm-runtime takes as its default `url`, the
 * pre-2025 `<region>.quantum-computing.cloud.ibm.com`, and the classic
 * `*.quantum-computing.ibm.com` and `*.quantum.ibm.com` (from Qiskit/qiskit-ibm-runtime
 * `qiskit_ibm_runtime/api/utils.py` `default_runtime_url_resolver` and
 * `accounts/account.py` `IBM_QUANTUM_PLATFORM_API_URL`).
 */
const IBM_DOMAINS: readonly string[] = [
  'cloud.ibm.com',
  'quantum-computing.ibm.com',
  'quantum.ibm.com',
];

/**
 * True when `hostname` is one of IBM's Qiskit Runtime hosts (see the list above), in any
 * letter case and with or without a final dot.
 */
export function isIbmQuantumHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return IBM_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/** Three base64url segments separated by dots: the shape of a JSON Web Token. */
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * True when `token` has the shape of an IAM access token (a JSON Web Token: three base64url
 * segments). IBM Cloud API keys never have it: they are one run of letters, digits, `-` and
 * `_`. IBM Quantum Platform takes an IAM access token as a bearer token and an API key only
 * through the IAM exchange.
 */
export function isIamAccessToken(token: string): boolean {
  return JWT.test(token.trim());
}
