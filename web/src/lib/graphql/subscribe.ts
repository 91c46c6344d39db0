import type { AnyVariables, Client, TypedDocumentNode } from '@urql/svelte';

/**
 * Starts a subscription and calls `ondata` with each payload; returns the function that
 * stops it. Call it from `onMount` or `$effect`: subscriptions run in the browser only.
 */
export function subscribe<Data, Variables extends AnyVariables>(
  client: Client,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  ondata: (data: Data) => void,
): () => void {
  const { unsubscribe } = client.subscription(document, variables).subscribe((result) => {
    if (result.data) ondata(result.data);
  });
  return unsubscribe;
}
