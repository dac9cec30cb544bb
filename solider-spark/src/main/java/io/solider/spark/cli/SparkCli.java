package io.solider.spark.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code solider spark}: the Spark jobs as a command line, the main class for {@code spark-submit}
 * and for {@code ./solider spark} (local mode). Errors are one line: exit 2 for bad input
 * ({@code IllegalArgumentException}), 1 for anything else.
 */
@Command(
    name = "solider spark",
    mixinStandardHelpOptions = true,
    subcommands = {SparkExtractCommand.class, SparkReidEvalCommand.class, SparkIndexCommand.class,
        SparkCompareCommand.class, SparkBenchCommand.class, SparkInitCheckpointCommand.class},
    description = {"SOLIDER jobs on Apache Spark: extract, reid-eval, index; compare, bench, init-checkpoint."})
public final class SparkCli implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(SparkCli.class);

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.out);
    return 2;
  }

  /** The command line with one-line error handling. */
  public static CommandLine newCommandLine() {
    CommandLine cl = new CommandLine(new SparkCli());
    cl.setExecutionExceptionHandler((ex, line, parse) -> {
      String reason = reason(ex);
      log.error("{}", reason);
      line.getErr().println("error: " + reason);
      return ex instanceof IllegalArgumentException ? 2 : 1;
    });
    return cl;
  }

  public static void main(String[] args) {
    int code = newCommandLine().execute(args);
    System.exit(code);
  }

  static String reason(Throwable ex) {
    Throwable t = ex;
    while (t.getCause() != null && t.getMessage() == null) {
      t = t.getCause();
    }
    if (t instanceof java.nio.file.NoSuchFileException n) {
      return n.getFile() + ": " + (n.getReason() != null ? n.getReason() : "no such file");
    }
    String m = t.getMessage();
    return m != null ? m : t.getClass().getSimpleName();
  }

  /** Options every Spark command takes. */
  static final class SparkOptions {
    @Option(names = "--master", paramLabel = "URL",
        description = "Spark master (local[N], spark://host:port, yarn, k8s://…). Default: the one spark-submit "
            + "gives, else local[*].")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting; repeatable.")
    Map<String, String> conf = new LinkedHashMap<>();

    /** A session for {@code app}: spark-submit's settings, then ours. */
    SparkSession session(String app) {
      SparkConf sc = new SparkConf();
      if (master != null) {
        sc.setMaster(master);
      } else if (!sc.contains("spark.master")) {
        sc.setMaster("local[*]");
      }
      sc.setIfMissing("spark.app.name", "solider " + app);
      conf.forEach(sc::set);
      return SparkSession.builder().config(sc).getOrCreate();
    }
  }
}
