import { expect } from 'chai';
import {
  MAX_DATETIME,
  MIN_DATETIME,
  asciiLower,
  canonicalJson,
  codePointLength,
  compareCodePoints,
  compareNonNull,
  compareValues,
  copyValue,
  hasKindType,
  jsonProblem,
  unstorableText,
  valuesEqual,
} from './values';

const sign = (n: number): number => Math.sign(n);

describe('values', () => {
  it('bounds datetimes to years 0001 through 9999', () => {
    expect(MIN_DATETIME.toISOString()).to.equal('0001-01-01T00:00:00.000Z');
    expect(MAX_DATETIME.toISOString()).to.equal('9999-12-31T23:59:59.999Z');
  });

  describe('unstorableText', () => {
    it('accepts any Unicode text, including quotes, emoji and syntax', () => {
      for (const text of ['', 'plain', 'O\'Brien "quoted"', '😀🎉', "'; DROP TABLE users; --", '${x} #name :v', 'é\u0301', '\uFFFF']) {
        expect(unstorableText(text), text).to.equal(undefined);
      }
    });

    it('rejects the NUL character', () => {
      expect(unstorableText('a\u0000b')).to.match(/NUL/);
    });

    it('rejects lone surrogates, high or low', () => {
      expect(unstorableText('a\uD800')).to.match(/lone UTF-16 surrogate/);
      expect(unstorableText('\uDC00b')).to.match(/lone UTF-16 surrogate/);
      expect(unstorableText('\uDE00\uD83D')).to.match(/lone/);
    });
  });

  describe('codePointLength', () => {
    it('counts code points, so an emoji counts once', () => {
      expect(codePointLength('')).to.equal(0);
      expect(codePointLength('abc')).to.equal(3);
      expect(codePointLength('😀')).to.equal(1);
      expect('😀'.length).to.equal(2);
      expect(codePointLength('a😀b😀')).to.equal(4);
      expect(codePointLength('e\u0301')).to.equal(2); // a combining mark is its own code point
    });
  });

  describe('asciiLower', () => {
    it('folds A–Z only', () => {
      expect(asciiLower('HeLLo WORLD 123')).to.equal('hello world 123');
      expect(asciiLower('ÉCOLE')).to.equal('École');
      expect(asciiLower('ΑΒΓ')).to.equal('ΑΒΓ');
      expect(asciiLower('İ')).to.equal('İ');
      expect(asciiLower('\u212A')).to.equal('\u212A'); // the Kelvin sign is not the letter K
    });
  });

  describe('compareCodePoints', () => {
    it('orders by code point, not by UTF-16 code unit', () => {
      // U+1F600 (astral) > U+FF5A, although its first code unit 0xD83D < 0xFF5A.
      expect('😀' < '\uFF5A').to.equal(true);
      expect(sign(compareCodePoints('😀', '\uFF5A'))).to.equal(1);
      expect(sign(compareCodePoints('\uFF5A', '😀'))).to.equal(-1);
      expect(sign(compareCodePoints('\uE000', '😀'))).to.equal(-1);
      expect(sign(compareCodePoints('\uD7FF', '😀'))).to.equal(-1);
      expect(sign(compareCodePoints('😀', '😁'))).to.equal(-1);
    });

    it('is case-sensitive and puts a prefix first', () => {
      expect(sign(compareCodePoints('B', 'a'))).to.equal(-1);
      expect(sign(compareCodePoints('a', 'ab'))).to.equal(-1);
      expect(sign(compareCodePoints('ab', 'a'))).to.equal(1);
      expect(compareCodePoints('same', 'same')).to.equal(0);
      expect(sign(compareCodePoints('', 'a'))).to.equal(-1);
      expect(sign(compareCodePoints('Z', 'a'))).to.equal(-1);
      expect(sign(compareCodePoints('é', 'z'))).to.equal(1);
    });

    it('sorts a mixed list in code-point order', () => {
      const list = ['😀', '\uFF5A', 'z', 'Z', 'é', '', 'a', '\uE000', '𝒜'];
      const expected = [...list].sort((a, b) => {
        const x = [...a].map((c) => c.codePointAt(0) as number);
        const y = [...b].map((c) => c.codePointAt(0) as number);
        for (let i = 0; i < Math.min(x.length, y.length); i += 1) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
        return x.length - y.length;
      });
      expect([...list].sort(compareCodePoints)).to.deep.equal(expected);
      expect(expected).to.deep.equal(['', 'Z', 'a', 'z', 'é', '\uE000', '\uFF5A', '𝒜', '😀']);
    });
  });

  describe('hasKindType', () => {
    it('string', () => {
      expect(hasKindType('string', '')).to.equal(true);
      expect(hasKindType('string', 1)).to.equal(false);
      expect(hasKindType('string', null)).to.equal(false);
    });

    it('integer: JavaScript safe integers only', () => {
      expect(hasKindType('integer', 0)).to.equal(true);
      expect(hasKindType('integer', -0)).to.equal(true);
      expect(hasKindType('integer', Number.MAX_SAFE_INTEGER)).to.equal(true);
      expect(hasKindType('integer', Number.MIN_SAFE_INTEGER)).to.equal(true);
      expect(hasKindType('integer', Number.MAX_SAFE_INTEGER + 1)).to.equal(false);
      expect(hasKindType('integer', Number.MIN_SAFE_INTEGER - 1)).to.equal(false);
      expect(hasKindType('integer', 1.5)).to.equal(false);
      expect(hasKindType('integer', Number.NaN)).to.equal(false);
      expect(hasKindType('integer', Infinity)).to.equal(false);
      expect(hasKindType('integer', '1')).to.equal(false);
      expect(hasKindType('integer', 1n)).to.equal(false);
    });

    it('float: finite numbers only', () => {
      expect(hasKindType('float', 1.5)).to.equal(true);
      expect(hasKindType('float', 3)).to.equal(true);
      expect(hasKindType('float', Number.MAX_VALUE)).to.equal(true);
      expect(hasKindType('float', Number.MIN_VALUE)).to.equal(true);
      expect(hasKindType('float', Number.NaN)).to.equal(false);
      expect(hasKindType('float', Infinity)).to.equal(false);
      expect(hasKindType('float', -Infinity)).to.equal(false);
      expect(hasKindType('float', '1.5')).to.equal(false);
    });

    it('boolean', () => {
      expect(hasKindType('boolean', false)).to.equal(true);
      expect(hasKindType('boolean', 0)).to.equal(false);
      expect(hasKindType('boolean', 'true')).to.equal(false);
    });

    it('datetime: valid Dates only', () => {
      expect(hasKindType('datetime', new Date(0))).to.equal(true);
      expect(hasKindType('datetime', new Date('nope'))).to.equal(false);
      expect(hasKindType('datetime', '2024-01-01T00:00:00Z')).to.equal(false);
      expect(hasKindType('datetime', 0)).to.equal(false);
    });

    it('json: storable JSON values only', () => {
      expect(hasKindType('json', { a: [1, 'x', true, null, { b: 2.5 }] })).to.equal(true);
      expect(hasKindType('json', 'text')).to.equal(true);
      expect(hasKindType('json', new Date())).to.equal(false);
      expect(hasKindType('json', undefined)).to.equal(false);
    });
  });

  describe('jsonProblem', () => {
    it('accepts JSON values', () => {
      for (const value of [null, true, 0, -1.5, '', 'x', [], {}, [1, [2, [3]]], { a: { b: { c: null } } }]) {
        expect(jsonProblem(value), JSON.stringify(value)).to.equal(undefined);
      }
    });

    it('names the path of the first problem', () => {
      expect(jsonProblem({ a: [1, Number.NaN] })).to.match(/^\$\.a\[1\] is NaN/);
      expect(jsonProblem([Infinity])).to.match(/^\$\[0\] is Infinity/);
      expect(jsonProblem({ d: new Date() })).to.match(/^\$\.d is a Date/);
      expect(jsonProblem({ f: () => 1 })).to.match(/^\$\.f is function/);
      expect(jsonProblem({ u: undefined })).to.match(/^\$\.u is undefined/);
      expect(jsonProblem(1n)).to.match(/bigint/);
      expect(jsonProblem(new Map())).to.match(/object/);
      expect(jsonProblem({ s: 'a\u0000' })).to.match(/^\$\.s contains the NUL/);
      expect(jsonProblem({ 'k\uD800': 1 })).to.match(/has a key that contains a lone/);
    });
  });

  describe('compareNonNull / compareValues / valuesEqual', () => {
    it('compares numbers, booleans and dates by value', () => {
      expect(sign(compareNonNull('integer', 2, 10))).to.equal(-1);
      expect(sign(compareNonNull('float', -0.5, -1))).to.equal(1);
      expect(sign(compareNonNull('boolean', false, true))).to.equal(-1);
      expect(compareNonNull('datetime', new Date(5), new Date(5))).to.equal(0);
      expect(sign(compareNonNull('datetime', new Date(4), new Date(5)))).to.equal(-1);
      expect(sign(compareNonNull('string', 'b', 'a'))).to.equal(1);
    });

    it('puts nulls lowest', () => {
      expect(sign(compareValues('integer', null, -1e9))).to.equal(-1);
      expect(sign(compareValues('string', '', null))).to.equal(1);
      expect(compareValues('datetime', null, null)).to.equal(0);
      expect(compareValues('integer', undefined, null)).to.equal(0);
    });

    it('compares dates by instant and JSON by content, whatever the key order', () => {
      expect(valuesEqual('datetime', new Date('2024-01-01T00:00:00Z'), new Date(Date.UTC(2024, 0, 1)))).to.equal(true);
      expect(valuesEqual('json', { a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).to.equal(true);
      expect(valuesEqual('json', [1, 2], [2, 1])).to.equal(false);
      expect(valuesEqual('json', null, null)).to.equal(true);
      expect(valuesEqual('string', '', null)).to.equal(false);
      expect(valuesEqual('integer', 0, -0)).to.equal(true);
    });
  });

  describe('canonicalJson', () => {
    it('sorts object keys (deeply) and keeps array order', () => {
      expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).to.equal('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
      expect(canonicalJson('x')).to.equal('"x"');
      expect(canonicalJson(null)).to.equal('null');
    });
  });

  describe('copyValue', () => {
    it('copies dates and JSON so the copy can change freely', () => {
      const date = new Date(1000);
      const dateCopy = copyValue(date);
      expect(dateCopy).to.not.equal(date);
      dateCopy.setTime(0);
      expect(date.getTime()).to.equal(1000);

      const json = { a: [1, { b: 2 }] };
      const jsonCopy = copyValue(json);
      expect(jsonCopy).to.deep.equal(json);
      (jsonCopy.a[1] as { b: number }).b = 99;
      expect(json.a[1]).to.deep.equal({ b: 2 });
    });

    it('returns primitives as they are', () => {
      expect(copyValue('s')).to.equal('s');
      expect(copyValue(null)).to.equal(null);
      expect(copyValue(3)).to.equal(3);
    });
  });
});
