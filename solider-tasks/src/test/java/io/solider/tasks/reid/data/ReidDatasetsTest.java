package io.solider.tasks.reid.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solider.tasks.common.DatasetFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layout detection for re-id folders and the gallery listing of reid-index. */
class ReidDatasetsTest {

  @TempDir Path dir;

  static void touch(Path f) throws Exception {
    Files.createDirectories(f.getParent());
    Files.write(f, new byte[0]);
  }

  @Test
  void detectsMarketWithoutATrainingSplitAndMsmt() throws Exception {
    Path market = dir.resolve("market");
    touch(market.resolve("query/0001_c1s1_000001_00.jpg"));
    touch(market.resolve("bounding_box_test/0001_c2s1_000001_00.jpg"));
    touch(market.resolve("bounding_box_test/0000_c3s1_000001_00.jpg"));
    touch(market.resolve("bounding_box_test/-1_c3s1_000002_00.jpg"));
    assertThat(ReidDatasets.detect(market)).isEqualTo(ReidDatasets.Layout.MARKET1501);
    ReidSplits s = ReidDatasets.read(market);
    assertThat(s.train()).isEmpty();
    assertThat(s.query()).extracting(ReidSample::pid, ReidSample::camera).containsExactly(org.assertj.core.groups.Tuple.tuple(1, 0));
    assertThat(s.gallery()).hasSize(2); // junk dropped, distractor kept
    assertThat(ReidDatasets.gallery(market)).isEqualTo(s.gallery());

    Path msmt = dir.resolve("msmt");
    Files.createDirectories(msmt);
    Files.writeString(msmt.resolve("list_query.txt"), "");
    assertThat(ReidDatasets.detect(msmt)).isEqualTo(ReidDatasets.Layout.MSMT17);
  }

  @Test
  void aPlainFolderIsAGalleryWithLabelsFromMarketStyleNames() throws Exception {
    Path g = dir.resolve("g");
    touch(g.resolve("0042_c5s1_000001_00.jpg"));
    touch(g.resolve("sub/someone.png"));
    touch(g.resolve("notes.txt"));
    assertThat(ReidDatasets.gallery(g)).extracting(ReidSample::pid, ReidSample::camera)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(42, 4), org.assertj.core.groups.Tuple.tuple(-1, -1));
  }

  @Test
  void missingAndUnknownFoldersAreNamed() throws Exception {
    Path missing = dir.resolve("none");
    assertThatThrownBy(() -> ReidDatasets.read(missing)).isInstanceOf(DatasetFormatException.class)
        .hasMessage(missing + ": re-id data folder does not exist");
    Files.createDirectories(dir.resolve("other/query"));
    assertThatThrownBy(() -> ReidDatasets.read(dir.resolve("other")))
        .hasMessage(dir.resolve("other") + ": not a re-id data folder: expected Market-1501 (query/ and "
            + "bounding_box_test/) or MSMT17 (list_query.txt, list_gallery.txt, test/)");
    Files.createDirectories(dir.resolve("emptygallery"));
    assertThatThrownBy(() -> ReidDatasets.gallery(dir.resolve("emptygallery")))
        .hasMessage(dir.resolve("emptygallery") + ": no images in the gallery folder");
  }
}
