import { cn } from './cn';

export function Skeleton({ className }: { className?: string }) {
  return (
    <span
      aria-hidden
      className={cn('block motion-safe:animate-pulse rounded bg-slate-200 dark:bg-slate-800', className)}
    />
  );
}
