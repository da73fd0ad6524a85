/**
 * Codec for the body of `PUT /v1/jobs/{id}/tags`, which replaces all tags of a job.
 *
 * @module
 */
import * as t from 'io-ts';

/** `{"tags": [...]}`: the complete new tag list of a job. */
export const TagsBody = t.type({ tags: t.array(t.string) }, 'TagsBody');
export type TagsBody = t.TypeOf<typeof TagsBody>;

/** Tags in first-seen order without repeats, as qiskit-ibm-runtime sends them. */
export function uniqueTags(tags: readonly string[]): string[] {
  return [...new Set(tags)];
}
