// Media and file widgets: images, audio, video, download buttons, file uploads, camera photos.
//
// Elements refer to media by content hash ({"media": sha}); the server tells the page which URL
// serves each hash (a `media` message, or the `media` map of a snapshot) before any element that
// uses it arrives. Uploads are POSTed straight to the server (any replica), one file per request,
// and the widget value sent afterwards carries the signed receipts the server returned.

import { buttonFace } from "./buttons";
import { attr, h, setText } from "./dom";
import { filesOf } from "./dropfiles";
import type {
  AudioEl,
  DocumentEl,
  DownloadButtonEl,
  DownloadReadyMsg,
  DownloadRequestMsg,
  FileWidgetEl,
  ImageEl,
  LogoEl,
  MediaRef,
  SignedFileRef,
  VideoEl,
} from "./protocol";
import type { MakeView, WidgetHost, WidgetView } from "./widgets";

const urls = new Map<string, string>();

export function setMediaUrls(map: Record<string, string> | undefined): void {
  for (const [sha, url] of Object.entries(map || {})) urls.set(sha, url);
}

/** An element's source: a URL or data: URI as is, or the URL the server gave for a hash. */
export function mediaUrl(ref: MediaRef | null | undefined): string {
  if (typeof ref === "string") return ref;
  if (ref && typeof ref === "object" && typeof ref.media === "string") return urls.get(ref.media) || "";
  return "";
}

interface UploadTarget {
  url: string;
  token: string;
  xsrf: string;
  maxSize: number;
}
let target: UploadTarget | null = null;

export function setUploadTarget(t: UploadTarget | null): void {
  target = t;
}

// -- display elements ---------------------------------------------------------------------------

export function image(el: ImageEl, wrap: HTMLElement): void {
  const row = h("div", { class: "jr-images" });
  for (const item of Array.isArray(el.images) ? el.images : []) {
    const img = h("img", { src: mediaUrl(item.src), alt: item.alt ?? (item.caption || "") }) as HTMLImageElement;
    if (typeof el.width === "number" && el.width > 0) img.style.width = el.width + "px";
    else if (el.use_container_width) img.style.width = "100%";
    // stretched: the figure takes the row's width (a fit-content figure would collapse a 100% img)
    const cls = !(typeof el.width === "number" && el.width > 0) && el.use_container_width ? "jr-image jr-stretch" : "jr-image";
    const href = el.images.length === 1 ? linkHref(el.link) : null;
    // `link`: a click opens it in a new tab, as Streamlit 1.67's image link (rel=noreferrer)
    const pic = href ? h("a", { class: "jr-image-link", href, target: "_blank", rel: "noreferrer" }, img) : img;
    row.append(h("figure", { class: cls }, pic, item.caption ? h("figcaption", { text: item.caption }) : null));
  }
  wrap.append(row);
}

/** A link the page may follow: http(s), mailto or a relative URL (resolved against the page);
 *  null for anything else (javascript:, data: ...). */
function linkHref(link: unknown): string | null {
  if (typeof link !== "string" || !link) return null;
  try {
    return ["http:", "https:", "mailto:"].includes(new URL(link, location.href).protocol) ? link : null;
  } catch {
    return null;
  }
}

export function audioVideo(el: AudioEl | VideoEl, wrap: HTMLElement): void {
  if (el.kind === "video" && el.youtube === true) return youtube(el, wrap);
  const media = h(el.kind, { controls: true, class: "jr-" + el.kind, preload: "metadata" }) as HTMLMediaElement;
  const src = mediaUrl(el.src);
  // no source (`jr.audio(None)`): an empty player, as Streamlit shows
  if (src) media.append(h("source", { src: src + fragment(el.start_time, el.end_time), type: el.mimetype || "" }));
  media.loop = !!el.loop;
  media.autoplay = !!el.autoplay;
  if (el.kind === "video") {
    media.muted = !!el.muted;
    const tracks = Array.isArray(el.subtitles) ? el.subtitles : [];
    tracks.forEach((t, i) => {
      const track = h("track", { kind: "subtitles", label: typeof t?.label === "string" ? t.label : "", src: mediaUrl(t?.src) });
      (track as HTMLTrackElement).default = i === 0; // the first is shown, as in Streamlit
      media.append(track);
    });
  }
  wrap.append(media);
}

/** A YouTube link: YouTube's own player in a frame (its origin, not the page's), told where to
 *  start and stop, to loop, autoplay and mute by its documented URL parameters. */
function youtube(el: VideoEl, wrap: HTMLElement): void {
  let url: URL;
  try {
    url = new URL(String(el.src));
  } catch {
    return void wrap.append(h("div", { class: "jr-unsupported", text: "Not a video address" }));
  }
  if (url.origin !== "https://www.youtube.com" || !url.pathname.startsWith("/embed/")) {
    return void wrap.append(h("div", { class: "jr-unsupported", text: "Not a YouTube player address" }));
  }
  const id = url.pathname.slice("/embed/".length);
  const secs = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0);
  const start = secs(el.start_time);
  const end = secs(el.end_time);
  if (start) url.searchParams.set("start", String(start));
  if (end > start) url.searchParams.set("end", String(end));
  if (el.loop) {
    url.searchParams.set("loop", "1");
    url.searchParams.set("playlist", id); // YouTube loops a playlist, here of this one video
  }
  if (el.autoplay) url.searchParams.set("autoplay", "1");
  if (el.muted) url.searchParams.set("mute", "1");
  const frame = h("iframe", {
    class: "jr-youtube",
    src: url.href,
    title: "YouTube video player",
    allow: "accelerometer; autoplay; clipboard-write; encrypted-media; gyroscope; picture-in-picture; web-share; fullscreen",
    allowfullscreen: "",
    referrerpolicy: "strict-origin-when-cross-origin",
    sandbox: "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-presentation",
  });
  wrap.append(frame);
}

/** The media fragment that starts (and stops) playback: `#t=start` or `#t=start,end`. */
function fragment(start: unknown, end: unknown): string {
  const s = typeof start === "number" && Number.isFinite(start) && start > 0 ? start : 0;
  if (typeof end === "number" && Number.isFinite(end) && end > s) return `#t=${s},${end}`;
  return s ? `#t=${s}` : "";
}

// -- widgets ------------------------------------------------------------------------------------

// Download buttons whose file the app makes on click (`data=` a function): the click asks the
// kernel (`download_request`); the answer (`download_ready`, after the `media` message with its
// URL) starts the browser's download, or says why there is none.
interface DownloadChannel {
  send(msg: DownloadRequestMsg): boolean;
  fail(message: string): void;
}
let downloads: DownloadChannel = { send: () => false, fail: () => undefined };
let downloadSeq = 0;
const waitingDownloads = new Map<string, (m: DownloadReadyMsg) => void>();

export function setDownloadChannel(channel: DownloadChannel): void {
  downloads = channel;
}

/** The kernel's answer to a download_request. */
export function downloadReady(m: DownloadReadyMsg): void {
  const key = `${m.id}#${m.seq}`;
  const done = waitingDownloads.get(key);
  waitingDownloads.delete(key);
  done?.(m);
}

function saveAs(url: string, name: string): void {
  const link = h("a", { href: url + (url.startsWith("data:") ? "" : "?download=1"), download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
}

export function downloadButton(el: DownloadButtonEl, host: WidgetHost, view: MakeView): WidgetView {
  const a = h("a", { class: "jr-btn jr-download", role: "button" }) as HTMLAnchorElement;
  const root = h("div", { class: "jr-widget jr-w-download_button" }, a);
  const v = view(
    el as never,
    root,
    () => true,
    ((e: DownloadButtonEl) => {
      buttonFace(a, e);
      ignore = e.ignore_rerun === true;
      deferred = e.deferred === true;
      fileName = e.file_name || "download";
      const url = deferred ? "" : mediaUrl(e.src);
      a.href = url ? url + (url.startsWith("data:") ? "" : "?download=1") : "#";
      if (deferred) a.removeAttribute("download");
      else a.download = e.file_name || "download";
      root.classList.toggle("jr-full", e.use_container_width === true);
      a.classList.toggle("jr-disabled", !!e.disabled);
      attr(a, "aria-disabled", e.disabled ? "true" : null);
      attr(a, "title", e.help || null);
    }) as never,
    () => undefined,
  );
  let ignore = false;
  let deferred = el.deferred === true;
  let fileName = el.file_name || "download";
  a.addEventListener("click", (ev) => {
    if (a.classList.contains("jr-disabled")) return ev.preventDefault();
    if (deferred) {
      ev.preventDefault();
      if (a.getAttribute("aria-busy") === "true") return; // one file at a time per button
      const seq = ++downloadSeq;
      if (!downloads.send({ type: "download_request", id: v.id, seq })) return downloads.fail("Not connected: try again in a moment.");
      a.setAttribute("aria-busy", "true");
      waitingDownloads.set(`${v.id}#${seq}`, (m) => {
        a.removeAttribute("aria-busy");
        const url = m.src ? mediaUrl(m.src) : "";
        if (m.error || !url) return downloads.fail(m.error || "The download could not be made.");
        saveAs(url, m.file_name || fileName);
      });
    }
    if (!ignore) host.press(v);
  });
  return v;
}

/** The most one file may weigh: the server's limit, or an uploader's own (`max_upload_size`)
 *  where that is less. */
export function uploadLimit(own?: unknown): number {
  const server = target && Number.isFinite(target.maxSize) ? target.maxSize : Infinity;
  return typeof own === "number" && own > 0 ? Math.min(server, own) : server;
}

export async function upload(widgetId: string, file: Blob, name: string, own?: number): Promise<SignedFileRef> {
  if (!target) throw new Error("not connected");
  const limit = uploadLimit(own);
  if (file.size > limit) throw new Error(`${name} is larger than ${Math.round(limit / 1048576)} MB`);
  const res = await fetch(`${target.url}/${encodeURIComponent(widgetId)}`, {
    method: "POST",
    body: file,
    credentials: "same-origin",
    headers: {
      "Content-Type": file.type || "application/octet-stream",
      "X-File-Name": encodeURIComponent(name),
      "X-XSRFToken": target.xsrf,
      "X-Reactive-Upload-Token": target.token,
    },
  });
  let body: { message?: string } & Partial<SignedFileRef> = {};
  try {
    body = await res.json();
  } catch {
    /* not JSON */
  }
  if (!res.ok) throw new Error(body.message || `upload failed (${res.status})`);
  return body as SignedFileRef;
}

const UPLOAD_ICON =
  '<svg class="jr-up-icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M5 20h14v-2H5v2zm0-10h4v6h6v-6h4l-7-7-7 7z"/></svg>';

/** Whether a file's extension is one of the allowed (".csv"), as the kernel judges it. */
function typeAllowed(name: string, accept: string[] | null | undefined): boolean {
  const dot = name.lastIndexOf(".");
  return !accept || accept.includes(dot > 0 ? name.slice(dot).toLowerCase() : "");
}

export function fileList(value: unknown): SignedFileRef[] {
  return Array.isArray(value) ? (value as SignedFileRef[]).filter((f) => f && typeof f === "object") : [];
}

function sizeText(n: number): string {
  return n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(1)} MB`;
}

export function fileUploader(el: FileWidgetEl, host: WidgetHost, view: MakeView): WidgetView {
  const id = `jr-f-${el.id}`;
  const label = h("label", { class: "jr-label", for: id });
  const input = h("input", { type: "file", id, class: "jr-file-input" }) as HTMLInputElement;
  // Streamlit 1.67's dropzone: an "Upload" button with its arrow, then the size limit and types
  // (a button that opens the input, not a second <label>: the input keeps the widget's label as
  // its only name; keyboard focus is on the input, whose ring the button shows)
  const pick = h("button", { type: "button", class: "jr-btn jr-file-pick", tabindex: "-1", "aria-hidden": "true" });
  pick.innerHTML = UPLOAD_ICON;
  const pickText = document.createTextNode("Upload");
  pick.append(pickText);
  pick.addEventListener("click", () => input.click());
  const hint = h("span", { class: "jr-caption" });
  const status = h("div", { class: "jr-caption", role: "status" });
  const list = h("ul", { class: "jr-files" });
  const root = h("div", { class: "jr-widget jr-w-file_uploader" }, h("div", { class: "jr-label-row" }, label),
    h("div", { class: "jr-dropzone" }, input, pick, hint), status, list);
  let current: SignedFileRef[] = [];
  let widget = el;
  const show = (files: SignedFileRef[]): void => {
    current = files;
    list.replaceChildren(...files.map((f, i) => {
      const remove = h("button", { type: "button", class: "jr-lb", "aria-label": `Remove ${f.name}`, text: "×" });
      remove.addEventListener("click", () => {
        const rest = current.filter((_, j) => j !== i);
        show(rest);
        host.commit(v, rest as never);
      });
      return h("li", null, h("span", { text: f.name }), h("span", { class: "jr-caption", text: " " + sizeText(Number(f.size) || 0) }), remove);
    }));
  };
  const v = view(
    el as never,
    root,
    () => current,
    ((e: FileWidgetEl) => {
      widget = e;
      setText(label, String(e.label ?? ""));
      input.multiple = !!e.multiple;
      input.webkitdirectory = e.directory === true;
      pickText.data = e.directory === true ? "Upload directories" : "Upload"; // Streamlit's words
      input.disabled = pick.disabled = !!e.disabled;
      attr(input, "accept", e.accept && e.accept.length ? e.accept.join(",") : null);
      const most = uploadLimit(e.max_upload_size);
      const limit = Number.isFinite(most) ? `${Math.round(most / 1048576)}MB per file` : "";
      const types = (e.accept || []).map((x) => x.replace(/^\./, "").toUpperCase()).join(", ");
      setText(hint, [limit, types].filter(Boolean).join(" • "));
    }) as never,
    (val) => show(fileList(val)),
  );
  const take = async (picked: File[]): Promise<void> => {
    let chosen = picked;
    // a folder: its files of the allowed types, the others skipped (Streamlit's rule)
    if (widget.directory === true && widget.accept?.length) {
      const all = chosen.length;
      chosen = chosen.filter((f) => typeAllowed(f.name, widget.accept));
      if (all && !chosen.length) return setText(status, "No file of the allowed types in that folder");
    }
    if (!chosen.length) return;
    if (!widget.multiple && chosen.length > 1) return setText(status, "Only one file can be uploaded here");
    setText(status, `Uploading ${chosen.length > 1 ? chosen.length + " files" : chosen[0].name}…`);
    try {
      const refs = await Promise.all(chosen.map((f) => upload(widget.id, f, f.name, widget.max_upload_size)));
      setText(status, "");
      const files = widget.multiple ? [...current, ...refs] : refs.slice(0, 1);
      show(files);
      host.commit(v, files as never);
    } catch (err) {
      setText(status, String((err as Error).message || err));
    }
  };
  input.addEventListener("change", () => {
    const picked = Array.from(input.files || []);
    input.value = "";
    void take(picked);
  });
  // files (or, for a folder uploader, folders) dropped on the dropzone, as on Streamlit's
  const zone = root.querySelector(".jr-dropzone") as HTMLElement;
  const carriesFiles = (ev: DragEvent): boolean => !widget.disabled && !!ev.dataTransfer?.types.includes("Files");
  zone.addEventListener("dragover", (ev) => {
    if (!carriesFiles(ev)) return;
    ev.preventDefault();
    (ev.dataTransfer as DataTransfer).dropEffect = "copy";
    zone.classList.add("jr-drag");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("jr-drag"));
  zone.addEventListener("drop", (ev) => {
    zone.classList.remove("jr-drag");
    if (!carriesFiles(ev)) return;
    ev.preventDefault();
    const dt = ev.dataTransfer as DataTransfer;
    // the entries must be taken now: the drop's data is gone once the event is over
    const entries = widget.directory === true ? Array.from(dt.items, (i) => i.webkitGetAsEntry?.() ?? null) : [];
    const files = Array.from(dt.files);
    if (entries.length && entries.every((e) => e)) {
      filesOf(entries as FileSystemEntry[]).then(take, (err: unknown) => setText(status, `Could not read the folder: ${String(err)}`));
    } else void take(files);
  });
  return v;
}

export function cameraInput(el: FileWidgetEl, host: WidgetHost, view: MakeView): WidgetView {
  const label = h("div", { class: "jr-label" });
  const video = h("video", { class: "jr-camera", autoplay: true, muted: true, playsinline: true }) as HTMLVideoElement;
  const photo = h("img", { class: "jr-camera", alt: "Photo taken" }) as HTMLImageElement;
  // Streamlit's wording and shape: a 16:9 box with a full-width button under it
  const take = h("button", { type: "button", class: "jr-btn jr-cam-btn", text: "Take Photo" });
  const clear = h("button", { type: "button", class: "jr-btn jr-cam-btn", text: "Clear photo" });
  const status = h("div", { class: "jr-caption", role: "status" });
  const root = h("div", { class: "jr-widget jr-w-camera_input" }, h("div", { class: "jr-label-row" }, label),
    video, photo, take, clear, status);
  let stream: MediaStream | null = null;
  let current: SignedFileRef[] = [];
  let widget = el;
  let starting = false;
  const start = async (): Promise<void> => {
    // a disabled camera_input does not ask for the camera (Streamlit's stays quiet too)
    if (stream || starting || widget.disabled || !navigator.mediaDevices) return;
    starting = true;
    try {
      const height = Number(widget.camera_height);
      // a resolution asked for: the nearest the camera has (Streamlit's "a request, not a guarantee")
      const asked = height > 0 ? { height: { ideal: height } } : true;
      stream = await navigator.mediaDevices.getUserMedia({ video: asked, audio: false });
      video.srcObject = stream;
    } catch (err) {
      setText(status, "Camera unavailable: " + String((err as Error).message || err));
    } finally {
      starting = false;
    }
  };
  const showing = (has: boolean): void => {
    photo.hidden = !has;
    video.hidden = has;
    clear.hidden = !has;
    take.hidden = has;
    if (!has) void start();
  };
  const v = view(
    el as never,
    root,
    () => current,
    ((e: FileWidgetEl) => {
      widget = e;
      setText(label, String(e.label ?? ""));
      take.disabled = clear.disabled = !!e.disabled;
      root.classList.toggle("jr-disabled", !!e.disabled);
      attr(take, "aria-label", `Take photo: ${e.label ?? ""}`);
      if (!e.disabled && !current.length) void start();
    }) as never,
    (val) => {
      current = fileList(val);
      showing(current.length > 0);
    },
  );
  take.addEventListener("click", () => {
    const canvas = document.createElement("canvas");
    canvas.width = video.videoWidth || 640;
    canvas.height = video.videoHeight || 480;
    canvas.getContext("2d")?.drawImage(video, 0, 0, canvas.width, canvas.height);
    photo.src = canvas.toDataURL("image/jpeg", 0.9);
    canvas.toBlob(async (blob) => {
      if (!blob) return setText(status, "Could not capture a photo");
      setText(status, "Uploading photo…");
      try {
        current = [await upload(widget.id, blob, "photo.jpg")];
        setText(status, "");
        showing(true);
        host.commit(v, current as never);
      } catch (err) {
        setText(status, String((err as Error).message || err));
      }
    }, "image/jpeg", 0.9);
  });
  clear.addEventListener("click", () => {
    current = [];
    showing(false);
    host.commit(v, [] as never);
  });
  return v;
}

/** A file shown by the browser's own viewer (a PDF): a frame of its media URL, which the media
 *  store serves inline (HTML and SVG never come this way). A URL of this page's own origin is
 *  sandboxed, so whatever it holds cannot reach the page. */
/** A keyed document (`jr.pdf(key=)`) drawn again with the same key: its frame stays (as
 *  Streamlit 1.67's keyed viewer stays mounted), taking the new file and height. False when
 *  there is no such frame to keep. */
export function updateDocument(wrap: HTMLElement, el: DocumentEl, prev: DocumentEl): boolean {
  const f = wrap.querySelector(":scope > iframe.jr-document");
  if (!(f instanceof HTMLIFrameElement) || typeof el.key !== "string" || el.key !== prev.key) return false;
  if (typeof el.src !== typeof prev.src) return false; // a URL's frame is sandboxed, a file's is not
  const src = mediaUrl(el.src);
  if (f.getAttribute("src") !== src) f.setAttribute("src", src);
  f.title = el.alt || (el.mimetype === "application/pdf" ? "PDF document" : "Document");
  wrap.classList.toggle("jr-doc-stretch", el.height === "stretch");
  f.style.height = el.height === "stretch" ? "" : `${Math.max(1, Math.min(20000, Number(el.height) || 500))}px`;
  return true;
}

export function documentFrame(el: DocumentEl, wrap: HTMLElement): void {
  const src = mediaUrl(el.src);
  const f = h("iframe", { class: "jr-document", src, title: el.alt || (el.mimetype === "application/pdf" ? "PDF document" : "Document") });
  if (typeof el.src === "string") {
    try {
      if (new URL(src, location.href).origin === location.origin) f.setAttribute("sandbox", "");
    } catch {
      f.setAttribute("sandbox", "");
    }
  }
  if (el.height === "stretch") wrap.classList.add("jr-doc-stretch");
  else f.style.height = `${Math.max(1, Math.min(20000, Number(el.height) || 500))}px`;
  wrap.append(f);
}

/** `jr.logo`: the app's logo, pinned to the page's top-left corner (its place in the tree takes no
 *  room). As Streamlit: `image` while the sidebar is open, drawn over the sidebar's corner, and
 *  `icon_image` (if given) while it is closed or there is none. */
export function logo(el: LogoEl, wrap: HTMLElement): void {
  const face = (pic: LogoEl["image"]): HTMLElement => {
    if (pic.type === "image") return h("img", { src: mediaUrl(pic.src), alt: "Logo" });
    if (pic.type === "material") return h("span", { class: "jr-icon", role: "img", "aria-label": "Logo", text: String(pic.src) });
    return h("span", { role: "img", "aria-label": "Logo", text: String(pic.src) });
  };
  const faces = [face(el.image)];
  if (el.icon_image) {
    faces[0].classList.add("jr-logo-full");
    faces.push(face(el.icon_image));
    faces[1].classList.add("jr-logo-icon");
  }
  const size = ["small", "medium", "large"].includes(el.size) ? el.size : "medium";
  const link = typeof el.link === "string" && /^https?:\/\//.test(el.link) ? el.link : null;
  const box = link
    ? h("a", { class: `jr-logo jr-logo-${size}`, href: link, target: "_blank", rel: "noopener noreferrer" }, ...faces)
    : h("div", { class: `jr-logo jr-logo-${size}` }, ...faces);
  wrap.classList.add("jr-logo-slot");
  wrap.append(box);
  // the closed sidebar's control sits right of the logo, as Streamlit's does: it needs the width
  new ResizeObserver(() => {
    if (box.isConnected) document.documentElement.style.setProperty("--jr-logo-w", `${box.offsetWidth}px`);
  }).observe(box);
}
