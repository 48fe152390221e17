// TypeScript twin of jupyter_reactive/protocol.py (see docs/protocol.md). Keep both in step.

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

export type Path = number[];

// -- browser -> server --------------------------------------------------------------------------

export interface HelloMsg {
  type: typeof HELLO;
  protocol: number;
  session_id?: string;
  resume_token?: string;
}
export interface WidgetValuesMsg {
  type: typeof WIDGET_VALUES;
  values: Record<string, WidgetValue>;
}
export interface RerunMsg {
  type: typeof RERUN;
}
export interface StopMsg {
  type: typeof STOP;
}
export type ClientMessage = HelloMsg | WidgetValuesMsg | RerunMsg | StopMsg;

/** number | [lo, hi] | bool | true | string | index | null | indices. */
/** An uploaded file as the upload handler describes it (the receipt proves it is ours). */
export interface FileRef {
  id: string;
  name: string;
  size: number;
  type: string;
  receipt?: string;
}
export type WidgetValue = number | boolean | string | null | number[] | FileRef[];
/** Where media come from: a URL / data: URI, or a content hash the server maps to a URL. */
export type MediaRef = string | { media: string };

// -- server/kernel -> browser -------------------------------------------------------------------

export interface SessionMsg {
  type: typeof SESSION;
  session_id: string;
  resume_token: string;
  resumed: boolean;
  script?: string;
  title?: string;
  upload_url?: string;
  upload_token?: string;
  max_upload_size?: number;
}
export interface MediaMsg {
  type: "media";
  sha: string;
  url: string;
}
export interface PathEl {
  path: Path;
  el: Element;
}
export interface SnapshotMsg {
  type: typeof SNAPSHOT;
  elements: PathEl[];
  running: boolean;
  /** content hash -> URL for the media the page shows */
  media?: Record<string, string>;
}
export interface RunStartedMsg {
  type: typeof RUN_STARTED;
  run: number;
  /** Values from the page this run took in (wire form), by widget id. */
  widgets?: Record<string, unknown>;
}
export interface AckMsg {
  type: typeof ACK;
  widgets?: Record<string, unknown>;
}
export interface DeltasMsg {
  type: typeof DELTAS;
  run: number;
  items: PathEl[];
}
export type RunStatus = "complete" | "rerun" | "stopped" | "error" | "interrupted";
export interface RunFinishedMsg {
  type: typeof RUN_FINISHED;
  run: number;
  status: RunStatus;
  trims: Trim[];
}
export interface Trim {
  path: Path;
  len: number;
}
export interface TrimMsg {
  type: typeof TRIM;
  trims: Trim[];
}
export type Level = "info" | "warning" | "error";
export interface NoticeMsg {
  type: typeof NOTICE;
  level: Level;
  message: string;
  sticky?: boolean;
}
export interface ErrorMsg {
  type: typeof ERROR;
  error: string;
  message: string;
}
export type ServerMessage =
  | SessionMsg
  | MediaMsg
  | SnapshotMsg
  | RunStartedMsg
  | AckMsg
  | DeltasMsg
  | RunFinishedMsg
  | TrimMsg
  | NoticeMsg
  | ErrorMsg;

// -- elements -----------------------------------------------------------------------------------

export interface MarkdownEl {
  kind: "markdown";
  html: string;
  variant: "title" | "header" | "subheader" | "body" | "caption";
  divider?: boolean;
  /** plain-text tooltip shown by a "?" mark */
  help?: string;
  /** title/header/subheader: the heading's id, or false for no anchor link */
  anchor?: string | false;
}
export interface TextEl {
  kind: "text";
  text: string;
  help?: string;
}
export interface CodeEl {
  kind: "code";
  html: string;
  code: string;
  language?: string | null;
  line_numbers?: true;
  wrap_lines?: true;
}
export interface JsonEl {
  kind: "json";
  value: unknown;
  expanded: boolean;
}
export interface DividerEl {
  kind: "divider";
}
export interface AlertEl {
  kind: "alert";
  level: "error" | "warning" | "info" | "success";
  html: string;
  icon?: string | null;
}
export interface ExceptionEl {
  kind: "exception";
  ename: string;
  evalue: string;
  traceback: string;
}
export interface HtmlEl {
  kind: "html";
  html: string;
}
export interface ImageEl {
  kind: "image";
  images?: { src: MediaRef | null; caption?: string | null }[];
  src?: MediaRef | null;
  width?: number | null;
  use_container_width?: boolean;
  caption?: string | null;
}
export interface AudioEl {
  kind: "audio";
  src: MediaRef;
  mimetype?: string;
  start_time?: number;
  /** seconds: playback stops there */
  end_time?: number;
  loop?: boolean;
  autoplay?: boolean;
}
export interface VideoEl {
  kind: "video";
  src: MediaRef;
  mimetype?: string;
  start_time?: number;
  /** seconds: playback stops there */
  end_time?: number;
  loop?: boolean;
  autoplay?: boolean;
  muted?: boolean;
}
export interface ProgressEl {
  kind: "progress";
  value: number;
  text?: string | null;
}
export interface SpinnerEl {
  kind: "spinner";
  text?: string | null;
}
export type Layout = "vertical" | "columns" | "column" | "expander" | "tabs" | "tab" | "form" | "empty";
export interface BlockEl {
  kind: "block";
  layout: Layout;
  weight?: number;
  label?: string;
  expanded?: boolean;
  labels?: string[];
  form_id?: string;
  border?: boolean;
  clear_on_submit?: boolean;
  gap?: string | number | null;
  /** columns: vertical alignment of the columns */
  align?: "top" | "center" | "bottom";
  /** vertical: fixed height in px, scrolling inside */
  height?: number | null;
}

export interface WidgetBase {
  kind: "widget";
  id: string;
  label: string;
  disabled?: boolean;
  help?: string | null;
  label_visibility?: "visible" | "hidden" | "collapsed";
  form_id?: string | null;
}
export interface ButtonEl extends WidgetBase {
  widget: "button" | "form_submit_button";
  value?: boolean | null;
  button_type?: "primary" | "secondary";
  use_container_width?: true;
}
export interface CheckboxEl extends WidgetBase {
  widget: "checkbox" | "toggle";
  value: boolean;
}
export interface SliderEl extends WidgetBase {
  widget: "slider";
  value: number | [number, number];
  min: number;
  max: number;
  step: number;
  range?: boolean;
  format?: "int" | "float";
  /** printf-style format of the shown value (Python's % syntax) */
  number_format?: string;
}
export interface TextInputEl extends WidgetBase {
  widget: "text_input";
  value: string;
  placeholder?: string | null;
  max_chars?: number | null;
  password?: boolean;
  autocomplete?: string;
}
export interface TextAreaEl extends WidgetBase {
  widget: "text_area";
  value: string;
  placeholder?: string | null;
  max_chars?: number | null;
  height?: number | null;
}
export interface NumberInputEl extends WidgetBase {
  widget: "number_input";
  value: number | null;
  placeholder?: string | null;
  min?: number | null;
  max?: number | null;
  step?: number | null;
  format?: "int" | "float";
  number_format?: string;
}
export interface SelectEl extends WidgetBase {
  widget: "selectbox" | "radio";
  options: string[];
  value: number | null;
  horizontal?: boolean;
  placeholder?: string | null;
  /** radio: inline-markdown HTML under each option */
  captions?: string[];
}
export interface MultiselectEl extends WidgetBase {
  widget: "multiselect";
  options: string[];
  value: number[];
  max_selections?: number | null;
  placeholder?: string | null;
}
export interface DownloadButtonEl extends WidgetBase {
  widget: "download_button";
  value?: null;
  src: MediaRef;
  file_name?: string | null;
  mimetype?: string;
  button_type?: "primary" | "secondary";
  use_container_width?: true;
}
export interface FileWidgetEl extends WidgetBase {
  widget: "file_uploader" | "camera_input";
  value: FileRef[] | null;
  multiple?: boolean;
  accept?: string[] | null;
}
export type WidgetEl =
  | ButtonEl
  | DownloadButtonEl
  | FileWidgetEl
  | CheckboxEl
  | SliderEl
  | TextInputEl
  | TextAreaEl
  | NumberInputEl
  | SelectEl
  | MultiselectEl;
export type WidgetKind = WidgetEl["widget"];

export type Element =
  | MarkdownEl
  | TextEl
  | CodeEl
  | JsonEl
  | DividerEl
  | AlertEl
  | ExceptionEl
  | HtmlEl
  | ImageEl
  | AudioEl
  | VideoEl
  | ProgressEl
  | SpinnerEl
  | BlockEl
  | WidgetEl;

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
