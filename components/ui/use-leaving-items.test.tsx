// @vitest-environment jsdom
// Rows that leave a virtualised window: hidden in place for one commit, then removed, and no element
// already on the page is moved or re-created on the way (React keeps each key's DOM node).
import { act, cleanup, render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { mergeLeaving, useLeavingItems } from './use-leaving-items';

afterEach(cleanup);

describe('mergeLeaving', () => {
  it('keeps each leaving key right after the key that preceded it', () => {
    // New rows sort in above: b, c stay; d, e are pushed out below.
    expect(mergeLeaving(['a', 'b', 'c', 'd', 'e'], ['x', 'a', 'y', 'b', 'c'])).toEqual([
      'x',
      'a',
      'y',
      'b',
      'c',
      'd',
      'e',
    ]);
  });
  it('puts keys that left from the top first (scrolling down)', () => {
    expect(mergeLeaving(['a', 'b', 'c', 'd'], ['c', 'd', 'e', 'f'])).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });
  it('is the new order when nothing leaves', () => {
    expect(mergeLeaving(['a', 'b'], ['a', 'z', 'b'])).toEqual(['a', 'z', 'b']);
    expect(mergeLeaving([], ['a'])).toEqual(['a']);
  });
  it('keeps a key that left between two that stayed in its place', () => {
    expect(mergeLeaving(['a', 'b', 'c'], ['a', 'c'])).toEqual(['a', 'b', 'c']);
  });
});

function List({ items }: { items: string[] }) {
  const placed = useLeavingItems(items, (s) => s);
  return (
    <ul>
      {placed.map((p) => (
        <li key={p.key} hidden={p.leaving} data-key={p.key}>
          {p.item}
        </li>
      ))}
    </ul>
  );
}

const shown = (c: HTMLElement) =>
  [...c.querySelectorAll('li')].map((li) => `${li.dataset.key ?? ''}${li.hidden ? ' (hidden)' : ''}`);

describe('useLeavingItems', () => {
  it('hides what left, in place, then removes it; elements that stay are the same nodes', async () => {
    const { container, rerender } = render(<List items={['a', 'b', 'c', 'd']} />);
    const nodeOf = (k: string) => container.querySelector(`li[data-key="${k}"]`);
    const [a, b] = [nodeOf('a'), nodeOf('b')];
    rerender(<List items={['x', 'a', 'b']} />);
    expect(shown(container)).toEqual(['x', 'a', 'b', 'c (hidden)', 'd (hidden)']);
    expect(nodeOf('a')).toBe(a);
    expect(nodeOf('b')).toBe(b);
    await waitFor(() => expect(shown(container)).toEqual(['x', 'a', 'b']));
    expect(nodeOf('a')).toBe(a);
  });

  it('shows a leaving item again if it comes back before it is removed', () => {
    const { container, rerender } = render(<List items={['a', 'b']} />);
    rerender(<List items={['a']} />);
    const b = container.querySelector('li[data-key="b"]');
    expect(shown(container)).toEqual(['a', 'b (hidden)']);
    rerender(<List items={['a', 'b']} />);
    expect(shown(container)).toEqual(['a', 'b']);
    expect(container.querySelector('li[data-key="b"]')).toBe(b);
  });

  it('renders the items as they are now, and a leaving one as it last was', async () => {
    function Labelled({ items }: { items: { k: string; label: string }[] }) {
      const placed = useLeavingItems(items, (i) => i.k);
      return (
        <ul>
          {placed.map((p) => (
            <li key={p.key} hidden={p.leaving}>
              {p.item.label}
            </li>
          ))}
        </ul>
      );
    }
    const { container, rerender } = render(
      <Labelled
        items={[
          { k: 'a', label: 'A1' },
          { k: 'b', label: 'B1' },
        ]}
      />,
    );
    rerender(
      <Labelled
        items={[
          { k: 'a', label: 'A2' },
          { k: 'b', label: 'B2' },
        ]}
      />,
    );
    rerender(<Labelled items={[{ k: 'a', label: 'A3' }]} />);
    expect([...container.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['A3', 'B2']);
    await act(() => new Promise((r) => setTimeout(r, 10)));
    expect([...container.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['A3']);
  });
});
