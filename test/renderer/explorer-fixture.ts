import { createPinia, setActivePinia } from 'pinia';
import { useConnectionsStore } from '../../renderer/src/stores/connections';
import { useExplorerStore } from '../../renderer/src/stores/explorer';
import { installFakeApi, summary, type Handlers } from './fake-api';

export const prod = summary({ id: 'c-prod', name: 'Acme production', secret: { present: true } });
export const ssxConn = summary({
  id: 'c-ssx',
  name: 'Secure X prod',
  kind: 'sentinel-secure-x',
  authScheme: 'SsxSession',
  baseUrl: 'https://securex.example.com',
});

/** Lets the pending send run up to the operator's next question. */
export const settle = () => new Promise((r) => setTimeout(r, 0));

/** The explorer with a quarantine draft on the chosen connection, over a fake main. */
export async function explorerOn(handlers: Handlers, select: string) {
  const fake = installFakeApi({ 'connections:list': () => [prod, ssxConn], ...handlers });
  setActivePinia(createPinia());
  const connections = useConnectionsStore();
  await connections.load();
  connections.select(select);
  const explorer = useExplorerStore();
  explorer.draft.method = 'POST';
  explorer.draft.path = 'threats/mitigate/quarantine';
  explorer.setBody('{"filter":{"ids":["1","2"]}}');
  return { fake, explorer };
}
