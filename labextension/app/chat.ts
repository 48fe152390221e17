// Chat apps: the chat message container with its avatar, and the chat input widget (pinned to
// the bottom of the page or inline), whose renderer is the lazy chunk app/chunks/chat.ts: here
// only the place it is drawn in, so pages without a chat input do not carry it.

import { h, setText } from "./dom";
import { loadChunk } from "./lazy";
import { mediaUrl, upload } from "./media";
import type { ChatInputEl, ChatMessageBlock } from "./protocol";
import { enhance } from "./rich";
import type { ChatApi, StartRecording } from "./chunks/chat";
import type { RecorderApi } from "./chunks/recorder";
import type { MakeView, WidgetHost, WidgetView } from "./widgets";

const svg = (body: string): HTMLElement => {
  const s = h("span", { class: "jr-chat-svg", "aria-hidden": "true" });
  s.innerHTML = `<svg viewBox="0 0 24 24" fill="currentColor">${body}</svg>`;
  return s;
};
const PERSON = '<circle cx="12" cy="8" r="4.2"/><path d="M3.5 21c0-4.6 3.8-7 8.5-7s8.5 2.4 8.5 7z"/>';
const ROBOT =
  '<path d="M11 1.5h2V6h-2zM1 11h2v5H1zm20 0h2v5h-2z"/><rect x="3.5" y="6" width="17" height="15" rx="4"/>' +
  '<g fill="#e0682b"><circle cx="9" cy="12.5" r="2"/><circle cx="15" cy="12.5" r="2"/><path d="M8.5 16.5h7v1.6h-7z"/></g>';

// -- chat_message ---------------------------------------------------------------------------------

/** Build a chat message's structure in `wrap`; returns the box its children go in. */
export function chatMessageBox(wrap: HTMLElement, el: ChatMessageBlock): HTMLElement {
  const body = h("div", { class: "jr-vbox jr-chat-body" });
  wrap.append(h("div", { class: "jr-avatar" }), body);
  wrap.setAttribute("role", "article");
  updateChatMessage(wrap, el);
  return body;
}

/** Apply a chat message's name, avatar and width (also when a rerun changes them). */
export function updateChatMessage(wrap: HTMLElement, el: ChatMessageBlock): void {
  const name = String(el.name ?? "");
  wrap.setAttribute("aria-label", `Chat message from ${name}`);
  const t = el.avatar_type;
  wrap.classList.toggle("jr-chat-user", t === "user");
  const w = el.width;
  wrap.style.width = typeof w === "number" && w > 0 ? w + "px" : w === "content" ? "fit-content" : "";
  const key = JSON.stringify([t, el.avatar]);
  const old = wrap.firstElementChild as HTMLElement;
  if (old.dataset.key === key) return;
  const av = h("div", { class: "jr-avatar jr-av-" + String(t), "data-key": key, "aria-hidden": "true" });
  const text = typeof el.avatar === "string" ? el.avatar : "";
  if (t === "user") av.append(svg(PERSON));
  else if (t === "assistant") av.append(svg(ROBOT));
  else if (t === "image") {
    // an image that cannot load (offline URL): the name's initial instead
    const img = h("img", { src: mediaUrl(el.avatar), alt: "" });
    img.onerror = () => ((av.className = "jr-avatar jr-av-initial"), setText(av, name.trim().charAt(0).toUpperCase()));
    av.append(img);
  }
  else if (t === "material") av.append(h("span", { class: "jr-icon", text }));
  else setText(av, text);
  old.replaceWith(av);
  if (t === "material") enhance(av);
}

// -- chat_input -----------------------------------------------------------------------------------

/** A recording for the chat input's microphone: the recorder chunk (audio_input's), loaded on the
 *  first press, through app.js's loader (the chat chunk has none of its own). */
const record: StartRecording = (rate, tick) => loadChunk<RecorderApi>("recorder").then((api) => api.start(rate, tick));

/** The chat input's place and view; the chunk fills it in and takes the updates once loaded. */
export function chatInput(el: ChatInputEl, host: WidgetHost, view: MakeView): WidgetView {
  const root = h("div", { class: "jr-widget jr-w-chat_input" });
  let last = el;
  let real: WidgetView | null = null;
  const v: WidgetView = {
    kind: el.widget,
    id: el.id,
    formId: null,
    root,
    known: "\0",
    read: () => null,
    update(e) {
      last = e as ChatInputEl;
      root.classList.toggle("jr-chat-pinned", (v.movable = last.position === "bottom"));
      real?.update(e);
    },
  };
  loadChunk<ChatApi>("chat").then(
    (api) => {
      real = api.chatInput(last, host, view, root, upload, record);
      real.update(last);
    },
    () => root.replaceChildren(h("div", { class: "jr-unsupported", text: "could not load the chat input" })),
  );
  return v;
}
