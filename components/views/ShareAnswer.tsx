// Share an answer: copy it as plain text or as Markdown for a ticket, or copy a link that reopens it in the panel.
// Without clipboard access (an insecure page, a refused permission) the text is shown selected for Ctrl+C.
import { useRef, useState } from 'preact/hooks';

type Kind = 'text' | 'markdown' | 'link';
const LABEL: Record<Kind, string> = { text: 'Copy text', markdown: 'Copy Markdown', link: 'Copy link' };
const DONE: Record<Kind, string> = { text: 'Text copied.', markdown: 'Markdown copied.', link: 'Link copied.' };

export function ShareAnswer(props: { what: string; text?: string; markdown?: string; link: string | null }) {
  const [copy, setCopy] = useState<{ kind: Kind; state: 'copied' | 'failed'; value: string } | null>(null);
  const fallback = useRef<HTMLTextAreaElement>(null);
  const valueOf = (k: Kind) => (k === 'text' ? props.text : k === 'markdown' ? props.markdown : props.link) ?? '';
  const run = async (kind: Kind) => {
    const value = valueOf(kind);
    try {
      await navigator.clipboard.writeText(value);
      setCopy({ kind, state: 'copied', value });
    } catch {
      setCopy({ kind, state: 'failed', value });
      queueMicrotask(() => fallback.current?.select());
    }
  };
  const kinds = (['text', 'markdown', 'link'] as const).filter(
    (k) => (k === 'text' ? props.text : k === 'markdown' ? props.markdown : props.link) != null,
  );
  const current = copy && copy.value === valueOf(copy.kind) ? copy : null;
  return (
    <div class="share" data-share={props.what}>
      <div class="row" role="group" aria-label={`Share ${props.what}`}>
        {kinds.map((k) => (
          <button key={k} type="button" data-copy={k} onClick={() => void run(k)}>
            {LABEL[k]}
          </button>
        ))}
        <span role="status" class="muted">
          {current?.state === 'copied' ? DONE[current.kind] : ''}
        </span>
      </div>
      {current?.state === 'failed' && (
        <>
          <p class="error">The clipboard is not available here: select the text below and copy it.</p>
          <textarea
            ref={fallback}
            class="copy-fallback"
            readOnly
            rows={6}
            aria-label={`${props.what}: ${LABEL[current.kind].replace('Copy ', '')}`}
            value={current.value}
          />
        </>
      )}
    </div>
  );
}
