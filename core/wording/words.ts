// Words for the model's enums, defined once: the wording modules and the panel (components/labels.ts) use these, so
// no one reads "pendingVerification" or "customerCenter".
import type { Audience, OrgType, UserStatus } from '../model/catalog';

export const STATUS_WORDS: Record<UserStatus, string> = {
  active: 'active',
  pendingVerification: 'pending verification',
  disabled: 'disabled',
};

export const ORG_TYPE_WORDS: Record<OrgType, string> = {
  global: 'global',
  productCompany: 'product company',
  customerCenter: 'customer center',
  distributor: 'distributor',
  customer: 'customer',
};

export const AUDIENCE_WORDS: Record<Audience, string> = { internal: 'internal', external: 'external' };

/** The word for a status, or the value itself when the data holds one the catalog does not know. */
export const statusWord = (s: string | undefined | null): string =>
  s ? ((STATUS_WORDS as Record<string, string>)[s] ?? s) : 'unknown status';
export const orgTypeWord = (t: string | undefined | null): string =>
  t ? ((ORG_TYPE_WORDS as Record<string, string>)[t] ?? t) : 'unknown type';
