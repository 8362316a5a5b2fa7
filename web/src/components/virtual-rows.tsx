// A windowed list over @tanstack/virtual-core: only the rows in view (plus a few) are in the DOM,
// so 10,000 log rows scroll like 20. Fixed row height; `onEnd` fires near the bottom (load more).
import {
  elementScroll,
  observeElementOffset,
  observeElementRect,
  Virtualizer,
  type VirtualizerOptions,
} from '@tanstack/virtual-core';
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useReducer, useRef, useState } from 'preact/hooks';

export interface VirtualRowsProps {
  count: number;
  rowHeight: number;
  /** Visible height in px. */
  height: number;
  label: string;
  header: ComponentChildren;
  row: (index: number) => ComponentChildren;
  onEnd?: () => void;
}

export function VirtualRows({ count, rowHeight, height, label, header, row, onEnd }: VirtualRowsProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const options: VirtualizerOptions<HTMLDivElement, HTMLDivElement> = {
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 8,
    initialRect: { width: 0, height },
    observeElementRect,
    observeElementOffset,
    scrollToFn: elementScroll,
    onChange: () => rerender(undefined),
  };
  const [v] = useState(() => new Virtualizer(options));
  v.setOptions(options);
  useLayoutEffect(() => v._didMount(), [v]);
  useLayoutEffect(() => v._willUpdate());
  const items = v.getVirtualItems();
  const last = items[items.length - 1]?.index ?? -1;
  useEffect(() => {
    if (onEnd && count > 0 && last >= count - 1 - 8) onEnd();
  }, [last, count, onEnd]);
  return (
    <div class="vtable" role="table" aria-label={label} aria-rowcount={count + 1}>
      <div role="rowgroup" class="vhead">
        {header}
      </div>
      <div ref={scroller} class="vscroll" style={{ height: `${height}px` }} tabIndex={0} role="rowgroup">
        <div style={{ height: `${v.getTotalSize()}px`, position: 'relative' }}>
          {items.map((it) => (
            <div
              key={it.key}
              role="row"
              aria-rowindex={it.index + 2}
              class="vrow"
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                height: `${rowHeight}px`,
                transform: `translateY(${it.start}px)`,
              }}
            >
              {row(it.index)}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
