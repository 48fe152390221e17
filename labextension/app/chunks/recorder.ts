// The recorder chunk: records the microphone with MediaRecorder and re-encodes what it gives
// (webm/opus in Chromium) as a mono 16-bit PCM WAV at the widget's sample rate. Runs in the
// page; loaded by app/buttons.ts the first time a viewer presses an audio_input's Record.

import { defineChunk } from "../lazy";

export interface RecorderApi {
  /** Start recording (asks for the microphone); resolves to the function that stops it and
   *  resolves to the WAV. `tick` is called with the seconds recorded, twice a second. */
  start(rate: number | null, tick: (seconds: number) => void): Promise<() => Promise<Blob>>;
}

/** Decode a recording, mix it to mono at `rate` Hz (the decoded rate when null), and encode it
 *  as a 16-bit PCM WAV. */
async function toWav(recorded: Blob, rate: number | null): Promise<Blob> {
  const ac = new AudioContext();
  let decoded: AudioBuffer;
  try {
    decoded = await ac.decodeAudioData(await recorded.arrayBuffer());
  } finally {
    void ac.close();
  }
  const sr = rate || decoded.sampleRate;
  const off = new OfflineAudioContext(1, Math.max(1, Math.ceil(decoded.duration * sr)), sr);
  const src = off.createBufferSource();
  src.buffer = decoded;
  src.connect(off.destination);
  src.start();
  const pcm = (await off.startRendering()).getChannelData(0);
  const out = new DataView(new ArrayBuffer(44 + pcm.length * 2));
  const text = (at: number, s: string): void => [...s].forEach((c, i) => out.setUint8(at + i, c.charCodeAt(0)));
  text(0, "RIFF");
  out.setUint32(4, 36 + pcm.length * 2, true);
  text(8, "WAVEfmt ");
  out.setUint32(16, 16, true); // fmt chunk size
  out.setUint16(20, 1, true); // PCM
  out.setUint16(22, 1, true); // mono
  out.setUint32(24, sr, true);
  out.setUint32(28, sr * 2, true); // bytes per second
  out.setUint16(32, 2, true); // bytes per frame
  out.setUint16(34, 16, true); // bits per sample
  text(36, "data");
  out.setUint32(40, pcm.length * 2, true);
  pcm.forEach((x, i) => out.setInt16(44 + i * 2, Math.max(-1, Math.min(1, x)) * 0x7fff, true));
  return new Blob([out.buffer], { type: "audio/wav" });
}

const api: RecorderApi = {
  async start(rate, tick) {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    const chunks: Blob[] = [];
    const recorder = new MediaRecorder(stream);
    recorder.ondataavailable = (ev) => {
      if (ev.data.size) chunks.push(ev.data);
    };
    const stopped = new Promise<void>((resolve) => (recorder.onstop = () => resolve()));
    const started = Date.now();
    const timer = setInterval(() => tick((Date.now() - started) / 1000), 500);
    recorder.start();
    tick(0);
    return async () => {
      clearInterval(timer);
      recorder.stop();
      await stopped;
      stream.getTracks().forEach((t) => t.stop());
      return toWav(new Blob(chunks, { type: recorder.mimeType }), rate);
    };
  },
};

defineChunk("recorder", api);
