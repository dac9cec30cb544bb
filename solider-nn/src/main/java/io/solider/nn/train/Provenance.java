package io.solider.nn.train;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a run's results came from: the code's commit, the command line, the configuration, the
 * data, the start time and the machine. Written into the run folder's {@code run.json} by every
 * invocation that trains there.
 *
 * @param gitCommit the commit the code was built from ("unknown" outside a git checkout), with
 *     "-dirty" when the working tree had changes
 * @param commandLine the arguments of the invocation (empty when called from Java)
 * @param config the run's configuration as its JSON form
 * @param data what the run trained on (data set summary)
 * @param started start time (ISO-8601, UTC)
 * @param machine host, OS, cores, memory, Java and ND4J backend
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Provenance(String gitCommit, List<String> commandLine, Object config, Object data, String started,
    Map<String, Object> machine) {

  /** The provenance of a run starting now in this process. */
  public static Provenance capture(List<String> commandLine, Object config, Object data) {
    return new Provenance(buildCommit(), List.copyOf(commandLine), config, data, Instant.now().toString(), thisMachine());
  }

  /** The commit recorded at build time (see the solider-nn pom), or "unknown". */
  public static String buildCommit() {
    try (InputStream in = Provenance.class.getResourceAsStream("/io/solider/nn/git.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String id = p.getProperty("git.commit.id", "unknown");
      return "true".equals(p.getProperty("git.dirty")) ? id + "-dirty" : id;
    } catch (IOException e) {
      return "unknown";
    }
  }

  static Map<String, Object> thisMachine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("host", hostName());
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    m.put("cores", Runtime.getRuntime().availableProcessors());
    if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
      m.put("memory_gb", Math.round(os.getTotalMemorySize() / 1e8) / 10.0);
    }
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("nd4j_backend", Nd4j.getBackend().getClass().getSimpleName());
    Object threads = Nd4j.getExecutioner().getEnvironmentInformation().get("omp.threads");
    if (threads != null) {
      m.put("omp_threads", threads);
    }
    return m;
  }

  private static String hostName() {
    String h = System.getenv("HOSTNAME");
    if (h != null && !h.isBlank()) {
      return h;
    }
    try {
      return Files.readString(Path.of("/etc/hostname")).trim();
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
