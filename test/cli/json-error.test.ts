import { describe, expect, it } from 'vitest';
import { describeJsonError, jsonErrorOffset, lineColumn } from '../../cli/json-error';

const describe_ = (text: string) => {
  try {
    JSON.parse(text);
  } catch (e) {
    return describeJsonError(text, e);
  }
  throw new Error('valid JSON');
};

describe('invalid JSON is located by line and column', () => {
  it("uses V8's position when it gives one", () => {
    expect(describe_('{"a":1,}')).toBe('line 1, column 8 (offset 7): Expected double-quoted property name');
    expect(describe_('{\n  "a": 1\n  "b": 2\n}')).toBe("line 3, column 3 (offset 13): Expected ',' or '}' after property value");
  });

  it('finds the position itself when V8 gives none', () => {
    expect(describe_('[1,]')).toBe("line 1, column 4 (offset 3): Unexpected token ']'");
    expect(describe_('{\n  "users": [\n    {"id": tru}\n  ]\n}')).toBe("line 3, column 15 (offset 29): Unexpected token '}'");
    expect(describe_(`{"pad": "${'x'.repeat(40)}", "a": nul}`)).toBe("line 1, column 61 (offset 60): Unexpected token '}'");
  });

  it('points at the end of a truncated document', () => {
    expect(describe_('{"a": [1, 2')).toBe("line 1, column 12 (offset 11): Expected ',' or ']' after array element");
    expect(describe_('')).toBe('line 1, column 1 (offset 0): Unexpected end of JSON input');
  });

  it('the scanner agrees with JSON.parse on where documents break', () => {
    for (const [text, at] of [
      ['{"a":1}x', 7],
      ['"\\q"', 2],
      ['[01]', 2],
      ['{"a" 1}', 5],
      ['"a\nb"', 2],
      ['[1e]', 3],
      ['[-]', 2],
      ['[1.]', 3],
      ['[1e+]', 4],
    ] as const) {
      expect(() => JSON.parse(text)).toThrow();
      expect(jsonErrorOffset(text), text).toBe(at);
    }
    expect(lineColumn('a\nbc\nd', 4)).toEqual({ line: 2, column: 3 });
  });
});
