package io.solider.nn.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.io.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {

  @TempDir Path dir;

  @Test
  void openingRemovesTempFilesLeftByAKilledWriteAndNothingElse() throws Exception {
    Path run = dir.resolve("run");
    Files.createDirectories(run);
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path orphan = run.resolve(".checkpoint.pth." + gone.pid() + ".5eed.tmp"); // a writer killed mid-write
    Files.writeString(orphan, "half a checkpoint");
    Path oldOrphan = Files.writeString(run.resolve(".checkpoint.pth5512873.tmp"), "earlier versions' name");
    Path live = AtomicFiles.tempSibling(run.resolve("metrics.json")); // a writer still at work
    Files.writeString(run.resolve("checkpoint.pth"), "good");
    Files.writeString(run.resolve(".hidden.tmp"), "not ours: no random suffix");
    RunFolder.open(run);
    assertThat(orphan).doesNotExist();
    assertThat(oldOrphan).doesNotExist();
    assertThat(live).exists();
    assertThat(run.resolve("checkpoint.pth")).hasContent("good");
    assertThat(run.resolve(".hidden.tmp")).exists();
  }

  @Test
  void provenanceIsAppendedPerInvocation() throws Exception {
    RunFolder folder = RunFolder.open(dir.resolve("p"));
    folder.recordProvenance(Provenance.capture(List.of("reid-train", "--epochs", "2"), Map.of("epochs", 2),
        Map.of("images", 10)));
    folder.recordProvenance(Provenance.capture(List.of("reid-train", "--resume"), Map.of("epochs", 2),
        Map.of("images", 10)));
    JsonNode runs = new ObjectMapper().readTree(folder.file(RunFolder.RUN_RECORD).toFile()).get("invocations");
    assertThat(runs).hasSize(2);
    JsonNode first = runs.get(0);
    assertThat(first.get("command_line").toString()).isEqualTo("[\"reid-train\",\"--epochs\",\"2\"]");
    assertThat(first.get("config").get("epochs").asInt()).isEqualTo(2);
    assertThat(first.get("data").get("images").asInt()).isEqualTo(10);
    assertThat(first.get("git_commit").asText()).isNotEmpty();
    assertThat(first.get("started").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(first.get("machine").get("cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(runs.get(1).get("command_line").get(1).asText()).isEqualTo("--resume");
  }

  @Test
  void aSaveRequestIsTakenOnce() throws Exception {
    RunFolder folder = RunFolder.open(dir.resolve("s"));
    assertThat(folder.takeSaveRequest()).isFalse();
    Files.writeString(folder.file(RunFolder.SAVE_REQUEST), "");
    assertThat(folder.takeSaveRequest()).isTrue();
    assertThat(folder.takeSaveRequest()).isFalse();
  }

  @Test
  void metricsFilesAreNamedByEpoch() throws Exception {
    RunFolder folder = RunFolder.open(dir.resolve("m"));
    assertThat(folder.metrics(-1, false).getFileName().toString()).isEqualTo("metrics_initial.json");
    assertThat(folder.metrics(10, false).getFileName().toString()).isEqualTo("metrics_epoch10.json");
    assertThat(folder.metrics(12, true).getFileName().toString()).isEqualTo("metrics.json");
  }
}
