// Picks the transport: the live WebSocket when the server speaks it, else HTTP. A live session
// that drops later falls back to HTTP too, so the studio keeps playing; `?transport=http|live`
// forces one (for comparisons and for the browser tests).

import type { RenderState, Transport, TransportEvents } from '../protocol.js';
import { HttpTransport } from './http.js';
import { LiveTransport } from './live.js';

export async function connectTransport(
  location: Location,
  initial: () => RenderState,
  events: TransportEvents,
  onSwitch: (transport: Transport) => void,
): Promise<Transport> {
  const forced = new URLSearchParams(location.search).get('transport');
  const http = (): Transport => new HttpTransport(location.origin, events);
  if (forced === 'http') return http();
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/v1/live`;
  const lost = (): void => {
    events.status('live session lost; using http');
    const fallback = http();
    onSwitch(fallback);
  };
  try {
    return await LiveTransport.open(wsUrl, initial(), events, lost);
  } catch (error) {
    if (forced === 'live') throw error;
    return http();
  }
}
