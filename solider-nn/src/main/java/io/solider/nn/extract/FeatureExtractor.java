package io.solider.nn.extract;

import io.solider.nn.backbone.Backbone;
import io.solider.nn.backbone.BackboneOutputs;
import io.solider.nn.backbone.BackboneRunner;
import io.solider.nn.backbone.SemanticWeights;
import io.solider.nn.backbone.SwinConfig;
import io.solider.nn.image.ImageDecodeException;
import io.solider.nn.image.Images;
import io.solider.nn.io.AtomicFiles;
import io.solider.nn.io.Csv;
import io.solider.nn.io.FileNames;
import io.solider.nn.io.FiniteValues;
import io.solider.nn.io.Npy;
import io.solider.nn.io.NpyStreamWriter;
import io.solider.nn.io.OutputFolders;
import io.solider.nn.progress.ProgressLog;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a backbone over an array file or a folder of images and writes {@code pooled.npy} and
 * {@code stage0.npy … stage3.npy} (float32, C-order, NCHW) to a folder, batch by batch; for a
 * folder also {@code index.csv} (row → file). Images are decoded on a second thread while the
 * backbone runs; images that do not decode are skipped with a warning.
 */
public final class FeatureExtractor {

  private static final Logger log = LoggerFactory.getLogger(FeatureExtractor.class);

  /** Name of the row → file index written for folder input. */
  public static final String INDEX_FILE = "index.csv";

  private final Backbone backbone;
  private final ExtractionConfig config;
  private final InferenceEngine engine;

  public FeatureExtractor(Backbone backbone, ExtractionConfig config) {
    this(backbone, config, InferenceEngine.SAMEDIFF);
  }

  /** An extractor that runs the backbone on {@code engine}. */
  public FeatureExtractor(Backbone backbone, ExtractionConfig config, InferenceEngine engine) {
    this.backbone = backbone;
    this.config = config;
    this.engine = engine;
  }

  /**
   * One batch of input: samples (each image once per λ of a multi-λ pass, image-major), their λ,
   * (for files) the names and input indices of the images kept, and how many were skipped.
   */
  private record Batch(INDArray images, double[] lambdas, List<String> names, int[] indices, int skipped) {
    int imageCount(int samplesPerImage) {
      return images == null ? 0 : (int) images.size(0) / samplesPerImage;
    }
  }

  /** Receives each forward pass's outputs. */
  private interface BatchSink {
    void accept(Batch batch, BackboneOutputs out) throws IOException;
  }

  /** What the batch loop saw. */
  private record LoopResult(long images, int skipped, double seconds) {}

  /**
   * Extracts features of a (B, 3, H, W) float array file, used as it is (already normalised).
   */
  public ExtractionSummary extractArray(Path npy, SemanticWeightSpec weights, Path outDir) throws IOException {
    INDArray all = Npy.read(npy);
    long[] s = all.shape();
    int channels = backbone.config().inChannels();
    if (s.length != 4 || s[1] != channels) {
      throw new IllegalArgumentException(npy + ": expected a (B, " + channels + ", H, W) array, found shape "
          + Arrays.toString(s));
    }
    if (!all.dataType().isFPType()) {
      throw new IllegalArgumentException(npy + ": expected floating-point pixels, found " + all.dataType());
    }
    if (s[0] == 0) {
      throw new IllegalArgumentException(npy + ": the array holds no images (shape " + Arrays.toString(s) + ")");
    }
    FiniteValues.require(all, npy.toString(), "image");
    INDArray images = all.dataType() == DataType.FLOAT ? all : all.castTo(DataType.FLOAT);
    int n = (int) s[0];
    weights.checkCount(n);
    BackboneRunner graph = engine.open(backbone, (int) s[2], (int) s[3]);
    List<Batch> batches = new ArrayList<>();
    for (int from = 0; from < n; from += config.batchSize()) {
      int to = Math.min(n, from + config.batchSize());
      batches.add(new Batch(images.get(NDArrayIndex.interval(from, to)).dup(), lambdas(weights, from, to), null, null, 0));
    }
    try (graph) {
      return run(graph, batches.size(), i -> batches.get(i), n, outDir, null);
    }
  }

  /**
   * Extracts features of every image in a folder (recursively, sorted by path), resized to the
   * configured size and normalised.
   */
  public ExtractionSummary extractFolder(Path dir, SemanticWeightSpec weights, Path outDir) throws IOException {
    List<Path> files = Images.listImages(dir);
    if (files.isEmpty()) {
      throw new IllegalArgumentException(dir + ": no images found (looked for " + Images.EXTENSIONS + ")");
    }
    return extractFiles(dir, files, weights, outDir);
  }

  /**
   * Extracts features of the given image files in the given order (e.g. a data set reader's
   * listing); {@code index.csv} names them relative to {@code root}.
   */
  public ExtractionSummary extractFiles(Path root, List<Path> files, SemanticWeightSpec weights, Path outDir)
      throws IOException {
    if (files.isEmpty()) {
      throw new IllegalArgumentException(root + ": no images to extract");
    }
    weights.checkCount(files.size());
    BackboneRunner graph = engine.open(backbone, config.height(), config.width());
    int numBatches = (files.size() + config.batchSize() - 1) / config.batchSize();
    try (graph) {
      return run(graph, numBatches, i -> loadImages(root, files, weights, i), files.size(), outDir, root);
    }
  }

  private Batch loadImages(Path root, List<Path> files, SemanticWeightSpec weights, int batchIndex) {
    int from = batchIndex * config.batchSize();
    int to = Math.min(files.size(), from + config.batchSize());
    return decode(root, files, from, to, i -> new double[] {weights.forItem(i)});
  }

  /** λ values of input item {@code index}: one sample of the image is made per value. */
  private interface ItemWeights {
    double[] of(int index);
  }

  /**
   * Decodes, resizes and normalises files {@code from..to-1}; image i becomes one sample per
   * value of {@code weights.of(i)}, consecutively. Images that do not decode are skipped.
   */
  private Batch decode(Path root, List<Path> files, int from, int to, ItemWeights weights) {
    int per = 3 * config.height() * config.width();
    float[] pixels = new float[per];
    float[] data = null;
    List<String> names = new ArrayList<>();
    List<Integer> indices = new ArrayList<>();
    List<Double> lambdas = new ArrayList<>();
    int skipped = 0;
    for (int i = from; i < to; i++) {
      Path f = files.get(i);
      try {
        Images.toChw(Images.resize(Images.decode(f, config.maxPixels()), config.height(), config.width()), config.normalization(),
            pixels, 0);
      } catch (ImageDecodeException e) {
        log.warn("skipping {}", e.getMessage());
        skipped++;
        continue;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      double[] ws = weights.of(i);
      if (data == null) {
        data = new float[(to - from) * ws.length * per];
      }
      for (double w : ws) {
        System.arraycopy(pixels, 0, data, lambdas.size() * per, per);
        lambdas.add(w);
      }
      names.add(FileNames.relative(root, f));
      indices.add(i);
    }
    int samples = lambdas.size();
    INDArray images = samples == 0 ? null
        : Nd4j.create(Arrays.copyOf(data, samples * per), new long[] {samples, 3, config.height(), config.width()}, 'c');
    return new Batch(images, lambdas.stream().mapToDouble(Double::doubleValue).toArray(), names,
        indices.stream().mapToInt(Integer::intValue).toArray(), skipped);
  }

  private interface BatchLoader {
    Batch load(int index);
  }

  private ExtractionSummary run(BackboneRunner graph, int numBatches, BatchLoader loader, int total, Path outDir,
      Path folder) throws IOException {
    OutputFolders.prepare(outDir);
    List<String> outputs = new ArrayList<>(List.of("pooled"));
    if (config.writeStages()) {
      for (int i = 0; i < SwinConfig.NUM_STAGES; i++) {
        outputs.add("stage" + i);
      }
    }
    NpyStreamWriter[] writers = new NpyStreamWriter[outputs.size()];
    List<String> index = new ArrayList<>();
    boolean ok = false;
    try {
      LoopResult r = loop(graph, config.writeStages(), numBatches, loader, total, 1, folder, (batch, out) -> {
        for (int o = 0; o < outputs.size(); o++) {
          INDArray a = o == 0 ? out.pooled() : out.stage(o - 1);
          if (writers[o] == null) {
            writers[o] = new NpyStreamWriter(outDir.resolve(outputs.get(o) + ".npy"),
                Arrays.copyOfRange(a.shape(), 1, a.rank()));
          }
          writers[o].append(a);
        }
        if (batch.names() != null) {
          index.addAll(batch.names());
        }
      });
      List<Path> files = new ArrayList<>();
      for (int o = 0; o < outputs.size(); o++) {
        writers[o].close();
        files.add(outDir.resolve(outputs.get(o) + ".npy"));
      }
      if (folder != null) {
        files.add(writeIndex(outDir, index));
      }
      ok = true;
      return new ExtractionSummary(r.images(), r.skipped(), files, r.seconds());
    } finally {
      if (!ok) {
        for (NpyStreamWriter w : writers) {
          if (w != null) {
            w.abort();
          }
        }
      }
    }
  }

  /**
   * Pooled features (the backbone's final pooled output, before any neck) of the given image
   * files at every λ in {@code semanticWeights}, kept in memory. Each image is decoded once and
   * enters one forward pass once per λ, so a λ sweep costs one decoding pass; the configured
   * batch size counts forward-pass samples (images per pass: batch size / number of λ, at least
   * one). Images that do not decode are skipped with a warning and left out of
   * {@link PooledFeatures#rows()}.
   *
   * @throws IllegalArgumentException for an empty list, a λ outside [0, 1], or when no image decodes
   */
  public PooledFeatures pooledFeatures(Path root, List<Path> files, double... semanticWeights) throws IOException {
    if (files.isEmpty()) {
      throw new IllegalArgumentException(root + ": no images to extract");
    }
    if (semanticWeights.length == 0) {
      throw new IllegalArgumentException("no semantic weight given");
    }
    for (double w : semanticWeights) {
      if (!(w >= 0 && w <= 1)) {
        throw new IllegalArgumentException("semantic weight " + w + " is outside [0, 1]");
      }
    }
    double[] lambdas = semanticWeights.clone();
    int k = lambdas.length;
    int perBatch = Math.max(1, config.batchSize() / k);
    BackboneRunner graph = engine.open(backbone, config.height(), config.width());
    int numBatches = (files.size() + perBatch - 1) / perBatch;
    int dim = backbone.config().pooledDim();
    List<float[][]> chunks = new ArrayList<>();
    List<int[]> kept = new ArrayList<>();
    LoopResult r;
    try (graph) {
      r = loop(graph, false, numBatches, b -> decode(root, files, b * perBatch,
          Math.min(files.size(), (b + 1) * perBatch), i -> lambdas), files.size(), k, root, (batch, out) -> {
            float[] flat = out.pooled().dup('c').data().asFloat();
            int n = batch.indices().length;
            float[][] chunk = new float[n * k][];
            for (int s = 0; s < n * k; s++) {
              chunk[s] = Arrays.copyOfRange(flat, s * dim, (s + 1) * dim);
            }
            chunks.add(chunk);
            kept.add(batch.indices());
          });
    }
    int n = (int) r.images();
    float[][][] features = new float[k][n][];
    int[] rows = new int[n];
    int at = 0;
    for (int c = 0; c < chunks.size(); c++) {
      int[] idx = kept.get(c);
      for (int i = 0; i < idx.length; i++, at++) {
        rows[at] = idx[i];
        for (int l = 0; l < k; l++) {
          features[l][at] = chunks.get(c)[i * k + l];
        }
      }
    }
    return new PooledFeatures(lambdas, rows, features, r.skipped(), r.seconds());
  }

  /**
   * The batch loop: loads batch b+1 on a second thread while the backbone runs batch b, hands
   * each output to {@code sink}, frees the batch's arrays and logs progress in images. Without
   * {@code stages} the engine computes the pooled feature alone (the outputs' stage list is empty).
   */
  private LoopResult loop(BackboneRunner graph, boolean stages, int numBatches, BatchLoader loader, int total,
      int samplesPerImage, Path folder, BatchSink sink) throws IOException {
    ProgressLog progress = ProgressLog.every10s(log, "extract", "images", total);
    ExecutorService prefetch = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "extract-loader");
      t.setDaemon(true);
      return t;
    });
    int skipped = 0;
    long written = 0;
    try {
      Future<Batch> next = prefetch.submit(() -> loader.load(0));
      for (int b = 0; b < numBatches; b++) {
        Batch batch = await(next);
        if (b + 1 < numBatches) {
          int nextIndex = b + 1;
          next = prefetch.submit(() -> loader.load(nextIndex));
        }
        skipped += batch.skipped();
        if (batch.images() == null) {
          progress.advance(batch.skipped());
          continue;
        }
        INDArray sw = SemanticWeights.of(batch.lambdas());
        BackboneOutputs out = stages ? graph.forward(batch.images(), sw)
            : new BackboneOutputs(graph.pooled(batch.images(), sw), List.of());
        sw.close();
        sink.accept(batch, out);
        int images = batch.imageCount(samplesPerImage);
        written += images;
        progress.advance(images + batch.skipped());
        closeAll(batch.images(), out);
      }
      if (written == 0) {
        throw new IllegalArgumentException(folder + ": none of the " + total + " images could be decoded");
      }
      if (skipped > 0) {
        log.warn("{} of {} images could not be decoded and were skipped", skipped, total);
      }
      return new LoopResult(written, skipped, progress.elapsedSeconds());
    } finally {
      prefetch.shutdownNow();
    }
  }

  private static Batch await(Future<Batch> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while loading images", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (c instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(c.getMessage(), c);
    }
  }

  /** {@code row,file}: file names relative to the input folder as {@link FileNames} encodes them, CSV-quoted where needed. */
  private static Path writeIndex(Path outDir, List<String> names) throws IOException {
    Path file = outDir.resolve(INDEX_FILE);
    AtomicFiles.write(file, out -> {
      Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
      w.write("row,file\n");
      for (int i = 0; i < names.size(); i++) {
        w.write(i + "," + Csv.field(names.get(i)) + "\n");
      }
      w.flush();
    });
    return file;
  }

  private static double[] lambdas(SemanticWeightSpec w, int from, int to) {
    double[] l = new double[to - from];
    for (int i = from; i < to; i++) {
      l[i - from] = w.forItem(i);
    }
    return l;
  }

  /** Frees the batch's native memory now rather than at the next GC. */
  private static void closeAll(INDArray images, BackboneOutputs out) {
    for (INDArray a : List.of(images, out.pooled())) {
      if (a.closeable()) {
        a.close();
      }
    }
    for (INDArray a : out.stages()) {
      if (a.closeable()) {
        a.close();
      }
    }
  }
}
