package io.solider.ui;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.deeplearning4j.ui.api.UIServer;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DL4J UI server on a port with an in-memory stats storage that a {@link TrainingMonitor}
 * feeds; close it to stop the server.
 *
 * <p>DL4J's server makes an upload folder {@code DL4JUI_<millis>} in {@code java.io.tmpdir} each
 * time it starts and never removes it; closing removes the one this start made, if still empty.
 */
public final class TrainingUi implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TrainingUi.class);
  /** DL4J's system property for the UI port (DL4JSystemProperties.UI_SERVER_PORT_PROPERTY). */
  static final String PORT_PROPERTY = "org.deeplearning4j.ui.port";

  private final UIServer server;
  private final InMemoryStatsStorage storage;
  private final Set<Path> uploadDirs;

  private TrainingUi(UIServer server, InMemoryStatsStorage storage, Set<Path> uploadDirs) {
    this.server = server;
    this.storage = storage;
    this.uploadDirs = uploadDirs;
  }

  /** Serves the UI on {@code port}. */
  public static TrainingUi start(int port) {
    System.setProperty(PORT_PROPERTY, Integer.toString(port));
    Set<Path> before = uploadDirs();
    UIServer server = UIServer.getInstance();
    Set<Path> made = uploadDirs();
    made.removeAll(before);
    InMemoryStatsStorage storage = new InMemoryStatsStorage();
    server.attach(storage);
    log.info("training UI at http://localhost:{}/train/overview", server.getPort());
    return new TrainingUi(server, storage, made);
  }

  /** Where monitors send their reports. */
  public InMemoryStatsStorage storage() {
    return storage;
  }

  /** The upload folders this start made (removed by {@link #close()} while empty). */
  Set<Path> uploadDirsMade() {
    return Set.copyOf(uploadDirs);
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.detach(storage);
    try {
      UIServer.stopInstance();
    } catch (Exception e) {
      log.warn("the training UI did not stop cleanly: {}", e.getMessage());
    }
    for (Path dir : uploadDirs) {
      try {
        Files.deleteIfExists(dir); // fails on a folder that holds uploads: that one is left alone
      } catch (IOException e) {
        log.debug("left the UI's upload folder {}: {}", dir, e.toString());
      }
    }
  }

  /** The UI's upload folders in the temporary directory now. */
  static Set<Path> uploadDirs() {
    Set<Path> dirs = new HashSet<>();
    try (DirectoryStream<Path> s =
        Files.newDirectoryStream(Path.of(System.getProperty("java.io.tmpdir")), "DL4JUI_*")) {
      for (Path p : s) {
        if (Files.isDirectory(p)) {
          dirs.add(p);
        }
      }
    } catch (IOException e) {
      log.debug("cannot list the temporary directory: {}", e.toString());
    }
    return dirs;
  }
}
