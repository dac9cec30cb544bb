package io.solider.cli;

import static io.solider.cli.ReidFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.solider.cli.ReidFixtures.Run;
import io.solider.nn.backbone.Backbone;
import io.solider.nn.checkpoint.TorchCheckpointWriter;
import io.solider.nn.checkpoint.fuzz.CraftedCheckpoints;
import io.solider.nn.io.FileKind;
import io.solider.nn.io.Npy;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Issue 16 at the level a user meets it: each hostile or careless input to a command ends with
 * the documented exit code and one line naming what was wrong (docs/SECURITY.md).
 */
class HostileInputTest {

  @TempDir static Path dir;
  static Path checkpoint;
  static Path q;
  static Path ql;
  static Path g;
  static Path gl;

  @BeforeAll
  static void inputs() throws Exception {
    Backbone b = Backbone.initialized(ReidFixtures.TINY, 5);
    Map<String, Object> teacher = new LinkedHashMap<>();
    b.parameters().forEach((k, v) -> teacher.put("backbone." + k, v));
    checkpoint = dir.resolve("ckpt.pth");
    TorchCheckpointWriter.write(Map.of("teacher", teacher), checkpoint);
    Nd4j.getRandom().setSeed(3);
    q = dir.resolve("q.npy");
    Npy.write(Nd4j.randn(DataType.FLOAT, 2, 8), q);
    g = dir.resolve("g.npy");
    Npy.write(Nd4j.randn(DataType.FLOAT, 4, 8), g);
    ql = Files.writeString(dir.resolve("q.csv"), "pid,camid\n1,1\n2,1\n");
    gl = Files.writeString(dir.resolve("g.csv"), "pid,camid\n1,2\n2,2\n3,2\n1,3\n");
  }

  /** One line on stderr, naming {@code names}, no Java stack trace or exception class. */
  private static void oneLine(Run r, String... names) {
    String err = r.err().strip();
    assertThat(err.lines()).as(err).hasSize(1);
    assertThat(err).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("java.");
    for (String n : names) {
      assertThat(err).contains(n);
    }
  }

  private static Run reidEval(Path query, Path gallery, Path output) {
    return run("reid-eval", "--query", query.toString(), "--query-labels", ql.toString(), "--gallery",
        gallery.toString(), "--gallery-labels", gl.toString(), "--output", output.toString());
  }

  /** {@code extract} of {@code input} at λ 0.2 and 64×32 into {@code out}, with further options. */
  private static Run extract(Path input, Path out, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("extract", "--checkpoint", checkpoint.toString(), "--input",
        input.toString(), "--semantic-weight", "0.2", "--size", "64x32", "--output", out.toString()));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  // ---- 1. device nodes --------------------------------------------------------------------

  @Test
  void anOutputThatIsACharacterDeviceIsWrittenThroughNotReplaced() throws Exception {
    Path nul = dir.resolve("null");
    int rc = new ProcessBuilder("mknod", nul.toString(), "c", "1", "3").inheritIO().start().waitFor();
    assumeTrue(rc == 0, "mknod needs CAP_MKNOD");
    Run e = reidEval(q, g, nul);
    assertThat(e.code()).as(e.err()).isZero();
    assertThat(FileKind.of(nul)).isEqualTo(FileKind.CHARACTER_DEVICE);
    Run x = run("export", "--checkpoint", checkpoint.toString(), "--size", "64x32", "--output", nul.toString());
    assertThat(x.code()).as(x.err()).isZero();
    assertThat(FileKind.of(nul)).isEqualTo(FileKind.CHARACTER_DEVICE);
    try (var s = Files.list(dir)) {
      assertThat(s.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
    }
  }

  @Test
  void anOutputThatIsANamedPipeReceivesTheJson() throws Exception {
    Path fifo = dir.resolve("metrics.fifo");
    int rc = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor();
    assumeTrue(rc == 0, "mkfifo failed");
    CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
      try {
        return Files.readString(fifo);
      } catch (Exception ex) {
        throw new IllegalStateException(ex);
      }
    });
    Run e = reidEval(q, g, fifo);
    assertThat(e.code()).as(e.err()).isZero();
    assertThat(reader.get()).contains("\"mAP\"");
    assertThat(FileKind.of(fifo)).isEqualTo(FileKind.FIFO);
  }

  @Test
  void anOutputThatIsAFolderIsRefusedBeforeAnyWork() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("out-folder.json"));
    Run e = reidEval(q, g, folder);
    assertThat(e.code()).isEqualTo(2);
    oneLine(e, folder.toString(), "is a directory");
    assertThat(folder).isDirectory();
  }

  // ---- 2, 3. crafted checkpoints ------------------------------------------------------------

  @Test
  void craftedCheckpointsAreRefusedWithOneLineNamingTheFile() throws Exception {
    Map<String, byte[]> crafted = new LinkedHashMap<>();
    crafted.put("contains itself", CraftedCheckpoints.selfContaining());
    crafted.put("cannot be a key", CraftedCheckpoints.ownKey());
    crafted.put("levels deep", CraftedCheckpoints.nested(20_000));
    crafted.put("negative stride -1", CraftedCheckpoints.tensorWithStride(-1));
    crafted.put("beyond 2^63 bytes", CraftedCheckpoints.tensorWithStride(Long.MAX_VALUE));
    crafted.put("holds 96 bytes", CraftedCheckpoints.tensorWithStride(1000));
    crafted.put("says format version 99", CraftedCheckpoints.version("99"));
    crafted.put("should hold a format version number", CraftedCheckpoints.version("three"));
    int i = 0;
    for (Map.Entry<String, byte[]> c : crafted.entrySet()) {
      Path f = Files.write(dir.resolve("crafted-" + i++ + ".pth"), c.getValue());
      Path out = dir.resolve("never.sd");
      Run r = run("export", "--checkpoint", f.toString(), "--size", "64x32", "--output", out.toString());
      assertThat(r.code()).as(c.getKey() + ": " + r.err()).isEqualTo(1);
      oneLine(r, f.toString(), c.getKey());
      assertThat(out).doesNotExist();
    }
  }

  @Test
  void aValidStrideInTheSameCraftedFileLoads() throws Exception {
    // The control for the test above: the crafted file is fine except for its stride.
    Path f = Files.write(dir.resolve("crafted-ok.pth"), CraftedCheckpoints.tensorWithStride(2));
    try (var sd = io.solider.nn.checkpoint.Checkpoints.read(f)) {
      assertThat(sd.tensors().get("weight").toINDArray().shape()).containsExactly(2, 2);
    }
  }

  // ---- 4. decompression bombs ---------------------------------------------------------------

  @Test
  void aDecompressionBombIsSkippedLikeAnUndecodableImage() throws Exception {
    Path images = Files.createDirectories(dir.resolve("bomb-folder"));
    ImageIO.write(new BufferedImage(32, 64, BufferedImage.TYPE_INT_RGB), "png", images.resolve("a.png").toFile());
    Files.write(images.resolve("b.png"), bombPng(20_000, 20_000));
    Path out = dir.resolve("bomb-out");
    Run r = extract(images, out, "--pooled-only");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Npy.read(out.resolve("pooled.npy")).shape()).containsExactly(1, 64);
    assertThat(Files.readString(out.resolve("index.csv"))).contains("a.png").doesNotContain("b.png");

    Run tight = extract(images, dir.resolve("x"), "--max-pixels", "0");
    assertThat(tight.code()).isEqualTo(2);
    oneLine(tight, "--max-pixels");
  }

  /** A PNG whose header declares {@code w}×{@code h} RGB pixels, with a little zlib data after it. */
  static byte[] bombPng(int w, int h) throws Exception {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(ihdr);
    d.writeInt(w);
    d.writeInt(h);
    d.write(new byte[] {8, 2, 0, 0, 0});
    chunk(png, "IHDR", ihdr.toByteArray());
    Deflater z = new Deflater(9);
    z.setInput(new byte[1 << 20]);
    z.finish();
    byte[] buf = new byte[1 << 16];
    int n = z.deflate(buf);
    chunk(png, "IDAT", java.util.Arrays.copyOf(buf, n));
    chunk(png, "IEND", new byte[0]);
    return png.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws Exception {
    DataOutputStream d = new DataOutputStream(png);
    d.writeInt(data.length);
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    d.write(t);
    d.write(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    d.writeInt((int) crc.getValue());
  }

  // ---- 5. NaN and Inf -------------------------------------------------------------------------

  @Test
  void extractRefusesANonFiniteImageNamingIt() throws Exception {
    INDArray x = Nd4j.randn(DataType.FLOAT, 3, 3, 64, 32);
    x.putScalar(new long[] {1, 2, 10, 5}, Float.NaN);
    Path npy = dir.resolve("nan.npy");
    Npy.write(x, npy);
    Path out = dir.resolve("nan-out");
    Run r = extract(npy, out);
    assertThat(r.code()).isEqualTo(2);
    oneLine(r, npy.toString(), "image 1 holds NaN", "[2, 10, 5]");
    assertThat(out.resolve("pooled.npy")).doesNotExist();
  }

  @Test
  void reidEvalRefusesANonFiniteFeatureNamingTheRow() throws Exception {
    INDArray x = Nd4j.randn(DataType.FLOAT, 4, 8);
    x.putScalar(new long[] {2, 7}, Float.POSITIVE_INFINITY);
    Path bad = dir.resolve("inf-g.npy");
    Npy.write(x, bad);
    Path out = dir.resolve("inf.json");
    Run r = reidEval(q, bad, out);
    assertThat(r.code()).isEqualTo(2);
    oneLine(r, bad.toString(), "row 2 holds +Inf");
    assertThat(out).doesNotExist();
  }

  // ---- 6. orphaned temporary files ------------------------------------------------------------

  @Test
  void anOutputFolderIsClearedOfOrphansOfKilledWriters() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    Path out = Files.createDirectories(dir.resolve("orphans"));
    Path orphan = Files.write(out.resolve(".pooled.npy." + p.pid() + ".9f3a.tmp"), new byte[4096]);
    Run r = extract(q4d(), out, "--pooled-only");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(orphan).doesNotExist();
    assertThat(out.resolve("pooled.npy")).exists();
  }

  private static Path q4d() throws Exception {
    Path p = dir.resolve("x4.npy");
    if (!Files.exists(p)) {
      Npy.write(Nd4j.randn(DataType.FLOAT, 2, 3, 64, 32), p);
    }
    return p;
  }

  // ---- 7. the smaller items -------------------------------------------------------------------

  @Test
  void emptyArraysAreRefusedWithOneLine() throws Exception {
    Path none = dir.resolve("none.npy");
    Npy.write(Nd4j.create(DataType.FLOAT, 0, 3, 64, 32), none);
    Run x = extract(none, dir.resolve("none-out"));
    assertThat(x.code()).isEqualTo(2);
    oneLine(x, none.toString(), "no images");

    Path noRows = dir.resolve("no-rows.npy");
    Npy.write(Nd4j.create(DataType.FLOAT, 0, 8), noRows);
    Run e = reidEval(noRows, g, dir.resolve("e.json"));
    assertThat(e.code()).isEqualTo(2);
    oneLine(e, noRows.toString(), "non-empty");
  }

  @Test
  void demoChecksItsSizeBeforeAnyWork() {
    long t0 = System.nanoTime();
    Run r = run("demo", "--size", "30x10", "--output", dir.resolve("demo").toString());
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertThat(r.code()).isEqualTo(2);
    oneLine(r, "multiple of 32", "30x10");
    assertThat(seconds).isLessThan(2.0);
    assertThat(dir.resolve("demo/data")).doesNotExist();
  }

  @Test
  void extractWithAFolderAsInputWritesNamesThatLeadBackToTheFiles() throws Exception {
    Path images = Files.createDirectories(dir.resolve("names"));
    ImageIO.write(new BufferedImage(32, 64, BufferedImage.TYPE_INT_RGB), "png", images.resolve("50%.png").toFile());
    Path out = dir.resolve("names-out");
    Run r = extract(images, out, "--pooled-only");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> rows = Files.readAllLines(out.resolve("index.csv"));
    assertThat(rows.get(1)).contains("50%25.png"); // '%' itself is escaped, so decoding is unambiguous
  }
}
