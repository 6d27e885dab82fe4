import type { EChartsCoreOption } from "echarts/core";
import { useCallback, useMemo } from "react";
import { Link, useNavigate } from "react-router";
import type { Schemas } from "../api/client.js";
import { Chart } from "../ui/Chart.js";
import { Empty, pct } from "../ui/ui.js";

type Heatmap = Schemas["Heatmap"];

const UNALIGNED = "Unaligned";

/** Wraps a long axis label onto at most three lines of about `width` characters. */
function wrap(text: string, width: number): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    if (line && (line + w).length > width) {
      lines.push(line.trim());
      line = "";
    }
    line += `${w} `;
  }
  if (line.trim()) lines.push(line.trim());
  if (lines.length > 3) return `${lines.slice(0, 3).join("\n")}…`;
  return lines.join("\n");
}

/**
 * Units × strategic objectives: each cell is the share of a unit's active work that flows
 * to an objective; the last column is the share that reaches none. A row opens its unit.
 */
export function HeatmapPanel({ heatmap }: { heatmap: Heatmap }) {
  const navigate = useNavigate();
  const { objectives, rows } = heatmap;

  const option = useMemo<EChartsCoreOption>(() => {
    const xs = [...objectives.map((o) => o.title), UNALIGNED];
    // Rows read top-down in the order the API gives; ECharts draws the y axis bottom-up.
    const ys = rows.map((r) => r.name).reverse();
    const yOf = (i: number) => rows.length - 1 - i;
    const ink = (v: number, bad = false) => (v >= (bad ? 0.35 : 0.5) ? "#ffffff" : "#1b2430");
    const aligned = rows.flatMap((r, i) =>
      r.cells.map((v, x) => ({ value: [x, yOf(i), v], label: { color: ink(v) } })),
    );
    const unaligned = rows.map((r, i) => ({
      value: [objectives.length, yOf(i), r.unaligned],
      label: { color: ink(r.unaligned, true) },
    }));
    const label = {
      show: true,
      fontSize: 13,
      formatter: (p: { value: number[] }) => pct(p.value[2]),
    };
    return {
      animation: false,
      tooltip: {
        formatter: (p: { value: number[]; seriesIndex: number }) => {
          const row = rows[yOf(p.value[1])];
          const share = `${pct(p.value[2])} of its work (${row?.items ?? 0} active items)`;
          const where =
            p.seriesIndex === 1
              ? `${share} reaches no strategic objective`
              : `${share} flows to “${escapeHtml(objectives[p.value[0]]?.title ?? "")}”`;
          return `<strong>${escapeHtml(row?.name ?? "")}</strong><br/>${where}<br/><em>Click to open the unit</em>`;
        },
      },
      grid: { left: 8, right: 16, top: 8, bottom: 64, containLabel: true },
      xAxis: {
        type: "category",
        data: xs,
        position: "top",
        splitArea: { show: false },
        axisTick: { show: false },
        axisLine: { show: false },
        axisLabel: {
          interval: 0,
          color: "#1b2430",
          fontSize: 12,
          lineHeight: 15,
          formatter: (v: string) => wrap(v, 18),
          fontWeight: (v: string) => (v === UNALIGNED ? "bold" : "normal"),
        },
      },
      yAxis: {
        type: "category",
        data: ys,
        axisTick: { show: false },
        axisLine: { show: false },
        triggerEvent: true,
        axisLabel: {
          color: "#2f5bd3",
          fontSize: 13,
          formatter: (v: string) => wrap(v, 24),
          lineHeight: 15,
        },
      },
      visualMap: [
        {
          seriesIndex: 0,
          min: 0,
          max: 1,
          calculable: false,
          orient: "horizontal",
          left: "center",
          bottom: 4,
          itemWidth: 12,
          itemHeight: 180,
          text: ["100% of its work", "0%"],
          textStyle: { color: "#5b6675", fontSize: 12 },
          inRange: { color: ["#f1f4fb", "#9db4ee", "#2f5bd3", "#1a3785"] },
        },
        {
          seriesIndex: 1,
          show: false,
          min: 0,
          max: 1,
          inRange: { color: ["#f7f1f0", "#e99a92", "#c0352b", "#8c1f17"] },
        },
      ],
      series: [
        {
          name: "Share of work",
          type: "heatmap",
          data: aligned,
          label,
          itemStyle: { borderColor: "#ffffff", borderWidth: 3, borderRadius: 4 },
          emphasis: { itemStyle: { borderColor: "#1b2430", borderWidth: 2 } },
        },
        {
          name: UNALIGNED,
          type: "heatmap",
          data: unaligned,
          label,
          itemStyle: { borderColor: "#ffffff", borderWidth: 3, borderRadius: 4 },
          emphasis: { itemStyle: { borderColor: "#1b2430", borderWidth: 2 } },
        },
      ],
    };
  }, [objectives, rows]);

  const onClick = useCallback(
    (p: { value?: unknown; componentType?: string }) => {
      let row: Heatmap["rows"][number] | undefined;
      if (p.componentType === "yAxis") {
        row = rows.find((r) => r.name === p.value);
      } else if (Array.isArray(p.value)) {
        row = rows[rows.length - 1 - (p.value[1] as number)];
      }
      if (row) navigate(`/units/${row.unitId}`);
    },
    [rows, navigate],
  );

  if (objectives.length === 0 || rows.length === 0) {
    return (
      <Empty title="Nothing to map yet">
        The heatmap appears once there are strategic objectives and units with goals.{" "}
        <Link to="/strategy">See the strategy</Link>.
      </Empty>
    );
  }

  const summary = `Heatmap of ${rows.length} units against ${objectives.length} strategic objectives: the share of each unit's active work that flows to each objective, and the share that is unaligned. The same numbers are in the table below the chart.`;

  return (
    <>
      <Chart
        option={option}
        height={Math.max(240, rows.length * 52 + 150)}
        label={summary}
        onClick={onClick as never}
      />
      <details className="ov-table-toggle">
        <summary>Show the numbers as a table</summary>
        <div className="ov-table-wrap">
          <table data-testid="heatmap-table">
            <caption className="ov-sr-only">
              Share of each unit's active work flowing to each strategic objective
            </caption>
            <thead>
              <tr>
                <th scope="col">Unit</th>
                {objectives.map((o) => (
                  <th key={o.id} scope="col">
                    {o.title}
                  </th>
                ))}
                <th scope="col">{UNALIGNED}</th>
                <th scope="col">Active items</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.unitId}>
                  <th scope="row">
                    <Link to={`/units/${r.unitId}`}>{r.name}</Link>
                  </th>
                  {r.cells.map((v, i) => (
                    <td key={objectives[i]?.id ?? i} className="ov-num">
                      {pct(v)}
                    </td>
                  ))}
                  <td className={`ov-num ${r.unaligned > 0 ? "ov-bad" : ""}`}>
                    {pct(r.unaligned)}
                  </td>
                  <td className="ov-num">{r.items}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}

function escapeHtml(s: string) {
  return s.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch,
  );
}
