/**
 * The route table of the local runtime: every endpoint, its handler, whether it needs
 * credentials, and which `malformedBody` fault applies to it. Paths are relative to the
 * runtime's base URL (`.../api`); the IAM exchange lives at the server root.
 *
 * @module
 */
import type { RouteDef } from './core.js';
import {
  getBackend,
  getBackendConfiguration,
  getBackendProperties,
  getBackendStatus,
  listBackends,
} from './http-backends.js';
import {
  downloadTranspiledCircuits,
  getInterimResults,
  getLogs,
  getMetrics,
  getResults,
  getTranspiledCircuits,
} from './http-job-outputs.js';
import {
  cancelJob,
  createJob,
  deleteJob,
  getJob,
  listJobs,
  listTags,
  putTags,
} from './http-jobs.js';
import { exchangeIamToken, getInstanceUsage, getVersions } from './http-service-info.js';
import { getCatalogEntry, searchResources } from './http-cloud.js';
import { cancelSession, createSession, getSession, patchSession } from './http-sessions.js';
import { BACKEND_NAME_PATTERN, isRuntimeId } from './ids.js';

/** Every route. */
export const ROUTES: readonly RouteDef[] = [
  {
    method: 'POST',
    path: '/identity/token',
    name: 'iam.token',
    handler: exchangeIamToken,
    public: true,
  },
  {
    method: 'POST',
    path: '/v3/resources/search',
    name: 'cloud.search',
    handler: searchResources,
  },
  {
    method: 'GET',
    path: '/global-catalog/:entry',
    name: 'cloud.catalog',
    handler: getCatalogEntry,
  },
  { method: 'GET', path: '/v1/versions', name: 'versions', handler: getVersions },
  {
    method: 'GET',
    path: '/v1/instances/usage',
    name: 'instances.usage',
    handler: getInstanceUsage,
  },
  { method: 'GET', path: '/v1/tags', name: 'tags.list', handler: listTags },
  { method: 'GET', path: '/v1/backends', name: 'backends.list', handler: listBackends },
  { method: 'GET', path: '/v1/backends/:backend', name: 'backends.get', handler: getBackend },
  {
    method: 'GET',
    path: '/v1/backends/:backend/status',
    name: 'backends.status',
    handler: getBackendStatus,
  },
  {
    method: 'GET',
    path: '/v1/backends/:backend/configuration',
    name: 'backends.configuration',
    handler: getBackendConfiguration,
  },
  {
    method: 'GET',
    path: '/v1/backends/:backend/properties',
    name: 'backends.properties',
    handler: getBackendProperties,
  },
  { method: 'POST', path: '/v1/jobs', name: 'jobs.create', handler: createJob },
  { method: 'GET', path: '/v1/jobs', name: 'jobs.list', handler: listJobs, faultEndpoint: 'list' },
  {
    method: 'GET',
    path: '/v1/jobs/:jobId',
    name: 'jobs.get',
    handler: getJob,
    faultEndpoint: 'details',
  },
  { method: 'DELETE', path: '/v1/jobs/:jobId', name: 'jobs.delete', handler: deleteJob },
  { method: 'POST', path: '/v1/jobs/:jobId/cancel', name: 'jobs.cancel', handler: cancelJob },
  {
    method: 'GET',
    path: '/v1/jobs/:jobId/results',
    name: 'jobs.results',
    handler: getResults,
    faultEndpoint: 'results',
  },
  {
    method: 'GET',
    path: '/v1/jobs/:jobId/interim_results',
    name: 'jobs.interim',
    handler: getInterimResults,
  },
  { method: 'GET', path: '/v1/jobs/:jobId/logs', name: 'jobs.logs', handler: getLogs },
  {
    method: 'GET',
    path: '/v1/jobs/:jobId/metrics',
    name: 'jobs.metrics',
    handler: getMetrics,
    faultEndpoint: 'metrics',
  },
  { method: 'PUT', path: '/v1/jobs/:jobId/tags', name: 'jobs.tags', handler: putTags },
  {
    method: 'GET',
    path: '/v1/jobs/:jobId/transpiled_circuits',
    name: 'jobs.transpiled',
    handler: getTranspiledCircuits,
  },
  {
    method: 'GET',
    path: '/transpiled_circuits/:jobId',
    name: 'jobs.transpiled.download',
    handler: downloadTranspiledCircuits,
    public: true,
  },
  { method: 'POST', path: '/v1/sessions', name: 'sessions.create', handler: createSession },
  { method: 'GET', path: '/v1/sessions/:sessionId', name: 'sessions.get', handler: getSession },
  {
    method: 'PATCH',
    path: '/v1/sessions/:sessionId',
    name: 'sessions.patch',
    handler: patchSession,
  },
  {
    method: 'DELETE',
    path: '/v1/sessions/:sessionId/close',
    name: 'sessions.cancel',
    handler: cancelSession,
  },
];

/** Validators of path parameters, applied before any handler. */
export const PARAM_VALIDATORS = {
  jobId: isRuntimeId,
  sessionId: isRuntimeId,
  backend: (v: string) => BACKEND_NAME_PATTERN.test(v),
  entry: (v: string) => /^[A-Za-z0-9_.-]{1,128}$/.test(v),
} as const;
