"""Videos with subtitles (SubRip converted, WebVTT as given, one past the inline size so it goes
through the media store) and a YouTube link."""

import io

import jupyter_reactive as jr

SRT = "1\n00:00:00,000 --> 00:00:05,000\nHello from SubRip\n\n2\n00:00:05,000 --> 00:00:09,000\nSecond cue\n"
VTT = "WEBVTT\n\n00:00.000 --> 00:05.000\nBonjour\n"
LONG = "WEBVTT\n\n" + "".join(
    f"00:{i // 60:02d}:{i % 60:02d}.000 --> 00:{i // 60:02d}:{i % 60:02d}.900\ncue {i} {'x' * 40}\n\n"
    for i in range(600)
)

jr.title("Videos")
# not playable bytes: the tracks load and are read all the same
jr.video(b"\0" * 64, format="video/mp4", subtitles={"English": SRT, "French": io.BytesIO(VTT.encode())})
jr.video(b"\1" * 64, format="video/mp4", subtitles={"None": "", "Long": LONG})
jr.video("https://www.youtube.com/watch?v=_T8LGqJtuGc", start_time=5, end_time=20, loop=True, muted=True)
jr.write("all drawn")
