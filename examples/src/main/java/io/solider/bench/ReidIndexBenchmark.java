package io.solider.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.tasks.reid.index.EmbeddingModel;
import io.solider.tasks.reid.index.GalleryItem;
import io.solider.tasks.reid.index.HnswSettings;
import io.solider.tasks.reid.index.ReidIndexSearcher;
import io.solider.tasks.reid.index.ReidIndexWriter;
import io.solider.tasks.reid.index.SearchHit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Times the re-id index at gallery scale on synthetic clustered embeddings: identities are
 * Gaussian clusters around random unit centres (each vector = centre + noise, normalised), queries
 * are new draws from random identities. Reports the index build time and size on disk, and for
 * each number of HNSW candidates the recall@k against exact search and queries/s; exact search is
 * an ND4J matrix product of query blocks with the whole gallery plus a top-k scan. Prints one JSON
 * line.
 */
@Command(name = "reid-index", mixinStandardHelpOptions = true,
    description = "Benchmark the Lucene HNSW re-id index against exact search on synthetic clustered vectors.")
public final class ReidIndexBenchmark implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ReidIndexBenchmark.class);

  @Option(names = "--vectors", defaultValue = "100000", description = "Gallery size. Default: ${DEFAULT-VALUE}.")
  int vectors;

  @Option(names = "--dim", defaultValue = "768", description = "Dimension. Default: ${DEFAULT-VALUE}.")
  int dim;

  @Option(names = "--queries", defaultValue = "1000", description = "Queries. Default: ${DEFAULT-VALUE}.")
  int queries;

  @Option(names = "--top", defaultValue = "10", description = "k of recall@k. Default: ${DEFAULT-VALUE}.")
  int top;

  @Option(names = "--per-identity", defaultValue = "20",
      description = "Gallery vectors per identity cluster (Market-1501 has ~26). Default: ${DEFAULT-VALUE}.")
  int perIdentity;

  @Option(names = "--noise", defaultValue = "1.0",
      description = "Noise norm relative to the unit centre: within-identity cosine ≈ 1/(1+noise²). Default: ${DEFAULT-VALUE}.")
  double noise;

  @Option(names = "--hnsw-m", defaultValue = "16", description = "HNSW M. Default: ${DEFAULT-VALUE}.")
  int hnswM;

  @Option(names = "--beam-width", defaultValue = "100", description = "HNSW construction beam width. Default: ${DEFAULT-VALUE}.")
  int beamWidth;

  @Option(names = "--candidates", defaultValue = "10,50,100,200", split = ",",
      description = "HNSW search candidates to measure (each ≥ top). Default: ${DEFAULT-VALUE}.")
  int[] candidates;

  @Option(names = "--seed", defaultValue = "1", description = "Seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--index", description = "Index folder, kept (default: a temporary folder, deleted afterwards).")
  Path indexDir;

  @Option(names = "--reuse-index",
      description = "Search an index already in --index (built by an earlier run with the same options and seed, so "
          + "the same vectors) instead of building it.")
  boolean reuse;

  @Override
  public Integer call() throws Exception {
    if (vectors < 1 || dim < 1 || queries < 1 || top < 1 || perIdentity < 1) {
      throw new IllegalArgumentException("--vectors, --dim, --queries, --top and --per-identity must be positive");
    }
    SplittableRandom rng = new SplittableRandom(seed);
    int identities = Math.max(1, vectors / perIdentity);
    float[][] centres = new float[identities][];
    for (int p = 0; p < identities; p++) {
      centres[p] = unit(gaussian(rng, dim, 1.0));
    }
    float[][] gallery = new float[vectors][];
    int[] pids = new int[vectors];
    for (int i = 0; i < vectors; i++) {
      pids[i] = i % identities;
      gallery[i] = draw(centres[pids[i]], rng);
    }
    float[][] q = new float[queries][];
    for (int i = 0; i < queries; i++) {
      q[i] = draw(centres[rng.nextInt(identities)], rng);
    }
    log.info("{} gallery vectors ({} identities) and {} queries, {}-d", vectors, identities, queries, dim);

    Path dir = indexDir != null ? indexDir : Files.createTempDirectory("reid-index-bench");
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("vectors", vectors);
    r.put("dim", dim);
    r.put("queries", queries);
    r.put("top", top);
    r.put("identities", identities);
    r.put("hnsw_m", hnswM);
    r.put("beam_width", beamWidth);
    try {
      EmbeddingModel model = new EmbeddingModel("synthetic", "-", "synthetic clusters", dim, 0.2, 384, 128, "reid");
      var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      var threads = java.lang.management.ManagementFactory.getThreadMXBean();
      if (reuse) {
        if (indexDir == null) {
          throw new IllegalArgumentException("--reuse-index needs --index");
        }
        try (ReidIndexSearcher s = ReidIndexSearcher.open(dir)) {
          if (s.size() != vectors || s.metadata().model().dimension() != dim) {
            throw new IllegalArgumentException(dir + " holds " + s.size() + " " + s.metadata().model().dimension()
                + "-d vectors, not " + vectors + " " + dim + "-d ones");
          }
          r.put("build_s", "reused");
        }
      } else {
        long t0 = System.nanoTime();
        long c0 = os.getProcessCpuTime();
        try (ReidIndexWriter w = ReidIndexWriter.create(dir, model, new HnswSettings(hnswM, beamWidth))) {
          for (int i = 0; i < vectors; i++) {
            w.add(new GalleryItem(gallery[i], pids[i], i % 6, "g" + i + ".jpg"));
            if ((i + 1) % 20000 == 0) {
              log.info("added {}/{} ({} s)", i + 1, vectors, String.format("%.0f", (System.nanoTime() - t0) / 1e9));
            }
          }
          w.commit();
        }
        r.put("build_s", round((System.nanoTime() - t0) / 1e9));
        // CPU seconds of the whole process: less sensitive than wall time to other load on a shared machine.
        r.put("build_cpu_s", round((os.getProcessCpuTime() - c0) / 1e9));
      }

      exactTop(Arrays.copyOf(gallery, Math.min(vectors, 1000)), Arrays.copyOf(q, Math.min(queries, 10)), top); // warm-up: ND4J init
      long e0 = System.nanoTime();
      long ec0 = os.getProcessCpuTime();
      int[][] exact = exactTop(gallery, q, top);
      double exactSecs = (System.nanoTime() - e0) / 1e9;
      double exactCpu = (os.getProcessCpuTime() - ec0) / 1e9;

      r.put("index_mb", round(ReidIndexSearcher.sizeOnDisk(dir) / 1e6));
      r.put("exact_qps", round(queries / exactSecs));
      r.put("exact_cpu_ms_per_query", round(1000 * exactCpu / queries));
      r.put("threads", Runtime.getRuntime().availableProcessors());
      List<Map<String, Object>> rows = new ArrayList<>();
      try (ReidIndexSearcher s = ReidIndexSearcher.open(dir)) {
        for (int i = 0; i < Math.min(200, queries); i++) {
          s.search(q[i], top, Math.max(top, candidates[0])); // warm-up: JIT and page cache
        }
        for (int nc : candidates) {
          int n = Math.max(top, nc);
          long h0 = System.nanoTime();
          long hc0 = threads.getCurrentThreadCpuTime();
          int found = 0;
          for (int i = 0; i < queries; i++) {
            List<SearchHit> hits = s.search(q[i], top, n);
            found += overlap(hits, exact[i]);
          }
          double secs = (System.nanoTime() - h0) / 1e9;
          double cpu = (threads.getCurrentThreadCpuTime() - hc0) / 1e9;
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("candidates", n);
          row.put("recall", round((double) found / ((long) queries * top)));
          row.put("qps", round(queries / secs));
          // One search runs on the calling thread: its CPU time is the cost of a query without other load.
          row.put("cpu_ms_per_query", round(1000 * cpu / queries));
          rows.add(row);
          log.info("candidates {}: recall@{} {} at {} queries/s, {} CPU ms/query (exact: {} queries/s, {} CPU ms/query)",
              n, top, row.get("recall"), row.get("qps"), row.get("cpu_ms_per_query"), r.get("exact_qps"),
              r.get("exact_cpu_ms_per_query"));
        }
      }
      r.put("hnsw", rows);
      r.put("peak_rss_gb", round(ResidentMemory.peakBytes() / 1e9));
    } finally {
      if (indexDir == null) {
        try (Stream<Path> s = Files.list(dir)) {
          for (Path p : s.toList()) {
            Files.deleteIfExists(p);
          }
        }
        Files.deleteIfExists(dir);
      }
    }
    System.out.println(new ObjectMapper().writeValueAsString(r));
    return 0;
  }

  /** Exact top-k by cosine: blocks of query rows times the whole gallery (ND4J GEMM), then a k-scan per row. */
  static int[][] exactTop(float[][] gallery, float[][] queries, int k) {
    INDArray gT = Nd4j.createFromArray(gallery).transpose().dup('f');
    int[][] out = new int[queries.length][];
    int block = 256;
    for (int from = 0; from < queries.length; from += block) {
      int to = Math.min(queries.length, from + block);
      INDArray qb = Nd4j.createFromArray(Arrays.copyOfRange(queries, from, to));
      INDArray scores = qb.mmul(gT);
      float[] flat = scores.dup('c').data().asFloat();
      int m = gallery.length;
      for (int i = from; i < to; i++) {
        out[i] = topK(flat, (i - from) * m, m, k);
      }
      qb.close();
      scores.close();
    }
    gT.close();
    return out;
  }

  /** Indices of the k largest of {@code v[off .. off+n)}, largest first (insertion into a k-array). */
  static int[] topK(float[] v, int off, int n, int k) {
    int kk = Math.min(k, n);
    int[] idx = new int[kk];
    float[] val = new float[kk];
    int size = 0;
    for (int j = 0; j < n; j++) {
      float x = v[off + j];
      if (size == kk && x <= val[kk - 1]) {
        continue;
      }
      int p = size < kk ? size++ : kk - 1;
      while (p > 0 && val[p - 1] < x) {
        val[p] = val[p - 1];
        idx[p] = idx[p - 1];
        p--;
      }
      val[p] = x;
      idx[p] = j;
    }
    return idx;
  }

  private static int overlap(List<SearchHit> hits, int[] exact) {
    int n = 0;
    for (SearchHit h : hits) {
      for (int e : exact) {
        if (h.row() == e) {
          n++;
          break;
        }
      }
    }
    return n;
  }

  private float[] draw(float[] centre, SplittableRandom rng) {
    float[] n = gaussian(rng, dim, noise / Math.sqrt(dim));
    for (int j = 0; j < dim; j++) {
      n[j] += centre[j];
    }
    return unit(n);
  }

  private static float[] gaussian(SplittableRandom rng, int d, double sigma) {
    float[] v = new float[d];
    for (int j = 0; j < d; j++) {
      v[j] = (float) (sigma * gaussian(rng));
    }
    return v;
  }

  /** Standard normal by Box–Muller (SplittableRandom has no nextGaussian on Java 17). */
  private static double gaussian(SplittableRandom rng) {
    double u = 1 - rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
  }

  private static float[] unit(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    float inv = (float) (1 / Math.max(Math.sqrt(s), 1e-12));
    for (int j = 0; j < v.length; j++) {
      v[j] *= inv;
    }
    return v;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
