/**
 * A job's tags: how a tag update (`job.updateTags(...)`, `job.updateName(...)`) changes them,
 * and the request that writes them.
 *
 * @module
 */
import type { Observable } from 'rxjs';
import { ConfigError, describeValue } from '../codecs/errors.js';
import { uniqueTags } from '../codecs/tags.js';
import type { HttpClient } from '../transport/http-client.js';

/** Prefix of the tag that carries a job's name (the job API has no name field). */
export const NAME_TAG_PREFIX = 'name:';

/**
 * Changes of a job's tags in `IBMQJob.update_tags` style, applied in this order.
 *
 * @category Services and jobs
 */
export interface TagUpdate {
  /** Replace every tag by these (an empty list removes them all). */
  readonly replacement?: readonly string[];
  /** Add these tags. */
  readonly additional?: readonly string[];
  /** Remove these tags. */
  readonly removal?: readonly string[];
}

/** From the current tags to the new ones. */
export type TagChange = (current: readonly string[]) => string[];

/** `tags` as a list of strings; a {@link ConfigError} naming `option` otherwise. */
export function checkTags(tags: unknown, option: string): readonly string[] {
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) {
    throw new ConfigError(
      `${option} must be an array of strings, got ${describeValue(tags)}`,
      option,
    );
  }
  return tags as readonly string[];
}

/**
 * The change `tags` asks for: a list becomes the tags (the job's `name:` tag is kept unless
 * the list has its own); `{ replacement, additional, removal }` is applied in that order.
 * Throws a {@link ConfigError} for anything else, or an update that changes nothing.
 */
export function tagChangeOf(tags: readonly string[] | TagUpdate): TagChange {
  if (Array.isArray(tags)) {
    const list = checkTags(tags, 'tags');
    const ownName = list.some((t) => t.startsWith(NAME_TAG_PREFIX));
    return (current) =>
      ownName ? [...list] : [...current.filter((t) => t.startsWith(NAME_TAG_PREFIX)), ...list];
  }
  if (tags === null || typeof tags !== 'object') {
    throw new ConfigError(
      `tags must be an array of strings or { replacement, additional, removal }, got ${describeValue(tags)}`,
      'tags',
    );
  }
  const u = tags as TagUpdate;
  const replacement =
    u.replacement === undefined ? undefined : checkTags(u.replacement, 'replacement');
  const additional = u.additional === undefined ? [] : checkTags(u.additional, 'additional');
  const removal = new Set(u.removal === undefined ? [] : checkTags(u.removal, 'removal'));
  if (replacement === undefined && additional.length === 0 && removal.size === 0) {
    throw new ConfigError('give at least one of replacement, additional or removal', 'tags');
  }
  return (current) => [...(replacement ?? current), ...additional].filter((t) => !removal.has(t));
}

/** The change that names a job `name` (its `name:` tag). */
export function nameChangeOf(name: string): TagChange {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new ConfigError(`name must be a non-empty string, got ${describeValue(name)}`, 'name');
  }
  return (current) => [
    ...current.filter((t) => !t.startsWith(NAME_TAG_PREFIX)),
    `${NAME_TAG_PREFIX}${name}`,
  ];
}

/** `PUT {jobPath}/tags` with `tags` (duplicates dropped). */
export function putTags$(
  http: Pick<HttpClient, 'request'>,
  jobPath: string,
  tags: readonly string[],
): Observable<unknown> {
  return http.request({
    method: 'PUT',
    path: `${jobPath}/tags`,
    body: { tags: uniqueTags(tags) },
    accept: 'none',
  });
}
