'use client';
// False until the browser has drawn a frame after the component mounted, then true. For components that
// read the page's layout as soon as they mount (React Flow checking its pane's visibility and size; the
// list's virtualiser measuring and scrolling its box, which draws its first rows for a guessed size
// until then): mounted in the same task as the page's first render, each such read
// makes the browser compute the whole page's style and layout inside that task, the longest of the load
// (and many times longer under a profiler, which records each of those steps with the script's stack).
// A frame later, the same reads find the layout done.
import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';

/**
 * `alone`: commit the change on its own (flushSync). The list's virtualiser reads layout when it gets
 * its box; batched with a page of rows arriving in the same task, it would style those new rows from
 * script. React Flow's mount has nothing batched with it and keeps the plain update.
 */
export function useAfterFirstFrame(alone = false): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      // requestAnimationFrame runs before the frame's style and layout; the timer runs after them.
      timer = setTimeout(() => (alone ? flushSync(() => setReady(true)) : setReady(true)), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [alone]);
  return ready;
}
