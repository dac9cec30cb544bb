package io.solider.tasks.search.head;

import static org.assertj.core.api.Assertions.assertThat;

import io.solider.nn.checkpoint.Checkpoints;
import io.solider.nn.checkpoint.StateDict;
import io.solider.nn.checkpoint.TensorRef;
import io.solider.nn.backbone.RecomputingBackbone;
import io.solider.nn.backbone.SemanticWeights;
import io.solider.tasks.common.ReferenceArrays;
import io.solider.tasks.search.data.RcnnTransform;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A SeqNet checkpoint written by the release's code ({@code {'model': state_dict, 'epoch': 0}},
 * torchvision 0.14's key names, tiny Swin, every tensor perturbed) loads here and runs as the
 * release runs it: trunk map, detections (boxes, scores, score-weighted embeddings) and query
 * embeddings on one scene (reference: {@code src/test/resources/search/model/make_model_reference.py}).
 */
class SearchModelMatchesReleaseTest {

  static Map<String, float[]> ref = new LinkedHashMap<>();
  static SearchModel model;

  static Path resource(String name) throws Exception {
    return Path.of(SearchModelMatchesReleaseTest.class.getResource("/search/model/" + name).toURI());
  }

  @BeforeAll
  static void load() throws Exception {
    try (StateDict d = Checkpoints.read(resource("model_reference.npz"))) {
      for (Map.Entry<String, TensorRef> e : d.tensors().entrySet()) {
        ref.put(e.getKey(), floats(e.getValue().toINDArray(DataType.FLOAT)));
      }
    }
    model = SearchModel.fromCheckpoint(resource("seqnet_tiny.pth"));
  }

  static float[] floats(INDArray a) {
    return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
  }

  @Test
  void everyTensorOfTheReleaseCheckpointIsLoaded() throws Exception {
    Map<String, INDArray> ours = model.stateDict();
    int compared = 0;
    try (StateDict d = Checkpoints.read(resource("seqnet_tiny.pth"))) {
      for (Map.Entry<String, TensorRef> e : d.tensors().entrySet()) {
        if (!e.getKey().startsWith("model.")) {
          continue; // the epoch number
        }
        String key = e.getKey().substring("model.".length()).replace("rpn.head.conv.0.0.", "rpn.head.conv.");
        if (key.endsWith("relative_position_index")) {
          continue; // a constant buffer, rebuilt from the window size
        }
        assertThat(ours).as(key).containsKey(key);
        TensorRef t = e.getValue();
        if (t.dtype().isFloating()) {
          assertThat(floats(ours.get(key))).as(key).containsExactly(floats(t.toINDArray(DataType.FLOAT)));
        }
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(100);
  }

  @Test
  void detectsAndEmbedsAsTheRelease() throws Exception {
    SearchDetector detector = new SearchDetector(new SearchNetwork(model), RcnnTransform.seqNet().withSizes(96, 160),
        new ProposalFilter(300, 40, 0.7, 1e-3), SearchPostProcess.seqNet(), 0.6);
    // The model is fed the release's own transformed input (torchvision resizes this 120×200 scene
    // to 95×159 and pads it to 96×160; RcnnTransform, checked separately in TransformReferenceTest,
    // sizes it 96×160), so this test checks the network alone.
    float[] input = ref.get("input");
    INDArray image = Nd4j.create(input, new long[] {1, 3, 96, 160}, 'c');
    RecomputingBackbone.ForwardPass pass = new SearchNetwork(model).trunk(96, 160)
        .forward(image, SemanticWeights.constant(0.6, 1), null);
    INDArray trunkMap = pass.outputs().stage(2).dup('c');
    pass.close();
    image.close();
    try (SearchDetector.Features f = new SearchDetector.Features(trunkMap, 96, 160, 95, 159, 120, 200)) {
      float[] map = floats(f.map());
      assertThat(ReferenceArrays.maxAbsDiff(map, ref.get("feat_res4"))).isLessThan(1e-5);
      SearchDetector.Detections d = detector.detect(f);
      float[] boxes = ref.get("det_boxes");
      assertThat(d.count()).isEqualTo(ref.get("det_scores").length).isPositive();
      assertThat(ReferenceArrays.maxAbsDiff(d.boxes(), boxes)).isLessThan(5e-4);
      assertThat(ReferenceArrays.maxAbsDiff(d.scores(), ref.get("det_scores"))).isLessThan(1e-6);
      assertThat(ReferenceArrays.maxAbsDiff(d.embeddings(), ref.get("det_embeddings"))).isLessThan(1e-6);
      float[] q = detector.embed(f, ref.get("query_boxes"));
      assertThat(ReferenceArrays.maxAbsDiff(q, ref.get("query_embeddings"))).isLessThan(1e-6);
    }
  }
}
