import { useMemo } from "react";
import type { Node } from "../api/client.js";
import { Chart } from "../ui/Chart.js";
import { Empty } from "../ui/ui.js";
import type { Checkin } from "./data.js";
import { date, metric, number } from "./format.js";

const BRAND = "#2f5bd3";
const GOOD = "#1f8a4c";
const MUTED = "#5b6675";
const CONF = "#b26b00";

/**
 * The metric's history from its check-ins: value over time against a dashed target line
 * (and a dotted baseline), with the owner's confidence on a second axis.
 */
export function MetricChart({ node, checkins }: { node: Node; checkins: Checkin[] }) {
  const points = useMemo(
    () =>
      [...checkins]
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
        .map((c) => ({
          t: new Date(c.createdAt).getTime(),
          value: c.value,
          confidence: c.confidence,
        })),
    [checkins],
  );
  const { values, confidences } = useMemo(
    () => ({
      values: points.filter((p) => p.value !== null),
      confidences: points.filter((p) => p.confidence !== null),
    }),
    [points],
  );

  const option = useMemo(() => {
    const ys = values.map((p) => p.value as number);
    if (node.target !== null) ys.push(node.target);
    if (node.baseline !== null) ys.push(node.baseline);
    let min = Math.min(...ys);
    let max = Math.max(...ys);
    const pad = (max - min || Math.abs(max) || 1) * 0.12;
    min = min - pad;
    max = max + pad;
    if (Math.min(...ys) >= 0 && min < 0) min = 0;
    const marks: object[] = [];
    if (node.target !== null)
      marks.push({
        yAxis: node.target,
        name: "Target",
        lineStyle: { type: "dashed", color: GOOD, width: 2 },
        label: {
          formatter: `Target ${metric(node.target, node.metricUnit)}`,
          position: "insideEndTop",
          color: GOOD,
          fontWeight: 600,
        },
      });
    if (node.baseline !== null)
      marks.push({
        yAxis: node.baseline,
        name: "Baseline",
        lineStyle: { type: "dotted", color: MUTED, width: 1 },
        label: {
          formatter: `Baseline ${metric(node.baseline, node.metricUnit)}`,
          position: "insideStartBottom",
          color: MUTED,
        },
      });
    return {
      animation: false,
      textStyle: { fontFamily: "system-ui, sans-serif" },
      legend: {
        top: 0,
        left: "center",
        data: ["Value", "Confidence"],
        formatter: (name: string) =>
          name === "Value"
            ? `Value${node.metricUnit ? ` (${node.metricUnit})` : ""}`
            : "Confidence (right axis)",
        textStyle: { color: MUTED },
      },
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      tooltip: {
        trigger: "axis",
        formatter: (params: { seriesName: string; value: [number, number]; marker: string }[]) => {
          if (!params.length) return "";
          const t = params[0].value[0];
          const lines = params.map((p) =>
            p.seriesName === "Confidence"
              ? `${p.marker} Confidence ${Math.round(p.value[1])}%`
              : `${p.marker} ${metric(p.value[1], node.metricUnit)}`,
          );
          return [date(new Date(t).toISOString()), ...lines].join("<br/>");
        },
      },
      xAxis: {
        type: "time",
        axisLabel: { color: MUTED, hideOverlap: true },
        axisLine: { lineStyle: { color: "#b8c0cb" } },
      },
      yAxis: [
        {
          type: "value",
          min: Number(min.toPrecision(3)),
          max: Number(max.toPrecision(3)),
          axisLabel: { color: MUTED, formatter: (v: number) => compact(v) },
          splitLine: { lineStyle: { color: "#eceff3" } },
        },
        {
          type: "value",
          min: 0,
          max: 100,
          interval: 25,
          axisLabel: { color: MUTED, formatter: "{value}%" },
          splitLine: { show: false },
        },
      ],
      series: [
        {
          name: "Value",
          type: "line",
          color: BRAND,
          data: values.map((p) => [p.t, p.value]),
          symbol: "circle",
          symbolSize: 6,
          lineStyle: { width: 2.5 },
          markLine: { symbol: "none", silent: true, data: marks },
          z: 3,
        },
        {
          name: "Confidence",
          type: "line",
          yAxisIndex: 1,
          color: CONF,
          data: confidences.map((p) => [p.t, Math.round((p.confidence as number) * 100)]),
          symbol: "none",
          lineStyle: { width: 1.5, type: "solid", opacity: 0.8 },
          areaStyle: { opacity: 0.06 },
          z: 2,
        },
      ],
    };
  }, [values, confidences, node]);

  if (values.length === 0 && confidences.length === 0)
    return (
      <Empty title="No check-ins yet">
        The chart fills in as soon as someone checks in with a value or a confidence.
      </Empty>
    );

  const first = values[0];
  const last = values[values.length - 1];
  const label =
    values.length > 0
      ? `Line chart of ${node.title}: ${values.length} check-ins from ${metric(first.value, node.metricUnit)} on ${date(new Date(first.t).toISOString())} to ${metric(last.value, node.metricUnit)} on ${date(new Date(last.t).toISOString())}${node.target !== null ? `, against a target of ${metric(node.target, node.metricUnit)}` : ""}; confidence on the right axis.`
      : `Line chart of the confidence in ${node.title} over ${confidences.length} check-ins.`;
  return <Chart option={option} height={300} label={label} />;
}

function compact(v: number): string {
  const a = Math.abs(v);
  if (a >= 1_000_000) return `${number(v / 1_000_000)}M`;
  if (a >= 10_000) return `${number(v / 1_000)}k`;
  return number(v);
}
