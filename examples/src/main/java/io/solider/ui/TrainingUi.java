package io.solider.ui;

import io.solider.ssl.trainer.SoliderTrainer;
import org.deeplearning4j.ui.api.UIServer;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the DL4J UI server on a port and attaches a {@link PretrainMonitor} to a trainer. */
public final class TrainingUi implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TrainingUi.class);
  /** DL4J's system property for the UI port (DL4JSystemProperties.UI_SERVER_PORT_PROPERTY). */
  static final String PORT_PROPERTY = "org.deeplearning4j.ui.port";

  private final UIServer server;
  private final InMemoryStatsStorage storage;
  private final PretrainMonitor monitor;

  private TrainingUi(UIServer server, InMemoryStatsStorage storage, PretrainMonitor monitor) {
    this.server = server;
    this.storage = storage;
    this.monitor = monitor;
  }

  /** Serves the UI on {@code port} and feeds it from {@code trainer}. */
  public static TrainingUi start(SoliderTrainer trainer, int port) {
    System.setProperty(PORT_PROPERTY, Integer.toString(port));
    UIServer server = UIServer.getInstance();
    InMemoryStatsStorage storage = new InMemoryStatsStorage();
    server.attach(storage);
    PretrainMonitor monitor = new PretrainMonitor(storage);
    trainer.addListener(monitor);
    log.info("training UI at http://localhost:{}/train/overview", server.getPort());
    return new TrainingUi(server, storage, monitor);
  }

  public int port() {
    return server.getPort();
  }

  public PretrainMonitor monitor() {
    return monitor;
  }

  @Override
  public void close() throws Exception {
    server.detach(storage);
    UIServer.stopInstance();
  }
}
