// The DOM side of the page adapters: reads a live document through the pure adapter engine in core/adapters.
// The shell calls readPageContext again on every single-page navigation.
import { extractPageContext, PAGE_ADAPTERS, type PageAdapter, type PageContext, type PageReader } from '../../core/adapters';

export function documentReader(doc: Document): PageReader {
  return {
    marker: () => doc.body?.getAttribute('data-ai-page') ?? null,
    readAll(selector, attr) {
      const out: string[] = [];
      for (const el of doc.querySelectorAll(selector)) {
        const v = el.getAttribute(attr);
        if (v) out.push(v);
      }
      return out;
    },
  };
}

export function readPageContext(
  doc: Document,
  location: Pick<Location, 'pathname'>,
  adapters: readonly PageAdapter[] = PAGE_ADAPTERS,
): PageContext {
  return extractPageContext(location.pathname, documentReader(doc), adapters);
}
