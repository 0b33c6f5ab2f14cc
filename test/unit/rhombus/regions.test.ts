import assert from 'node:assert/strict';

import { RhombusErrorCode } from '../../../src/rhombus/errors';
import {
  REGIONS,
  isLoopbackHost,
  resolveEndpoints,
  validateOrgUuid,
  validateRestUrl,
  validateWsUrl,
  wsHost,
} from '../../../src/rhombus/regions';

describe('regions', () => {
  describe('resolveEndpoints', () => {
    it('gives the published US and EU hosts', () => {
      assert.deepEqual(resolveEndpoints('us'), {
        restUrl: 'https://api2.rhombussystems.com/api',
        wsUrl: 'wss://ws.rhombussystems.com:8443/websocket',
      });
      assert.deepEqual(resolveEndpoints('eu'), REGIONS.eu);
      assert.match(REGIONS.eu.wsUrl, /ws\.eu\.rhombussystems\.com/);
    });

    it('checks and returns custom URLs', () => {
      const endpoints = resolveEndpoints('custom', {
        restUrl: 'http://127.0.0.1:8080/api/',
        wsUrl: 'ws://localhost:8080/websocket',
      });

      assert.deepEqual(endpoints, {
        restUrl: 'http://127.0.0.1:8080/api',
        wsUrl: 'ws://localhost:8080/websocket',
      });
    });

    it('names a missing custom URL', () => {
      assert.throws(
        () => resolveEndpoints('custom', { restUrl: 'https://a.example/api' }),
        { code: RhombusErrorCode.BadConfig, message: /^wsUrl / },
      );
    });

    it('rejects an unknown region', () => {
      assert.throws(() => resolveEndpoints('mars'), {
        code: RhombusErrorCode.BadConfig,
        message: /region/,
      });
    });
  });

  describe('URL validation', () => {
    const restCases: [string, boolean][] = [
      ['https://api2.rhombussystems.com/api', true],
      ['https://api.example.com:9443/api', true],
      ['http://127.0.0.1:8080/api', true],
      ['http://127.5.6.7/api', true],
      ['http://localhost:3000/api', true],
      ['http://[::1]:3000/api', true],
      ['http://api.example.com/api', false],
      ['http://10.0.0.1/api', false],
      ['http://127.0.0.1.example.com/api', false],
      ['http://128.0.0.1/api', false],
      ['ftp://127.0.0.1/api', false],
      ['wss://api.example.com/api', false],
      ['https://user:pass@api.example.com/api', false],
      ['https://api.example.com/api?x=1', false],
      ['https://api.example.com/api#frag', false],
      ['not a url', false],
      ['', false],
    ];
    for (const [url, ok] of restCases) {
      it(`${ok ? 'accepts' : 'rejects'} REST base "${url}"`, () => {
        if (ok) {
          assert.doesNotThrow(() => validateRestUrl(url));
        } else {
          assert.throws(() => validateRestUrl(url), {
            code: RhombusErrorCode.BadConfig,
            message: /^restUrl /,
          });
        }
      });
    }

    const wsCases: [string, boolean][] = [
      ['wss://ws.rhombussystems.com:8443/websocket', true],
      ['ws://127.0.0.1:9000/websocket', true],
      ['ws://localhost/websocket', true],
      ['ws://[::1]:9000/websocket', true],
      ['ws://ws.example.com/websocket', false],
      ['https://ws.example.com/websocket', false],
      ['wss://ws.example.com/websocket#x', false],
    ];
    for (const [url, ok] of wsCases) {
      it(`${ok ? 'accepts' : 'rejects'} WebSocket URL "${url}"`, () => {
        if (ok) {
          assert.doesNotThrow(() => validateWsUrl(url));
        } else {
          assert.throws(() => validateWsUrl(url), {
            code: RhombusErrorCode.BadConfig,
            message: /^wsUrl /,
          });
        }
      });
    }

    it('names the option it was given in the message', () => {
      assert.throws(() => validateRestUrl('http://x.example', 'customRest'), {
        message: /^customRest /,
      });
    });

    it('never repeats the URL, which may carry a password', () => {
      assert.throws(
        () => validateRestUrl('https://user:s3cret@api.example.com/api'),
        (error: Error) => !error.message.includes('s3cret'),
      );
    });

    it('drops trailing slashes from a REST base', () => {
      assert.equal(
        validateRestUrl('https://api.example.com/api//'),
        'https://api.example.com/api',
      );
    });
  });

  describe('isLoopbackHost', () => {
    it('knows loopback names and addresses', () => {
      for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '[::1]']) {
        assert.equal(isLoopbackHost(host), true, host);
      }
      for (const host of ['127.0.0.1.nip.io', '0.0.0.0', '[::]', 'example']) {
        assert.equal(isLoopbackHost(host), false, host);
      }
    });
  });

  describe('wsHost', () => {
    it('gives the host name without port or path', () => {
      assert.equal(
        wsHost('wss://ws.rhombussystems.com:8443/websocket'),
        'ws.rhombussystems.com',
      );
      assert.equal(wsHost('ws://127.0.0.1:9000/websocket'), '127.0.0.1');
    });
  });

  describe('validateOrgUuid', () => {
    it('accepts uuid and Rhombus id characters', () => {
      assert.equal(validateOrgUuid('AbC-12_xyZ'), 'AbC-12_xyZ');
      assert.equal(
        validateOrgUuid('123e4567-e89b-12d3-a456-426614174000'),
        '123e4567-e89b-12d3-a456-426614174000',
      );
    });

    const bad = [
      '',
      'org:1',
      'org\nx',
      'org\r',
      ' org',
      'a b',
      'a/b',
      'ü',
      'x'.repeat(65),
    ];
    for (const value of bad) {
      it(`rejects ${JSON.stringify(value).slice(0, 20)}`, () => {
        assert.throws(() => validateOrgUuid(value), {
          code: RhombusErrorCode.BadConfig,
          message: /^partnerOrgUuid /,
        });
      });
    }
  });
});
