// The effect vocabulary (SPEC §3 R3, R4), defined once. Imports nothing and no zod: the engine, the wire schemas,
// the answers and the content script's views all read it from here.

/** An asset's effect for a user, weakest first: the index is the engine's packed effect code (0 hidden, 1 read, 2 full). */
export const EFFECTS = ['hidden', 'read', 'full'] as const;
export type Effect = (typeof EFFECTS)[number];

/** A ticket's effect for a user (R4), weakest first. */
export const TICKET_EFFECTS = ['hidden', 'redacted', 'visible'] as const;
export type TicketEffect = (typeof TICKET_EFFECTS)[number];

/** An effect's strength (its index in EFFECTS): "gained" means a higher rank after than before. */
export const EFFECT_RANK = Object.fromEntries(EFFECTS.map((e, i) => [e, i])) as Readonly<Record<Effect, number>>;

/** The list filters: every effect, or all of them. */
export const EFFECT_FILTERS = ['all', ...EFFECTS] as const;
export type EffectFilter = (typeof EFFECT_FILTERS)[number];
export const TICKET_EFFECT_FILTERS = ['all', ...TICKET_EFFECTS] as const;
export type TicketEffectFilter = (typeof TICKET_EFFECT_FILTERS)[number];
