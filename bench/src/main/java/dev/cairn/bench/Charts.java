package dev.cairn.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's two plots, as PNG (JFreeChart, headless). */
final class Charts {

    private Charts() {}

    /** Event→marker latency by percentile (x: percentile, y: milliseconds). */
    static void latencyPercentiles(List<Double> latenciesMs, int rate, Path png) throws IOException {
        Stats stats = new Stats(latenciesMs);
        XYSeries series = new XYSeries("event → completion_marker.txt");
        for (double p = 1; p <= 99; p += 1) {
            series.add(p, stats.percentile(p));
        }
        for (double p : new double[] {99.5, 99.9, 100}) {
            series.add(p, stats.percentile(p));
        }
        JFreeChart chart = ChartFactory.createXYLineChart(
                "Marker latency at " + rate + " completions/s (" + stats.count() + " samples)",
                "percentile",
                "milliseconds",
                new XYSeriesCollection(series),
                PlotOrientation.VERTICAL,
                true,
                false,
                false);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 500);
    }

    /** Ledger events applied per second over the ingest run. */
    static void throughput(List<CounterSeries.Sample> rates, Path png) throws IOException {
        XYSeries series = new XYSeries("events consumed per second");
        rates.forEach(s -> series.add(s.seconds(), s.value()));
        JFreeChart chart = ChartFactory.createXYLineChart(
                "Ledger ingest throughput",
                "seconds since consumption started",
                "events per second",
                new XYSeriesCollection(series),
                PlotOrientation.VERTICAL,
                true,
                false,
                false);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 500);
    }
}
