import type { EChartsCoreOption } from "echarts/core";
import { useMemo } from "react";
import type { Schemas } from "../api/client.js";
import { Chart } from "../ui/Chart.js";
import { Empty, pct } from "../ui/ui.js";

type Week = Schemas["Trends"]["weeks"][number];

const day = (iso: string) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString("en", {
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  });

/** First and last known value of a series, to say in words what the chart shows. */
function ends(weeks: Week[], key: "progress" | "confidence") {
  const known = weeks.filter((w) => w[key] !== null);
  if (known.length === 0) return null;
  return { from: known[0][key] as number, to: known[known.length - 1][key] as number };
}

function describe(weeks: Week[]): string {
  const p = ends(weeks, "progress");
  const c = ends(weeks, "confidence");
  const parts: string[] = [];
  if (p) {
    const d = Math.round((p.to - p.from) * 100);
    parts.push(
      d === 0
        ? `Progress held at ${pct(p.to)}`
        : `Progress ${d > 0 ? "rose" : "fell"} from ${pct(p.from)} to ${pct(p.to)}`,
    );
  }
  if (c) {
    const d = Math.round((c.to - c.from) * 100);
    parts.push(
      Math.abs(d) <= 2
        ? `confidence held steady near ${pct(c.to)}`
        : `confidence ${d > 0 ? "rose" : "fell"} from ${pct(c.from)} to ${pct(c.to)}`,
    );
  }
  const checkins = weeks.reduce((n, w) => n + w.checkins, 0);
  return `${parts.join(", and ")} over the last ${weeks.length} weeks (${checkins.toLocaleString("en")} check-ins).`;
}

/** Weekly progress and confidence over the cycle, from the check-in history. */
export function TrendsPanel({ weeks }: { weeks: Week[] }) {
  const option = useMemo<EChartsCoreOption>(() => {
    const round = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
    return {
      animation: false,
      color: ["#2f5bd3", "#1f8a4c"],
      tooltip: {
        trigger: "axis",
        valueFormatter: (v: number | null) => (v === null ? "—" : `${Math.round(v)}%`),
      },
      legend: { top: 0, left: 0, textStyle: { color: "#1b2430", fontSize: 13 } },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: {
        type: "category",
        boundaryGap: false,
        data: weeks.map((w) => day(w.week)),
        axisLabel: { color: "#5b6675" },
        axisLine: { lineStyle: { color: "#b8c0cb" } },
      },
      yAxis: {
        type: "value",
        min: 0,
        max: 100,
        interval: 25,
        axisLabel: { formatter: "{value}%", color: "#5b6675" },
        splitLine: { lineStyle: { color: "#eceff3" } },
      },
      series: [
        {
          name: "Progress",
          type: "line",
          data: weeks.map((w) => round(w.progress)),
          showSymbol: false,
          connectNulls: true,
          lineStyle: { width: 3 },
          areaStyle: { opacity: 0.08 },
        },
        {
          name: "Confidence",
          type: "line",
          data: weeks.map((w) => round(w.confidence)),
          showSymbol: false,
          connectNulls: true,
          lineStyle: { width: 3, type: "dashed" },
        },
      ],
    };
  }, [weeks]);

  if (weeks.length === 0 || weeks.every((w) => w.progress === null && w.confidence === null)) {
    return (
      <Empty title="No check-ins yet">
        Trends appear here once owners start checking in on their goals.
      </Empty>
    );
  }
  const text = describe(weeks);
  return (
    <>
      <p className="ov-lede">{text}</p>
      <Chart
        option={option}
        height={280}
        label={`Line chart of weekly progress and confidence. ${text}`}
      />
    </>
  );
}
