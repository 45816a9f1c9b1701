import { describe, expect, it } from 'vitest';
import { classifySender, isPlatformUrl, type TrustContext } from '../../core/messaging/sender';

const trust: TrustContext = {
  extensionId: 'abcdef',
  extensionBaseUrl: 'chrome-extension://abcdef/',
  platformOrigin: 'https://fleet.example.com',
};

describe('who may message the background', () => {
  it('accepts the extension pages (popup, options)', () => {
    expect(classifySender({ id: 'abcdef', url: 'chrome-extension://abcdef/popup.html' }, trust)).toBe('extensionPage');
    expect(classifySender({ id: 'abcdef', url: 'chrome-extension://abcdef/options.html', tab: { id: 3 } }, trust)).toBe('extensionPage');
  });

  it('accepts the content script only on the configured platform origin', () => {
    expect(classifySender({ id: 'abcdef', url: 'https://fleet.example.com/fleet', tab: { id: 1 } }, trust)).toBe('contentScript');
    expect(classifySender({ id: 'abcdef', url: 'https://evil.example.com/fleet', tab: { id: 1 } }, trust)).toBeNull();
    expect(classifySender({ id: 'abcdef', url: 'http://fleet.example.com/fleet', tab: { id: 1 } }, trust)).toBeNull();
    expect(classifySender({ id: 'abcdef', url: 'https://fleet.example.com:8443/fleet', tab: { id: 1 } }, trust)).toBeNull();
  });

  it('refuses other extensions and everything once no platform is configured', () => {
    expect(classifySender({ id: 'other', url: 'chrome-extension://other/popup.html' }, trust)).toBeNull();
    expect(classifySender({ id: 'other', url: 'https://fleet.example.com/', tab: { id: 1 } }, trust)).toBeNull();
    expect(
      classifySender({ id: 'abcdef', url: 'https://fleet.example.com/', tab: { id: 1 } }, { ...trust, platformOrigin: null }),
    ).toBeNull();
    expect(classifySender({ id: 'abcdef' }, trust)).toBeNull();
  });

  it('compares whole origins, not prefixes', () => {
    expect(isPlatformUrl('https://fleet.example.com.evil.test/', 'https://fleet.example.com')).toBe(false);
    expect(isPlatformUrl('not a url', 'https://fleet.example.com')).toBe(false);
  });
});
