// Apache Arrow's reader for `components.v2` frames (not the page): a frame whose component gets
// a table loads this script itself and turns the Arrow IPC bytes into an Arrow `Table`, as
// Streamlit gives its components. Never loaded by the page.

import { tableFromIPC } from "apache-arrow";
import { defineChunk } from "../lazy";

defineChunk("arrow", { tableFromIPC });
