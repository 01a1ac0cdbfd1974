// Diagnostics: the last 24 hours at a glance — notifications received, bookings changed and failures
// per hour as bars, the median notification-to-booking latency as a line; the same figures as a
// table for screen readers and for reading exact values. Plain SVG, rendered on the server.
import { Card } from "@/components/ui/card";
import { getT } from "@/lib/i18n/server";
import type { VolumeHour } from "@/lib/integrations/queries";
import { formatTime } from "@/lib/time/format";
import { getTimeContext } from "@/lib/time/server";

const W = 720;
const H = 170;
const PAD = { left: 34, right: 44, top: 10, bottom: 24 };
const SERIES = [
  { key: "received", color: "#2f6fde" },
  { key: "changed", color: "#059669" },
  { key: "failed", color: "#dc2626" },
] as const;

const ms = (v: number | null) => (v === null ? "—" : v < 1000 ? `${v} ms` : `${(v / 1000).toFixed(1)} s`);

export async function VolumeChart({ hours }: { hours: VolumeHour[] }) {
  const [t, time] = await Promise.all([getT("integrations"), getTimeContext()]);
  const maxCount = Math.max(1, ...hours.flatMap((h) => [h.received, h.changed, h.failed]));
  const maxLatency = Math.max(1, ...hours.map((h) => h.latencyMs ?? 0));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, hours.length);
  const bar = Math.max(2, (slot - 4) / SERIES.length);
  const y = (v: number) => PAD.top + plotH - (v / maxCount) * plotH;
  const yl = (v: number) => PAD.top + plotH - (v / maxLatency) * plotH;
  const points = hours
    .map((h, n) => (h.latencyMs === null ? null : `${PAD.left + slot * n + slot / 2},${yl(h.latencyMs)}`))
    .filter((p): p is string => p !== null)
    .join(" ");
  const totals = {
    received: hours.reduce((s, h) => s + h.received, 0),
    changed: hours.reduce((s, h) => s + h.changed, 0),
    failed: hours.reduce((s, h) => s + h.failed, 0),
  };
  const label = {
    received: t("diag.chart.received"),
    changed: t("diag.chart.changed"),
    failed: t("diag.chart.failed"),
  };
  const summary = t("diag.chart.summary", { ...totals, zone: time.zone });
  return (
    <Card title={t("diag.chart.title")}>
      <div className="space-y-2">
        <svg
          viewBox={`0 0 ${W} ${H}`}
          className="h-auto w-full"
          role="img"
          aria-labelledby="volume-title volume-desc"
          data-testid="volume-chart"
        >
          <title id="volume-title">{t("diag.chart.title")}</title>
          <desc id="volume-desc">{summary}</desc>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} stroke="#cbd5e1" />
          <text x={PAD.left - 4} y={y(maxCount) + 4} textAnchor="end" fontSize="10" fill="#64748b">
            {maxCount}
          </text>
          <text x={PAD.left - 4} y={y(0)} textAnchor="end" fontSize="10" fill="#64748b">
            0
          </text>
          {hours.map((h, n) => (
            <g key={h.at.getTime()}>
              {SERIES.map((s, k) =>
                h[s.key] ? (
                  <rect
                    key={s.key}
                    x={PAD.left + slot * n + 2 + k * bar}
                    y={y(h[s.key])}
                    width={bar - 1}
                    height={y(0) - y(h[s.key])}
                    fill={s.color}
                  />
                ) : null,
              )}
              {n % 3 === 0 ? (
                <text x={PAD.left + slot * n + slot / 2} y={H - 8} textAnchor="middle" fontSize="10" fill="#64748b">
                  {formatTime(h.at, time)}
                </text>
              ) : null}
            </g>
          ))}
          {points ? <polyline points={points} fill="none" stroke="#d97706" strokeWidth="1.5" /> : null}
          {points ? (
            <text x={W - PAD.right + 4} y={yl(maxLatency) + 4} fontSize="10" fill="#d97706">
              {ms(maxLatency)}
            </text>
          ) : null}
        </svg>
        <ul className="flex flex-wrap gap-4 text-xs text-slate-600">
          {SERIES.map((s) => (
            <li key={s.key} className="flex items-center gap-1">
              <span className="inline-block h-2.5 w-2.5 rounded-sm" style={{ backgroundColor: s.color }} />
              {label[s.key]} ({totals[s.key]})
            </li>
          ))}
          <li className="flex items-center gap-1">
            <span className="inline-block h-0.5 w-3 bg-amber-600" />
            {t("diag.chart.latency")}
          </li>
        </ul>
        <details className="text-sm">
          <summary className="cursor-pointer text-xs text-slate-600">{t("diag.chart.asTable")}</summary>
          <table className="mt-2 w-full text-xs">
            <caption className="sr-only">{summary}</caption>
            <thead>
              <tr className="text-left text-slate-500">
                <th className="py-1 pr-3">{t("diag.chart.hour", { zone: time.zone })}</th>
                <th className="py-1 pr-3">{label.received}</th>
                <th className="py-1 pr-3">{label.changed}</th>
                <th className="py-1 pr-3">{label.failed}</th>
                <th className="py-1 pr-3">{t("diag.chart.latency")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 tabular-nums">
              {hours.map((h) => (
                <tr key={h.at.getTime()}>
                  <td className="py-0.5 pr-3">{formatTime(h.at, time)}</td>
                  <td className="py-0.5 pr-3">{h.received}</td>
                  <td className="py-0.5 pr-3">{h.changed}</td>
                  <td className="py-0.5 pr-3">{h.failed}</td>
                  <td className="py-0.5 pr-3">{ms(h.latencyMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </div>
    </Card>
  );
}
