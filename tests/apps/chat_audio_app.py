"""A voice chat: the chat input takes recordings (8 kHz) and files."""

import wave

import jupyter_reactive as jr

msg = jr.chat_input("Say or record", accept_audio=True, audio_sample_rate=8000, accept_file=True)
if msg is None:
    jr.write("nothing sent")
else:
    rec = msg.audio
    if rec is None:
        jr.write(f"text only: {msg.text!r}")
    else:
        with wave.open(rec) as w:
            jr.write(
                f"voice: {msg.text!r} {w.getframerate()} Hz, {w.getnframes()} frames, {rec.type}, "
                f"{rec.name.startswith('audio-') and rec.name.endswith('.wav')}, {len(msg.files)} files"
            )
