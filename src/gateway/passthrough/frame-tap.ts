// Parses a passthrough stream for its taps (usage, the terminal frame) without decoding the
// chunks that cannot matter to them. Every frame of most chunks is a text delta the taps ignore,
// yet decoding it makes the chunk's string, its lines' strings and a message object per frame:
// most of what a passthrough stream allocates. A chunk is skipped only when it is harmless to:
// the decoder holds nothing (the previous chunk ended on a frame boundary, and it is not the
// first chunk), the chunk ends on a frame boundary too, and none of the tap's significant byte
// strings occurs in it. The significant strings are ASCII, so a byte search finds exactly the
// frames whose decoded text holds them.
import { createSSEDecoder } from '../../protocols/sse/parse.js';

/** One parsed SSE frame: `event` is absent for bare `data:` frames. */
export type FrameListener = (event: string | undefined, data: string) => void;

export class FrameTap {
  private readonly decoder = createSSEDecoder();
  /** Whether the decoder holds no partial line or frame (false before the first chunk). */
  private clean = false;

  /** `significant`: byte strings one of which every frame the listener acts on contains; none: parse every chunk. */
  constructor(
    private readonly onFrame: FrameListener,
    private readonly significant?: readonly Buffer[],
  ) {}

  /** One upstream chunk; `atBoundary`: it ends with a blank line (the frame boundary). */
  push(chunk: Buffer, atBoundary: boolean): void {
    const skip =
      this.clean && atBoundary && this.significant && !this.significant.some((s) => chunk.includes(s));
    this.clean = atBoundary;
    if (skip) return;
    for (const m of this.decoder.push(chunk)) this.onFrame(m.event, m.data);
  }

  end(): void {
    for (const m of this.decoder.end()) this.onFrame(m.event, m.data);
  }
}

/** Whether a chunk ends with a blank line (LF LF, or LF CR LF): on a frame boundary. */
export function endsWithBlankLine(buf: Buffer): boolean {
  const n = buf.length;
  return (
    n >= 2 &&
    buf[n - 1] === 0x0a &&
    (buf[n - 2] === 0x0a || (n >= 4 && buf[n - 2] === 0x0d && buf[n - 3] === 0x0a))
  );
}
