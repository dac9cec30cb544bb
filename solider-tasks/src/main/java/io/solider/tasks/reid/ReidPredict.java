package io.solider.tasks.reid;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.extract.ExtractionConfig;
import io.solider.nn.extract.FeatureExtractor;
import io.solider.nn.extract.InferenceEngine;
import io.solider.nn.extract.PooledFeatures;
import io.solider.nn.image.ImageNormalization;
import io.solider.nn.image.ImageSize;
import io.solider.nn.image.Images;
import io.solider.nn.io.AtomicFiles;
import io.solider.nn.io.Npy;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-id predictions for a folder of person crops: each crop's embedding as the release computes it
 * (pooled feature before the BN neck at λ, L2-normalised), and for each crop its most similar other
 * crops. Writes {@code embeddings.npy} (N × D, float32), {@code index.csv} (row → file),
 * {@code neighbours.csv} (file, rank, neighbour, cosine similarity) and {@code neighbours.png}
 * (each crop followed by its nearest crops, similarity printed under each).
 */
public final class ReidPredict {

  private static final Logger log = LoggerFactory.getLogger(ReidPredict.class);
  private static final int TILE_H = 128;
  private static final int TILE_W = 64;
  private static final int LABEL_H = 16;

  /**
   * How to predict.
   *
   * @param size input size (384×128)
   * @param normalization image normalisation (mean 0.5 / std 0.5 for re-id models)
   * @param semanticWeight λ (0.2)
   * @param neighbours nearest crops listed per crop
   * @param pictureRows crops drawn in {@code neighbours.png} (the first ones in file order)
   * @param batchSize images per forward pass
   * @param engine what runs the backbone (SameDiff or ONNX Runtime)
   */
  public record Config(ImageSize size, ImageNormalization normalization, double semanticWeight, int neighbours,
      int pictureRows, int batchSize, InferenceEngine engine) {
    public Config {
      if (!(semanticWeight >= 0 && semanticWeight <= 1)) {
        throw new IllegalArgumentException("semantic weight must be in [0, 1], got " + semanticWeight);
      }
      if (neighbours < 1 || pictureRows < 0 || batchSize < 1) {
        throw new IllegalArgumentException("neighbours and batch size must be >= 1 and picture rows >= 0");
      }
    }

    /** The release's test settings: 384×128, mean/std 0.5, λ 0.2; 5 neighbours, 12 rows drawn, batches of 16, SameDiff. */
    public static Config release() {
      return new Config(new ImageSize(384, 128), ImageNormalization.half(), 0.2, 5, 12, 16, InferenceEngine.SAMEDIFF);
    }
  }

  /** A crop's nearest other crops, most similar first. */
  public record Neighbours(Path file, List<Path> files, double[] similarities) {}

  private ReidPredict() {}

  /** Embeds every image under {@code input} and writes the files named in the class comment into {@code output}. */
  public static List<Neighbours> run(Backbone backbone, Path input, Config config, Path output) throws IOException {
    List<Path> files = Images.listImages(input);
    if (files.isEmpty()) {
      throw new IllegalArgumentException(input + ": no images (" + Images.EXTENSIONS + ")");
    }
    ExtractionConfig extraction = ExtractionConfig.defaults().withBatchSize(config.batchSize())
        .withSize(config.size().height(), config.size().width()).withStages(false)
        .withNormalization(config.normalization());
    PooledFeatures f = new FeatureExtractor(backbone, extraction, config.engine()).pooledFeatures(input, files, config.semanticWeight());
    if (f.size() == 0) {
      throw new IllegalArgumentException(input + ": none of the " + files.size() + " images could be decoded");
    }
    float[][] emb = normalised(f.at(0));
    List<Path> kept = IntStream.of(f.rows()).mapToObj(files::get).toList();
    List<Neighbours> result = neighbours(kept, emb, config.neighbours());
    Files.createDirectories(output);
    Npy.write(Nd4j.createFromArray(emb), output.resolve("embeddings.npy"));
    writeCsv(output.resolve("index.csv"), "row,file", kept.stream().map(p -> input.relativize(p).toString()).toList(),
        true);
    List<String> lines = new ArrayList<>();
    for (Neighbours n : result) {
      for (int k = 0; k < n.files().size(); k++) {
        lines.add(csv(input.relativize(n.file()).toString()) + "," + (k + 1) + ","
            + csv(input.relativize(n.files().get(k)).toString()) + ","
            + String.format(Locale.ROOT, "%.6f", n.similarities()[k]));
      }
    }
    writeCsv(output.resolve("neighbours.csv"), "file,rank,neighbour,similarity", lines, false);
    if (config.pictureRows() > 0 && kept.size() > 1) {
      writePicture(result.subList(0, Math.min(config.pictureRows(), result.size())), output.resolve("neighbours.png"));
    }
    log.info("{} crops embedded ({} skipped), {}-d; wrote {}", kept.size(), f.skipped(), emb[0].length, output);
    return result;
  }

  /** Rows scaled to unit L2 norm (a zero row stays zero). */
  static float[][] normalised(float[][] rows) {
    float[][] out = new float[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      double n = 0;
      for (float v : rows[i]) {
        n += v * v;
      }
      double s = n > 0 ? 1 / Math.sqrt(n) : 0;
      out[i] = new float[rows[i].length];
      for (int j = 0; j < rows[i].length; j++) {
        out[i][j] = (float) (rows[i][j] * s);
      }
    }
    return out;
  }

  /** For each crop, the {@code k} other crops of highest cosine similarity (ties: file order). */
  static List<Neighbours> neighbours(List<Path> files, float[][] emb, int k) {
    List<Neighbours> out = new ArrayList<>();
    int n = emb.length;
    for (int i = 0; i < n; i++) {
      double[] sim = new double[n];
      for (int j = 0; j < n; j++) {
        double d = 0;
        for (int c = 0; c < emb[i].length; c++) {
          d += emb[i][c] * emb[j][c];
        }
        sim[j] = d;
      }
      int self = i;
      List<Integer> order = IntStream.range(0, n).filter(j -> j != self).boxed()
          .sorted(Comparator.comparingDouble((Integer j) -> -sim[j]).thenComparingInt(j -> j)).limit(k).toList();
      out.add(new Neighbours(files.get(i), order.stream().map(files::get).toList(),
          order.stream().mapToDouble(j -> sim[j]).toArray()));
    }
    return out;
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  private static void writeCsv(Path file, String header, List<String> rows, boolean numbered) throws IOException {
    Path tmp = AtomicFiles.tempSibling(file);
    try {
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        w.write(header + "\n");
        for (int i = 0; i < rows.size(); i++) {
          w.write((numbered ? i + "," + csv(rows.get(i)) : rows.get(i)) + "\n");
        }
      }
      AtomicFiles.moveIntoPlace(tmp, file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void writePicture(List<Neighbours> rows, Path png) throws IOException {
    int cols = 1 + rows.get(0).files().size();
    BufferedImage img = new BufferedImage(cols * (TILE_W + 4) + 8, rows.size() * (TILE_H + LABEL_H + 4) + 4,
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (int r = 0; r < rows.size(); r++) {
      Neighbours n = rows.get(r);
      int y = 4 + r * (TILE_H + LABEL_H + 4);
      tile(g, n.file(), 4, y, "query", Color.BLACK);
      for (int k = 0; k < n.files().size(); k++) {
        tile(g, n.files().get(k), 12 + (k + 1) * (TILE_W + 4), y,
            String.format(Locale.ROOT, "%.3f", n.similarities()[k]), new Color(0x1f77b4));
      }
    }
    g.dispose();
    Path tmp = AtomicFiles.tempSibling(png);
    try {
      ImageIO.write(img, "png", tmp.toFile());
      AtomicFiles.moveIntoPlace(tmp, png);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void tile(Graphics2D g, Path file, int x, int y, String label, Color colour) throws IOException {
    BufferedImage crop = Images.decode(file);
    g.drawImage(crop, x, y, TILE_W, TILE_H, null);
    g.setColor(colour);
    g.drawString(label, x + 2, y + TILE_H + LABEL_H - 4);
  }
}
