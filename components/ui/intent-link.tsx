'use client';
// A Next.js link that prefetches its route only once the user shows intent (pointer over it, keyboard
// focus, a touch), not as soon as it scrolls into view. For links repeated in long lists: a list of
// templates would otherwise ask the app's server for one route prefetch per row on screen, at load and
// again at every scroll (docs/decisions/010). The shell's and breadcrumb's links too: on every page
// they prefetched the list and the estate view (four server renders read while the page loads).
import Link from 'next/link';
import { type ComponentProps, useState } from 'react';

export function IntentLink({
  onMouseEnter,
  onFocus,
  onTouchStart,
  ...props
}: Omit<ComponentProps<typeof Link>, 'prefetch'>) {
  const [intent, setIntent] = useState(false);
  return (
    <Link
      {...props}
      // null is Next's default prefetch (down to the route's loading boundary); false: none on view.
      prefetch={intent ? null : false}
      onMouseEnter={(e) => {
        setIntent(true);
        onMouseEnter?.(e);
      }}
      onFocus={(e) => {
        setIntent(true);
        onFocus?.(e);
      }}
      onTouchStart={(e) => {
        setIntent(true);
        onTouchStart?.(e);
      }}
    />
  );
}
