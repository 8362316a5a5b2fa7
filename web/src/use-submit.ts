// A form action's busy flag and error, so every submit button disables itself and every failure
// is shown where the user acted.
import { useState } from 'preact/hooks';
import { ApiError } from './api/client.js';

export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | Error | undefined>();
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (err) {
      setError(err as Error);
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (param: string) =>
    error instanceof ApiError && error.param === param ? error.message : undefined;
  return { busy, error, setError, run, fieldError };
}
