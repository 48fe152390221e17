// A data editor's editing state in the page, and what a cell accepts (part of the "grid" chunk).
//
// Runs in the browser page. The state has Streamlit's shape — edited cells by original row
// position and column name, added rows, deleted row positions — and is sent to the kernel as one
// JSON string, which checks it again (kernel/elements/editor.py). Checking here too lets the
// viewer fix a bad value in place instead of reading a refusal.

import type { GridEditColumn } from "../../schema";

export type Cell = string | number | boolean | null | string[];
export type Row = Record<string, Cell>;

export interface EditState {
  edited_rows: Record<string, Row>;
  added_rows: Row[];
  deleted_rows: number[];
}

export function parseState(json: string): EditState {
  try {
    const s = JSON.parse(json) as Partial<EditState>;
    return {
      edited_rows: s.edited_rows && typeof s.edited_rows === "object" ? s.edited_rows : {},
      added_rows: Array.isArray(s.added_rows) ? s.added_rows : [],
      deleted_rows: Array.isArray(s.deleted_rows) ? s.deleted_rows.slice().sort((a, b) => a - b) : [],
    };
  } catch {
    return { edited_rows: {}, added_rows: [], deleted_rows: [] };
  }
}

/** An added row the kernel would refuse for a missing required value is kept here, unsent. */
export function complete(row: Row, cols: GridEditColumn[]): boolean {
  return cols.every((c) => !c.editor || !c.required || (row[c.key] !== null && row[c.key] !== undefined));
}

/** The state as sent: incomplete added rows left out. */
export function wire(s: EditState, cols: GridEditColumn[]): string {
  return JSON.stringify({
    edited_rows: s.edited_rows,
    added_rows: s.added_rows.filter((r) => complete(r, cols)),
    deleted_rows: s.deleted_rows,
  });
}

/** A new row: every column's default. */
export function newRow(cols: GridEditColumn[]): Row {
  const row: Row = {};
  for (const c of cols) if (c.editor && c.default !== undefined && c.default !== null) row[c.key] = c.default as Cell;
  return row;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

/** A cell's shown value (the kernel's display string or an edited ISO value) as an input's value. */
export function inputValue(c: GridEditColumn, v: unknown): string {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.join(", ");
  const s = String(v);
  if (c.editor === "date") return s.slice(0, 10);
  if (c.editor === "datetime") return s.replace(" ", "T").slice(0, 19);
  if (c.editor === "time") return s.slice(0, 8);
  return s;
}

const BOOL: Record<string, boolean> = { true: true, false: false, yes: true, no: false, "1": true, "0": false, on: true, off: false, "✓": true, "✗": false };

/**
 * Text typed or pasted into a cell as the value sent for it, or an error to show. Empty text is
 * null (refused when the column requires a value).
 */
export function parseCell(c: GridEditColumn, text: string): { value: Cell } | { error: string } {
  const t = text.trim();
  if (t === "") return required(c, null);
  switch (c.editor) {
    case "number": {
      const n = Number(t.replace(/[,_\s]/g, ""));
      if (!Number.isFinite(n)) return { error: "Not a number" };
      if (c.integer && !Number.isInteger(n)) return { error: "A whole number is needed" };
      if (typeof c.min === "number" && n < c.min) return { error: `The lowest value is ${c.min}` };
      if (typeof c.max === "number" && n > c.max) return { error: `The highest value is ${c.max}` };
      return { value: n };
    }
    case "checkbox": {
      const b = BOOL[t.toLowerCase()];
      return b === undefined ? { error: "true or false" } : { value: b };
    }
    case "selectbox": {
      const hit = (c.options || []).find((o) => String(o) === t);
      return hit === undefined ? { error: "Not one of the options" } : { value: hit as Cell };
    }
    case "date":
    case "datetime":
    case "time":
      return when(c, t);
    case "multiselect": {
      // pasted or typed as "a, b, c" (or a JSON list)
      let items: string[] | null = null;
      if (t.startsWith("[")) {
        try {
          const j = JSON.parse(t) as unknown;
          if (Array.isArray(j)) items = j.map((x) => (x !== null && typeof x === "object" ? JSON.stringify(x) : String(x)));
        } catch {
          items = null;
        }
      }
      items ??= t.split(",").map((x) => x.trim()).filter((x) => x !== "");
      if (!c.accept_new) {
        const known = (c.options || []).map((o) => String(o));
        const bad = items.find((x) => !known.includes(x));
        if (bad !== undefined) return { error: `Not one of the options: ${bad}` };
      }
      return { value: items };
    }
    default: {
      if (c.max_chars && text.length > c.max_chars) return { error: `At most ${c.max_chars} characters` };
      if (c.validate) {
        let re: RegExp | null = null;
        try {
          re = new RegExp(c.validate, "u");
        } catch {
          re = null;
        }
        if (re && !re.test(text)) return { error: "The text does not match the column's pattern" };
      }
      return { value: text };
    }
  }
}

function required(c: GridEditColumn, v: Cell): { value: Cell } | { error: string } {
  return v === null && c.required ? { error: "A value is required" } : { value: v };
}

/** An ISO date (YYYY-MM-DD), datetime (YYYY-MM-DDTHH:MM:SS) or time (HH:MM:SS), normalized. */
function when(c: GridEditColumn, t: string): { value: Cell } | { error: string } {
  let out: string | null = null;
  if (c.editor === "time") {
    const m = /^(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?$/.exec(t);
    if (m && +m[1] < 24 && +m[2] < 60 && +(m[3] || 0) < 60) out = `${pad(+m[1])}:${m[2]}:${m[3] || "00"}`;
  } else {
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?/.exec(t);
    if (m) {
      const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
      if (d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3]) {
        out = `${m[1]}-${m[2]}-${m[3]}`;
        if (c.editor === "datetime") out += `T${pad(+(m[4] || 0))}:${m[5] || "00"}:${m[6] || "00"}`;
      }
    }
  }
  if (out === null) return { error: `Not a ${c.editor}` };
  if (typeof c.min === "string" && out < inputValue(c, c.min)) return { error: `The earliest is ${c.min}` };
  if (typeof c.max === "string" && out > inputValue(c, c.max)) return { error: `The latest is ${c.max}` };
  return { value: out };
}

/** Clipboard text (tab-separated, one line per row, as spreadsheets copy) as rows of cells. */
export function parseTsv(text: string): string[][] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  while (lines.length && lines[lines.length - 1] === "") lines.pop();
  return lines.map((l) => l.split("\t"));
}

/** Display row -> original position, skipping deleted rows (`deleted` sorted ascending). */
export function originalRow(r: number, deleted: number[]): number {
  let p = r;
  for (const d of deleted) {
    if (d <= p) p++;
    else break;
  }
  return p;
}
