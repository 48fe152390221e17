// The chat input's renderer, a lazy chunk (app/chat.ts loads it the first time a page shows a
// chat input, so other pages do not carry it). A message is sent as the widget's value
// `[text, file refs...]` through `host.trigger` (never deduplicated: the same text twice is two
// messages). Attachments are uploaded as soon as they are picked, exactly as file_uploader's
// (with app.js's own `upload`, which knows the session's upload target), and go with the next
// message.

import { attr, h, setText } from "../dom";
import { defineChunk } from "../lazy";
import type { ChatInputEl, SignedFileRef } from "../protocol";
import type { MakeView, WidgetHost, WidgetView } from "../widgets";

type Upload = (widgetId: string, file: Blob, name: string, own?: number) => Promise<SignedFileRef>;
/** Start recording the microphone as a WAV at `rate` Hz (null: the browser's); resolves to the
 *  stop that gives the WAV. */
export type StartRecording = (rate: number | null, tick: (seconds: number) => void) => Promise<() => Promise<Blob>>;

const svg = (body: string): HTMLElement => {
  const s = h("span", { class: "jr-chat-svg", "aria-hidden": "true" });
  s.innerHTML = `<svg viewBox="0 0 24 24" fill="currentColor">${body}</svg>`;
  return s;
};
// an arrow pointing up, as Streamlit's send button shows
const SEND = '<path d="M12 4 5 11l1.4 1.4L11 7.8V20h2V7.8l4.6 4.6L19 11z"/>';
const ATTACH = '<path d="M11 4h2v16h-2zM4 11h16v2H4z"/>';
const MIC =
  '<path d="M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.9V21h2v-3.1a7 7 0 0 0 6-6.9z"/>';
const CANCEL = '<path d="M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z"/>';
const APPROVE = '<path d="M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z"/>';

/** Build the chat input inside `root`; returns its view (app/chat.ts forwards updates to it). */
function chatInput(el: ChatInputEl, host: WidgetHost, view: MakeView, root: HTMLElement, upload: Upload, record: StartRecording): WidgetView {
  const text = h("textarea", { class: "jr-chat-text", rows: "1" }) as HTMLTextAreaElement;
  const file = h("input", { type: "file", hidden: true }) as HTMLInputElement;
  const attach = h("button", { type: "button", class: "jr-chat-btn", "aria-label": "Attach files" }, svg(ATTACH));
  const send = h("button", { type: "button", class: "jr-chat-btn jr-chat-send", "aria-label": "Send message" }, svg(SEND));
  const mic = h("button", { type: "button", class: "jr-chat-btn jr-chat-mic", "aria-label": "Start recording" }, svg(MIC));
  // while recording (accept_audio): the time in place of the text, cancel and submit in place of the buttons
  const clock = h("span", { class: "jr-chat-clock", role: "timer", "aria-live": "off" });
  const cancel = h("button", { type: "button", class: "jr-chat-btn", "aria-label": "Cancel recording" }, svg(CANCEL));
  const approve = h("button", { type: "button", class: "jr-chat-btn", "aria-label": "Submit recording" }, svg(APPROVE));
  const chips = h("ul", { class: "jr-chat-files" });
  const box = h("div", { class: "jr-chat-box" }, attach, file, text, clock, mic, cancel, send, approve);
  const count = h("div", { class: "jr-count", "aria-hidden": "true" });
  const status = h("div", { class: "jr-caption", role: "status" });
  root.replaceChildren(chips, box, count, status);
  let cur = el;
  let files: SignedFileRef[] = [];
  let uploading = 0;
  let waiting = false; // submit_mode "disable": from a submission until the run it starts ends
  let filled: number | undefined; // the run whose session_state text was put in the box last
  let stopRecording: (() => Promise<Blob>) | null = null; // recording now
  let sending = false; // a recording on its way

  const off = (): boolean => !!cur.disabled || waiting;
  const can = (): boolean => !off() && !uploading && (text.value.trim() !== "" || files.length > 0);
  const refresh = (): void => {
    const rec = !!stopRecording;
    box.classList.toggle("jr-chat-recording", rec);
    text.hidden = attach.hidden = mic.hidden = send.hidden = rec;
    if (!rec) attach.hidden = !cur.accept_file;
    if (!rec) mic.hidden = cur.accept_audio !== true;
    clock.hidden = cancel.hidden = approve.hidden = !rec;
    mic.disabled = off() || sending;
    approve.disabled = sending;
    send.disabled = !can();
    const max = Number(cur.max_chars) || 0;
    setText(count, max && text.value ? `${text.value.length}/${max}` : "");
    if (!box.classList.contains("jr-chat-tall")) {
      text.style.height = "auto";
      text.style.height = Math.min(text.scrollHeight, 200) + "px";
    } else {
      // a height given: the text fills the box, and still grows it when it needs more
      text.style.minHeight = "";
      text.style.height = "0px";
      const need = text.scrollHeight;
      text.style.height = "";
      text.style.minHeight = Math.min(need, 200) + "px";
    }
  };
  const showFiles = (): void => {
    chips.replaceChildren(
      ...files.map((f, i) => {
        const x = h("button", { type: "button", class: "jr-lb", "aria-label": `Remove ${f.name}`, text: "×" });
        x.addEventListener("click", () => {
          files = files.filter((_, j) => j !== i);
          showFiles();
        });
        return h("li", null, h("span", { text: f.name }), x);
      }),
    );
    refresh();
  };
  const v = view(
    el as never,
    root,
    () => null,
    ((e: ChatInputEl) => {
      cur = e;
      root.classList.toggle("jr-chat-pinned", e.position === "bottom");
      root.style.maxWidth = typeof e.width === "number" && e.width > 0 ? e.width + "px" : "";
      const ht = e.height;
      box.style.minHeight = typeof ht === "number" && Number.isFinite(ht) && ht > 0 ? `${Math.round(ht)}px` : "";
      root.classList.toggle("jr-chat-stretch", ht === "stretch");
      box.classList.toggle("jr-chat-tall", !!box.style.minHeight || ht === "stretch");
      attr(text, "placeholder", e.placeholder || null);
      attr(text, "aria-label", e.placeholder || "Chat input");
      attr(text, "maxlength", Number(e.max_chars) > 0 ? e.max_chars : null);
      text.disabled = off();
      attach.disabled = off();
      file.multiple = e.accept_file === "multiple" || e.accept_file === "directory";
      (file as HTMLInputElement & { webkitdirectory: boolean }).webkitdirectory = e.accept_file === "directory";
      attr(file, "accept", e.file_type && e.file_type.length ? e.file_type.join(",") : null);
      root.classList.toggle("jr-disabled", !!e.disabled);
      // text the script set through session_state: into the box once, unsent, as Streamlit's
      if (typeof e.text === "string" && e.text_run !== filled) {
        filled = e.text_run;
        text.value = e.max_chars ? e.text.slice(0, Number(e.max_chars)) : e.text;
      }
      refresh();
    }) as never,
    () => undefined,
  );

  const submit = (): void => {
    if (!can()) return;
    host.trigger(v, [text.value, ...files] as never);
    if (cur.submit_mode === "disable") waitForRun();
    text.value = "";
    files = [];
    showFiles();
  };
  // The page marks the app `jr-running` from run_started to a run_finished that is not a rerun:
  // the input comes back once the app has been running and no longer is.
  const waitForRun = (): void => {
    const app = root.closest(".jr-app");
    if (!app) return;
    waiting = true;
    text.disabled = attach.disabled = true;
    refresh();
    let seen = false;
    const watch = new MutationObserver((records) => {
      for (const r of records) seen ||= (r.oldValue || "").includes("jr-running");
      seen ||= app.classList.contains("jr-running");
      if (!seen || app.classList.contains("jr-running")) return;
      watch.disconnect();
      waiting = false;
      text.disabled = attach.disabled = !!cur.disabled;
      refresh();
    });
    watch.observe(app, { attributes: true, attributeFilter: ["class"], attributeOldValue: true });
  };
  const add = async (chosen: File[]): Promise<void> => {
    if (!chosen.length || !cur.accept_file || cur.disabled) return;
    const limit = Number(cur.max_upload_size) || Infinity; // the server's is upload()'s to apply
    const big = chosen.find((f) => f.size > limit);
    if (big) return setText(status, `${big.name} is larger than ${Math.round(limit / 1048576)} MB`);
    uploading++;
    setText(status, `Uploading ${chosen.length > 1 ? chosen.length + " files" : chosen[0].name}…`);
    refresh();
    try {
      const refs = await Promise.all(chosen.map((f) => upload(cur.id, f, f.name, cur.max_upload_size)));
      files = cur.accept_file === true ? refs.slice(-1) : [...files, ...refs];
      setText(status, "");
    } catch (err) {
      setText(status, String((err as Error).message || err));
    } finally {
      uploading--;
      showFiles();
    }
  };

  // accept_audio: record, then cancel or submit; a submitted recording goes at once, with the
  // text and files there are (Streamlit's way), its reference marked `audio: true` after them
  mic.addEventListener("click", async () => {
    if (stopRecording || off() || cur.accept_audio !== true) return;
    setText(status, "");
    try {
      const rate = typeof cur.audio_sample_rate === "number" ? cur.audio_sample_rate : null;
      stopRecording = await record(rate, (s) => setText(clock, `${Math.floor(s / 60)}:${String(Math.floor(s) % 60).padStart(2, "0")}`));
    } catch (err) {
      const denied = (err as Error)?.name === "NotAllowedError";
      setText(status, denied ? "Microphone access denied" : `Recording failed: ${(err as Error)?.message || err}`);
    }
    refresh();
  });
  const endRecording = async (keep: boolean): Promise<void> => {
    const stop = stopRecording;
    if (!stop) return;
    stopRecording = null;
    sending = keep;
    refresh();
    try {
      const wav = await stop();
      if (!keep) return;
      const name = `audio-${new Date().toISOString().replace(/[:.]/g, "-")}.wav`;
      const ref = await upload(cur.id, wav, name);
      host.trigger(v, [text.value, ...files, { ...ref, audio: true }] as never);
      if (cur.submit_mode === "disable") waitForRun();
      text.value = "";
      files = [];
      showFiles();
    } catch (err) {
      setText(status, `Recording failed: ${(err as Error)?.message || err}`);
    } finally {
      sending = false;
      refresh();
      text.focus();
    }
  };
  cancel.addEventListener("click", () => void endRecording(false));
  approve.addEventListener("click", () => void endRecording(true));
  text.addEventListener("input", refresh);
  text.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    }
  });
  send.addEventListener("click", submit);
  attach.addEventListener("click", () => file.click());
  file.addEventListener("change", () => {
    const chosen = Array.from(file.files || []);
    file.value = "";
    void add(chosen);
  });
  box.addEventListener("dragover", (e) => {
    if (cur.accept_file) e.preventDefault();
  });
  box.addEventListener("drop", (e) => {
    if (!cur.accept_file) return;
    e.preventDefault();
    void add(Array.from(e.dataTransfer?.files || []));
  });
  return v;
}

export interface ChatApi {
  chatInput: typeof chatInput;
}

defineChunk("chat", { chatInput } satisfies ChatApi);
