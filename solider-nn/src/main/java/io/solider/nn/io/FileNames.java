package io.solider.nn.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * File names as written into output tables ({@code index.csv}, an index's stored file names), in a
 * form that always leads back to the file: the name's bytes as UTF-8 text, except that bytes which
 * are not valid UTF-8 (a Latin-1 name on a Linux disk) are written {@code %XX} (two upper-case hex
 * digits) and a literal {@code %} is written {@code %25}. Percent-decoding the text gives the
 * file name's exact bytes; names of valid UTF-8 without {@code %} appear unchanged.
 */
public final class FileNames {

  private FileNames() {}

  /**
   * The path of {@code file} relative to {@code root}, '/'-separated, in the encoding above. Works
   * from the file name's raw bytes (Java's own decoding of such names is lossy).
   */
  public static String relative(Path root, Path file) {
    String base = root.toAbsolutePath().normalize().toUri().getRawPath();
    String path = file.toAbsolutePath().normalize().toUri().getRawPath();
    String dir = base.endsWith("/") ? base : base + "/";
    return encode(percentDecode(path.startsWith(dir) ? path.substring(dir.length()) : path));
  }

  /** The encoding above of a name's raw bytes. */
  public static String encode(byte[] name) {
    StringBuilder out = new StringBuilder(name.length);
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    int i = 0;
    while (i < name.length) {
      int len = sequenceLength(name[i]);
      String ch = null;
      if (len > 0 && i + len <= name.length) {
        try {
          CharBuffer c = utf8.reset().decode(ByteBuffer.wrap(name, i, len));
          ch = c.toString();
        } catch (CharacterCodingException e) {
          ch = null;
        }
      }
      if (ch == null) {
        out.append(String.format("%%%02X", name[i] & 0xff));
        i++;
      } else {
        out.append(ch.equals("%") ? "%25" : ch);
        i += len;
      }
    }
    return out.toString();
  }

  /** Bytes of a UTF-8 sequence starting with {@code b}; 0 if {@code b} cannot start one. */
  private static int sequenceLength(byte b) {
    int v = b & 0xff;
    if (v < 0x80) {
      return 1;
    }
    if (v >= 0xc2 && v <= 0xdf) {
      return 2;
    }
    if (v >= 0xe0 && v <= 0xef) {
      return 3;
    }
    if (v >= 0xf0 && v <= 0xf4) {
      return 4;
    }
    return 0;
  }

  private static byte[] percentDecode(String raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length()) {
        out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return out.toByteArray();
  }
}
