// Picks the transport: the live WebSocket when the server speaks it, else HTTP. A live session
// that drops (idle timeout, server restart) is reopened once with the whole state; when that
// fails too the studio falls back to HTTP and keeps playing (a deliberate reset reopens at once). `?transport=http|live` forces one
// (for comparisons and for the browser tests).

import { SeqCounter, type RenderState, type Transport, type TransportEvents } from '../protocol.js';
import { HttpTransport } from './http.js';
import { LiveTransport, type LostReason } from './live.js';

const RECONNECT_DELAY_MS = 500;

export async function connectTransport(
  location: Location,
  current: () => RenderState,
  events: TransportEvents,
  /**
   * A transport took over (the first one too); `sent` is the state its session started from
   * (null for HTTP), so the caller can send what changed meanwhile.
   */
  onSwitch: (transport: Transport, sent: RenderState | null) => void,
): Promise<void> {
  const seqs = new SeqCounter();
  const forced = new URLSearchParams(location.search).get('transport');
  const http = (): Transport => {
    events.status('http');
    return new HttpTransport(location.origin, events, seqs);
  };
  if (forced === 'http') return onSwitch(http(), null);
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/v1/live`;
  const open = (onLost: (reason: LostReason) => void): Promise<LiveTransport> => LiveTransport.open(wsUrl, current(), events, seqs, onLost);
  const lost = (reason: LostReason): void => {
    if (reason === 'lost') events.status('live session lost; reconnecting');
    setTimeout(
      () =>
        open(lost).then(
          (live) => onSwitch(live, live.hello),
          () => onSwitch(http(), null),
        ),
      reason === 'reset' ? 0 : RECONNECT_DELAY_MS,
    );
  };
  let live: LiveTransport;
  try {
    live = await open(lost);
  } catch (error) {
    if (forced === 'live') throw error;
    return onSwitch(http(), null);
  }
  onSwitch(live, live.hello);
}
