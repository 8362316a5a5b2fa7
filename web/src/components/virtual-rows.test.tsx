// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Rendered, renderWith } from '../test/render.js';
import { VirtualRows } from './virtual-rows.js';

let view: Rendered | undefined;
afterEach(() => {
  view?.unmount();
  vi.restoreAllMocks();
});

describe('virtual rows', () => {
  it('puts only a window of 10,000 rows in the DOM, and announces the full count', async () => {
    // happy-dom lays nothing out: give the scroller the size a browser would.
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(440);
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800);
    view = await renderWith(
      <VirtualRows
        count={10_000}
        rowHeight={36}
        height={440}
        label="log"
        header={<div role="row">head</div>}
        row={(i) => <span role="cell">row {i}</span>}
      />,
      () => ({ body: {} }),
    );
    const rows = view.root.querySelectorAll('.vrow');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(60);
    expect(rows[0].textContent).toBe('row 0');
    expect(view.root.querySelector('[role="table"]')?.getAttribute('aria-rowcount')).toBe('10001');
    const spacer = view.root.querySelector<HTMLElement>('.vscroll > div')!;
    expect(spacer.style.height).toBe(`${10_000 * 36}px`);
  });
});
