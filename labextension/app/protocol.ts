// TypeScript twin of jupyter_reactive/protocol.py: message names, element paths, the frame codec.
// The shapes themselves are generated from jupyter_reactive/schema.py (see ./schema.ts).

export const PROTOCOL_VERSION = 1;

/** Root index of the main column in an element path. */
export const MAIN = 0;
/** Root index of the sidebar in an element path. */
export const SIDEBAR = 1;

/** Largest text frame the page may send (bytes); the server closes with 1009 above it. */
export const MAX_CLIENT_FRAME = 1 << 20;

// -- message names ------------------------------------------------------------------------------
// browser -> server
export const HELLO = "hello";
export const WIDGET_VALUES = "widget_values";
export const RERUN = "rerun";
export const STOP = "stop";
// server/kernel -> browser
export const SESSION = "session";
export const DELTAS = "deltas";
export const RUN_STARTED = "run_started";
export const ACK = "ack";
export const RUN_FINISHED = "run_finished";
export const NOTICE = "notice";
export const ERROR = "error";
export const SNAPSHOT = "snapshot";
/** kernel → browser outside run_finished: drop children now (a cleared placeholder / spinner). */
export const TRIM = "trim";

export const MEDIA = "media";
/** server → browser: several kernel frames in one message (the socket URL asks: `?frames=batch`). */
export const BATCH = "batch";
export const PAGE_CONFIG = "page_config";

// -- shapes -------------------------------------------------------------------------------------
// Element and message types are generated from jupyter_reactive/schema.py into ./schema.ts.
export type * from "./schema";
import type { BlockEl, Element, WidgetEl } from "./schema";

/** Every `kind` an element may have. */
export type ElementKind = Element["kind"];
/** Every widget name (`el.widget`). */
export type WidgetKind = WidgetEl["widget"];
/** Every block layout (`el.layout`). */
export type Layout = BlockEl["layout"];

// -- frames -------------------------------------------------------------------------------------

export class ProtocolError extends Error {}

const utf8 = new TextDecoder();

/** Inverse of protocol.py's encode_frame: `u32 BE header length | header JSON | payload`. */
export function decodeFrame(buf: ArrayBuffer): { header: Record<string, unknown>; payload: Uint8Array } {
  if (buf.byteLength < 4) throw new ProtocolError("truncated frame");
  const size = new DataView(buf).getUint32(0, false);
  const end = 4 + size;
  if (end > buf.byteLength) throw new ProtocolError("truncated frame");
  const header: unknown = JSON.parse(utf8.decode(new Uint8Array(buf, 4, size)));
  if (!header || typeof header !== "object" || Array.isArray(header)) {
    throw new ProtocolError("frame header is not an object");
  }
  return { header: header as Record<string, unknown>, payload: new Uint8Array(buf, end) };
}

/** Same as protocol.py's encode_frame (used by tests / dev tools). */
export function encodeFrame(header: object, payload: Uint8Array = new Uint8Array(0)): ArrayBuffer {
  const head = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(4 + head.length + payload.length);
  new DataView(out.buffer).setUint32(0, head.length, false);
  out.set(head, 4);
  out.set(payload, 4 + head.length);
  return out.buffer;
}

/** The frames of a `batch` frame (protocol.py's split_batch): its payload cut at `sizes`, which
 *  must be non-negative integers adding up to the payload's length exactly. */
export function splitBatch(header: Record<string, unknown>, payload: Uint8Array): ArrayBuffer[] {
  const sizes = header.sizes;
  if (!Array.isArray(sizes) || !sizes.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw new ProtocolError("a batch's sizes must be a list of non-negative integers");
  }
  if ((sizes as number[]).reduce((a, b) => a + b, 0) !== payload.byteLength) {
    throw new ProtocolError("a batch's sizes do not add up to its payload");
  }
  const frames: ArrayBuffer[] = [];
  let start = 0;
  for (const n of sizes as number[]) {
    frames.push(payload.slice(start, start + n).buffer);
    start += n;
  }
  return frames;
}
