package io.solider.tasks.common;

import io.solider.nn.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The charts of the task commands, drawn headless with JFreeChart and written as PNG atomically
 * (temp file, then rename): line charts (a CMC curve, a metric over the semantic weight λ with the
 * best λ marked) and bar charts (a metric per class or attribute). Values are fractions in 0..1
 * drawn as percentages, or raw numbers where a chart says so.
 */
public final class Charts {

  /** Width of the PNGs in pixels. */
  public static final int WIDTH = 800;
  /** Height of the PNGs in pixels. */
  public static final int HEIGHT = 500;

  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e), new Color(0x9467bd),
    new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)
  };

  static {
    // Charts are drawn off screen; without this a machine with a DISPLAY variable but no X server fails.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private Charts() {}

  /** One line of a chart: a label and its y values (fractions unless the chart says otherwise). */
  public record Curve(String label, double[] values) {}

  /**
   * CMC curves: x = rank 1..n, y = hit rate in percent, one line per curve.
   *
   * @throws IllegalArgumentException when there is no curve or a curve is empty
   */
  public static void writeCmc(List<Curve> curves, String title, Path png) throws IOException {
    if (curves.isEmpty()) {
      throw new IllegalArgumentException("no CMC curve to draw");
    }
    XYSeriesCollection data = new XYSeriesCollection();
    int maxRank = 0;
    for (Curve c : curves) {
      if (c.values().length == 0) {
        throw new IllegalArgumentException("CMC curve '" + c.label() + "' is empty");
      }
      XYSeries s = new XYSeries(c.label());
      for (int k = 0; k < c.values().length; k++) {
        s.add(k + 1, 100 * c.values()[k]);
      }
      data.addSeries(s);
      maxRank = Math.max(maxRank, c.values().length);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(title, "rank", "matching rate (%)", data,
        PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = style(chart, curves.size(), maxRank <= 10);
    NumberAxis x = (NumberAxis) plot.getDomainAxis();
    x.setRange(1, Math.max(2, maxRank));
    x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    write(chart, png);
  }

  /**
   * Metrics (percent) over the semantic weight λ, the chart of a task's λ sweep, with the best λ
   * marked.
   *
   * @param metrics one curve per metric, one value per λ (fractions)
   * @param best index of the best λ, whose marker is labelled {@code "best " + bestLabel}
   * @throws IllegalArgumentException when a curve's length differs from the number of λ, or nothing is given
   */
  public static void writeOverLambda(double[] lambdas, List<Curve> metrics, int best, String bestLabel, String title,
      Path png) throws IOException {
    if (lambdas.length == 0 || metrics.isEmpty()) {
      throw new IllegalArgumentException("need at least one λ and one metric");
    }
    XYSeriesCollection data = new XYSeriesCollection();
    for (Curve c : metrics) {
      if (c.values().length != lambdas.length) {
        throw new IllegalArgumentException("need one " + c.label() + " per λ, got " + lambdas.length + " λ and "
            + c.values().length + " " + c.label());
      }
      XYSeries s = new XYSeries(c.label(), true, false);
      for (int i = 0; i < lambdas.length; i++) {
        s.add(lambdas[i], 100 * c.values()[i]);
      }
      data.addSeries(s);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(title, "semantic weight λ", "%", data,
        PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = style(chart, metrics.size(), true);
    NumberAxis x = (NumberAxis) plot.getDomainAxis();
    x.setRange(-0.02, 1.02);
    ValueMarker marker = new ValueMarker(lambdas[best], new Color(0x555555), new BasicStroke(1f,
        BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
    marker.setLabel("best " + bestLabel + ": " + lambdaLabel(lambdas[best]));
    marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    marker.setLabelAnchor(lambdas[best] > 0.5 ? RectangleAnchor.BOTTOM_LEFT : RectangleAnchor.BOTTOM_RIGHT);
    marker.setLabelTextAnchor(lambdas[best] > 0.5 ? TextAnchor.BOTTOM_RIGHT : TextAnchor.BOTTOM_LEFT);
    plot.addDomainMarker(marker);
    write(chart, png);
  }

  /**
   * One bar per label (e.g. per attribute or class), values in percent.
   *
   * @throws IllegalArgumentException when the labels and values differ in number or are empty
   */
  public static void writeBars(List<String> labels, double[] values, String valueLabel, String title, Path png)
      throws IOException {
    if (labels.isEmpty() || labels.size() != values.length) {
      throw new IllegalArgumentException("need one value per label, got " + labels.size() + " labels and "
          + values.length + " values");
    }
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (int i = 0; i < values.length; i++) {
      data.addValue(100 * values[i], valueLabel, labels.get(i));
    }
    JFreeChart chart = ChartFactory.createBarChart(title, null, valueLabel + " (%)", data, PlotOrientation.VERTICAL,
        false, false, false);
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setSeriesPaint(0, PALETTE[0]);
    renderer.setShadowVisible(false);
    CategoryAxis x = plot.getDomainAxis();
    x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    ((NumberAxis) plot.getRangeAxis()).setRange(0, 100.5);
    write(chart, png);
  }

  /** Label of a λ in legends and titles, e.g. "λ = 0.2". */
  public static String lambdaLabel(double lambda) {
    return "λ = " + trim(lambda);
  }

  /** A number without trailing zeros: 0.2, 1, 0.25. */
  public static String trim(double v) {
    String s = String.format(Locale.ROOT, "%.4f", v);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  private static XYPlot style(JFreeChart chart, int series, boolean shapes) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, shapes);
    for (int i = 0; i < series; i++) {
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.setRenderer(renderer);
    NumberAxis y = (NumberAxis) plot.getRangeAxis();
    y.setRange(0, 100.5);
    return plot;
  }

  private static void write(JFreeChart chart, Path png) throws IOException {
    AtomicFiles.write(png, out -> ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT));
  }
}
