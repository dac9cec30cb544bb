package io.solider.spark;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns a failed Spark job into the error of its cause: an executor's {@code
 * IllegalArgumentException} or {@code IOException} (a missing checkpoint, an unreadable input)
 * reaches the driver wrapped in a {@code SparkException}; the command line reports the cause's
 * one line rather than Spark's stage-failure text.
 */
public final class SparkFailures {

  private SparkFailures() {}

  /** A job body that may fail inside Spark. */
  @FunctionalInterface
  public interface Job<T> {
    T run() throws IOException;
  }

  /**
   * Runs {@code job}; a {@code SparkException} caused by an {@link IllegalArgumentException} or
   * {@link IOException} is rethrown as that cause, any other keeps Spark's message.
   */
  public static <T> T unwrap(Job<T> job) throws IOException {
    try {
      return job.run();
    } catch (IOException | IllegalArgumentException e) {
      throw e;
    } catch (Exception e) { // SparkException is checked but undeclared by Scala methods
      for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
        if (t instanceof UncheckedIOException u) {
          throw u.getCause();
        }
        if (t instanceof IllegalArgumentException a) {
          throw a;
        }
        if (t instanceof IOException io) {
          throw io;
        }
      }
      throw new IOException("Spark job failed: " + firstLine(e.getMessage(), "no message"), e);
    }
  }

  /** The first line of a (Spark, often multi-line) message, or {@code ifNull} when there is none. */
  public static String firstLine(String s, String ifNull) {
    if (s == null) {
      return ifNull;
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
