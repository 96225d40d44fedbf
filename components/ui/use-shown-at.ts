'use client';
import { useEffect, useState } from 'react';

/**
 * When the page last came back into view (ms), 0 until it first does. A hidden tab reads nothing (the
 * polls pause), so silence from Azure is counted from the later of this and the last answer: coming
 * back to a tab left for an hour is not an hour without an answer.
 */
export function useShownAt(): number {
  const [shownAt, setShownAt] = useState(0);
  useEffect(() => {
    const onChange = () => {
      if (document.visibilityState === 'visible') setShownAt(Date.now());
    };
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);
  return shownAt;
}
