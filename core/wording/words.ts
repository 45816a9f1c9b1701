// Words for the model's enums, defined once: the wording modules and the panel (components/labels.ts) use these, so
// no one reads "pendingVerification" or "customerCenter".
import type { AUDIENCES, ORG_TYPES, USER_STATUSES } from '../model/catalog';

export const STATUS_WORDS: Record<(typeof USER_STATUSES)[number], string> = {
  active: 'active',
  pendingVerification: 'pending verification',
  disabled: 'disabled',
};

export const ORG_TYPE_WORDS: Record<(typeof ORG_TYPES)[number], string> = {
  global: 'global',
  productCompany: 'product company',
  customerCenter: 'customer center',
  distributor: 'distributor',
  customer: 'customer',
};

export const AUDIENCE_WORDS: Record<(typeof AUDIENCES)[number], string> = { internal: 'internal', external: 'external' };

/** The word for a status, or the value itself when the data holds one the catalog does not know. */
export const statusWord = (s: string | undefined | null): string =>
  s ? ((STATUS_WORDS as Record<string, string>)[s] ?? s) : 'unknown status';
export const orgTypeWord = (t: string | undefined | null): string =>
  t ? ((ORG_TYPE_WORDS as Record<string, string>)[t] ?? t) : 'unknown type';
