// Credits and tokens per time bucket, drawn by uPlot (canvas; small and fast). Two scales:
// tokens on the left, credits on the right. Axis labels go through Intl in the browser's locale.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { SummaryAnswer } from '../api/types.js';
import { useApp } from '../context.js';
import { formatInt, formatNumber, formatShortTime } from '../format.js';

export function chartData(s: SummaryAnswer): uPlot.AlignedData {
  return [
    s.buckets.map((b) => b.start / 1000),
    s.buckets.map((b) => b.inputTokens + b.outputTokens),
    s.buckets.map((b) => b.nanoAiu / 1e9),
    s.buckets.map((b) => b.requests),
  ];
}

export function UsageChart({ summary }: { summary: SummaryAnswer }) {
  const { t } = useApp();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = () => Math.max(280, el.clientWidth);
    const plot = new uPlot(
      {
        width: width(),
        height: 260,
        scales: { x: { time: true }, credits: {} },
        series: [
          { value: (_u, v) => (v == null ? '–' : formatShortTime(v * 1000)) },
          {
            label: t('usage.tokens'),
            stroke: '#2563eb',
            width: 2,
            value: (_u, v) => formatInt(v ?? undefined),
          },
          {
            label: t('usage.credits'),
            stroke: '#d97706',
            width: 2,
            scale: 'credits',
            value: (_u, v) => formatNumber(v ?? undefined),
          },
          {
            label: t('usage.requests'),
            stroke: '#059669',
            width: 1,
            dash: [4, 4],
            value: (_u, v) => formatInt(v ?? undefined),
          },
        ],
        axes: [
          // Room for localised labels: time ticks at least 110 px apart, tick values up to 7 digits.
          { space: 110, values: (_u, ticks) => ticks.map((v) => formatShortTime(v * 1000)) },
          { size: 70, values: (_u, ticks) => ticks.map((v) => formatInt(v)) },
          {
            scale: 'credits',
            side: 1,
            size: 60,
            grid: { show: false },
            values: (_u, ticks) => ticks.map((v) => formatNumber(v)),
          },
        ],
      },
      chartData(summary),
      el,
    );
    const ro = new ResizeObserver(() => plot.setSize({ width: width(), height: 260 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [summary, t]);
  return <div ref={box} class="chart" role="img" aria-label={t('usage.chartLabel')} />;
}
