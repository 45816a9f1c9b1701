// Saves text as a file through the browser's own download: a Blob, an object URL and an <a download> made with
// DOM APIs and clicked without being added to the page (the page's DOM never changes).
export function downloadText(doc: Document, fileName: string, mimeType: string, text: string): void {
  const view = doc.defaultView ?? window;
  const url = view.URL.createObjectURL(new view.Blob([text], { type: mimeType }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.click();
  // The download has its own reference by now; give slow machines a minute before the URL goes.
  view.setTimeout(() => view.URL.revokeObjectURL(url), 60_000);
}
