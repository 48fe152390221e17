// Custom components and frames (`components.v1`): `iframe` and `html` elements, `jr.html` that
// runs its scripts, and the widget of a declared component. All are drawn by the `component`
// chunk (app/chunks/component.ts), loaded the first time one appears; `components.v2` instances
// by the `component_v2` chunk.
// This module only hands elements over. Runs in the page.

import type { ComponentApi, ComponentInstance } from "./chunks/component";
import type { ComponentV2Api, ComponentV2Instance } from "./chunks/component_v2";
import { h } from "./dom";
import { loadChunk } from "./lazy";
import { mediaUrl } from "./media";
import type { ComponentEl, IframeEl } from "./protocol";
import type { ComponentV2El, ComponentV2State } from "./schema";
import type { MakeView, WidgetHost, WidgetView } from "./widgets";

let componentBase = "";

/** The session's base URL for component files (from its `session` message). */
export function setComponentBase(url: string | undefined): void {
  componentBase = url || "";
}

const chunk = (): Promise<ComponentApi> => loadChunk<ComponentApi>("component");

const failed = (root: HTMLElement, what: string) => (err: Error) => {
  root.replaceChildren(h("div", { class: "jr-unsupported", text: `Could not load the ${what}: ${err.message}` }));
};

export function iframeElement(el: IframeEl, wrap: HTMLElement): void {
  const box = h("div", { class: "jr-frame-box" });
  wrap.append(box);
  chunk().then((api) => api.frame(box, el, mediaUrl), failed(box, "frame"));
}

/** `jr.html(body, unsafe_allow_javascript=True)`: the HTML in a frame that runs its scripts. */
export function scriptedHtml(html: string, wrap: HTMLElement): void {
  const box = h("div", { class: "jr-frame-box" });
  wrap.append(box);
  chunk().then((api) => api.htmlFrame(box, html), failed(box, "HTML"));
}

/** A declared component: a frame whose protocol runs in the chunk. */
export function componentWidget(el: ComponentEl, host: WidgetHost, view: MakeView): WidgetView {
  const root = h("div", { class: "jr-widget jr-w-component" });
  let current: unknown = el.value ?? null;
  let instance: ComponentInstance | null = null;
  let latest = el;
  const v = view(
    el as never,
    root,
    () => current,
    ((e: ComponentEl) => {
      latest = e;
      instance?.update(e);
    }) as (el: never) => void,
    (val) => {
      current = val ?? null;
    },
  );
  chunk().then((api) => {
    instance = api.mount(root, latest, {
      base: componentBase,
      mediaUrl,
      setValue: (value) => {
        current = value;
        host.commit(v, value);
      },
    });
  }, failed(root, "component"));
  return v;
}

const chunkV2 = (): Promise<ComponentV2Api> => loadChunk<ComponentV2Api>("component_v2");

/** A `components.v2` instance: a frame whose loader and checks run in the chunk. Its value is
 *  its state (`{state}`); its triggers are sent under the element's `trigger_id`. */
export function componentV2Widget(el: ComponentV2El, host: WidgetHost, view: MakeView): WidgetView {
  const root = h("div", { class: "jr-widget jr-w-component-v2" });
  let current: ComponentV2State = el.value ?? { state: {} };
  let instance: ComponentV2Instance | null = null;
  let latest = el;
  const v = view(
    el as never,
    root,
    () => current,
    ((e: ComponentV2El) => {
      latest = e;
      instance?.update(e);
    }) as (el: never) => void,
    (val) => {
      const s = val as ComponentV2State | null;
      current = s && typeof s === "object" && s.state ? s : { state: {} };
      instance?.setState(current.state);
    },
  );
  chunkV2().then((api) => {
    instance = api.mount(root, latest, {
      mediaUrl,
      setState: (state) => {
        current = state;
        host.commit(v, state);
      },
      trigger: (value) => host.trigger({ ...v, id: latest.trigger_id } as WidgetView, value),
    });
  }, failed(root, "component"));
  return v;
}
