package io.solider.nn.checkpoint.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/** A zip archive's entries in memory, read from and written back to bytes (STORED, as torch writes them). */
final class ZipBytes {

  private ZipBytes() {}

  /** Entry name → bytes, in archive order. */
  static Map<String, byte[]> read(byte[] zip) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipFile z = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(zip)).get()) {
      for (ZipArchiveEntry e : Collections.list(z.getEntriesInPhysicalOrder())) {
        try (InputStream in = z.getInputStream(e)) {
          entries.put(e.getName(), in.readAllBytes());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }

  /** The entries as a zip of STORED entries. */
  static byte[] write(Map<String, byte[]> entries) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        ZipEntry z = new ZipEntry(e.getKey());
        z.setMethod(ZipEntry.STORED);
        z.setSize(e.getValue().length);
        z.setCompressedSize(e.getValue().length);
        CRC32 crc = new CRC32();
        crc.update(e.getValue());
        z.setCrc(crc.getValue());
        out.putNextEntry(z);
        out.write(e.getValue());
        out.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The name of the entry ending in {@code suffix} (e.g. {@code data.pkl}), or null. */
  static String find(Map<String, byte[]> entries, String suffix) {
    for (String n : entries.keySet()) {
      if (n.endsWith(suffix)) {
        return n;
      }
    }
    return null;
  }
}
