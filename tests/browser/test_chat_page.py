"""Chat in Debian's Chromium, found by role and label as a screen reader would: two messages
round-trip through the pinned chat input, a streamed answer is seen half-written, an attachment
reaches the script, and the chat input's code is a chunk loaded only by pages that show one."""

from __future__ import annotations

import os

import pytest
from playwright.async_api import expect

from tests.browser.conftest import RESULTS, ROOT, Served, chromium, chromium_with_devices

pytestmark = pytest.mark.timeout(180)

APPS = ROOT / "tests" / "apps"
SHOTS = RESULTS


@pytest.fixture(scope="module")
def gate(tmp_path_factory: pytest.TempPathFactory):
    return tmp_path_factory.mktemp("chat-gate")


@pytest.fixture(scope="module")
def jr_chat(gate):
    old = os.environ.get("JR_CHAT_GATE")
    os.environ["JR_CHAT_GATE"] = str(gate)  # inherited by the server and its kernels
    try:
        served = Served(APPS / "chat_app.py")
    finally:
        if old is None:
            del os.environ["JR_CHAT_GATE"]
        else:
            os.environ["JR_CHAT_GATE"] = old
    yield served
    served.stop(wait=False)


async def test_two_messages_round_trip_and_a_streamed_answer(jr_chat, gate):
    async with chromium() as (page,):
        loaded: list[str] = []
        page.on("request", lambda r: loaded.append(r.url))
        await page.goto(jr_chat.url + "/")
        box = page.get_by_role("textbox", name="Your message")
        await expect(box).to_be_visible()
        assert any("/chunks/chat.js" in u for u in loaded)
        # pinned: at the bottom of the viewport
        rect = await box.bounding_box()
        assert rect is not None and rect["y"] > 900 - 150
        send = page.get_by_role("button", name="Send message").last
        await expect(send).to_be_disabled()  # nothing to send yet

        await box.fill("hello")
        await box.press("Enter")
        assistant = page.get_by_role("article", name="Chat message from assistant")
        await expect(assistant.last).to_have_text("echo: hello")
        await expect(box).to_have_value("")
        await expect(box).to_be_focused()  # rebuilt below the new messages, still focused

        await box.fill("second line one")
        await box.press("Shift+Enter")  # a new line, not a submission
        await box.type("line two")
        await expect(box).to_have_value("second line one\nline two")
        await send.click()
        await expect(page.get_by_role("article", name="Chat message from user")).to_have_count(2)
        await expect(assistant.last).to_contain_text("echo: second line one")

        await box.fill("stream")
        await box.press("Enter")
        await expect(assistant).to_have_count(3)
        await expect(assistant.last).to_have_text("chunk1")  # half-streamed: the run waits for go2
        await expect(page.get_by_role("status").filter(has_text="Running")).to_be_visible()
        await expect(box).to_be_visible()  # the pinned input stays while the answer streams
        # what the run has not reached yet fades (the sidebar), the conversation above the answer does not
        await expect(page.locator(".jr-sidebar .jr-stale").first).to_be_attached()
        await expect(page.locator(".jr-main .jr-stale")).to_have_count(0)
        await page.keyboard.type("next draft")  # typed meanwhile, into the focused input: kept
        (gate / "go2").touch()
        await expect(assistant.last).to_have_text("chunk1 chunk2")
        (gate / "go3").touch()
        await expect(assistant.last).to_have_text("chunk1 chunk2 chunk3")
        await expect(page.get_by_role("status").filter(has_text="Running")).to_be_hidden()
        await expect(box).to_have_value("next draft")
        await expect(box).to_be_focused()

        # the conversation is kept in session_state across reruns
        await page.get_by_role("button", name="Rerun").click()
        await expect(page.get_by_role("article")).to_have_count(6)
        SHOTS.mkdir(exist_ok=True)
        await page.screenshot(path=str(SHOTS / "chat.png"))


async def test_max_chars_is_enforced_by_the_page(jr_chat):
    async with chromium() as (page,):
        await page.goto(jr_chat.url + "/")
        box = page.get_by_role("textbox", name="Your message")
        await box.fill("x" * 80)
        assert len(await box.input_value()) == 50


async def test_an_attachment_reaches_the_script(jr_chat, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("attached words")
    async with chromium() as (page,):
        await page.goto(jr_chat.url + "/")
        box = page.get_by_role("textbox", name="Attach here")
        await expect(box).to_be_visible()
        async with page.expect_file_chooser() as chooser:
            await page.get_by_role("button", name="Attach files").click()
        await (await chooser.value).set_files(str(note))
        await expect(page.get_by_role("button", name="Remove note.txt")).to_be_visible()
        await box.fill("see file")
        await box.press("Enter")
        await expect(
            page.get_by_text("attached text='see file' files=[('note.txt', 'attached words')]")
        ).to_be_visible()
        await expect(page.get_by_role("button", name="Remove note.txt")).to_have_count(0)


async def test_chat_code_is_not_in_app_js_nor_loaded_without_a_chat_input(jr_hello):
    app_js = (ROOT / "jupyter_reactive" / "static" / "app.js").read_text()
    assert "Attach files" not in app_js and "Send message" not in app_js
    async with chromium() as (page,):
        loaded: list[str] = []
        page.on("request", lambda r: loaded.append(r.url))
        await page.goto(jr_hello.url + "/")
        await expect(page.get_by_role("heading").first).to_be_visible()
        assert not any("/chunks/chat" in u for u in loaded)


async def test_submit_mode_disable_greys_the_input_out_until_the_run_ends(jr_chat, gate):
    async with chromium() as (page,):
        await page.goto(jr_chat.url + "/")
        box = page.get_by_role("textbox", name="Slow one")
        await box.fill("patience")
        await box.press("Enter")
        await expect(page.get_by_role("status").filter(has_text="Running")).to_be_visible()
        await expect(box).to_be_disabled()
        (gate / "go_slow").touch()
        await expect(page.get_by_text("slow got patience")).to_be_visible()
        await expect(box).to_be_enabled()
        await expect(page.get_by_role("textbox", name="Your message")).to_be_enabled()  # submit mode: never off


async def test_session_state_text_fills_the_box_unsent(jr_chat):
    async with chromium() as (page,):
        await page.goto(jr_chat.url + "/")
        box = page.get_by_role("textbox", name="Filled here")
        await expect(box).to_have_value("")
        await page.get_by_role("button", name="Fill the box").click()
        await expect(box).to_have_value("Hello, world!")
        await expect(page.get_by_text("fill reads None, got None")).to_be_visible()  # not sent
        await box.press("Enter")
        await expect(page.get_by_text("fill reads Hello, world!, got Hello, world!")).to_be_visible()
        await expect(box).to_have_value("")


async def test_a_recording_is_sent_with_the_text_at_once():
    """accept_audio: the microphone button records (the time shown, cancel and submit in place
    of the buttons); cancel sends nothing; submit sends the recording, as a WAV at the asked rate,
    with the text typed, and the box is empty again; the recorder is the audio_input's chunk."""
    served = Served(APPS / "chat_audio_app.py")
    try:
        async with chromium_with_devices(served.url, "microphone") as page:
            await page.goto(served.url + "/")
            await expect(page.get_by_text("nothing sent")).to_be_visible(timeout=20_000)
            box = page.get_by_role("textbox", name="Say or record")
            await box.fill("hello")
            mic = page.get_by_role("button", name="Start recording")
            await mic.click()
            await expect(page.get_by_role("timer")).to_have_text("0:00")
            await expect(box).to_be_hidden()
            await page.get_by_role("button", name="Cancel recording").click()
            await expect(box).to_be_visible()
            await expect(box).to_have_value("hello")
            await mic.click()
            await expect(page.get_by_role("timer")).to_have_text("0:01", timeout=20_000)
            await page.get_by_role("button", name="Submit recording").click()
            done = page.get_by_text("voice: 'hello' 8000 Hz")
            await expect(done).to_be_visible(timeout=30_000)
            text = await done.inner_text()
            frames = int(text.split("Hz, ")[1].split()[0])
            assert frames > 4000 and text.endswith("frames, audio/wav, True, 0 files"), text
            await expect(box).to_have_value("")
            await expect(page.get_by_text("nothing sent")).to_have_count(0)
            # the same input still sends plain text
            await box.fill("typed")
            await box.press("Enter")
            await expect(page.get_by_text("text only: 'typed'")).to_be_visible()
    finally:
        served.stop(wait=False)


async def test_a_chat_inputs_height():
    """height=150: the box is 150 px and grows with the text past it; "stretch": the box fills
    its 300 px container; the default stays one line."""
    served = Served(APPS / "chat_height_app.py")
    try:
        async with chromium() as (page,):
            await page.goto(served.url + "/")
            await expect(page.get_by_text("tall said: None")).to_be_visible(timeout=20_000)
            box = lambda name: page.locator(".jr-chat-box").filter(has=page.get_by_role("textbox", name=name))  # noqa: E731
            height = lambda name: box(name).evaluate("b => b.getBoundingClientRect().height")  # noqa: E731
            assert await height("Tall") == 150
            plain = await height("Plain")
            assert 40 < plain < 80, plain
            container = page.locator(".jr-chat-stretch").evaluate("r => r.parentElement.getBoundingClientRect().height")
            fills = await height("Fills")
            assert fills > 200 and abs(fills - await container) < 60, (fills, await container)
            text = page.get_by_role("textbox", name="Tall")
            await text.fill("\n".join(f"line {i}" for i in range(9)))
            await page.wait_for_function(
                "() => [...document.querySelectorAll('.jr-chat-box')][0].getBoundingClientRect().height > 180"
            )
            await text.press("Enter")
            await expect(page.get_by_text("tall said: 'line 0")).to_be_visible()
            await page.wait_for_function(
                "() => [...document.querySelectorAll('.jr-chat-box')][0].getBoundingClientRect().height === 150"
            )
            await page.screenshot(path=str(SHOTS / "chat-heights.png"), full_page=True)
    finally:
        served.stop(wait=False)
