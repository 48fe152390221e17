// The page's WebSocket: hello/resume, frame decoding, reconnect with back-off.

import type { ClientMessage, HelloMsg, PageMessage } from "./protocol";
import { clientInfo, takeEarly } from "./early";
import { decodeFrame, PROTOCOL_VERSION } from "./protocol";

export interface ConnectionEvents {
  message(msg: PageMessage): void;
  /** The socket closed unexpectedly; a reconnect is scheduled. */
  lost(): void;
  /** The server closed for good (policy / app-level codes): no reconnect. */
  final(code: number, reason: string): void;
}

interface Ids {
  session_id: string;
  resume_token: string;
}

/** Back-off before attempt n (0-based): 0.25 s, 0.5, 1, 2, 4, then 8 s, each ±25 % jitter. */
export function backoff(n: number): number {
  const base = Math.min(8000, 250 * 2 ** Math.min(n, 6));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

/** Close codes after which reconnecting cannot help: 1008 policy violation, 4000-4999 app. */
const isFinal = (code: number): boolean => code === 1008 || (code >= 4000 && code < 5000);
/** 1012 (service restart): the server is stopping. Reconnect at once (a load balancer sends
 *  the page to another replica, which restores the session from the shared store), a few times
 *  before the usual back-off. */
const RESTART = 1012;
const QUICK_TRIES = 4;

export class Connection {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private timer = 0;
  private boundAt = 0;
  private quick = 0;
  /** The session's ids, held by this page only (not in storage: a duplicated tab or a reload
   *  starts its own session, as in Streamlit; only a reconnect resumes). */
  private ids: Ids | null = null;

  constructor(
    private readonly url: string,
    private readonly on: ConnectionEvents,
    /** The page the tab is on now (a new session starts there). */
    private readonly page: () => string = () => "",
  ) {}

  get open(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  start(): void {
    clearTimeout(this.timer);
    // the first connection may be open already (boot.ts), replies waiting
    const early = this.ids ? null : takeEarly(this.url);
    const ws = early ? early.ws : new WebSocket(this.url);
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    // an early socket's hello was in its URL
    if (!early) ws.onopen = () => this.send(this.hello());
    const onMessage = (ev: MessageEvent): void => {
      if (this.ws !== ws) return;
      let msg: unknown;
      try {
        msg = typeof ev.data === "string" ? JSON.parse(ev.data) : decodeFrame(ev.data as ArrayBuffer).header;
      } catch (err) {
        console.error("jupyter_reactive: bad frame", err);
        return;
      }
      if (msg && typeof msg === "object" && typeof (msg as { type?: unknown }).type === "string") {
        this.on.message(msg as PageMessage);
      }
    };
    const onClose = (ev: CloseEvent): void => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (isFinal(ev.code)) return this.on.final(ev.code, ev.reason);
      // back-off restarts only after a connection that lasted: a server that accepts and then
      // drops every socket (say, no kernel can start) must not be hammered
      if (this.boundAt && Date.now() - this.boundAt > 10000) this.attempt = 0;
      this.boundAt = 0;
      this.on.lost();
      const soon = ev.code === RESTART && this.quick++ < QUICK_TRIES;
      this.timer = window.setTimeout(() => this.start(), soon ? 20 + Math.random() * 80 : backoff(this.attempt++));
    };
    ws.onmessage = onMessage;
    ws.onclose = onClose;
    if (early) {
      early.buffered.forEach(onMessage);
      if (early.closed) onClose(early.closed);
    }
  }

  /** A session is bound: remember its ids for resuming and reset the back-off. */
  bound(sessionId: string, resumeToken: string): void {
    this.boundAt = Date.now();
    this.quick = 0;
    this.ids = { session_id: sessionId, resume_token: resumeToken };
  }

  send(msg: ClientMessage): boolean {
    if (!this.open) return false;
    (this.ws as WebSocket).send(JSON.stringify(msg));
    return true;
  }

  private hello(): HelloMsg {
    // the tab's description travels with a resume too: if its session is gone (its replica
    // stopped), the session started for it here begins on the page the tab is on
    const hello = { ...clientInfo(this.page()), type: "hello", protocol: PROTOCOL_VERSION } as HelloMsg;
    if (this.ids) {
      hello.session_id = this.ids.session_id;
      hello.resume_token = this.ids.resume_token;
    }
    return hello;
  }
}
