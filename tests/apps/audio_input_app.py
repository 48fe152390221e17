import wave

import jupyter_reactive as jr

jr.title("Recorder")
rec = jr.audio_input("Voice note", sample_rate=8000)
if rec is not None:
    with wave.open(rec) as w:
        jr.write(f"recorded: {w.getframerate()} Hz, {w.getnchannels()} channel, {w.getnframes()} frames, {rec.type}")
    jr.audio(rec)
else:
    jr.write("nothing recorded")
