import { getContext, setContext } from 'svelte';

import type { LiveStatus } from './client.js';

const key = Symbol('live');

/** The live connection's state, shared by the layout (which owns it) and the pages. */
export class LiveState {
  status = $state<LiveStatus>('connecting');
  /** Counts every (re)connection: a page that shows live data reloads when it changes. */
  connections = $state(0);

  update(status: LiveStatus) {
    this.status = status;
    if (status === 'connected') this.connections += 1;
  }
}

/** Makes the live state available to the pages below the calling component. */
export function setLiveState(state: LiveState): void {
  setContext(key, state);
}

/** The live state set by the layout. */
export function getLiveState(): LiveState {
  return getContext<LiveState>(key);
}
