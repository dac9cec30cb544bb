package io.solider.nn.optim;

import static io.solider.nn.optim.OptimReference.ROOT;
import static io.solider.nn.optim.OptimReference.doubles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.solider.nn.optim.ReduceLrOnPlateau.Config;
import io.solider.nn.optim.ReduceLrOnPlateau.Mode;
import io.solider.nn.optim.ReduceLrOnPlateau.ThresholdMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * ReduceLrOnPlateau against torch's ReduceLROnPlateau (make_optim_reference.py) on metric
 * sequences: the release's settings (factor 0.1, patience 4) on a loss that improves by less than
 * the 1e-4 relative threshold, cooldown with a floor (min_lr) reached by one group first, max mode
 * with an absolute threshold, NaN metrics and a reduction smaller than eps. Learning rates, best,
 * bad-step and cooldown counters are equal after every step (same double arithmetic).
 */
class ReduceLrOnPlateauTest {

  static Config configOf(JsonNode kw) {
    Config c = Config.torchDefaults();
    if (kw.has("mode")) {
      c = c.withMode(Mode.valueOf(kw.get("mode").asText().toUpperCase(java.util.Locale.ROOT)));
    }
    if (kw.has("factor")) {
      c = c.withFactor(kw.get("factor").asDouble());
    }
    if (kw.has("patience")) {
      c = c.withPatience(kw.get("patience").asInt());
    }
    if (kw.has("threshold") || kw.has("threshold_mode")) {
      c = c.withThreshold(kw.has("threshold") ? kw.get("threshold").asDouble() : 1e-4, ThresholdMode.valueOf(
          kw.has("threshold_mode") ? kw.get("threshold_mode").asText().toUpperCase(java.util.Locale.ROOT) : "REL"));
    }
    if (kw.has("cooldown")) {
      c = c.withCooldown(kw.get("cooldown").asInt());
    }
    if (kw.has("min_lr")) {
      c = c.withMinLr(kw.get("min_lr").asDouble());
    }
    if (kw.has("eps")) {
      c = c.withEps(kw.get("eps").asDouble());
    }
    return c;
  }

  @ParameterizedTest
  @ValueSource(strings = {"plateau_release", "plateau_cooldown_min_lr", "plateau_max_abs", "plateau_nan_and_eps"})
  void followsTorchStepByStep(String name) {
    JsonNode c = ROOT.get(name);
    ReduceLrOnPlateau s = new ReduceLrOnPlateau(configOf(c.get("config")), doubles(c.get("initial")));
    double[] metrics = doubles(c.get("metrics"));
    for (int t = 0; t < metrics.length; t++) {
      s.step(metrics[t]);
      JsonNode row = c.get("rows").get(t);
      ReduceLrOnPlateau.State st = s.state();
      assertThat(st.lrs()).as("%s step %d lrs", name, t + 1).containsExactly(doubles(row.get("lrs")));
      assertThat(st.best()).as("%s step %d best", name, t + 1).isEqualTo(row.get("best").asDouble());
      assertThat(st.numBadEpochs()).as("%s step %d bad", name, t + 1).isEqualTo(row.get("num_bad_epochs").asInt());
      assertThat(st.cooldownCounter()).as("%s step %d cooldown", name, t + 1)
          .isEqualTo(row.get("cooldown_counter").asInt());
    }
  }

  @Test
  void restoredStateContinuesTheSameWay() {
    Config cfg = Config.torchDefaults().withPatience(1).withCooldown(1);
    ReduceLrOnPlateau a = new ReduceLrOnPlateau(cfg, 0.1, 0.2);
    double[] m = {1, 1, 1, 0.5, 0.6, 0.7, 0.8, 0.9};
    for (int i = 0; i < 4; i++) {
      a.step(m[i]);
    }
    ReduceLrOnPlateau b = new ReduceLrOnPlateau(cfg, 0.1, 0.2);
    b.restore(a.state());
    for (int i = 4; i < m.length; i++) {
      assertThat(b.step(m[i])).isEqualTo(a.step(m[i]));
      assertThat(b.lrs()).containsExactly(a.lrs());
    }
    assertThatThrownBy(() -> new ReduceLrOnPlateau(cfg, 0.1).restore(a.state())).hasMessageContaining("2 groups");
  }

  @Test
  void rejectsBadSettings() {
    assertThatThrownBy(() -> Config.torchDefaults().withFactor(1.0)).hasMessageContaining("factor");
    assertThatThrownBy(() -> Config.torchDefaults().withPatience(-1)).hasMessageContaining("patience");
    assertThatThrownBy(() -> new ReduceLrOnPlateau(Config.torchDefaults())).hasMessageContaining("at least one");
  }
}
