"""Media in Debian's Chromium: an image appears after a click, a 5 MB upload reaches the app,
a download link carries its file, and a photo from Chromium's fake camera is uploaded."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

from tests.browser.conftest import RESULTS, ROOT, Served, chromium, chromium_with_devices

pytestmark = pytest.mark.timeout(180)

APPS = ROOT / "tests" / "apps"


@pytest.fixture(scope="module")
def jr_media():
    served = Served(APPS / "media_app.py")
    yield served
    served.stop(wait=False)


async def test_image_appears_and_upload_reaches_the_app(jr_media, tmp_path):
    big = tmp_path / "five.bin"
    big.write_bytes(b"\x00\x01" * (5 * 1024 * 1024 // 2))
    async with chromium() as (page,):
        await page.goto(jr_media.url + "/")
        await expect(page.get_by_role("heading", name="Media")).to_be_visible()
        await page.get_by_role("checkbox", name="show image").check()
        noise = page.locator("figure", has_text="noise").locator("img")
        await expect(noise).to_be_visible()
        await page.wait_for_function(
            "img => img.complete && img.naturalWidth === 600", arg=await noise.element_handle()
        )
        assert "/reactive/media/" in (await noise.get_attribute("src"))
        # as Streamlit 1.67 draws them: rounded images, a 40 px audio player, the uploader's
        # 14 px label over a 68 px bordered dropzone with "Upload", the size limit and the types
        await expect(noise).to_have_css("border-radius", "8px")
        await expect(page.locator("audio")).to_have_css("height", "40px")
        await expect(page.locator(".jr-w-file_uploader").first.locator(".jr-label")).to_have_css("font-size", "14px")
        zone = page.locator(".jr-dropzone").first
        assert (await zone.bounding_box() or {})["height"] == 68
        await expect(zone).to_have_css("border-top-width", "1px")
        await expect(zone.locator(".jr-file-pick")).to_have_text("Upload")
        await expect(zone).to_contain_text("200MB per file")
        await expect(page.locator(".jr-dropzone").nth(1)).to_contain_text("200MB per file • CSV")
        await page.get_by_label("upload").set_input_files(str(big))
        await expect(page.get_by_text(f"size: {big.stat().st_size} name: five.bin")).to_be_visible(timeout=30_000)
        link = page.get_by_role("button", name="get csv")
        href = await link.get_attribute("href")
        response = await page.request.get(jr_media.url + href if href.startswith("/") else href)
        assert response.status == 200 and await response.body() == b"a,b\n1,2\n"
        assert "attachment" in response.headers["content-disposition"]
        RESULTS.mkdir(exist_ok=True)
        await page.screenshot(path=str(RESULTS / "media.png"), full_page=True)


async def test_camera_photo_is_uploaded():
    served = Served(APPS / "camera_app.py")
    try:
        async with chromium_with_devices(served.url, "camera") as page:
            await page.goto(served.url + "/")
            take = page.get_by_role("button", name="Take photo: snap")
            await expect(take).to_be_visible(timeout=20_000)
            await page.wait_for_function(
                "() => { const v = document.querySelector('video.jr-camera'); return v && v.videoWidth > 0; }",
                timeout=20_000,
            )
            # Streamlit's shape: a 16:9 box as wide as the column, a full-width button under it
            video = await page.locator("video.jr-camera").first.bounding_box()
            button = await take.bounding_box()
            assert video is not None and button is not None
            assert video["height"] == pytest.approx(video["width"] * 9 / 16, abs=1)
            assert button["width"] == video["width"] and button["y"] == pytest.approx(
                video["y"] + video["height"], abs=1
            )
            # the disabled one never asked for the camera
            off = page.locator(".jr-w-camera_input").nth(1)
            await expect(off).to_have_class(re.compile(r"\bjr-disabled\b"))
            assert await off.locator("video").evaluate("v => v.srcObject") is None
            await expect(off.get_by_role("status")).to_have_text("")
            await take.click()
            await expect(page.get_by_text("photo size:")).to_be_visible(timeout=20_000)
            text = await page.get_by_text("photo size:").inner_text()
            assert "type: image/jpeg" in text and int(text.split("photo size: ")[1].split()[0]) > 1000

            # resolution="720p": the camera is asked for 720 px high photos (the fake one
            # has them; its default is 640 x 480, as the first photo's)
            hd = Served(APPS / "camera_hd_app.py")
            try:
                await page.context.grant_permissions(["camera"], origin=hd.url)
                await page.goto(hd.url + "/")
                await page.wait_for_function(
                    "() => { const v = document.querySelector('video.jr-camera'); return v && v.videoWidth > 0; }",
                    timeout=20_000,
                )
                await page.get_by_role("button", name="Take photo: sharp").click()
                await expect(page.get_by_text("sharp photo: (1280, 720)")).to_be_visible(timeout=20_000)
            finally:
                hd.stop(wait=False)
    finally:
        served.stop(wait=False)


async def test_video_subtitles_load_and_youtube_links_play_in_youtubes_player():
    """Tracks as Streamlit shows them: the first of each video showing, labelled, SubRip cues
    converted, a big track through the media store, an empty first track ("None") showing
    nothing; a YouTube link becomes YouTube's embeddable player with start, end, loop and mute."""
    served = Served(APPS / "video_app.py")
    try:
        async with chromium() as (page,):
            await page.goto(served.url + "/")
            await expect(page.get_by_text("all drawn")).to_be_visible(timeout=30_000)
            tracks = """(v) => Array.from(v.textTracks).map((t) => [t.label, t.mode, t.cues ? t.cues.length : null,
                t.cues && t.cues.length ? t.cues[0].text : null])"""
            first, second = page.locator("video.jr-video").nth(0), page.locator("video.jr-video").nth(1)
            await page.wait_for_function(f"v => ({tracks})(v)[0][2] === 2", arg=await first.element_handle())
            assert await first.evaluate(tracks) == [
                ["English", "showing", 2, "Hello from SubRip"],
                ["French", "disabled", None, None],
            ]
            await page.wait_for_function(f"v => ({tracks})(v)[0][2] === 0", arg=await second.element_handle())
            assert (await second.evaluate(tracks))[0] == ["None", "showing", 0, None]
            # the long track is fetched from the media store when chosen
            src = await second.locator("track").nth(1).get_attribute("src")
            assert "/reactive/media/" in src
            await second.evaluate("v => { v.textTracks[0].mode = 'disabled'; v.textTracks[1].mode = 'showing'; }")
            await page.wait_for_function(f"v => ({tracks})(v)[1][2] === 600", arg=await second.element_handle())
            assert (await second.evaluate(tracks))[1][3] == "cue 0 " + "x" * 40

            yt = page.locator("iframe.jr-youtube")
            assert await yt.get_attribute("src") == (
                "https://www.youtube.com/embed/_T8LGqJtuGc?start=5&end=20&loop=1&playlist=_T8LGqJtuGc&mute=1"
            )
            assert "allow-same-origin" in await yt.get_attribute("sandbox")  # YouTube's own origin
            box = await yt.bounding_box()
            assert box and abs(box["width"] / box["height"] - 16 / 9) < 0.02
    finally:
        served.stop(wait=False)


async def test_an_uploaders_own_limit_is_shown_and_kept(tmp_path):
    """``max_upload_size=1``: the dropzone says 1MB per file; a bigger file is refused in the
    page with its name, nothing sent; one that fits reaches the app; the chat input's too."""
    served = Served(APPS / "upload_limit_app.py")
    big, fits = tmp_path / "big.bin", tmp_path / "fits.bin"
    big.write_bytes(b"x" * (1024 * 1024 + 1))
    fits.write_bytes(b"y" * 1000)
    try:
        async with chromium() as (page,):
            await page.goto(served.url + "/")
            await expect(page.get_by_text("small: None")).to_be_visible(timeout=30_000)
            uploader = page.locator(".jr-w-file_uploader").first
            await expect(uploader.locator(".jr-dropzone")).to_contain_text("1MB per file")
            await uploader.locator("input[type=file]").set_input_files(str(big))
            await expect(uploader.get_by_role("status")).to_have_text("big.bin is larger than 1 MB")
            await expect(page.get_by_text("small: None")).to_be_visible()
            await uploader.locator("input[type=file]").set_input_files(str(fits))
            await expect(page.get_by_text("small: 1000")).to_be_visible()

            chat = page.locator(".jr-w-chat_input, .jr-chat-input").first
            await chat.locator("input[type=file]").set_input_files(str(big))
            await expect(chat).to_contain_text("big.bin is larger than 1 MB")
            await chat.locator("input[type=file]").set_input_files(str(fits))
            await page.get_by_placeholder("Say").fill("here")
            await page.get_by_placeholder("Say").press("Enter")
            await expect(page.get_by_text("chat files: [1000]")).to_be_visible()

            # accept_multiple_files="directory": a folder's files, subfolders' too, of the
            # allowed types only
            tree = tmp_path / "notes"
            (tree / "sub").mkdir(parents=True)
            (tree / "a.txt").write_text("a")
            (tree / "sub" / "b.TXT").write_text("b")
            (tree / "skip.png").write_bytes(b"png")
            folder = page.locator(".jr-w-file_uploader").nth(1)
            assert await folder.locator("input[type=file]").evaluate("i => i.webkitdirectory && i.multiple")
            await expect(folder.locator(".jr-file-pick")).to_have_text("Upload directories")
            await folder.locator("input[type=file]").set_input_files(str(tree))
            await expect(page.get_by_text("folder: ['a.txt', 'b.TXT']")).to_be_visible()

            # dropped on the dropzone: one file where one is taken, the types filtered for a
            # folder uploader (whose picked files stay: it adds)
            drop = """([sel, names]) => {
                const dt = new DataTransfer();
                for (const n of names) dt.items.add(new File(["z".repeat(5)], n));
                const zone = document.querySelectorAll(".jr-w-file_uploader .jr-dropzone")[sel];
                for (const type of ["dragenter", "dragover", "drop"]) {
                  zone.dispatchEvent(new DragEvent(type, {dataTransfer: dt, bubbles: true, cancelable: true}));
                }
            }"""
            await page.evaluate(drop, [0, ["one.bin", "two.bin"]])
            await expect(uploader.get_by_role("status")).to_have_text("Only one file can be uploaded here")
            await page.evaluate(drop, [0, ["one.bin"]])
            await expect(page.get_by_text("small: 5")).to_be_visible()
            await page.evaluate(drop, [1, ["c.txt", "d.png"]])
            await expect(page.get_by_text("folder: ['a.txt', 'b.TXT', 'c.txt']")).to_be_visible()
    finally:
        served.stop(wait=False)
