// Error bodies the Copilot upstream answers with (exact texts from the reference where known).
import { EmulatorHttpError } from './http-util.js';

export function openaiError(message: string, code: string | null, param: string | null = null, status = 400) {
  return new EmulatorHttpError(status, { error: { message, type: 'invalid_request_error', param, code } });
}

export function anthropicError(message: string, status = 400, type = 'invalid_request_error') {
  return new EmulatorHttpError(status, { type: 'error', error: { type, message } });
}

export function modelNotSupported() {
  return new EmulatorHttpError(400, {
    error: {
      message: 'The requested model is not supported.',
      code: 'model_not_supported',
      param: 'model',
      type: 'invalid_request_error',
    },
  });
}

export function unsupportedApiForModel(model: string, endpoint: string) {
  return new EmulatorHttpError(400, {
    error: {
      message: `model "${model}" is not accessible via the ${endpoint} endpoint`,
      code: 'unsupported_api_for_model',
      param: 'model',
      type: 'invalid_request_error',
    },
  });
}

export function visionHeaderMissing() {
  return new EmulatorHttpError(400, {
    error: {
      message: 'missing required Copilot-Vision-Request header for vision requests',
      code: 'missing_vision_header',
      param: null,
      type: 'invalid_request_error',
    },
  });
}

export function invalidJson() {
  return openaiError(
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.",
    'invalid_json',
  );
}

/**
 * A body whose shape the upstream cannot read (a null where a block belongs, a number for a
 * list...): Copilot validates requests and answers 400, it does not fail with a 500.
 */
export function malformedBody(path: string, detail: string) {
  const message = `invalid request body: ${detail.slice(0, 200)}`;
  return path === '/v1/messages' ? anthropicError(message) : openaiError(message, 'invalid_request_body');
}
