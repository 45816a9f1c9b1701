// The widget's postMessage API: what another window (of an allowed origin) may ask of it.
// Parsed in the worker (widget/worker.ts): the page side bundles no zod.
import { z } from 'zod';

/** What another window may ask of the widget through postMessage. */
export const InboundMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('access-inspector:open') }),
  z.object({ type: z.literal('access-inspector:close') }),
  z.object({ type: z.literal('access-inspector:refresh') }),
  z.object({ type: z.literal('access-inspector:status') }),
  z.object({
    type: z.literal('access-inspector:context'),
    /** Facts the host knows better than the DOM (e.g. a framed platform page): merged over what the page shows. */
    context: z
      .object({
        userId: z.string().min(1).nullable(),
        assetIds: z.array(z.string().min(1)).max(5000),
        assetDetailId: z.string().min(1).nullable(),
        ticketIds: z.array(z.string().min(1)).max(5000),
        targetUserId: z.string().min(1).nullable(),
        registrantIds: z.array(z.string().min(1)).max(5000),
      })
      .partial(),
  }),
]);
