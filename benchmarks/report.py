"""The markdown table: per figure, each system's median / p95, jupyter_reactive's ratio to
Streamlit (and to Voilà), and each system's ratio to the floor."""

from __future__ import annotations

import math
from typing import Any

from .measure import Figure

JR, ST, VO, FL = "jupyter_reactive", "streamlit", "voila", "floor"


def figure_rows(levels: list[int]) -> list[tuple[str, str]]:
    rows = [
        ("cold_http", "cold start → health/HTTP 200"),
        ("cold_usable", "cold start → first page usable"),
        ("first_paint", "first paint, new session (empty browser cache)"),
        ("first_paint_cached", "first paint, new session (cached assets)"),
        ("slider", "slider → its text"),
        ("button", "button → its text"),
        ("checkbox", "checkbox → its text"),
        ("button_script", "button clicked by script (no post-input frame wait) → its text"),
        ("checkbox_script", "checkbox clicked by script (no post-input frame wait) → its text"),
        ("selectbox", "selectbox → its text"),
        ("typing", "typing ten characters (30/s) → the text shown"),
        ("slider_b2b", "slider, back to back (≤ 30/s) → its text"),
        ("button_b2b", "button, back to back (≤ 30/s) → its text"),
        ("checkbox_b2b", "checkbox, back to back (≤ 30/s) → its text"),
        ("selectbox_b2b", "selectbox, back to back (≤ 30/s) → its text"),
        ("midrun", "slider moved mid-run (2 s run) → its text"),
        ("image", "checkbox → fresh 1 MB image shown"),
        ("upload", "5 MB upload → size shown"),
        ("frame_rows", "100,000-row frame: navigation → first rows visible (new session)"),
        ("chart_drawn", "line chart, 10,000 points: navigation → line drawn (new session)"),
        ("anim_done", "animation demo, 100 steps (chart redrawn in a placeholder): navigation → last step drawn"),
        ("addrows_done", "the same through add_rows: navigation → last step drawn"),
    ]
    rows += [(f"conc{n}_slider", f"slider → its text, {n} sessions open") for n in levels]
    rows += [("pss_idle", "server tree PSS, no session")]
    rows += [(f"pss{n}", f"server tree PSS, {n} sessions") for n in levels]
    rows += [("pss_marginal", "marginal PSS per session (slope)")]
    rows += [(f"heavy_conc{n}_slider", f"numpy/pandas/PIL app: slider → its text, {n} sessions open") for n in levels]
    rows += [("heavy_pss_idle", "numpy/pandas/PIL app: server tree PSS, no session")]
    rows += [(f"heavy_pss{n}", f"numpy/pandas/PIL app: server tree PSS, {n} sessions") for n in levels]
    rows += [("heavy_pss_marginal", "numpy/pandas/PIL app: marginal PSS per session (slope)")]
    return rows


def _num(x: float, unit: str) -> str:
    if math.isnan(x):
        return "–"
    if unit == "MB":
        return f"{x:,.1f}" if abs(x) < 100 else f"{x:,.0f}"
    return f"{x:.1f}" if x < 100 else f"{x:,.0f}"  # 13.4 vs 13.6: two digits would hide it


def cell(fig: Figure | None) -> str:
    if fig is None:
        return "–"
    if fig.na:
        return fig.na
    if not fig.samples:
        return "failed" if fig.errors else "–"
    unit = fig.unit
    if len(fig.samples) == 1:
        return f"{_num(fig.samples[0], unit)} {unit}"
    return f"{_num(fig.median, unit)} / {_num(fig.p95, unit)}"


def _ratio(a: Figure | None, b: Figure | None, p95: bool = False) -> float:
    if not a or not b or not a.samples or not b.samples:
        return math.nan
    x, y = (a.p95, b.p95) if p95 else (a.median, b.median)
    if b.unit == "MB" and y < 1.0:
        return math.nan  # a sub-megabyte denominator (threads, not processes) makes no meaningful ratio
    return x / y if y else math.nan


def _fmt_ratio(r: float, suffix: str = "") -> str:
    if math.isnan(r):
        return "–"
    return f"{r:.2f}{suffix}" if r < 10 else f"{r:,.0f}{suffix}"


def table(results: dict[str, dict[str, Figure]], labels: dict[str, str], levels: list[int]) -> str:
    systems = [k for k in (JR, ST, VO, FL) if k in results]
    others = [k for k in systems if k != FL]
    head = ["figure (ms: median / p95)"] + [labels[k] for k in systems]
    if JR in results and ST in results:
        head.append("JR / Streamlit (median, p95)")
    if JR in results and VO in results:
        head.append("JR / Voilà (median, p95)")
    if FL in results:
        head += [f"{labels[k]} × floor" for k in others]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key, label in figure_rows(levels):
        figs = {k: results[k].get(key) for k in systems}
        if all(f is None for f in figs.values()):
            continue
        row = [label] + [cell(figs[k]) for k in systems]
        if JR in results and ST in results:
            a, b = figs.get(JR), figs.get(ST)
            multi = a is not None and len(a.samples) > 1
            row.append(_fmt_ratio(_ratio(a, b)) + (f", {_fmt_ratio(_ratio(a, b, True))}" if multi else ""))
        if JR in results and VO in results:
            a, b = figs.get(JR), figs.get(VO)
            multi = a is not None and len(a.samples) > 1
            row.append(_fmt_ratio(_ratio(a, b)) + (f", {_fmt_ratio(_ratio(a, b, True))}" if multi else ""))
        if FL in results:
            row += [_fmt_ratio(_ratio(figs[k], figs[FL]), "×") for k in others]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def context_lines(meta: dict[str, Any]) -> str:
    m = meta["machine"]
    out = [
        f"Machine: {m.get('nproc')} CPUs ({m.get('cpu', '?')}), {m.get('memory_gib', '?')} GiB RAM, "
        f"Linux {m.get('kernel', '?')}; load average at start {meta.get('loadavg_start')}, "
        f"at end {meta.get('loadavg_end')}"
    ]
    for key, versions in meta["versions"].items():
        out.append(f"{key}: " + ", ".join(f"{k} {v}" for k, v in versions.items()))
    out.append(
        f"Command: `{meta['command']}`"
        + (" (quick smoke run)" if meta["plan"].get("quick") else "")
        + f", {meta.get('duration_s', '?')} s"
    )
    return "\n".join(f"- {line}" for line in out)
