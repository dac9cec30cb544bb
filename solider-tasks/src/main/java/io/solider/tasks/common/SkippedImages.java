package io.solider.tasks.common;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A thread-safe tally of images that could not be read and were skipped, with the reasons. */
public final class SkippedImages {

  /** One skipped image. */
  public record Skipped(Path file, String reason) {}

  private final List<Skipped> skipped = new ArrayList<>();

  synchronized void add(Path file, String reason) {
    skipped.add(new Skipped(file, reason));
  }

  /** Number of images skipped so far. */
  public synchronized int count() {
    return skipped.size();
  }

  /** The images skipped so far, in the order they were met. */
  public synchronized List<Skipped> list() {
    return List.copyOf(skipped);
  }

  @Override
  public synchronized String toString() {
    return skipped.size() + " unreadable image(s) skipped" + (skipped.isEmpty() ? "" : ", first: " + skipped.get(0));
  }
}
