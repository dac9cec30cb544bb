package io.solider.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this process from /proc (Linux); the only honest meter for ND4J's off-heap arrays. */
public final class ResidentMemory {

  private ResidentMemory() {}

  /** Peak resident set size (VmHWM) in bytes, or −1 where /proc is unavailable. */
  public static long peakBytes() {
    return field("VmHWM:");
  }

  /** Current resident set size (VmRSS) in bytes, or −1. */
  public static long currentBytes() {
    return field("VmRSS:");
  }

  private static long field(String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
