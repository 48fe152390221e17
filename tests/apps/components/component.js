// The test component's logic: ready, render, values, frame height (Streamlit's protocol).
(function () {
  let count = 0;
  const send = (type, data) => window.parent.postMessage(Object.assign({ isStreamlitMessage: true, type: type }, data), "*");
  const height = () => send("streamlit:setFrameHeight", { height: document.body.scrollHeight + 8 });
  // the frame must not reach the app page (no allow-same-origin)
  let access;
  try {
    access = "parent title: " + window.parent.document.title;
  } catch (e) {
    access = "parent blocked";
  }
  document.getElementById("parent-access").textContent = access;
  window.addEventListener("message", function (event) {
    const msg = event.data;
    if (!msg || msg.type !== "streamlit:render") return;
    const args = msg.args;
    if (typeof args.start === "number" && count === 0) count = args.start;
    const df = (msg.dfs || []).find(function (d) { return d.key === "table"; });
    const arrow = df ? df.value.data.data : null;
    // an Arrow IPC stream starts with the continuation marker 0xFFFFFFFF
    const isArrow = !!arrow && arrow instanceof Uint8Array && arrow[0] === 255 && arrow[1] === 255;
    document.getElementById("greeting").textContent = "Hello, " + args.name + "!";
    document.getElementById("info").textContent =
      "blob=" + (args.blob instanceof Uint8Array ? Array.from(args.blob).join(",") : "none") +
      " table=" + (isArrow ? "arrow" : "none") + " theme=" + (msg.theme ? msg.theme.base : "none") +
      " disabled=" + msg.disabled;
    height();
  });
  document.getElementById("inc").addEventListener("click", function () {
    count += 1;
    send("streamlit:setComponentValue", { value: { count: count }, dataType: "json" });
  });
  document.getElementById("bytes").addEventListener("click", function () {
    send("streamlit:setComponentValue", { value: new Uint8Array([104, 105, 0, 255]), dataType: "bytes" });
  });
  document.getElementById("tall").addEventListener("click", function () {
    send("streamlit:setFrameHeight", { height: 1e12 });
    // garbage that the page must ignore
    send("streamlit:setComponentValue", { dataType: "json" });
    send("streamlit:setComponentValue", { value: 1, dataType: "xml" });
    send("streamlit:setComponentValue", { value: "no", dataType: "bytes" });
    send("streamlit:setFrameHeight", { height: "tall" });
    window.parent.postMessage({ type: "streamlit:setComponentValue", value: 99 }, "*");
  });
  send("streamlit:componentReady", { apiVersion: 1 });
})();
