import { describe, expect, it } from 'vitest';
import { makeRng } from '../../src/core/experiment/rng';
import {
  bareValue,
  formatCall,
  formatNumber,
  formatValue,
  parseCall,
  parsePairs,
} from '../../src/core/experiment/urlSyntax';
import { randomLabel } from './genSpec';

describe('url value syntax', () => {
  it('parses a call with numbers, quoted text, spaces and doubled quotes', () => {
    expect(parseCall(" adamod ( lr=1e-3, beta3 = 0.999 , label='it''s, (x)' ) ")).toEqual({
      id: 'adamod',
      pairs: [
        { name: 'lr', value: 0.001, text: '1e-3' },
        { name: 'beta3', value: 0.999, text: '0.999' },
        { name: 'label', value: "it's, (x)", text: "it's, (x)" },
      ],
      problems: [],
    });
    expect(parseCall('sgd')).toEqual({ id: 'sgd', pairs: [], problems: [] });
    expect(parseCall('sgd()')).toEqual({ id: 'sgd', pairs: [], problems: [] });
  });

  it('types bare values: numbers (incl. -0, NaN, Infinity), booleans, else text', () => {
    expect(Object.is(bareValue('-0'), -0)).toBe(true);
    expect(bareValue('.5')).toBe(0.5);
    expect(bareValue('1E+3')).toBe(1000);
    expect(bareValue('NaN')).toBeNaN();
    expect(bareValue('-Infinity')).toBe(Number.NEGATIVE_INFINITY);
    expect(bareValue('true')).toBe(true);
    expect(bareValue('0x10')).toBe('0x10');
    expect(bareValue('1e')).toBe('1e');
    expect(bareValue('toString')).toBe('toString');
    expect(bareValue('constructor')).toBe('constructor');
  });

  it('formats values so that they read back identically', () => {
    const rng = makeRng(3);
    const values: (string | number | boolean)[] = [-0, 0, 1e-7, 1e21, -1.5e-300, Number.NaN, true, false];
    values.push('relu', 'true', 'NaN', '1e5', '', "'", 'a b', 'pretrained:dm-x.v2', '-x', 'Infinity');
    for (let i = 0; i < 300; i++) {
      values.push(randomLabel(rng), (rng.next() - 0.5) * 10 ** (rng.int(40) - 20));
    }
    for (const v of values) {
      const r = parseCall(formatCall('x', [{ name: 'k', value: v }]));
      expect(r.problems).toEqual([]);
      expect(r.pairs).toHaveLength(1);
      expect(Object.is(r.pairs[0].value, v)).toBe(true);
    }
    expect(formatNumber(-0)).toBe('-0');
    expect(formatValue('relu')).toBe('relu');
    expect(formatValue('1e5')).toBe("'1e5'");
    expect(formatValue("it's")).toBe("'it''s'");
  });

  it('reports problems with the name they concern and never loops or throws', () => {
    expect(parsePairs('a=1,b,=2,c=3,c=4,d=').problems).toEqual([
      { name: 'b', message: "expected name=value, got 'b'; ignored" },
      { message: "'' is not a valid name (letters, digits, _); ignored" },
      { name: 'c', message: 'given more than once; the first was used' },
    ]);
    expect(parsePairs("a='x'y").problems).toEqual([
      { name: 'a', message: "unexpected text 'y' after the closing quote; ignored" },
    ]);
    expect(parseCall('adam(lr=0.1').problems).toEqual([
      { name: 'lr', message: "no closing ')': the link looks cut short, so this last value was ignored" },
    ]);
    expect(parseCall('adam(lr=0.1,').pairs).toEqual([{ name: 'lr', value: 0.1, text: '0.1' }]);
    expect(parseCall('(lr=1)').problems).toEqual([
      { message: "expected <id>(<name>=<value>,...), got '(lr=1)'" },
    ]);
    for (const s of ['(', ')', "'", '(((', "a('", 'a(b=(', 'a(,,,)', 'a(=)', "a(b='')c", 'a(b=1))', '=,=,']) {
      expect(() => parseCall(s)).not.toThrow();
      expect(() => parsePairs(s)).not.toThrow();
    }
  });
});
