"""The figures, measured the same way for every system (through its adapter).

Latency figures are taken in *rounds*: each round takes one sample from every system in turn,
with all systems' servers up side by side (idle between their samples). A machine whose load
changes during the run (other builds, tests) then weighs on every system alike, so ratios
taken within a run stay fair. Before each sample the harness waits until every running server's
process tree is idle. Memory and concurrency need a server alone, so they run system by system.

Every loop is bounded twice: by its sample count and by a time budget per system and figure;
every wait in a page has a timeout; every server is stopped in a ``finally``.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import app_paint
from .measure import (
    Figure,
    first_paint,
    first_paint_epoch,
    linear_slope,
    page_script,
    pss_by_process,
    pss_mb,
    settle,
    timed,
)
from .systems import INITIAL_TEXT, TITLE, Server, System, launch

#: the phases of a run, in order (run.py's --phases chooses among them)
PHASES = ("cold", "warm", "slow", "paint", "concurrency", "heavy")
#: data/chart app (systems' ``extra_apps``) -> the figure its new sessions give
PAINT_FIGURES = {"frame": "frame_rows", "chart": "chart_drawn", "anim": "anim_done", "addrows": "addrows_done"}

UPLOAD_BYTES = 5 * 1024 * 1024
IMAGE_MIN_WIDTH = 500  # the noise PNG is 580 px wide; no other image on any page is that large
MIDRUN_DELAY = 1.0  # seconds between the move that starts the 2 s run and the move measured
CHOICES = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]  # the apps' selectbox
KEY_REPEAT_S = 1 / 30  # a held key's repeat rate, and a fast typist's: the least time between inputs
BURST = 10  # inputs in one back-to-back sample
BACK_TO_BACK = ("slider", "button", "checkbox", "selectbox")


@dataclass
class Plan:
    cold: int = 3  # server starts
    first_paint: int = 7  # new sessions, each variant
    interact: int = 30  # slider moves, button clicks
    media: int = 6  # image toggles, uploads
    midrun: int = 5  # mid-run changes
    levels: list[int] = field(default_factory=lambda: [10, 25, 50])
    concurrent_samples: int = 15  # slider moves at each concurrency level
    open_batch: int = 5  # tabs opened at once while filling up a level
    budget_s: float = 120.0  # time budget of one figure's samples, per system
    paint: int = 7  # new sessions of each data/chart app (frame, chart, animation)

    @classmethod
    def sized(cls, repeat: int, quick: bool) -> Plan:
        if quick:
            return cls(
                cold=1,
                first_paint=2,
                interact=min(repeat, 6),
                media=2,
                midrun=1,
                levels=[2, 4],
                concurrent_samples=5,
                budget_s=30.0,
                paint=2,
            )
        return cls(
            cold=max(2, repeat // 8),
            first_paint=max(3, repeat // 4),
            interact=repeat,
            media=max(3, repeat // 5),
            midrun=max(2, repeat // 6),
            concurrent_samples=max(5, repeat // 2),
            paint=max(7, repeat // 4),
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class Series:
    """One figure's samples for one system, taken one at a time."""

    def __init__(self, budget_s: float, max_errors: int = 3):
        self.samples: list[float] = []
        self.errors: list[str] = []
        self.budget_s = budget_s
        self.max_errors = max_errors
        self.spent = 0.0
        self.done = False

    async def take(self, i: int, sample: Callable[[], Awaitable[float | list[float]]]) -> None:
        if self.spent > self.budget_s:
            self.errors.append(f"time budget of {self.budget_s:.0f} s spent after {len(self.samples)} samples")
            self.done = True
            return
        t0 = time.monotonic()
        try:
            value = await sample()
            if isinstance(value, list):  # a burst: one figure per input
                self.samples.extend(value)
            else:
                self.samples.append(value)
        except Exception as err:  # a timeout or a page error: recorded, never fatal
            self.errors.append(f"sample {i}: {type(err).__name__}: {str(err).splitlines()[0][:200]}")
            self.done = len(self.errors) >= self.max_errors
        finally:
            self.spent += time.monotonic() - t0


class SystemBench:
    """One system's servers, pages and per-sample measurements."""

    def __init__(self, system: System, browser: Any, plan: Plan, log_dir: Path, log: Callable[[str], None]):
        self.system = system
        self.browser = browser
        self.plan = plan
        self.log_dir = log_dir
        self.log = log
        self.figures: dict[str, Figure] = {}
        self.notes: list[str] = []
        self.cold_http: list[float] = []
        self.servers: dict[str, Server] = {}
        self.broken: dict[str, str] = {}  # variant -> why its server could not be used
        self._script = page_script(TITLE, INITIAL_TEXT)
        self._contexts: list[Any] = []
        self._cached: Any = None
        self._page: dict[str, Any] = {}
        self._value = {"fast": 0, "slow": 0}
        self._step = 1  # the slider's direction: down again from its maximum
        self._clicks = 0
        self._flag = False
        self._choice = 0

    @property
    def key(self) -> str:
        return self.system.key

    def pids(self) -> list[int]:
        return [s.pid for s in self.servers.values() if s.proc is not None]

    async def _context(self) -> Any:
        ctx = await self.browser.new_context(viewport={"width": 1280, "height": 900})
        ctx.set_default_timeout(30_000)
        await ctx.add_init_script(self._script)
        return ctx

    async def _settle(self) -> None:
        await settle(self.pids())

    # -- servers ----------------------------------------------------------------------------------
    async def start(self, variant: str) -> None:
        """Start the ``fast`` or ``slow`` app's server and load one page (the server is then warm:
        first imports done, a pool refilled)."""
        try:
            server = self.servers[variant] = await launch(self.system, variant, self.log_dir)
            if variant == "fast":
                self._cached = await self._context()  # one profile whose HTTP cache is warm
                self._contexts.append(self._cached)
                warmup = await self._cached.new_page()
                await first_paint(warmup, server.app_url())
                await warmup.close()
            else:
                ctx = await self._context()
                self._contexts.append(ctx)
                page = await ctx.new_page()
                await first_paint(page, server.app_url())  # the initial 2 s run has finished
                await self.system.slider(page).focus()
                self._page["slow"] = page
        except Exception as err:
            self.broken[variant] = f"{variant} server unusable: {type(err).__name__}: {str(err).splitlines()[0][:200]}"
            self.notes.append(self.broken[variant])
            self.log(f"  {self.key:16s} {self.broken[variant]}")

    async def stop_all(self) -> None:
        for ctx in self._contexts:
            try:
                await ctx.close()
            except Exception:
                pass
        self._contexts.clear()
        self._page.clear()
        self._cached = None
        for server in self.servers.values():
            await asyncio.to_thread(server.stop)
        self.servers.clear()

    # -- samples ----------------------------------------------------------------------------------
    async def cold_sample(self) -> float:
        """Figure 1: spawn → health 200 (kept in ``cold_http``) and spawn → first page usable."""
        ctx = await self._context()
        page = await ctx.new_page()
        server = Server(self.system, "fast", self.log_dir)
        try:
            t0 = server.start()
            self.cold_http.append((await server.wait_http() - t0) * 1000)
            return (await first_paint_epoch(page, server.app_url()) - t0) * 1000
        finally:
            await ctx.close()
            await asyncio.to_thread(server.stop)
            await asyncio.sleep(0.5)

    async def first_paint_new(self) -> float:
        """Figure 2, a first-time visitor: a new browser context (empty HTTP cache)."""
        ctx = await self._context()
        try:
            return await first_paint(await ctx.new_page(), self.servers["fast"].app_url())
        finally:
            await ctx.close()

    async def first_paint_cached(self) -> float:
        """Figure 2, a returning visitor: a new tab in a context whose HTTP cache is warm."""
        page = await self._cached.new_page()
        try:
            return await first_paint(page, self.servers["fast"].app_url())
        finally:
            await page.close()

    async def _interaction_page(self) -> Any:
        page = self._page.get("fast")
        if page is None:
            ctx = await self._context()
            self._contexts.append(ctx)
            page = await ctx.new_page()
            await first_paint(page, self.servers["fast"].app_url())
            self._page["fast"] = page
            await self._settle()
        await page.bring_to_front()
        return page

    async def slider_move(self) -> float:
        """Figure 3: ArrowRight on the focused slider → ``value: v+1`` (ArrowLeft from 100 down)."""
        page = await self._interaction_page()
        await self.system.slider(page).focus()
        if not 0 <= self._value["fast"] + self._step <= 100:
            self._step = -self._step
        self._value["fast"] += self._step
        key = "ArrowRight" if self._step > 0 else "ArrowLeft"
        return await timed(page, "text", f"value: {self._value['fast']}", lambda: page.keyboard.press(key), "keydown")

    async def checkbox_toggle(self) -> float:
        """Click "flag" → ``flag: True`` (or False)."""
        page = await self._interaction_page()
        self._flag = not self._flag
        return await timed(page, "text", f"flag: {self._flag}", lambda: self.system.toggle_flag(page), "click")

    async def checkbox_script(self) -> float:
        """The same toggle by a click made in the page's script (``element.click()``): no input
        event reaches the browser, so none of its input handling runs before the page's own (see
        ``button_script``)."""
        page = await self._interaction_page()
        self._flag = not self._flag
        box = page.get_by_role("checkbox", name="flag", exact=True)  # the input (Streamlit's is hidden in its label)
        return await timed(page, "text", f"flag: {self._flag}", lambda: box.evaluate("(e) => e.click()"), "click")

    async def select_choice(self) -> float:
        """Choose the selectbox's next option → ``choice: X``; from the choosing event (the option's
        click, or the select's input) — opening a custom dropdown first is not timed."""
        page = await self._interaction_page()
        self._choice = (self._choice + 1) % len(CHOICES)
        label = CHOICES[self._choice]
        await self.system.open_choices(page)
        return await timed(
            page, "text", f"choice: {label}", lambda: self.system.choose(page, label), self.system.choice_events
        )

    async def typing(self, i: int) -> float:
        """Ten characters typed at 30 per second into the text input (its text selected first, so
        they replace it) → ``name: <the ten>``; from the key that sends the last value: Enter where
        the input sends on Enter (jupyter_reactive, Streamlit), else the tenth character (Voilà
        and the floor send as the viewer types, so the nine before it are in flight)."""
        page = await self._interaction_page()
        word = f"typed{i:05d}"
        await self.system.name_box(page).click()
        await page.keyboard.press("Control+A")
        last = "Enter" if self.system.commits_on_enter else word[-1]
        await page.keyboard.type(word if self.system.commits_on_enter else word[:-1], delay=KEY_REPEAT_S * 1000)
        await asyncio.sleep(KEY_REPEAT_S)
        return await timed(page, "text", f"name: {word}", lambda: page.keyboard.press(last), "keydown")

    async def burst(self, kind: str) -> list[float]:
        """Back to back: ``BURST`` inputs of one kind, each as soon as the previous one's text shows
        but never faster than key repeat (30/s), with no wait for the server to be idle; each
        input's own latency."""
        one = {
            "slider": self.slider_move,
            "button": self.button_click,
            "checkbox": self.checkbox_toggle,
            "selectbox": self.select_choice,
        }[kind]
        out = []
        for _ in range(BURST):
            started = time.monotonic()
            out.append(await one())
            left = KEY_REPEAT_S - (time.monotonic() - started)
            if left > 0:
                await asyncio.sleep(left)
        return out

    async def button_click(self) -> float:
        """Figure 3: click "inc" → ``clicks: n+1``."""
        page = await self._interaction_page()
        self._clicks += 1
        return await timed(page, "text", f"clicks: {self._clicks}", self.system.button(page).click, "click")

    async def button_script(self) -> float:
        """Click "inc" from the page's script (``element.click()``) → ``clicks: n+1``. After a real
        (trusted) input, Chromium defers the page's other tasks, the WebSocket's messages among
        them, until it has drawn the next frame (its DeferRendererTasksAfterInput policy), which
        puts up to a frame (~10 ms median here) into "button → its text" for every system alike.
        A click made by script is not an input to the browser, so this figure is event → DOM with
        only what the system itself does in it."""
        page = await self._interaction_page()
        self._clicks += 1
        button = self.system.button(page)
        return await timed(
            page, "text", f"clicks: {self._clicks}", lambda: button.evaluate("(e) => e.click()"), "click"
        )

    async def image_toggle(self) -> float:
        """Figure 6: check "show image" → a fresh ≥ 500 px image decoded and visible (then uncheck,
        untimed)."""
        page = await self._interaction_page()
        try:
            return await timed(page, "image", IMAGE_MIN_WIDTH, lambda: self.system.toggle_image(page), "click")
        finally:
            await self._settle()
            await timed(page, "noimage", IMAGE_MIN_WIDTH, lambda: self.system.toggle_image(page), "click")

    async def upload(self, i: int) -> float:
        """Figure 6: 5 MiB + i random bytes into the uploader → ``size: N``."""
        page = await self._interaction_page()
        size = UPLOAD_BYTES + i  # a new size each time, so the text changes
        data = os.urandom(size)  # incompressible
        return await timed(
            page,
            "text",
            f"size: {size}",
            lambda: self.system.upload(page, f"up{i}.bin", data),
            ("input", "change"),
            timeout_ms=60_000,
        )

    async def midrun_sample(self) -> float:
        """Figure 4: a move starts a 2 s run; 1 s later a second move; time from the second move
        to its ``value: v``."""
        page = self._page["slow"]
        await page.bring_to_front()
        await self.system.slider(page).focus()
        self._value["slow"] += 2
        await page.keyboard.press("ArrowRight")  # a 2 s run starts
        await asyncio.sleep(MIDRUN_DELAY)
        return await timed(
            page,
            "text",
            f"value: {self._value['slow']}",
            lambda: page.keyboard.press("ArrowRight"),
            "keydown",
            timeout_ms=20_000,
        )

    # -- data and charts (new sessions of heavier apps) ------------------------------------------------
    async def start_app(self, variant: str) -> None:
        """Start the server of a data/chart app and load it once (imports done, a pool refilled)."""
        try:
            server = self.servers[variant] = await launch(self.system, variant, self.log_dir)
            await app_paint.paint(self.browser, server.app_url(), variant)
        except Exception as err:
            self.broken[variant] = f"{variant} server unusable: {type(err).__name__}: {str(err).splitlines()[0][:200]}"
            self.notes.append(self.broken[variant])
            self.log(f"  {self.key:16s} {self.broken[variant]}")

    async def paint_sample(self, variant: str) -> float:
        """A new session (empty HTTP cache): navigation start → the app's element drawn."""
        return await app_paint.paint(self.browser, self.servers[variant].app_url(), variant)

    # -- concurrency (alone on the machine) ---------------------------------------------------------
    async def concurrency(self, variant: str = "fast") -> None:
        """Figure 5: open N tabs (sessions) in one browser context; at each level, once the server
        is idle, read the PSS of its whole process tree and time slider moves in the first tab.
        ``heavy``: the same for the app that imports numpy, pandas and PIL (figures ``heavy_*``)."""
        prefix = "" if variant == "fast" else f"{variant}_"
        server = await launch(self.system, variant, self.log_dir)
        ctx = None
        try:
            ctx = await self._context()
            url = server.app_url()
            await settle(server.pid)
            base, nproc = pss_mb(server.pid)
            self.figures[f"{prefix}pss_idle"] = Figure([base], "MB")
            self.log(f"  {self.key:16s} {prefix + 'pss_idle':22s} {base:.1f} MB in {nproc} processes")
            pages: list[Any] = []
            points: list[tuple[float, float]] = []
            server_points: list[tuple[float, float]] = []  # the server process alone (kernels excluded)

            async def open_one() -> Any:
                page = await ctx.new_page()
                try:
                    await first_paint(page, url)
                except BaseException:
                    await page.close()
                    raise
                return page

            failures: list[str] = []
            for level in self.plan.levels:
                started = time.monotonic()
                while len(pages) < level:
                    if time.monotonic() - started > 300:
                        raise RuntimeError(f"opening {level} sessions took more than 300 s")
                    if len(failures) > max(3, level // 5):
                        raise RuntimeError(f"{len(failures)} sessions failed to open by level {level}: {failures[0]}")
                    batch = min(self.plan.open_batch, level - len(pages))
                    opened = await asyncio.gather(*(open_one() for _ in range(batch)), return_exceptions=True)
                    for o in opened:
                        if isinstance(o, BaseException):  # its tab is closed; another one takes its place
                            failures.append(f"{type(o).__name__}: {str(o).splitlines()[0][:160]}")
                            self.notes.append(f"a session failed to open while filling level {level}: {failures[-1]}")
                            self.log(f"  {self.key:16s} a session failed to open (level {level}): {failures[-1]}")
                        else:
                            pages.append(o)
                opening = time.monotonic() - started
                await settle(server.pid, timeout=30)
                by_pid = pss_by_process(server.pid)
                mb, nproc = sum(by_pid.values()), len(by_pid)
                points.append((level, mb))
                server_points.append((level, by_pid.get(server.pid, 0.0)))
                self.figures[f"{prefix}pss{level}"] = Figure([mb], "MB")
                self.figures[f"{prefix}pss{level}_server_process"] = Figure([by_pid.get(server.pid, 0.0)], "MB")
                self.log(
                    f"  {self.key:16s} {f'{prefix}pss{level}':22s} {mb:.1f} MB in {nproc} processes, "
                    f"{by_pid.get(server.pid, 0.0):.1f} MB of it the server process "
                    f"({level} sessions; opening them took {opening:.1f} s)"
                )
                main = pages[0]
                await main.bring_to_front()
                await self.system.slider(main).focus()
                current = int(
                    await main.evaluate(
                        "() => { const m = document.body.innerText.match(/value: (\\d+)/); return m ? m[1] : 0; }"
                    )
                )
                series = Series(self.plan.budget_s)

                async def move(main: Any = main) -> float:
                    nonlocal current
                    current += 1
                    return await timed(
                        main, "text", f"value: {current}", lambda: main.keyboard.press("ArrowRight"), "keydown"
                    )

                for i in range(self.plan.concurrent_samples):
                    if series.done:
                        break
                    await settle(server.pid)
                    await series.take(i, move)
                self._record(f"{prefix}conc{level}_slider", series)
            if len(points) >= 2:
                self.figures[f"{prefix}pss_marginal"] = Figure([linear_slope(points)], "MB")
                self.figures[f"{prefix}pss_marginal_server_process"] = Figure([linear_slope(server_points)], "MB")
                self.log(
                    f"  {self.key:16s} {prefix + 'pss_marginal':22s} {linear_slope(points):.2f} MB per session, "
                    f"{linear_slope(server_points):.2f} MB of it in the server process"
                )
        finally:
            if ctx is not None:
                await ctx.close()
            await asyncio.to_thread(server.stop)

    def _record(self, name: str, series: Series, unit: str = "ms") -> None:
        fig = Figure(series.samples, unit, series.errors or None)
        self.figures[name] = fig
        summary = f"median {fig.median:.1f} p95 {fig.p95:.1f} {unit}" if fig.samples else "no samples"
        self.log(
            f"  {self.key:16s} {name:22s} n={len(fig.samples):2d} {summary}"
            + (f"  ({len(series.errors)} errors: {series.errors[0]})" if series.errors else "")
        )

    def na(self, name: str, reason: str) -> None:
        self.figures[name] = Figure([], na=reason)
        self.log(f"  {self.key:16s} {name:22s} {reason}")


class Benchmark:
    """Every system through every figure: latency figures in interleaved rounds, memory and
    concurrency system by system."""

    def __init__(self, systems: list[System], browser: Any, plan: Plan, log_dir: Path, log: Callable[[str], None]):
        self.benches = [SystemBench(s, browser, plan, log_dir, log) for s in systems]
        self.plan = plan
        self.log = log
        self.timings: dict[str, float] = {}

    async def _settle_all(self) -> None:
        await settle([pid for b in self.benches for pid in b.pids()])

    async def rounds(
        self,
        name: str,
        n: int,
        sample: Callable[[SystemBench, int], Awaitable[float]],
        benches: list[SystemBench],
        budget_s: float | None = None,
    ) -> None:
        """``n`` rounds of one sample per system, each after every server is idle."""
        series = {b.key: Series(budget_s or self.plan.budget_s) for b in benches}
        for i in range(n):
            active = [b for b in benches if not series[b.key].done]
            if not active:
                break
            for b in active:
                await self._settle_all()
                await series[b.key].take(i, lambda b=b, i=i: sample(b, i))
        for b in benches:
            b._record(name, series[b.key])

    async def _phase(self, name: str, body: Callable[[], Awaitable[None]]) -> None:
        t0 = time.monotonic()
        self.log(f"[phase] {name}")
        try:
            await body()
        except Exception as err:  # a broken phase must not lose the others
            msg = f"phase {name} failed: {type(err).__name__}: {str(err).splitlines()[0][:300]}"
            for b in self.benches:
                b.notes.append(msg)
            self.log(f"  {msg}")
        self.timings[name] = round(time.monotonic() - t0)
        self.log(f"  ({name}: {self.timings[name]} s)")

    async def run(self, phases: Iterable[str] = PHASES) -> None:
        phases = set(phases)
        if "cold" in phases:
            await self._phase("cold start", self._cold)
        if "warm" in phases:
            await self._phase("warm servers: first paint, slider, button, image, upload", self._warm)
        if "slow" in phases:
            await self._phase("slow servers: change mid-run", self._slow)
        if "paint" in phases:
            await self._phase("data and charts: frame, chart, add_rows animation (new sessions)", self._paint)
        if "concurrency" in phases:
            for b in self.benches:
                await self._phase(f"concurrency and memory: {b.system.label}", b.concurrency)
        if "heavy" in phases:
            for b in self.benches:
                if b.system.heavy_app:
                    await self._phase(
                        f"concurrency and memory, numpy/pandas/PIL app: {b.system.label}",
                        lambda b=b: b.concurrency("heavy"),
                    )

    async def _paint(self) -> None:
        """One app at a time, its servers side by side; rounds of one new session per system."""
        for variant, name in PAINT_FIGURES.items():
            benches = [b for b in self.benches if variant in b.system.extra_apps]
            for b in self.benches:
                if variant in b.system.paint_na:
                    b.na(name, b.system.paint_na[variant])
            try:
                await asyncio.gather(*(b.start_app(variant) for b in benches))
                ok = [b for b in benches if variant not in b.broken]

                def sample(b: SystemBench, i: int, variant: str = variant) -> Awaitable[float]:
                    return b.paint_sample(variant)

                await self.rounds(name, self.plan.paint, sample, ok)
            finally:
                await asyncio.gather(*(b.stop_all() for b in benches))

    async def _cold(self) -> None:
        await self.rounds(
            "cold_usable",
            self.plan.cold,
            lambda b, i: b.cold_sample(),
            self.benches,
            budget_s=max(self.plan.budget_s, 180),
        )
        for b in self.benches:
            b.figures = {"cold_http": Figure(b.cold_http), **b.figures}

    async def _warm(self) -> None:
        try:
            await asyncio.gather(*(b.start("fast") for b in self.benches))  # start-up is not measured here
            ok = [b for b in self.benches if "fast" not in b.broken]
            n = self.plan
            await self.rounds("first_paint", n.first_paint, lambda b, i: b.first_paint_new(), ok)
            await self.rounds("first_paint_cached", n.first_paint, lambda b, i: b.first_paint_cached(), ok)
            await self.rounds("slider", min(n.interact, 99), lambda b, i: b.slider_move(), ok)
            await self.rounds("button", n.interact, lambda b, i: b.button_click(), ok)
            await self.rounds("checkbox", n.interact, lambda b, i: b.checkbox_toggle(), ok)
            await self.rounds("button_script", n.interact, lambda b, i: b.button_script(), ok)
            await self.rounds("checkbox_script", n.interact, lambda b, i: b.checkbox_script(), ok)
            await self.rounds("selectbox", n.interact, lambda b, i: b.select_choice(), ok)
            await self.rounds("typing", max(5, n.interact // 3), lambda b, i: b.typing(i), ok)
            for kind in BACK_TO_BACK:
                await self.rounds(
                    f"{kind}_b2b", max(2, n.interact // BURST * 2), lambda b, i, kind=kind: b.burst(kind), ok
                )
            media = [b for b in ok if not b.system.media_na]
            for b in ok:
                if b.system.media_na:
                    b.na("image", b.system.media_na)
                    b.na("upload", b.system.media_na)
            await self.rounds("image", n.media, lambda b, i: b.image_toggle(), media)
            await self.rounds("upload", n.media, lambda b, i: b.upload(i), media)
        finally:
            await asyncio.gather(*(b.stop_all() for b in self.benches))

    async def _slow(self) -> None:
        try:
            await asyncio.gather(*(b.start("slow") for b in self.benches))
            ok = [b for b in self.benches if "slow" not in b.broken]
            await self.rounds("midrun", self.plan.midrun, lambda b, i: b.midrun_sample(), ok)
        finally:
            await asyncio.gather(*(b.stop_all() for b in self.benches))
