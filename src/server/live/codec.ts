// Frame encodings, one per subprotocol: MessagePack maps in binary frames, JSON objects in text
// frames. A frame of the wrong kind (text on the binary protocol and vice versa) is refused.

import { Packr } from 'msgpackr';
import { ProtocolError, SUBPROTOCOL_MSGPACK, type ServerMessage } from './protocol.js';

export interface Codec {
  readonly name: string;
  encode(message: ServerMessage): Buffer | string;
  /** The decoded value of one frame; throws ProtocolError('bad-frame') when it cannot be read. */
  decode(data: Buffer, isBinary: boolean): unknown;
}

// Plain maps both ways (no msgpackr record extension), so any MessagePack client can read them.
const packr = new Packr({ useRecords: false, mapsAsObjects: true });

const msgpackCodec: Codec = {
  name: SUBPROTOCOL_MSGPACK,
  encode: (message) => packr.pack(message),
  decode(data, isBinary) {
    if (!isBinary) throw new ProtocolError('bad-frame', 'this session speaks codelive.msgpack.v1: send binary frames');
    try {
      return packr.unpack(data);
    } catch {
      throw new ProtocolError('bad-frame', 'the frame is not valid MessagePack');
    }
  },
};

const jsonCodec: Codec = {
  name: 'codelive.json.v1',
  encode: (message) => JSON.stringify(message),
  decode(data, isBinary) {
    if (isBinary) throw new ProtocolError('bad-frame', 'this session speaks codelive.json.v1: send text frames');
    try {
      return JSON.parse(data.toString('utf8')) as unknown;
    } catch {
      throw new ProtocolError('bad-frame', 'the frame is not valid JSON');
    }
  },
};

export function codecFor(subprotocol: string): Codec {
  return subprotocol === SUBPROTOCOL_MSGPACK ? msgpackCodec : jsonCodec;
}
