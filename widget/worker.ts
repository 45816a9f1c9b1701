// The widget's worker: its data side (widget/data-side.ts) off the page's main thread. Started by the element
// (widget/access-inspector.ts) from the file beside its own; it talks only to that element.
import '../core/model/zod-jitless';
import { WidgetDataSide } from './data-side';
import type { FromWorker, ToWorker } from './worker-protocol';

const scope = self as unknown as { onmessage: ((event: MessageEvent<ToWorker>) => void) | null; postMessage(message: FromWorker): void };
const side = new WidgetDataSide((message) => scope.postMessage(message));
scope.onmessage = (event) => side.handle(event.data);
