'use client';
import { ErrorState } from '@/components/shell/states';

// Unexpected failures while rendering a page: say so and offer a retry (ARM errors are handled where
// they happen, with ARM's code and message).
export default function MainError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <ErrorState title="Something went wrong on this page" onRetry={reset}>
      <p className="break-words">{error.message}</p>
    </ErrorState>
  );
}
