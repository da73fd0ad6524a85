/**
 * The one service instance the local runtime stands for: its CRN (what clients send as
 * `Service-CRN` and pass as `instance`), plan and name, as the instance endpoints, IBM Cloud
 * Global Search and the Global Catalog describe it.
 *
 * @module
 */

/** The instance CRN used when the `instance` option is left out (region `us-east`). */
export const DEFAULT_INSTANCE_CRN =
  'crn:v1:bluemix:public:quantum-computing:us-east:a/local:local::';

/** The plan of the local instance: its catalog id and its display name. */
export const LOCAL_PLAN = { id: 'quantum-jobs-rx-local', name: 'Local', pricing: 'free' } as const;

/** The name of the local instance in Global Search results. */
export const LOCAL_INSTANCE_NAME = 'quantum-jobs-rx local runtime';

/** The shape of a Cloud Resource Name: `crn:v1:<cname>:<ctype>:<service>:<region>:<scope>:<guid>::`. */
export const CRN_PATTERN =
  /^crn:v1:[^:\s]+:[^:\s]+:[^:\s]+:[^:\s]+:[^:\s]*:[^:\s]*:[^:\s]*:[^:\s]*$/;
