// The error type every emulated endpoint throws and the servers turn into an HTTP answer. Kept
// apart from http-util.ts (which reads the request log's types) so that the user and billing
// models can throw it without an import circle.
/** An HTTP error the emulator answers with (the real upstreams mix text and JSON bodies). */
export class EmulatorHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string | object,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}
