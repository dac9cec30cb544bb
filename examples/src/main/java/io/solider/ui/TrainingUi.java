package io.solider.ui;

import org.deeplearning4j.ui.api.UIServer;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DL4J UI server on a port with an in-memory stats storage that a {@link TrainingMonitor}
 * feeds; close it to stop the server.
 */
public final class TrainingUi implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TrainingUi.class);
  /** DL4J's system property for the UI port (DL4JSystemProperties.UI_SERVER_PORT_PROPERTY). */
  static final String PORT_PROPERTY = "org.deeplearning4j.ui.port";

  private final UIServer server;
  private final InMemoryStatsStorage storage;

  private TrainingUi(UIServer server, InMemoryStatsStorage storage) {
    this.server = server;
    this.storage = storage;
  }

  /** Serves the UI on {@code port}. */
  public static TrainingUi start(int port) {
    System.setProperty(PORT_PROPERTY, Integer.toString(port));
    UIServer server = UIServer.getInstance();
    InMemoryStatsStorage storage = new InMemoryStatsStorage();
    server.attach(storage);
    log.info("training UI at http://localhost:{}/train/overview", server.getPort());
    return new TrainingUi(server, storage);
  }

  /** Where monitors send their reports. */
  public InMemoryStatsStorage storage() {
    return storage;
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
  }
}
