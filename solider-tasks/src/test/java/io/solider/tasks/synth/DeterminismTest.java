package io.solider.tasks.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Same seed, same bytes — whatever the thread scheduling; another seed, other bytes. */
class DeterminismTest {

  @TempDir Path a;
  @TempDir Path b;
  @TempDir Path c;

  @Test
  void sameSeedWritesByteIdenticalTrees() throws Exception {
    SynthConfig cfg = SynthConfig.tiny(42);
    new SyntheticGenerator(cfg).generate(a);
    new SyntheticGenerator(cfg).generate(b);
    assertThat(listing(a)).isEqualTo(listing(b));
    assertThat(treeHash(a)).isEqualTo(treeHash(b));
  }

  @Test
  void anotherSeedWritesDifferentImages() throws Exception {
    new SyntheticGenerator(SynthConfig.tiny(1)).generate(a);
    new SyntheticGenerator(SynthConfig.tiny(2)).generate(c);
    assertThat(treeHash(a)).isNotEqualTo(treeHash(c));
  }

  private static List<String> listing(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  /** SHA-256 over every file's relative path and bytes, in sorted path order. */
  static String treeHash(Path root) throws IOException, NoSuchAlgorithmException {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (String rel : listing(root)) {
      md.update(rel.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      md.update(Files.readAllBytes(root.resolve(rel)));
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
