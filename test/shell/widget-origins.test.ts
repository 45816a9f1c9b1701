import { describe, expect, it } from 'vitest';
import { allowedOrigins } from '../../widget/origins';

describe('widget postMessage origins', () => {
  it('allows only the page itself by default', () => {
    expect([...allowedOrigins(null, 'https://fleet.example.com')]).toEqual(['https://fleet.example.com']);
    expect([...allowedOrigins('  ', 'https://fleet.example.com')]).toEqual(['https://fleet.example.com']);
  });

  it('takes the listed origins, normalised, instead', () => {
    const set = allowedOrigins('https://portal.example.com/some/path https://a.example.com:8443,', 'https://fleet.example.com');
    expect([...set].sort()).toEqual(['https://a.example.com:8443', 'https://portal.example.com']);
    expect(set.has('https://fleet.example.com')).toBe(false);
  });

  it('never allows the opaque origin or unparseable entries', () => {
    expect([...allowedOrigins('null data:text/html,x not-a-url', 'https://fleet.example.com')]).toEqual(['https://fleet.example.com']);
  });
});
