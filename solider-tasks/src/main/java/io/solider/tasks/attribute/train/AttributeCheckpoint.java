package io.solider.tasks.attribute.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.solider.nn.backbone.Backbone;
import io.solider.nn.optim.Adam;
import io.solider.nn.optim.ReduceLrOnPlateau;
import io.solider.nn.train.BestValue;
import io.solider.nn.train.Position;
import io.solider.nn.train.TrainingCheckpoint;
import io.solider.tasks.attribute.head.AttributeHead;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The attribute trainer's {@code checkpoint.pth}: a {@link TrainingCheckpoint} of kind
 * {@value AttributeTraining#KIND} whose parts are {@code model} (the release's state-dict keys),
 * {@code optimizer} ({@code exp_avg}, {@code exp_avg_sq} and {@code step} per parameter, as
 * torch's Adam state), {@code scheduler} (the plateau's best, counters and learning rates),
 * {@code best} (test mA and epoch of {@code model_best.pth}), {@code loss.positive_ratio} (the
 * training split's ratios, float32 as the loss uses them) and {@code attributes} (the names in
 * output order, JSON). Everything a resumed run needs to repeat the uninterrupted one exactly.
 */
public final class AttributeCheckpoint {

  /** Layout version of the training checkpoint. */
  public static final int VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private AttributeCheckpoint() {}

  /** A restored run and where it continues. */
  public record Restored(AttributeTraining run, Position next) {}

  /** Writes the full training state before step {@code next}. */
  public static void write(AttributeTraining run, Position next, Path file) throws IOException {
    Map<String, Object> parts = new LinkedHashMap<>();
    parts.put("model", new LinkedHashMap<>(run.model().stateDict()));
    Adam adam = run.optimizer();
    Map<String, Object> opt = new LinkedHashMap<>();
    opt.put("exp_avg", new LinkedHashMap<>(adam.expAvg()));
    opt.put("exp_avg_sq", new LinkedHashMap<>(adam.expAvgSq()));
    opt.put("step", new LinkedHashMap<>(adam.steps()));
    parts.put("optimizer", opt);
    ReduceLrOnPlateau plateau = run.plateau();
    if (plateau != null) {
      ReduceLrOnPlateau.State s = plateau.state();
      Map<String, Object> sched = new LinkedHashMap<>();
      sched.put("best", s.best());
      sched.put("num_bad_epochs", s.numBadEpochs());
      sched.put("cooldown_counter", s.cooldownCounter());
      sched.put("last_epoch", s.lastEpoch());
      Map<String, Object> lrs = new LinkedHashMap<>();
      double[] lr = s.lrs();
      for (int i = 0; i < lr.length; i++) {
        lrs.put(Integer.toString(i), lr[i]);
      }
      sched.put("lr", lrs);
      parts.put("scheduler", sched);
    }
    parts.put("best", Map.of("value", run.best().value(), "epoch", run.best().epoch()));
    double[] r = run.positiveRatio();
    float[] ratio = new float[r.length];
    for (int i = 0; i < r.length; i++) {
      ratio[i] = (float) r[i];
    }
    parts.put("loss", Map.of("positive_ratio", Nd4j.createFromArray(ratio)));
    parts.put("attributes", JSON.writeValueAsString(run.attributes()));
    TrainingCheckpoint.write(file, AttributeTraining.KIND, VERSION, next, run.config().seed(),
        toJson(run.config()), parts);
  }

  /**
   * Reads a checkpoint written by {@link #write}.
   *
   * @throws IOException naming the file when it is not an attribute training checkpoint
   */
  public static Restored read(Path file) throws IOException {
    TrainingCheckpoint.Contents c = TrainingCheckpoint.read(file, AttributeTraining.KIND, VERSION);
    AttributeTrainConfig config = fromJson(c.config());
    Map<String, INDArray> model = c.part("model");
    Map<String, INDArray> backbone = new LinkedHashMap<>();
    model.forEach((k, v) -> {
      if (k.startsWith(AttributeModel.BACKBONE)) {
        backbone.put(k.substring(AttributeModel.BACKBONE.length()), v);
      }
    });
    Backbone b = Backbone.fromTensors(backbone, file.toString());
    b = b.withConfig(b.config().withDropPathRate(config.model().arch().dropPathRate()));
    AttributeModel m = new AttributeModel(b, AttributeHead.fromState(model, file.toString()));
    Adam adam = AttributeTraining.adam(config.optimizer());
    Map<String, INDArray> expAvgSq = c.part("optimizer.exp_avg_sq");
    for (Map.Entry<String, INDArray> e : c.part("optimizer.exp_avg").entrySet()) {
      Object step = c.values().get("optimizer.step." + e.getKey());
      if (!(step instanceof Number n) || !expAvgSq.containsKey(e.getKey())) {
        throw new IOException(file + ": optimizer state of " + e.getKey() + " is incomplete");
      }
      adam.restore(e.getKey(), e.getValue(), expAvgSq.get(e.getKey()), n.longValue());
    }
    ReduceLrOnPlateau.State plateau = null;
    if (c.values().get("scheduler.best") instanceof Number best) {
      plateau = new ReduceLrOnPlateau.State(best.doubleValue(), number(c, "scheduler.num_bad_epochs", file).intValue(),
          number(c, "scheduler.cooldown_counter", file).intValue(), number(c, "scheduler.last_epoch", file).intValue(),
          new double[] {number(c, "scheduler.lr.0", file).doubleValue(), number(c, "scheduler.lr.1", file).doubleValue()});
    }
    BestValue.State best = new BestValue.State(number(c, "best.value", file).doubleValue(),
        number(c, "best.epoch", file).intValue());
    INDArray ratio = c.tensors().get("loss.positive_ratio");
    if (ratio == null || !(c.values().get("attributes") instanceof String names)) {
      throw new IOException(file + ": checkpoint has no loss ratios or attribute names");
    }
    List<String> attributes = JSON.readValue(names, new TypeReference<List<String>>() {});
    AttributeTraining run = new AttributeTraining(config, m, attributes, ratio.toDoubleVector(), adam, plateau, best);
    return new Restored(run, c.next());
  }

  private static Number number(TrainingCheckpoint.Contents c, String key, Path file) throws IOException {
    if (!(c.values().get(key) instanceof Number n)) {
      throw new IOException(file + ": checkpoint entry '" + key + "' is missing or not a number");
    }
    return n;
  }

  public static String toJson(AttributeTrainConfig config) {
    try {
      return JSON.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write configuration as JSON", e);
    }
  }

  public static AttributeTrainConfig fromJson(String json) throws IOException {
    return JSON.readValue(json, AttributeTrainConfig.class);
  }
}
