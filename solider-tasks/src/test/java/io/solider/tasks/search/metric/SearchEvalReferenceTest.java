package io.solider.tasks.search.metric;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of {@code search/eval/} (made by make_eval_reference.py with the release's
 * {@code eval_detection}, {@code eval_search_cuhk} and {@code eval_search_prw}): read through the
 * exchange-file reader, evaluated, and compared bit for bit: the evaluation reproduces NumPy's
 * sort, scalar promotion and summation, so no tolerance is needed.
 */
class SearchEvalReferenceTest {

  static Path root() throws URISyntaxException {
    return Path.of(SearchEvalReferenceTest.class.getResource("/search/eval/expected.json").toURI()).getParent();
  }

  static JsonNode expected() throws Exception {
    return new ObjectMapper().readTree(root().resolve("expected.json").toFile());
  }

  static Stream<String> cases() throws Exception {
    List<String> names = new ArrayList<>();
    expected().fieldNames().forEachRemaining(names::add);
    return names.stream();
  }

  static SearchEvalInput read(String name, SearchProtocol protocol) throws Exception {
    Path d = root().resolve(name);
    return SearchEvalFiles.read(new SearchEvalFiles.Paths(d.resolve("gallery.json"), d.resolve("detections.json"),
        d.resolve("det.npy"), d.resolve("queries.json"), d.resolve("q.npy")), protocol);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesTheReleaseEvaluation(String name) throws Exception {
    JsonNode e = expected().get(name);
    SearchProtocol protocol = e.get("protocol").asText().equals("prw") ? SearchProtocol.PRW : SearchProtocol.CUHK_SYSU;
    SearchEvalInput in = read(name, protocol);
    SearchEvaluation m = SearchEvaluator.evaluate(in, protocol, SearchEvaluator.DET_THRESH);
    assertThat(m.detectionRecall()).as("detection recall").isEqualTo(e.get("detection").get("recall").asDouble());
    assertThat(m.detectionAp()).as("detection AP").isEqualTo(e.get("detection").get("ap").asDouble());
    List<SearchEvaluator.QueryResult> per = SearchEvaluator.rank(in, protocol, SearchEvaluator.DET_THRESH);
    JsonNode qs = e.get("queries");
    assertThat(per).hasSize(qs.size());
    for (int q = 0; q < per.size(); q++) {
      assertThat(per.get(q).ap()).as("AP of query %d", q).isEqualTo(qs.get(q).get("ap").asDouble());
      for (int k = 0; k < 3; k++) {
        assertThat(per.get(q).hits()[k]).as("hit %d of query %d", k, q).isEqualTo(qs.get(q).get("hits").get(k).asInt());
      }
    }
    assertThat(m.mAP()).as("mAP").isEqualTo(e.get("mAP").asDouble());
    assertThat(m.top1()).isEqualTo(e.get("top1").asDouble());
    assertThat(m.top5()).isEqualTo(e.get("top5").asDouble());
    assertThat(m.top10()).isEqualTo(e.get("top10").asDouble());
  }
}
