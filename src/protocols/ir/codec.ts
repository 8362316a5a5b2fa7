// The contract every protocol codec implements. Codecs are pure: no I/O, no clock, no globals.
// Time and ids come in through `CodecContext`, so outputs are deterministic in tests.
import type { GatewayError } from '../../errors/gateway-error.js';
import type { IRRequest, IRResponse, IRStreamEvent, IRWarning } from './types.js';

/** One parsed server-sent event. `event` is absent for bare `data:` frames. */
export interface SSEMessage {
  event?: string;
  data: string;
  id?: string;
}

export interface CodecContext {
  /** Unix seconds. */
  now: number;
  /** Returns a fresh unique id with the given prefix (e.g. `msg_`, `call_`). */
  newId: (prefix: string) => string;
  /** Warnings produced while coding (settings the target cannot express). */
  warnings: IRWarning[];
}

/** Model facts an egress encoder may need (limits, thinking budget range...). */
export interface TargetModel {
  id: string;
  maxOutputTokens?: number;
  maxNonStreamingOutputTokens?: number;
  minThinkingBudget?: number;
  maxThinkingBudget?: number;
  reasoningEfforts?: string[];
  adaptiveThinking?: boolean;
  vision?: boolean;
}

/** Turns IR stream events into wire text for a client (ingress side). */
export interface StreamEncoder {
  /** Wire text for one IR event ('' when it produces nothing). */
  push(event: IRStreamEvent): string;
  /** Closes anything still open; returns the terminal frames (e.g. `data: [DONE]`). */
  end(): string;
  /** A protocol-correct keep-alive frame ('' when the protocol has none). */
  heartbeat(): string;
  /** A mid-stream error frame followed by whatever the protocol needs to close cleanly. */
  error(err: GatewayError): string;
}

/** Turns upstream wire events into IR stream events (egress side). */
export interface StreamDecoder {
  push(message: SSEMessage): IRStreamEvent[];
  /** Called when the upstream stream ends; closes open blocks and emits `finish` if missing. */
  end(): IRStreamEvent[];
}

export interface EncodedError {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** The ingress half: a client speaks this protocol to us. */
export interface IngressCodec {
  decodeRequest(body: unknown, ctx: CodecContext): IRRequest;
  encodeResponse(res: IRResponse, req: IRRequest, ctx: CodecContext): unknown;
  createStreamEncoder(req: IRRequest, ctx: CodecContext): StreamEncoder;
  encodeError(err: GatewayError): EncodedError;
}

/** The egress half: we speak this protocol to Copilot. */
export interface EgressCodec {
  encodeRequest(req: IRRequest, target: TargetModel, ctx: CodecContext): Record<string, unknown>;
  decodeResponse(body: unknown, ctx: CodecContext): IRResponse;
  createStreamDecoder(ctx: CodecContext): StreamDecoder;
  /** Maps an upstream error body of this protocol (already parsed when JSON) to a GatewayError. */
  decodeError(status: number, body: unknown, headers: Record<string, string>): GatewayError;
}
