// openapi.yaml is for humans and tools; the code checks against core/api/contract.ts. This keeps the two in step.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_KEY_HEADER, API_PREFIX, ApiErrorSchema, MAX_PAGE_LIMIT, DEFAULT_PAGE_LIMIT, SESSION_COOKIE } from '../../core/api/contract';
import { COLLECTION_NAMES } from '../../core/model/snapshot';

const doc = readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8');

describe('openapi.yaml', () => {
  it('is OpenAPI 3.1 and documents every endpoint the demo serves', () => {
    expect(doc).toMatch(/^openapi: 3\.1\.\d+$/m);
    for (const path of [`${API_PREFIX}/me:`, `${API_PREFIX}/sync/{collection}:`, '/login:', '/logout:', '/__demo/mutate:', '/__demo/faults:', '/__demo/state:']) {
      expect(doc).toContain(`\n  ${path}`);
    }
  });

  it('names the contract\'s auth, limits, collections and error codes', () => {
    expect(doc).toContain(`name: ${API_KEY_HEADER}`);
    expect(doc).toContain(`name: ${SESSION_COOKIE}`);
    expect(doc).toContain(`default: ${DEFAULT_PAGE_LIMIT}`);
    expect(doc).toContain(`capped at ${MAX_PAGE_LIMIT}`);
    expect(doc).toContain(`enum: [${COLLECTION_NAMES.join(', ')}]`);
    expect(doc).toContain(`enum: [${ApiErrorSchema.shape.error.shape.code.options.join(', ')}]`);
    for (const status of ['"304"', '"400"', '"401"', '"403"', '"404"', '"410"', '"429"', '"500"']) expect(doc).toContain(status);
  });
});
