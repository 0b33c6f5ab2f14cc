import assert from 'node:assert/strict';

import {
  escapeHeaderValue,
  StompDecodeError,
  unescapeHeaderValue,
} from '../../../src/stomp';

describe('header escaping', () => {
  it('escapes backslash, LF, CR and colon', () => {
    assert.equal(escapeHeaderValue('a\\b\nc\rd:e'), 'a\\\\b\\nc\\rd\\ce');
  });

  it('returns text without special characters unchanged', () => {
    assert.equal(
      escapeHeaderValue('/topic/change/ORG-1'),
      '/topic/change/ORG-1',
    );
  });

  it('unescapes every defined sequence', () => {
    assert.equal(unescapeHeaderValue('a\\\\b\\nc\\rd\\ce'), 'a\\b\nc\rd:e');
  });

  it('reads an escaped backslash before a letter as a backslash', () => {
    assert.equal(unescapeHeaderValue('\\\\n'), '\\n');
  });

  it('rejects an undefined escape sequence', () => {
    assert.throws(
      () => unescapeHeaderValue('tab\\there'),
      (error: unknown) =>
        error instanceof StompDecodeError &&
        error.reason === 'bad-escape' &&
        error.message.includes('"\\\\t"'),
    );
  });

  it('rejects a lone backslash at the end', () => {
    assert.throws(() => unescapeHeaderValue('end\\'), StompDecodeError);
  });
});
