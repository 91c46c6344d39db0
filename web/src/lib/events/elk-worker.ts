import ELK from 'elkjs/lib/elk-api.js';
import workerUrl from 'elkjs/lib/elk-worker.min.js?url';

import type { ElkLayouter } from './hierarchy-layout.js';

let elk: ElkLayouter | null = null;

/**
 * The browser's ELK: the API object on the main thread, the layout itself in elkjs's own
 * web worker, so a large hierarchy never blocks the page.
 */
export function browserElk(): ElkLayouter {
  elk ??= new ELK({ workerUrl });
  return elk;
}
