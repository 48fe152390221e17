// Number formats for the page: printf-style (slider and number_input `number_format`, grid
// columns, metrics) and Streamlit's named ones ("dollar", "percent", ... for grid columns and
// metrics).
//
// Runs in the browser page. The kernel accepts a format only when Python's `%` operator takes it
// for a sample value of the widget's type, so this follows Python's `%` rather than C's or
// sprintf-js's: floats round half to even on their exact binary value (Python's '%.0f' % 2.5 is
// '2', where JavaScript's toFixed gives '3'), %e shows at least two exponent digits, %d truncates
// a float, '#' gives 0x/0o prefixes, and %s shows a float the way Python's str() does. Anything
// this does not understand returns null, and the caller shows the plain number instead.

const SPEC = /%(?:(%)|([-+ 0#,]*)(\d*)(?:\.(\d*))?[hlL]?([diuoxXeEfFgGs]))/y;
/** Wider fields or longer precisions than this are refused rather than built. */
const LIMIT = 100;

/**
 * Format `x` with a printf-style format holding exactly one conversion (and any `%%`).
 * `integer` says the value is a Python int (as for an int slider): %x and %o need one, and
 * %s shows `12` rather than `12.0`. Returns null for a format Python would refuse or that
 * this does not support (`%c`, `%r`, `%(key)s`, `*` widths ...), and for non-finite numbers.
 */
export function printf(format: string, x: number, integer = false): string | null {
  if (typeof format !== "string" || typeof x !== "number" || !Number.isFinite(x)) return null;
  let out = "";
  let used = 0;
  let at = 0;
  while (at < format.length) {
    const pct = format.indexOf("%", at);
    if (pct < 0) break;
    out += format.slice(at, pct);
    SPEC.lastIndex = pct;
    const m = SPEC.exec(format);
    if (!m) return null;
    at = SPEC.lastIndex;
    if (m[1]) {
      out += "%";
      continue;
    }
    const width = m[3] ? +m[3] : 0;
    const precision = m[4] === undefined ? null : +m[4] || 0;
    if (++used > 1 || width > LIMIT || (precision ?? 0) > LIMIT) return null;
    const one = convert(m[5], m[2], width, precision, x, integer);
    if (one === null) return null;
    out += one;
  }
  if (used !== 1) return null; // Python: "not all arguments converted"
  return out + format.slice(at);
}

function convert(
  type: string,
  flags: string,
  width: number,
  precision: number | null,
  x: number,
  integer: boolean,
): string | null {
  const alt = flags.includes("#");
  if (type === "s") {
    const s = integer ? BigInt(Math.trunc(x)).toString() : pyStr(x);
    const body = precision === null ? s : s.slice(0, precision);
    return pad("", "", body, flags.replace("0", ""), width);
  }
  if ("diuoxX".includes(type)) {
    if ("oxX".includes(type) && !(integer && Number.isInteger(x))) return null; // Python: integer required
    const n = BigInt(Math.trunc(x));
    const neg = n < 0n;
    const radix = type === "o" ? 8 : "xX".includes(type) ? 16 : 10;
    let digits = (neg ? -n : n).toString(radix);
    if (type === "X") digits = digits.toUpperCase();
    if (precision !== null && digits.length < precision) digits = "0".repeat(precision - digits.length) + digits;
    if (radix === 10 && flags.includes(",")) digits = grouped(digits);
    const prefix = alt && radix === 8 ? "0o" : alt && radix === 16 ? (type === "X" ? "0X" : "0x") : "";
    return pad(sign(neg, flags), prefix, digits, flags, width);
  }
  const neg = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  const p = precision ?? 6;
  const lower = type.toLowerCase();
  let body: string;
  if (lower === "f") body = fixed(a, p, alt);
  else if (lower === "e") body = expo(a, p, alt);
  else body = general(a, p, alt);
  if (lower === "f" && flags.includes(",")) body = body.replace(/^\d+/, grouped);
  if (type !== lower) body = body.toUpperCase();
  return pad(sign(neg, flags), "", body, flags, width);
}

/** Digits with a comma every three from the right: the ',' flag of Streamlit's formats
 *  ("%,d", "%,.2f"), which Python's % does not have (widget formats never carry it). */
const grouped = (digits: string): string => digits.replace(/\B(?=(\d{3})+$)/g, ",");

function sign(neg: boolean, flags: string): string {
  return neg ? "-" : flags.includes("+") ? "+" : flags.includes(" ") ? " " : "";
}

/** Python's padding: '-' pads right with spaces, else '0' pads between sign/prefix and digits. */
function pad(sgn: string, prefix: string, body: string, flags: string, width: number): string {
  const fill = width - sgn.length - prefix.length - body.length;
  if (fill <= 0) return sgn + prefix + body;
  if (flags.includes("-")) return sgn + prefix + body + " ".repeat(fill);
  if (flags.includes("0")) return sgn + prefix + "0".repeat(fill) + body;
  return " ".repeat(fill) + sgn + prefix + body;
}

// -- exact decimal digits of a double, rounded half to even ------------------------------------

/** The exact value of a finite double `a >= 0` as `digits / 10**frac` (no rounding at all). */
function exact(a: number): { digits: string; frac: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, a);
  const hi = view.getUint32(0);
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  let e = -1074; // subnormal
  if (biased) {
    m |= 1n << 52n;
    e = biased - 1075;
  }
  if (e >= 0) return { digits: (m << BigInt(e)).toString(), frac: 0 };
  // m * 2**e == m * 5**-e / 10**-e
  return { digits: (m * 5n ** BigInt(-e)).toString(), frac: -e };
}

/** Keep the first `keep` digits of `d`, rounding half to even on the rest; may grow by one digit. */
function roundDigits(d: string, keep: number): string {
  if (d.length <= keep) return d + "0".repeat(keep - d.length);
  const head = d.slice(0, keep);
  const first = d[keep];
  const odd = keep > 0 && +d[keep - 1] % 2 === 1;
  const up = first > "5" || (first === "5" && (/[1-9]/.test(d.slice(keep + 1)) || odd));
  if (!up) return head || "0";
  return (BigInt(head || "0") + 1n).toString().padStart(keep, "0");
}

/** %f of `a >= 0`: `p` digits after the point. */
function fixed(a: number, p: number, alt: boolean): string {
  const { digits, frac } = exact(a);
  const d = digits.padStart(frac + 1, "0"); // at least one digit before the point
  const r = roundDigits(d, d.length - frac + p);
  const int = r.slice(0, r.length - p).replace(/^0+(?=\d)/, "");
  return p ? `${int}.${r.slice(r.length - p)}` : alt ? int + "." : int;
}

/** `a >= 0` rounded to `p + 1` significant digits: the digits and the decimal exponent. */
function significant(a: number, p: number): { digits: string; exp: number } {
  if (a === 0) return { digits: "0".repeat(p + 1), exp: 0 };
  const { digits, frac } = exact(a);
  const d = digits.replace(/^0+/, "");
  let exp = d.length - 1 - frac;
  let r = roundDigits(d, p + 1);
  if (r.length > p + 1) {
    r = r.slice(0, p + 1); // 9.99 -> 10.0: one more power of ten
    exp += 1;
  }
  return { digits: r, exp };
}

function expText(exp: number): string {
  return (exp < 0 ? "e-" : "e+") + String(Math.abs(exp)).padStart(2, "0");
}

/** %e of `a >= 0`: one digit, the point, `p` digits, an exponent of at least two digits. */
function expo(a: number, p: number, alt: boolean): string {
  const { digits, exp } = significant(a, p);
  const point = p || alt ? "." : "";
  return digits[0] + point + digits.slice(1) + expText(exp);
}

/** %g: %e or %f by the exponent after rounding, trailing zeros dropped unless '#'. */
function general(a: number, p: number, alt: boolean): string {
  const sig = p === 0 ? 1 : p;
  const { exp } = significant(a, sig - 1);
  let s = -4 <= exp && exp < sig ? fixed(a, sig - 1 - exp, alt) : expo(a, sig - 1, alt);
  if (!alt) s = s.replace(/(?:\.0*|(\.\d*?)0+)(?=e|$)/, "$1");
  return s;
}

/** Python's str() of a float: shortest round-trip digits, an exponent outside 1e-4 .. 1e16. */
function pyStr(x: number): string {
  const [m, e] = Math.abs(x).toExponential().split("e");
  const exp = +e;
  const digits = m.replace(".", "");
  const sgn = x < 0 || Object.is(x, -0) ? "-" : "";
  if (exp < -4 || exp >= 16) return sgn + (digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits) + expText(exp);
  if (exp < 0) return `${sgn}0.${"0".repeat(-exp - 1)}${digits}`;
  const int = digits.padEnd(exp + 1, "0");
  const frac = digits.slice(exp + 1);
  return `${sgn}${int.slice(0, exp + 1)}.${frac || "0"}`;
}

/** A number as a widget shows it: through `format` when given and understood, else `plain`. */
export function formatNumber(format: unknown, x: number, integer: boolean, plain: (x: number) => string): string {
  if (typeof format === "string" && format) {
    const s = printf(format, x, integer);
    if (s !== null) return s;
  }
  return plain(x);
}

// -- Streamlit's named number formats ---------------------------------------------------------

/** Intl in the viewer's languages (as Streamlit), or the browser's default if those fail. */
function intl(x: number, options: Intl.NumberFormatOptions): string {
  try {
    return new Intl.NumberFormat(navigator.languages as string[], options).format(x);
  } catch {
    return new Intl.NumberFormat(undefined, options).format(x);
  }
}

const money = (currency: string, digits: number) => (x: number): string =>
  intl(x, { style: "currency", currency, currencyDisplay: "narrowSymbol", minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Streamlit's named formats, as its page shows them ("plain" keeps every digit). */
const NAMED: Record<string, (x: number) => string> = {
  plain: (x) => (/e/i.test(String(x)) ? x.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 20 }) : String(x)),
  localized: (x) => intl(x, {}),
  percent: (x) => intl(x, { style: "percent", minimumFractionDigits: 0, maximumFractionDigits: 2 }),
  dollar: money("USD", 2),
  euro: money("EUR", 2),
  yen: money("JPY", 0),
  accounting: (x) => {
    const s = Math.abs(x).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    return x < 0 && s !== "0.00" ? `(${s})` : s;
  },
  bytes: (x) =>
    intl(x, { notation: "compact", style: "unit", unit: "byte", unitDisplay: "narrow", maximumFractionDigits: 1 }).replace("BB", "GB"),
  compact: (x) => intl(x, { notation: "compact" }),
  scientific: (x) => intl(x, { notation: "scientific" }),
  engineering: (x) => intl(x, { notation: "engineering" }),
};

/** `x` in a named format or a printf-style one; null for a format neither understands or a
 *  number that is not finite. */
export function numberFormat(format: unknown, x: number, integer = false): string | null {
  if (typeof format !== "string" || !format || !Number.isFinite(x)) return null;
  const named = Object.prototype.hasOwnProperty.call(NAMED, format) ? NAMED[format] : undefined;
  return named ? named(x) : printf(format, x, integer);
}

/** A metric's value or delta: formatted when a format is given and the text is a number
 *  (Streamlit's rule, so "1234.5" given as a string is formatted too), else as given. */
export function formatNumberText(text: string, format: unknown): string {
  if (!format || typeof text !== "string" || !text.trim()) return text;
  const x = Number(text);
  return (Number.isFinite(x) && numberFormat(format, x)) || text;
}

// -- dates and times: moment.js-style patterns (date sliders, grid date columns) --------------

export const zeroPad = (n: number, w = 2): string => String(n).padStart(w, "0");
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** A moment.js-style pattern (YYYY YY MMMM MMM MM M DD D dddd ddd HH H hh h mm ss A a) for `ms` read as UTC
 *  wall-clock time (the kernel sends dates and datetimes that way, times as ms since midnight). */
export function formatMoment(pattern: string, ms: number): string {
  const d = new Date(ms);
  const hr = d.getUTCHours();
  const parts: Record<string, string> = {
    YYYY: zeroPad(d.getUTCFullYear(), 4),
    YY: zeroPad(d.getUTCFullYear() % 100),
    MMMM: MONTHS[d.getUTCMonth()],
    MMM: MONTHS[d.getUTCMonth()].slice(0, 3),
    MM: zeroPad(d.getUTCMonth() + 1),
    M: String(d.getUTCMonth() + 1),
    DD: zeroPad(d.getUTCDate()),
    D: String(d.getUTCDate()),
    dddd: DAYS[d.getUTCDay()],
    ddd: DAYS[d.getUTCDay()].slice(0, 3),
    HH: zeroPad(hr),
    H: String(hr),
    hh: zeroPad(hr % 12 || 12),
    h: String(hr % 12 || 12),
    mm: zeroPad(d.getUTCMinutes()),
    ss: zeroPad(d.getUTCSeconds()),
    A: hr < 12 ? "AM" : "PM",
    a: hr < 12 ? "am" : "pm",
  };
  // [text] is literal, as in moment.js
  return pattern.replace(/\[[^\]]*\]|YYYY|YY|MMMM|MMM|MM|M|DD|D|dddd|ddd|HH|H|hh|h|mm|ss|A|a/g, (t) =>
    t[0] === "[" ? t.slice(1, -1) : parts[t],
  );
}

/** A date, datetime or time cell of a dataframe (ISO text as the kernel sends it: "2024-03-05",
 *  "2024-03-05 14:07:09[+01:00]", "14:07:09") in a column_config `format`: a moment.js pattern,
 *  or Streamlit's "iso8601", "localized", "distance" (relative to now) or "calendar" (shown
 *  localized). Text that does not parse is shown as it came. */
export function formatDateCell(type: "date" | "datetime" | "time", format: string, v: string): string {
  if (format === "iso8601") return v;
  const m = /^(\d{4}-\d{2}-\d{2})?[ T]?(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?/.exec(v);
  if (!m || (!m[1] && !m[2])) return v;
  const ms = Date.parse(`${m[1] ?? "1970-01-01"}T${m[2] ?? "00:00:00"}Z`); // the wall-clock time, read as UTC
  if (Number.isNaN(ms)) return v;
  const utc = { timeZone: "UTC" } as const;
  if (format === "localized" || format === "calendar") {
    const d = new Date(ms);
    if (type === "date") return d.toLocaleDateString(undefined, utc);
    if (type === "time") return d.toLocaleTimeString(undefined, utc);
    return d.toLocaleString(undefined, utc);
  }
  if (format === "distance") {
    const seconds = (ms - Date.now() + new Date().getTimezoneOffset() * -60000) / 1000;
    const units: [Intl.RelativeTimeFormatUnit, number][] = [["year", 31536000], ["month", 2592000], ["day", 86400], ["hour", 3600], ["minute", 60]];
    const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
    for (const [unit, size] of units) if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
    return rtf.format(Math.round(seconds), "second");
  }
  return formatMoment(format, ms);
}
