import * as E from 'fp-ts/lib/Either.js';
import { decode } from '../../src/codecs/decode.js';
import { TagsBody, uniqueTags } from '../../src/codecs/tags.js';

describe('TagsBody', () => {
  it('decodes a tag list and rejects non-strings by index', () => {
    const ok = decode(TagsBody, { tags: ['a', 'b'] });
    expect(E.isRight(ok) && ok.right.tags).toEqual(['a', 'b']);
    const bad = decode(TagsBody, { tags: ['a', 1] });
    expect(E.isLeft(bad) && bad.left.message).toBe('tags[1]: expected string, got 1');
    const missing = decode(TagsBody, {});
    expect(E.isLeft(missing) && missing.left.message).toBe(
      'tags: expected Array<string>, got undefined',
    );
  });

  it('drops repeated tags keeping the first order', () => {
    expect(uniqueTags(['b', 'a', 'b'])).toEqual(['b', 'a']);
  });
});
