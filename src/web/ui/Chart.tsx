import { BarChart, HeatmapChart, LineChart } from "echarts/charts";
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
} from "echarts/components";
import type { EChartsCoreOption } from "echarts/core";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

echarts.use([
  BarChart,
  HeatmapChart,
  LineChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  VisualMapComponent,
  DataZoomComponent,
  MarkLineComponent,
  SVGRenderer,
]);

/**
 * An Apache ECharts chart (SVG renderer: crisp, and readable by tests). `label` describes
 * the chart for screen readers; pass a table or text alternative next to it where it matters.
 */
export function Chart({
  option,
  height = 320,
  label,
  onClick,
}: {
  option: EChartsCoreOption;
  height?: number;
  label: string;
  onClick?: (params: {
    data?: unknown;
    dataIndex: number;
    seriesIndex?: number;
    value?: unknown;
  }) => void;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: "svg" });
    chart.current = c;
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(el.current);
    return () => {
      resize.disconnect();
      c.dispose();
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);

  useEffect(() => {
    const c = chart.current;
    if (!c || !onClick) return;
    c.on("click", onClick as never);
    return () => {
      c.off("click");
    };
  }, [onClick]);

  return <div ref={el} role="img" aria-label={label} style={{ width: "100%", height }} />;
}
