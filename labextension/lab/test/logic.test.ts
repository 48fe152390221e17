// The command logic of "Run as app" (src/logic.ts): run with `npm test` in labextension/lab.
import { describe, expect, it } from "vitest";

import { appEvent, appUrl, baseName, isAppPath, openMode, rerunsOnSave, themeMessage } from "../src/logic";

describe("isAppPath", () => {
  it("takes Python files and notebooks only", () => {
    expect(isAppPath("hello.py")).toBe(true);
    expect(isAppPath("sub/dir/Notebook.IPYNB")).toBe(true);
    for (const bad of ["", "hello.pyc", "notes.md", "py", "dir.py/", "hello.py.txt", "archive.ipynb.bak", "../up.py", "a/../../b.py"]) {
      expect(isAppPath(bad)).toBe(false);
    }
  });
});

describe("appUrl", () => {
  it("joins the base URL and escapes each segment", () => {
    expect(appUrl("/", "hello.py")).toBe("/reactive/app/hello.py");
    expect(appUrl("/user/test/", "a b/c#d?.py")).toBe("/user/test/reactive/app/a%20b/c%23d%3F.py");
    expect(appUrl("http://h:8888/user/x", "dir/app.ipynb")).toBe("http://h:8888/user/x/reactive/app/dir/app.ipynb");
  });

  it("drops a drive prefix and empty or dot segments", () => {
    expect(appUrl("/", "RTC:dir/app.py")).toBe("/reactive/app/dir/app.py");
    expect(appUrl("/", "./dir//app.py")).toBe("/reactive/app/dir/app.py");
  });
});

describe("openMode", () => {
  it("follows the setting in JupyterLab", () => {
    expect(openMode("split-right", true)).toBe("split-right");
    expect(openMode("tab", true)).toBe("tab");
    expect(openMode("browser-tab", true)).toBe("browser-tab");
  });

  it("falls back to split-right on a bad setting", () => {
    for (const bad of [undefined, null, 3, "left", { mode: "tab" }]) expect(openMode(bad, true)).toBe("split-right");
  });

  it("opens a browser tab where the shell cannot split (Notebook 7)", () => {
    expect(openMode("split-right", false)).toBe("browser-tab");
    expect(openMode("tab", false)).toBe("browser-tab");
  });
});

describe("appEvent", () => {
  const frame = {};
  const origin = "http://lab:8888";
  const ok = { source: "jupyter-reactive-app", event: "ready", title: "Hello" };

  it("believes the panel's frame, from the lab's origin, with the page's shape", () => {
    expect(appEvent(ok, frame, origin, frame, origin)).toEqual({ event: "ready", title: "Hello" });
    expect(appEvent({ ...ok, event: "run_finished", title: 7 }, frame, origin, frame, origin)).toEqual({
      event: "run_finished",
      title: "",
    });
  });

  it("refuses other windows, other origins and garbage", () => {
    expect(appEvent(ok, {}, origin, frame, origin)).toBeNull();
    expect(appEvent(ok, frame, "http://evil:8888", frame, origin)).toBeNull();
    for (const bad of [null, undefined, "ready", 42, [], { ...ok, source: "other" }, { ...ok, event: "rerun" }, {}]) {
      expect(appEvent(bad, frame, origin, frame, origin)).toBeNull();
    }
  });

  it("caps a long title", () => {
    expect(appEvent({ ...ok, title: "x".repeat(10_000) }, frame, origin, frame, origin)?.title.length).toBe(200);
  });
});

describe("rerunsOnSave", () => {
  it("reruns for the app's own file and the Python modules beside it", () => {
    expect(rerunsOnSave("dir/app.py", "dir/app.py")).toBe(true);
    expect(rerunsOnSave("dir/app.ipynb", "dir/app.ipynb")).toBe(true);
    expect(rerunsOnSave("dir/app.py", "dir/helpers.py")).toBe(true);
    expect(rerunsOnSave("app.ipynb", "helpers.py")).toBe(true);
  });

  it("not for other folders or other kinds of file", () => {
    expect(rerunsOnSave("dir/app.py", "other/app.py")).toBe(false);
    expect(rerunsOnSave("dir/app.py", "dir/sub/helpers.py")).toBe(false);
    expect(rerunsOnSave("dir/app.py", "helpers.py")).toBe(false);
    expect(rerunsOnSave("dir/app.py", "dir/notes.md")).toBe(false);
    expect(rerunsOnSave("dir/app.py", "dir/other.ipynb")).toBe(false);
  });
});

describe("small helpers", () => {
  it("names the panel after the file", () => {
    expect(baseName("a/b/app.py")).toBe("app.py");
    expect(baseName("app.ipynb")).toBe("app.ipynb");
  });

  it("says light or dark", () => {
    expect(themeMessage(true)).toEqual({ source: "jupyter-reactive-lab", action: "theme", theme: "light" });
    expect(themeMessage(false)).toMatchObject({ theme: "dark" });
  });
});
