package io.solider.nn.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The restricted unpickler against pickles written by CPython 3.11 (hex below) for
 *
 * <pre>
 * {'a': [1, -2, 2**70, -2**70, 1.5, 'é', b'\x00\x01', (1,), (1, 2), (1, 2, 3), True, False, None,
 *        {3, 4}, frozenset({5}), 300, 70000, -70000, 2**40],
 *  'od': OrderedDict(x=1)}
 * </pre>
 */
class PickleReaderTest {

  private static final Path FILE = Path.of("test.pth");

  private static final String P2 = "80027d71002858010000006171015d7102284b014afeffffff8a090000000000000000408a090000000000000000c0473ff80000000000005802000000c3a97103635f636f646563730a656e636f64650a710458020000000001710558060000006c6174696e3171068671075271084b018571094b014b0286710a4b014b024b0387710b88894e635f5f6275696c74696e5f5f0a7365740a710c5d710d284b034b046585710e52710f635f5f6275696c74696e5f5f0a66726f7a656e7365740a71105d71114b05618571125271134d2c014a701101004a90eefeff8a060000000000016558020000006f64711463636f6c6c656374696f6e730a4f726465726564446963740a71152952711658010000007871174b0173752e";
  private static final String P3 = "80037d71002858010000006171015d7102284b014afeffffff8a090000000000000000408a090000000000000000c0473ff80000000000005802000000c3a971034302000171044b018571054b014b028671064b014b024b0387710788894e636275696c74696e730a7365740a71085d7109284b034b046585710a52710b636275696c74696e730a66726f7a656e7365740a710c5d710d4b056185710e52710f4d2c014a701101004a90eefeff8a060000000000016558020000006f64711063636f6c6c656374696f6e730a4f726465726564446963740a71112952711258010000007871134b0173752e";
  private static final String P4 = "800495a1000000000000007d94288c0161945d94284b014afeffffff8a090000000000000000408a090000000000000000c0473ff80000000000008c02c3a99443020001944b0185944b014b0286944b014b024b03879488894e8f94284b034b0490284b0591944d2c014a701101004a90eefeff8a06000000000001658c026f64948c0b636f6c6c656374696f6e73948c0b4f726465726564446963749493942952948c0178944b0173752e";
  private static final String P5 = "800595a1000000000000007d94288c0161945d94284b014afeffffff8a090000000000000000408a090000000000000000c0473ff80000000000008c02c3a99443020001944b0185944b014b0286944b014b024b03879488894e8f94284b034b0490284b0591944d2c014a701101004a90eefeff8a06000000000001658c026f64948c0b636f6c6c656374696f6e73948c0b4f726465726564446963749493942952948c0178944b0173752e";

  @ParameterizedTest
  @ValueSource(strings = {P2, P3, P4, P5})
  void decodesEveryProtocolAlike(String hex) throws IOException {
    Object o = read(HexFormat.of().parseHex(hex));
    assertThat(o).isInstanceOf(Map.class);
    Map<?, ?> m = (Map<?, ?>) o;
    @SuppressWarnings("unchecked")
    List<Object> a = (List<Object>) m.get("a");
    BigInteger big = BigInteger.TWO.pow(70);
    assertThat(a.subList(0, 6)).containsExactly(1L, -2L, big, big.negate(), 1.5, "é");
    assertThat((byte[]) a.get(6)).containsExactly(0, 1);
    assertThat(a.subList(7, a.size())).containsExactly(List.of(1L), List.of(1L, 2L), List.of(1L, 2L, 3L),
        true, false, null, Set.of(3L, 4L), Set.of(5L), 300L, 70000L, -70000L, 1L << 40);
    assertThat(m.get("od")).isEqualTo(Map.of("x", 1L));
  }

  @Test
  void textOpcodesOfProtocolZero() throws IOException {
    assertThat(read("(lp0\nI1\naI2\na.".getBytes(StandardCharsets.US_ASCII))).isEqualTo(List.of(1L, 2L));
  }

  @Test
  void refusesGlobalsOutsideTheWhitelistByName() {
    byte[] p = HexFormat.of().parseHex("8002636f730a73797374656d0a58040000007472756585522e");
    assertThatThrownBy(() -> read(p)).isInstanceOf(CheckpointException.class)
        .hasMessage("test.pth: refusing pickle global 'os.system' in data.pkl: not part of a state dict");
    // protocol 4 names globals with STACK_GLOBAL
    byte[] p4 = HexFormat.of().parseHex("80048c086275696c74696e73948c046576616c9493942e");
    assertThatThrownBy(() -> read(p4)).hasMessageContaining("refusing pickle global 'builtins.eval'");
  }

  @Test
  void reportsUnknownOpcodesWithByteAndOffset() {
    byte[] p = {(byte) 0x80, 2, 'K', 1, (byte) 0xff, '.'};
    assertThatThrownBy(() -> read(p)).isInstanceOf(CheckpointException.class)
        .hasMessageContaining("unsupported pickle opcode 0xff").hasMessageContaining("at offset 4")
        .hasMessageContaining("data.pkl");
    byte[] inst = {(byte) 0x80, 2, 'i', 'o', 's', '\n', 's', '\n', '.'};
    assertThatThrownBy(() -> read(inst)).hasMessageContaining("unsupported pickle opcode 0x69 ('i') at offset 2");
  }

  @Test
  void reportsTruncation() {
    byte[] p = HexFormat.of().parseHex(P2);
    byte[] cut = java.util.Arrays.copyOf(p, p.length / 2);
    assertThatThrownBy(() -> read(cut)).isInstanceOf(CheckpointException.class)
        .hasMessageContaining("test.pth: pickle is truncated");
  }

  @Test
  void refusesProtocolsBeyondFive() {
    assertThatThrownBy(() -> read(new byte[] {(byte) 0x80, 6, 'N', '.'}))
        .hasMessageContaining("unsupported pickle protocol 6");
  }

  private static Object read(byte[] p) throws IOException {
    return new PickleReader(FILE, "data.pkl", null).read(ByteBuffer.wrap(p));
  }
}
