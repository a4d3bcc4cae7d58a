/**
 * Windowing for a scrolling list of fixed-height rows below a sticky header: which rows to put in
 * the DOM, and scrolling a row into view.
 *
 * Why not a general virtualiser (@tanstack/react-virtual was here before): with rows of one known
 * height, which rows are in view is arithmetic. The general one keeps a measurement object per
 * row and rebuilt all of them whenever the row count changed, as it does on every filter
 * keystroke: 10,000 objects that then survived into V8's old space, most of the keystroke's
 * garbage-collection time (UI bench heap profile). Here a keystroke costs nothing per row.
 * It also knows about the sticky header, so "scroll row i into view" does not leave the row under
 * the header.
 */
import { useCallback, useLayoutEffect, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';

export interface RowRange {
  /** First row to render. */
  start: number;
  /** One past the last row to render. */
  end: number;
}

export interface RowGeometry {
  rowHeight: number;
  /** Height of the sticky header above the rows, which covers the top of the viewport. */
  headerHeight: number;
  /** The scroll container's visible height, header included. */
  viewportHeight: number;
}

/**
 * The rows in view at `scrollTop` (plus `overscan` on each side), clamped to `count`. A scroll
 * position beyond the end (the list just got shorter; the browser clamps it a moment later) counts
 * as the end, so the last rows show, not nothing.
 */
export function rowRange(scrollTop: number, g: RowGeometry, count: number, overscan: number): RowRange {
  if (count <= 0 || g.rowHeight <= 0) return { start: 0, end: 0 };
  const maxTop = Math.max(0, g.headerHeight + count * g.rowHeight - g.viewportHeight);
  const top = Math.max(0, Math.min(scrollTop, maxTop));
  // Rows start right below the header in the content; the header covers [top, top + header).
  const first = Math.floor(top / g.rowHeight);
  const last = Math.ceil((top + Math.max(0, g.viewportHeight - g.headerHeight)) / g.rowHeight);
  return { start: Math.max(0, first - overscan), end: Math.min(count, Math.max(last, first + 1) + overscan) };
}

export type ScrollAlign = 'auto' | 'center';

/**
 * The scrollTop that shows row `index` below the header: `center` puts it mid-view; `auto` scrolls
 * only as far as needed (none when it is fully visible). Clamped to [0, maxScrollTop].
 */
export function scrollTopFor(
  index: number,
  align: ScrollAlign,
  scrollTop: number,
  g: RowGeometry,
  maxScrollTop: number,
): number {
  const visible = Math.max(0, g.viewportHeight - g.headerHeight);
  const rowTop = index * g.rowHeight; // relative to the rows' start, i.e. to scrollTop 0
  let next = scrollTop;
  if (align === 'center') next = rowTop + g.rowHeight / 2 - visible / 2;
  else if (rowTop < scrollTop) next = rowTop;
  else if (rowTop + g.rowHeight > scrollTop + visible) next = rowTop + g.rowHeight - visible;
  return Math.round(Math.max(0, Math.min(next, maxScrollTop)));
}

export interface RowWindow extends RowRange {
  /** Height of the spacer above the rendered rows. */
  padTop: number;
  /** Height of the spacer below them. */
  padBottom: number;
  scrollToIndex: (index: number, align: ScrollAlign) => void;
}

/**
 * The rows of `count` to render in `scrollRef`'s element; `headerRef` is the sticky header inside
 * it. Re-renders when a scroll crosses a row boundary or the view resizes, not on every scroll event.
 */
export function useRowWindow(
  scrollRef: RefObject<HTMLElement | null>,
  headerRef: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  overscan: number,
): RowWindow {
  // Where the list is scrolled and how big the view is, from scroll and resize events. A scroll
  // within the same row keeps the state as it is (no re-render): the range is then at most one row
  // off, which the overscan covers.
  const [view, setView] = useState({ scrollTop: 0, viewportHeight: 0, headerHeight: 0 });

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    let inEvent = false;
    const read = () => {
      const next = {
        scrollTop: el.scrollTop,
        viewportHeight: el.clientHeight,
        headerHeight: headerRef.current?.offsetHeight ?? 0,
      };
      const update = () =>
        setView((prev) =>
          prev.viewportHeight === next.viewportHeight &&
          prev.headerHeight === next.headerHeight &&
          Math.floor(prev.scrollTop / rowHeight) === Math.floor(next.scrollTop / rowHeight)
            ? prev
            : next,
        );
      // From a scroll event, render the new rows now: the browser fires it inside the frame it is
      // about to paint, and React would otherwise render in a task after that paint, so a fast
      // scroll would show the spacer where rows belong for a frame.
      if (inEvent) flushSync(update);
      else update();
    };
    read();
    inEvent = true;
    el.addEventListener('scroll', read, { passive: true });
    const resize = new ResizeObserver(read);
    resize.observe(el);
    if (headerRef.current) resize.observe(headerRef.current);
    return () => {
      el.removeEventListener('scroll', read);
      resize.disconnect();
    };
  }, [scrollRef, headerRef, rowHeight]);

  const geometry = { rowHeight, headerHeight: view.headerHeight, viewportHeight: view.viewportHeight };
  const { start, end } = rowRange(view.scrollTop, geometry, count, overscan);

  const scrollToIndex = useCallback(
    (index: number, align: ScrollAlign) => {
      const el = scrollRef.current;
      if (!el) return;
      const g = { rowHeight, headerHeight: headerRef.current?.offsetHeight ?? 0, viewportHeight: el.clientHeight };
      const top = scrollTopFor(index, align, el.scrollTop, g, el.scrollHeight - el.clientHeight);
      if (top !== el.scrollTop) el.scrollTop = top;
    },
    [scrollRef, headerRef, rowHeight],
  );

  return { start, end, padTop: start * rowHeight, padBottom: Math.max(0, count - end) * rowHeight, scrollToIndex };
}
