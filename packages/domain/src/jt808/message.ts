// Message bodies: parse by message id and edition, encode as the exact inverse, and the platform's replies.

import {
  checkUint, concatBytes, decodeGbk, decodePaddedText, decodeTrailingText, encodeGbk, encodePaddedText,
} from './bytes.ts';
import { JT808_MSG, type Jt808Edition } from './constants.ts';
import {
  encodeJt808Location, encodeJt808LocationBatch, parseJt808Location, parseJt808LocationBatch,
  type Jt808Location, type Jt808LocationBatch, type Jt808LocationBatchInput, type Jt808LocationError,
  type Jt808LocationInput,
} from './location.ts';
import { encodeJt808Frame, type Jt808Header, type Jt808HeaderInput } from './packet.ts';

export interface Jt808RegisterBody {
  kind: 'register';
  province: number;
  city: number;
  /** 2013: BYTE[5]; 2019: BYTE[11]. */
  maker: string;
  /** 2013: BYTE[20]; 2019: BYTE[30]. */
  model: string;
  /** 2013: BYTE[7]; 2019: BYTE[30]. */
  terminalId: string;
  /** 0 = unlicensed (the plate field then holds the VIN). */
  plateColor: number;
  plate: string;
}

export interface Jt808AuthBody {
  kind: 'auth';
  code: string;
  /** 2019 only. */
  imei: string | null;
  /** 2019 only. */
  softwareVersion: string | null;
}

export type Jt808Body =
  | { kind: 'terminalResponse'; repliedSerial: number; repliedId: number; result: number }
  | { kind: 'heartbeat' }
  | { kind: 'logout' }
  | Jt808RegisterBody
  | Jt808AuthBody
  | { kind: 'location'; location: Jt808Location }
  | ({ kind: 'locationBatch' } & Jt808LocationBatch)
  | { kind: 'platformResponse'; repliedSerial: number; repliedId: number; result: number }
  | { kind: 'registerResponse'; repliedSerial: number; result: number; authCode: string | null }
  /** Any other message id: the gateway answers 0x8001 result 3 (not supported). */
  | { kind: 'unknown'; messageId: number; raw: Uint8Array };

export type Jt808BodyKind = Jt808Body['kind'];

export type Jt808BodyResult =
  | { ok: true; message: Jt808Body }
  | { ok: false; error: 'BAD_BODY' | Jt808LocationError };

const REGISTER_WIDTHS: Record<Jt808Edition, { maker: number; model: number; terminalId: number }> = {
  2013: { maker: 5, model: 20, terminalId: 7 },
  2019: { maker: 11, model: 30, terminalId: 30 },
};

const AUTH_2019_TAIL = 15 + 20; // IMEI + software version

const BAD_BODY = { ok: false, error: 'BAD_BODY' } as const;
/**
 * Longest trailing text accepted (plate, 2013 auth code): the 2019 edition gives its auth code a one-byte length, and
 * a real plate is a dozen bytes, so anything longer is a broken or hostile terminal.
 */
export const JT808_MAX_TEXT_BYTES = 255;

function u16(b: Uint8Array, i: number): number {
  return (b[i] << 8) | b[i + 1];
}

/**
 * Decodes a complete body (a single package, or the joined body from Jt808Reassembler). Fixed-width text fields lose
 * their 0x00 / space padding; trailing STRINGs lose 0x00 terminators. Never throws.
 */
export function parseJt808Body(messageId: number, edition: Jt808Edition, b: Uint8Array): Jt808BodyResult {
  switch (messageId) {
    case JT808_MSG.LOCATION: {
      const r = parseJt808Location(b);
      return r.ok ? { ok: true, message: { kind: 'location', location: r.location } } : r;
    }
    case JT808_MSG.HEARTBEAT:
      return b.length === 0 ? { ok: true, message: { kind: 'heartbeat' } } : BAD_BODY;
    case JT808_MSG.LOGOUT:
      return b.length === 0 ? { ok: true, message: { kind: 'logout' } } : BAD_BODY;
    case JT808_MSG.LOCATION_BATCH: {
      const r = parseJt808LocationBatch(b);
      return r.ok ? { ok: true, message: { kind: 'locationBatch', ...r.batch } } : r;
    }
    case JT808_MSG.TERMINAL_RESPONSE:
    case JT808_MSG.PLATFORM_RESPONSE:
      if (b.length !== 5) return BAD_BODY;
      return {
        ok: true,
        message: {
          kind: messageId === JT808_MSG.TERMINAL_RESPONSE ? 'terminalResponse' : 'platformResponse',
          repliedSerial: u16(b, 0),
          repliedId: u16(b, 2),
          result: b[4],
        },
      };
    case JT808_MSG.REGISTER: {
      const w = REGISTER_WIDTHS[edition];
      const fixed = 4 + w.maker + w.model + w.terminalId + 1;
      if (b.length < fixed) return BAD_BODY;
      if (b.length - fixed > JT808_MAX_TEXT_BYTES) return BAD_BODY;
      let at = 4;
      const maker = decodePaddedText(b, at, (at += w.maker));
      const model = decodePaddedText(b, at, (at += w.model));
      const terminalId = decodePaddedText(b, at, (at += w.terminalId));
      return {
        ok: true,
        message: {
          kind: 'register', province: u16(b, 0), city: u16(b, 2), maker, model, terminalId,
          plateColor: b[at], plate: decodeTrailingText(b, at + 1, b.length),
        },
      };
    }
    case JT808_MSG.AUTH: {
      if (edition === 2013) {
        if (b.length > JT808_MAX_TEXT_BYTES) return BAD_BODY;
        return { ok: true, message: { kind: 'auth', code: decodeTrailingText(b, 0, b.length), imei: null, softwareVersion: null } };
      }
      if (b.length < 1) return BAD_BODY;
      const n = b[0];
      if (b.length !== 1 + n + AUTH_2019_TAIL) return BAD_BODY;
      return {
        ok: true,
        message: {
          kind: 'auth',
          code: decodeGbk(b, 1, 1 + n),
          imei: decodePaddedText(b, 1 + n, 1 + n + 15),
          softwareVersion: decodePaddedText(b, 1 + n + 15, b.length),
        },
      };
    }
    case JT808_MSG.REGISTER_RESPONSE: {
      if (b.length < 3) return BAD_BODY;
      const result = b[2];
      // The auth code is present exactly when the result is 0.
      if (result === 0 ? b.length === 3 || b.length - 3 > JT808_MAX_TEXT_BYTES : b.length !== 3) return BAD_BODY;
      return {
        ok: true,
        message: {
          kind: 'registerResponse', repliedSerial: u16(b, 0), result,
          authCode: result === 0 ? decodeTrailingText(b, 3, b.length) : null,
        },
      };
    }
    default:
      return { ok: true, message: { kind: 'unknown', messageId, raw: b } };
  }
}

/** What encodeJt808Body accepts: a parsed body, or one with the optional location fields left out. */
export type Jt808BodyInput =
  | Exclude<Jt808Body, { kind: 'location' } | { kind: 'locationBatch' } | { kind: 'auth' }>
  | { kind: 'auth'; code: string; imei?: string | null; softwareVersion?: string | null }
  | { kind: 'location'; location: Jt808LocationInput }
  | ({ kind: 'locationBatch' } & Jt808LocationBatchInput);

/** The message id each body kind is sent with. */
export function jt808MessageIdOf(body: Jt808BodyInput): number {
  switch (body.kind) {
    case 'terminalResponse': return JT808_MSG.TERMINAL_RESPONSE;
    case 'heartbeat': return JT808_MSG.HEARTBEAT;
    case 'logout': return JT808_MSG.LOGOUT;
    case 'register': return JT808_MSG.REGISTER;
    case 'auth': return JT808_MSG.AUTH;
    case 'location': return JT808_MSG.LOCATION;
    case 'locationBatch': return JT808_MSG.LOCATION_BATCH;
    case 'platformResponse': return JT808_MSG.PLATFORM_RESPONSE;
    case 'registerResponse': return JT808_MSG.REGISTER_RESPONSE;
    case 'unknown': return body.messageId;
  }
}

function responseBody(repliedSerial: number, second: number, secondName: string, result: number): Uint8Array {
  checkUint(repliedSerial, 0xffff, '应答流水号');
  checkUint(second, 0xffff, secondName);
  checkUint(result, 0xff, '结果');
  return Uint8Array.of(repliedSerial >> 8, repliedSerial & 0xff, second >> 8, second & 0xff, result);
}

/** The body bytes (the inverse of parseJt808Body). Throws RangeError for values that do not fit their fields. */
export function encodeJt808Body(body: Jt808BodyInput, edition: Jt808Edition): Uint8Array {
  switch (body.kind) {
    case 'heartbeat':
    case 'logout':
      return new Uint8Array(0);
    case 'terminalResponse':
    case 'platformResponse':
      return responseBody(body.repliedSerial, body.repliedId, '应答ID', body.result);
    case 'location':
      return encodeJt808Location(body.location);
    case 'locationBatch':
      return encodeJt808LocationBatch(body);
    case 'register': {
      const w = REGISTER_WIDTHS[edition];
      checkUint(body.province, 0xffff, '省域ID');
      checkUint(body.city, 0xffff, '市县域ID');
      return concatBytes([
        Uint8Array.of(body.province >> 8, body.province & 0xff, body.city >> 8, body.city & 0xff),
        encodePaddedText(body.maker, w.maker, '制造商ID'),
        encodePaddedText(body.model, w.model, '终端型号'),
        encodePaddedText(body.terminalId, w.terminalId, '终端ID'),
        Uint8Array.of(checkUint(body.plateColor, 0xff, '车牌颜色')),
        encodeGbk(body.plate),
      ]);
    }
    case 'auth': {
      const code = encodeGbk(body.code);
      if (edition === 2013) return code;
      checkUint(code.length, 0xff, '鉴权码长度');
      return concatBytes([
        Uint8Array.of(code.length),
        code,
        encodePaddedText(body.imei ?? '', 15, 'IMEI'),
        encodePaddedText(body.softwareVersion ?? '', 20, '软件版本号'),
      ]);
    }
    case 'registerResponse': {
      checkUint(body.repliedSerial, 0xffff, '应答流水号');
      checkUint(body.result, 0xff, '结果');
      const head = Uint8Array.of(body.repliedSerial >> 8, body.repliedSerial & 0xff, body.result);
      if (body.result !== 0) return head;
      if (!body.authCode) throw new RangeError('注册成功时必须给出鉴权码');
      return concatBytes([head, encodeGbk(body.authCode)]);
    }
    case 'unknown':
      return body.raw;
  }
}

/** A whole frame for a body; the message id follows from the body's kind. */
export function encodeJt808Message(header: Omit<Jt808HeaderInput, 'messageId'>, body: Jt808BodyInput): Uint8Array {
  return encodeJt808Frame({ ...header, messageId: jt808MessageIdOf(body) }, encodeJt808Body(body, header.edition));
}

/** A reply to `request` in the edition, protocol version and phone the terminal used, with the platform's serial. */
function replyHeader(request: Jt808Header, platformSerial: number): Omit<Jt808HeaderInput, 'messageId'> {
  return {
    edition: request.edition,
    phone: request.phone,
    serial: platformSerial,
    protocolVersion: request.edition === 2019 ? request.protocolVersion : undefined,
  };
}

/** 0x8001 platform general response to `request` (result: JT808_RESULT). */
export function encodeJt808PlatformResponse(request: Jt808Header, platformSerial: number, result: number): Uint8Array {
  return encodeJt808Message(replyHeader(request, platformSerial), {
    kind: 'platformResponse', repliedSerial: request.serial, repliedId: request.messageId, result,
  });
}

/** 0x8100 register response to `request`; the auth code is sent only when result is 0 (JT808_REGISTER_RESULT). */
export function encodeJt808RegisterResponse(
  request: Jt808Header, platformSerial: number, result: number, authCode?: string,
): Uint8Array {
  return encodeJt808Message(replyHeader(request, platformSerial), {
    kind: 'registerResponse', repliedSerial: request.serial, result, authCode: result === 0 ? authCode ?? null : null,
  });
}
