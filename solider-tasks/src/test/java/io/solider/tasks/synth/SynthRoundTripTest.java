package io.solider.tasks.synth;

import static org.assertj.core.api.Assertions.assertThat;

import io.solider.tasks.attribute.data.AttributeCsv;
import io.solider.tasks.attribute.data.AttributeDataset;
import io.solider.tasks.attribute.data.AttributeSample;
import io.solider.tasks.attribute.data.Pa100k;
import io.solider.tasks.attribute.data.Pa100kAttributes;
import io.solider.tasks.common.ImageSource;
import io.solider.tasks.detection.data.CityPersons;
import io.solider.tasks.detection.data.DetectionImage;
import io.solider.tasks.detection.data.PedestrianBox;
import io.solider.tasks.parsing.data.Lip;
import io.solider.tasks.parsing.data.ParsingSample;
import io.solider.tasks.parsing.data.PartMask;
import io.solider.tasks.pose.data.CocoKeypoints;
import io.solider.tasks.pose.data.PoseSample;
import io.solider.tasks.reid.data.Market1501;
import io.solider.tasks.reid.data.Msmt17;
import io.solider.tasks.reid.data.ReidSample;
import io.solider.tasks.reid.data.ReidSplits;
import io.solider.tasks.search.data.CuhkSysu;
import io.solider.tasks.search.data.Prw;
import io.solider.tasks.search.data.SearchBox;
import io.solider.tasks.search.data.SearchDataset;
import io.solider.tasks.search.data.SearchQuery;
import io.solider.tasks.search.data.SearchScene;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generate a tiny synthetic set once, read every data set back with its real-format reader. */
class SynthRoundTripTest {

  @TempDir static Path root;
  static SynthConfig cfg = SynthConfig.tiny(7);
  static SynthTruth truth;

  @BeforeAll
  static void generate() throws IOException {
    truth = new SyntheticGenerator(cfg).generate(root);
  }

  @Test
  void writesEveryDataSetFolder() {
    assertThat(root).isDirectoryContaining(p -> p.getFileName().toString().equals("market1501"));
    for (String d : List.of("market1501", "msmt17", "pa100k", "coco", "lip", "citypersons", "cuhk_sysu", "prw", "unlabeled")) {
      assertThat(root.resolve(d)).isDirectory();
    }
  }

  @Test
  void marketIdentitiesCamerasAndSplitsComeBack() throws IOException {
    ReidSplits m = Market1501.read(root.resolve("market1501"));
    assertSameShots(m.train(), truth.market(), "train", false);
    assertSameShots(m.query(), truth.market(), "query", false);
    assertSameShots(m.gallery(), truth.market(), "gallery", true);
    assertThat(m.train()).extracting(ReidSample::pid).containsOnly(range(cfg.identities() / 2));
    assertThat(m.gallery()).extracting(ReidSample::rawPid).contains(0).doesNotContain(-1);
    long junk = truth.market().stream().filter(s -> s.pid() == -1).count();
    assertThat(junk).isEqualTo(cfg.junk());
    assertThat(m.summaries().get(0).identities()).isEqualTo(cfg.identities() / 2);
  }

  @Test
  void marketFileNamesFollowTheRealPattern() throws IOException {
    try (Stream<Path> s = Files.list(root.resolve("market1501/bounding_box_test"))) {
      assertThat(s.map(p -> p.getFileName().toString()))
          .allMatch(n -> n.matches("(-1|\\d{4})_c\\ds\\d_\\d{6}_\\d{2}\\.jpg"));
    }
  }

  @Test
  void msmtListsComeBackWithCamerasFromFileNames() throws IOException {
    ReidSplits m = Msmt17.read(root.resolve("msmt17"));
    List<ReidShot> trainTruth = truth.msmt().stream().filter(s -> s.split().equals("train") || s.split().equals("val")).toList();
    assertThat(m.train()).hasSize(trainTruth.size());
    assertSameShots(m.query(), truth.msmt(), "query", true);
    assertSameShots(m.gallery(), truth.msmt(), "gallery", true);
    assertThat(Files.readAllLines(root.resolve("msmt17/list_query.txt")).get(0)).matches("\\d{4}/\\d{4}_\\d{3}_\\d{2}_0303\\w+_\\d{4}_0\\.jpg \\d+");
  }

  private void assertSameShots(List<ReidSample> read, List<ReidShot> all, String split, boolean rawPids) {
    List<ReidShot> expected = all.stream().filter(s -> s.split().equals(split) && s.pid() != -1).toList();
    Map<String, ReidShot> byName = expected.stream().collect(Collectors.toMap(s -> Path.of(s.path()).getFileName().toString(), s -> s));
    assertThat(read).hasSize(expected.size());
    for (ReidSample r : read) {
      ReidShot t = byName.get(r.image().getFileName().toString());
      assertThat(t).as("truth for %s", r.image()).isNotNull();
      assertThat(r.rawPid()).isEqualTo(t.pid());
      assertThat(r.camera()).isEqualTo(t.camera() - 1);
      assertThat(r.image()).exists();
    }
  }

  @Test
  void pa100kMatAndCsvGiveBackTheAttributes() throws IOException {
    AttributeDataset ds = Pa100k.read(root.resolve("pa100k"));
    assertThat(ds.attributes()).isEqualTo(Pa100kAttributes.NAMES).hasSize(26);
    assertThat(ds.train().size() + ds.val().size() + ds.test().size()).isEqualTo(cfg.attributeImages());
    Map<String, int[]> expected = truth.attributes().stream().collect(Collectors.toMap(SynthTruth.AttributeTruth::name, SynthTruth.AttributeTruth::labels));
    for (AttributeSample s : concat(ds.train(), ds.val(), ds.test())) {
      assertThat(s.labels()).isEqualTo(expected.get(s.image().getFileName().toString()));
      assertThat(s.image()).exists();
    }
    AttributeCsv.Table csv = AttributeCsv.read(root.resolve("pa100k/test.csv"), root.resolve("pa100k/data"));
    assertThat(csv.attributes()).isEqualTo(Pa100kAttributes.NAMES);
    assertThat(csv.samples()).usingRecursiveFieldByFieldElementComparator().isEqualTo(ds.test());
  }

  @Test
  void attributeLabelsAreOneHotWhereExclusive() {
    for (SynthTruth.AttributeTruth t : truth.attributes()) {
      int[] l = t.labels();
      assertThat(l[1] + l[2] + l[3]).as("one age group").isEqualTo(1);
      assertThat(l[4] + l[5] + l[6]).as("one view").isEqualTo(1);
      assertThat(l[13] + l[14]).as("short or long sleeves").isEqualTo(1);
      assertThat(l[22] + l[23] + l[24]).as("one lower garment").isEqualTo(1);
    }
  }

  @Test
  void cocoBoxesAndKeypointsComeBackExactly() throws IOException {
    List<PoseSample> read = new ArrayList<>();
    for (String split : List.of("train2017", "val2017")) {
      read.addAll(CocoKeypoints.read(root.resolve("coco"), split).people());
    }
    List<SynthTruth.PersonTruth> expected = truth.pose().stream().flatMap(s -> s.people().stream()).toList();
    assertThat(read).hasSize(expected.size());
    for (int i = 0; i < read.size(); i++) {
      assertThat(read.get(i).bbox()).containsExactly(Arrays.stream(expected.get(i).box()).asDoubleStream().toArray());
      assertThat(read.get(i).keypoints()).containsExactly(expected.get(i).keypoints());
      assertThat(read.get(i).image()).exists();
    }
    assertThat(read).allMatch(p -> p.numKeypoints() > 0);
  }

  @Test
  void keypointsAreInsideTheirBoxWhenVisible() {
    for (SynthTruth.SceneTruth s : truth.pose()) {
      for (SynthTruth.PersonTruth p : s.people()) {
        for (int k = 0; k < 17; k++) {
          if (p.keypoints()[3 * k + 2] == 2) {
            assertThat(p.keypoints()[3 * k]).isBetween((double) p.box()[0] - 1, (double) p.box()[0] + p.box()[2] + 1);
            assertThat(p.keypoints()[3 * k + 1]).isBetween((double) p.box()[1] - 1, (double) p.box()[1] + p.box()[3] + 1);
          }
        }
      }
    }
  }

  @Test
  void lipMasksComeBackPixelForPixel() throws IOException {
    ImageSource images = new ImageSource();
    int n = 0;
    for (String split : List.of("train", "val")) {
      for (ParsingSample s : Lip.read(root.resolve("lip"), split)) {
        SynthTruth.ParsingTruth t = truth.parsing().stream().filter(p -> p.id().equals(s.id())).findFirst().orElseThrow();
        PartMask m = Lip.load(s, images).orElseThrow().mask();
        assertThat(m.width()).isEqualTo(t.width());
        assertThat(m.height()).isEqualTo(t.height());
        long[] counts = new long[21];
        byte[] bytes = new byte[m.labels().length];
        for (int i = 0; i < bytes.length; i++) {
          int v = m.labels()[i];
          counts[v == 255 ? 20 : v]++;
          bytes[i] = (byte) v;
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes);
        assertThat(counts).isEqualTo(t.classCounts());
        assertThat(crc.getValue()).isEqualTo(t.crc());
        n++;
      }
    }
    assertThat(n).isEqualTo(cfg.parsingImages());
    assertThat(images.skipped().count()).isZero();
    long[] total = new long[21];
    truth.parsing().forEach(t -> { for (int i = 0; i < 21; i++) total[i] += t.classCounts()[i]; });
    for (int part : new int[] {LipPart.HAIR, LipPart.FACE, LipPart.LEFT_ARM, LipPart.RIGHT_ARM, LipPart.LEFT_SHOE, LipPart.RIGHT_SHOE}) {
      assertThat(total[part]).as("pixels of %s", LipPart.NAMES.get(part)).isPositive();
    }
  }

  @Test
  void lipAlsoReadsTheOfficialArchiveLayout(@TempDir Path official) throws IOException {
    Path images = Files.createDirectories(official.resolve("TrainVal_images"));
    Path masks = Files.createDirectories(official.resolve("TrainVal_parsing_annotations"));
    Files.copy(root.resolve("lip/val_id.txt"), images.resolve("val_id.txt"));
    Files.move(copyTree(root.resolve("lip/val_images"), official.resolve("tmp1")), images.resolve("val_images"));
    Files.move(copyTree(root.resolve("lip/val_segmentations"), official.resolve("tmp2")), masks.resolve("val_segmentations"));
    assertThat(Lip.read(official, "val")).hasSize(Lip.read(root.resolve("lip"), "val").size()).isNotEmpty();
  }

  private static Path copyTree(Path src, Path dst) throws IOException {
    Files.createDirectories(dst);
    try (Stream<Path> s = Files.list(src)) {
      for (Path p : s.toList()) {
        Files.copy(p, dst.resolve(p.getFileName().toString()));
      }
    }
    return dst;
  }

  @Test
  void cityPersonsBoxesVisibilityAndIgnoreComeBack() throws IOException {
    List<DetectionImage> read = new ArrayList<>(CityPersons.read(root.resolve("citypersons"), "train"));
    read.addAll(CityPersons.read(root.resolve("citypersons"), "val"));
    assertThat(read).hasSize(cfg.detectionImages());
    for (int i = 0; i < read.size(); i++) {
      List<SynthTruth.PersonTruth> t = truth.detection().get(i).people();
      List<PedestrianBox> b = read.get(i).boxes();
      assertThat(read.get(i).image()).exists();
      assertThat(b).hasSize(t.size());
      for (int k = 0; k < b.size(); k++) {
        assertThat(b.get(k).box()).containsExactly(Arrays.stream(t.get(k).box()).asDoubleStream().toArray());
        assertThat(b.get(k).visibleBox()).containsExactly(Arrays.stream(t.get(k).visibleBox()).asDoubleStream().toArray());
        assertThat(b.get(k).visRatio()).isEqualTo(t.get(k).visRatio()).isBetween(0.0, 1.0);
        assertThat(b.get(k).ignore()).isEqualTo(t.get(k).ignore());
      }
    }
  }

  @Test
  void cuhkSysuIdentitiesQueriesAndGalleriesComeBack() throws IOException {
    SearchDataset ds = CuhkSysu.read(root.resolve("cuhk_sysu"));
    assertThat(ds.train().size() + ds.gallery().size()).isEqualTo(cfg.searchScenes());
    Map<String, SynthTruth.SceneTruth> scenes = new HashMap<>();
    truth.search().forEach(s -> scenes.put(Path.of(s.file()).getFileName().toString(), s));
    for (SearchScene s : concat(ds.train(), ds.gallery())) {
      SynthTruth.SceneTruth t = scenes.get(s.image().getFileName().toString());
      assertThat(s.boxes()).hasSize(t.people().size());
      for (int k = 0; k < s.boxes().size(); k++) {
        SearchBox b = s.boxes().get(k);
        SynthTruth.PersonTruth p = t.people().get(k);
        assertThat(b.box()).isEqualTo(p.box());
        if (b.idName() != null) {
          assertThat(b.idName()).isEqualTo(SearchWriters.idName(p.pid()));
        }
      }
    }
    assertThat(ds.queries()).isNotEmpty();
    for (SearchQuery q : ds.queries()) {
      assertThat(q.gallery()).isNotEmpty();
      assertThat(q.gallery()).anyMatch(g -> g.box() != null);
      assertThat(q.gallery()).extracting(SearchQuery.GalleryEntry::image).doesNotContain(q.image());
    }
    Set<String> trainIds = ds.train().stream().flatMap(s -> s.boxes().stream()).map(SearchBox::idName)
        .filter(java.util.Objects::nonNull).collect(Collectors.toSet());
    assertThat(ds.queries()).extracting(SearchQuery::idName).doesNotContainAnyElementsOf(trainIds);
  }

  @Test
  void prwFramesBoxesAndQueriesComeBack() throws IOException {
    SearchDataset ds = Prw.read(root.resolve("prw"));
    assertThat(ds.train().size() + ds.gallery().size()).isEqualTo(cfg.searchScenes());
    Map<String, SynthTruth.SceneTruth> frames = new HashMap<>();
    truth.prw().forEach(s -> frames.put(Path.of(s.file()).getFileName().toString(), s));
    for (SearchScene s : concat(ds.train(), ds.gallery())) {
      SynthTruth.SceneTruth t = frames.get(s.image().getFileName().toString());
      assertThat(s.boxes()).extracting(SearchBox::box).containsExactlyElementsOf(t.people().stream().map(SynthTruth.PersonTruth::box).toList());
      assertThat(s.boxes()).extracting(SearchBox::pid).containsExactlyElementsOf(t.people().stream().map(SynthTruth.PersonTruth::pid).toList());
      assertThat(s.image()).exists();
      assertThat(s.camera()).isBetween(0, 5);
      assertThat(s.image().getFileName().toString()).startsWith("c" + (s.camera() + 1) + "s");
    }
    for (SearchQuery q : ds.queries()) {
      SearchScene scene = ds.gallery().stream().filter(s -> s.image().equals(q.image())).findFirst().orElseThrow();
      assertThat(scene.boxes()).anyMatch(b -> b.pid() == q.pid() && Arrays.equals(b.box(), q.box()));
      assertThat(root.resolve("prw/query_box").resolve(q.pid() + "_" + q.image().getFileName().toString())).exists();
    }
  }

  @Test
  void unlabeledCropsAreAFolderOfImages() throws IOException {
    try (Stream<Path> s = Files.list(root.resolve("unlabeled"))) {
      assertThat(s.count()).isEqualTo(cfg.unlabeledImages());
    }
  }

  private static Integer[] range(int n) {
    return java.util.stream.IntStream.range(0, n).boxed().toArray(Integer[]::new);
  }

  @SafeVarargs
  private static <T> List<T> concat(List<T>... lists) {
    return Arrays.stream(lists).flatMap(List::stream).toList();
  }
}
