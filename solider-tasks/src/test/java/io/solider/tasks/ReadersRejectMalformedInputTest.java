package io.solider.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.solider.tasks.attribute.data.AttributeCsv;
import io.solider.tasks.attribute.data.Pa100k;
import io.solider.tasks.common.DatasetFormatException;
import io.solider.tasks.common.MatFiles;
import io.solider.tasks.detection.data.CityPersons;
import io.solider.tasks.parsing.data.Lip;
import io.solider.tasks.parsing.data.ParsingSample;
import io.solider.tasks.pose.data.CocoKeypoints;
import io.solider.tasks.reid.data.Market1501;
import io.solider.tasks.reid.data.Msmt17;
import io.solider.tasks.search.data.CuhkSysu;
import io.solider.tasks.search.data.Prw;
import io.solider.tasks.synth.ImageFiles;
import io.solider.tasks.synth.SynthConfig;
import io.solider.tasks.synth.SyntheticGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.format.Mat5;

/**
 * Every reader turns a wrong layout — missing folder, bad file name, truncated JSON or .mat,
 * wrong PNG size — into a {@link DatasetFormatException} that names the file and line or field.
 */
class ReadersRejectMalformedInputTest {

  @TempDir static Path pristine;
  @TempDir Path dir;

  @BeforeAll
  static void generate() throws IOException {
    new SyntheticGenerator(new SynthConfig(3, 6, 2, 3, 1, 1, 10, 2, 4, 2, 8, 1, 128, 64)).generate(pristine);
  }

  /** A fresh copy of one generated data set. */
  Path copy(String set) throws IOException {
    Path src = pristine.resolve(set);
    Path dst = dir.resolve(set);
    try (Stream<Path> s = Files.walk(src)) {
      for (Path p : s.toList()) {
        Path t = dst.resolve(src.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
    return dst;
  }

  static void truncate(Path file, double keep) throws IOException {
    byte[] b = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(b, (int) (b.length * keep)));
  }

  static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }

  @Nested
  class Market {
    @Test
    void missingQueryFolderIsNamed() throws IOException {
      Path root = copy("market1501");
      deleteTree(root.resolve("query"));
      assertThatThrownBy(() -> Market1501.read(root)).isInstanceOf(DatasetFormatException.class)
          .hasMessageContaining("query").hasMessageContaining("missing folder");
    }

    @Test
    void badFileNameIsNamed() throws IOException {
      Path root = copy("market1501");
      Files.writeString(root.resolve("bounding_box_train/person7.jpg"), "x");
      assertThatThrownBy(() -> Market1501.read(root)).isInstanceOf(DatasetFormatException.class)
          .hasMessageContaining("person7.jpg").hasMessageContaining("PPPP_cCsS_FFFFFF_NN.jpg");
    }
  }

  @Nested
  class Msmt {
    @Test
    void missingListIsNamed() throws IOException {
      Path root = copy("msmt17");
      Files.delete(root.resolve("list_gallery.txt"));
      assertThatThrownBy(() -> Msmt17.read(root)).isInstanceOf(DatasetFormatException.class)
          .hasMessageContaining("list_gallery.txt");
    }

    @Test
    void badLineIsNamedWithItsNumber() throws IOException {
      Path root = copy("msmt17");
      Path list = root.resolve("list_query.txt");
      Files.writeString(list, Files.readString(list) + "0001/broken.jpg\n");
      int line = Files.readAllLines(list).size();
      assertThatThrownBy(() -> Msmt17.read(root)).isInstanceOf(DatasetFormatException.class)
          .hasMessageContaining("list_query.txt:" + line + ":").hasMessageContaining("relpath pid");
    }

    @Test
    void fileNameWithoutCameraIsNamed() throws IOException {
      Path root = copy("msmt17");
      Files.writeString(root.resolve("list_query.txt"), "0001/0001_x.jpg 1\n");
      assertThatThrownBy(() -> Msmt17.read(root)).isInstanceOf(DatasetFormatException.class)
          .hasMessageContaining("list_query.txt:1:").hasMessageContaining("camera must be the third _ field");
    }
  }

  @Nested
  class Attributes {
    @Test
    void truncatedMatFileIsNamed() throws IOException {
      Path root = copy("pa100k");
      truncate(root.resolve("annotation.mat"), 0.5);
      assertThatThrownBy(() -> Pa100k.read(root)).isInstanceOf(DatasetFormatException.class)
          .hasMessageContaining("annotation.mat").hasMessageContaining("truncated or corrupt MAT-file");
    }

    @Test
    void missingVariableIsNamed() throws IOException {
      Path root = copy("pa100k");
      MatFiles.write(root.resolve("annotation.mat"), Map.of("attributes", MatFiles.column(List.of("Female"))));
      assertThatThrownBy(() -> Pa100k.read(root)).isInstanceOf(DatasetFormatException.class)
          .hasMessageContaining("annotation.mat").hasMessageContaining("missing variable 'train_images_name'");
    }

    @Test
    void nonBinaryLabelIsNamedWithRowAndColumn() throws IOException {
      Path root = copy("pa100k");
      var m = new java.util.LinkedHashMap<String, us.hebi.matlab.mat.types.Array>();
      m.put("attributes", MatFiles.column(List.of("Female", "Hat")));
      for (String s : List.of("train", "val", "test")) {
        m.put(s + "_images_name", MatFiles.column(List.of("000001.jpg")));
        m.put(s + "_label", MatFiles.matrix(new double[][] {{1, s.equals("val") ? 2 : 0}}, 2));
      }
      MatFiles.write(root.resolve("annotation.mat"), m);
      assertThatThrownBy(() -> Pa100k.read(root)).isInstanceOf(DatasetFormatException.class)
          .hasMessageContaining("val_label(1,:): label 2 is 2.0, expected 0 or 1");
    }

    @Test
    void csvWithWrongFieldCountIsNamedWithLine() throws IOException {
      Path csv = dir.resolve("a.csv");
      Files.writeString(csv, "image,Female,Hat\na.jpg,1,0\nb.jpg,1\n");
      assertThatThrownBy(() -> AttributeCsv.read(csv, dir)).isInstanceOf(DatasetFormatException.class)
          .hasMessageContaining("a.csv:3:").hasMessageContaining("2 fields, expected 3");
    }

    @Test
    void csvWithoutImageHeaderIsRejected() throws IOException {
      Path csv = dir.resolve("a.csv");
      Files.writeString(csv, "file,Female\n");
      assertThatThrownBy(() -> AttributeCsv.read(csv, dir)).hasMessageContaining("a.csv:1:").hasMessageContaining("header");
    }
  }

  @Nested
  class Coco {
    @Test
    void truncatedJsonIsNamedWithLineAndColumn() throws IOException {
      Path root = copy("coco");
      truncate(root.resolve("annotations/person_keypoints_train2017.json"), 0.6);
      assertThatThrownBy(() -> CocoKeypoints.read(root, "train2017")).isInstanceOf(DatasetFormatException.class)
          .hasMessageContaining("person_keypoints_train2017.json").hasMessageContaining("malformed or truncated JSON at line 1, column");
    }

    @Test
    void wrongKeypointCountIsNamedWithField() throws IOException {
      Path root = copy("coco");
      Path json = root.resolve("annotations/person_keypoints_train2017.json");
      Files.writeString(json, "{\"images\":[{\"id\":1,\"file_name\":\"a.jpg\",\"width\":4,\"height\":4}],"
          + "\"annotations\":[{\"id\":1,\"image_id\":1,\"category_id\":1,\"bbox\":[0,0,1,1],\"num_keypoints\":0,\"keypoints\":[0,0,0]}]}");
      assertThatThrownBy(() -> CocoKeypoints.read(root, "train2017"))
          .hasMessageContaining("annotations[0].keypoints: expected 51 numbers, got 3");
    }

    @Test
    void missingImagesFolderIsNamed() throws IOException {
      Path root = copy("coco");
      deleteTree(root.resolve("val2017"));
      assertThatThrownBy(() -> CocoKeypoints.read(root, "val2017")).hasMessageContaining("val2017").hasMessageContaining("missing folder");
    }
  }

  @Nested
  class Parsing {
    @Test
    void maskOfWrongSizeIsNamed() throws IOException {
      Path root = copy("lip");
      ParsingSample s = Lip.read(root, "train").get(0);
      ImageFiles.writePng(ImageFiles.labelImage(new byte[10 * 10], 10, 10), s.mask());
      assertThatThrownBy(() -> Lip.readMask(s)).isInstanceOf(DatasetFormatException.class)
          .hasMessageContaining(s.mask().getFileName().toString()).hasMessageContaining("wrong PNG size 10×10");
    }

    @Test
    void classOutsideLipIsNamedWithPixel() throws IOException {
      Path root = copy("lip");
      ParsingSample s = Lip.read(root, "train").get(0);
      var img = javax.imageio.ImageIO.read(s.mask().toFile());
      img.getRaster().setSample(3, 2, 0, 42);
      ImageFiles.writePng(img, s.mask());
      assertThatThrownBy(() -> Lip.readMask(s)).hasMessageContaining("pixel (3, 2) has class 42, expected 0–19 or 255");
    }

    @Test
    void idWithoutMaskIsNamedWithLine() throws IOException {
      Path root = copy("lip");
      Files.writeString(root.resolve("val_id.txt"), "nothere\n");
      assertThatThrownBy(() -> Lip.read(root, "val")).hasMessageContaining("val_id.txt:1:").hasMessageContaining("no mask");
    }

    @Test
    void missingSegmentationFolderIsNamed() throws IOException {
      Path root = copy("lip");
      deleteTree(root.resolve("train_segmentations"));
      assertThatThrownBy(() -> Lip.read(root, "train")).hasMessageContaining("train_segmentations").hasMessageContaining("missing folder");
    }
  }

  @Nested
  class Detection {
    @Test
    void truncatedJsonIsNamed() throws IOException {
      Path root = copy("citypersons");
      truncate(root.resolve("train.json"), 0.5);
      assertThatThrownBy(() -> CityPersons.read(root, "train")).isInstanceOf(DatasetFormatException.class)
          .hasMessageContaining("train.json").hasMessageContaining("malformed or truncated JSON");
    }

    @Test
    void annotationWithoutBoxIsNamedWithField() throws IOException {
      Path root = copy("citypersons");
      Files.writeString(root.resolve("train.json"), "{\"images\":[{\"id\":1,\"file_name\":\"a/a.png\",\"width\":4,\"height\":4}],"
          + "\"annotations\":[{\"id\":1,\"image_id\":1,\"category_id\":1}]}");
      assertThatThrownBy(() -> CityPersons.read(root, "train")).hasMessageContaining("annotations[0]: missing field 'bbox'");
    }
  }

  @Nested
  class Search {
    @Test
    void truncatedImagesMatIsNamed() throws IOException {
      Path root = copy("cuhk_sysu");
      truncate(root.resolve("annotation/Images.mat"), 0.4);
      assertThatThrownBy(() -> CuhkSysu.read(root)).isInstanceOf(DatasetFormatException.class)
          .hasMessageContaining("Images.mat").hasMessageContaining("truncated or corrupt MAT-file");
    }

    @Test
    void trainBoxNotInImagesMatIsNamedWithField() throws IOException {
      Path root = copy("cuhk_sysu");
      var scene = Mat5.newStruct(1, 1);
      scene.set("imname", Mat5.newString("s1.jpg"));
      scene.set("idlocate", MatFiles.row(1, 2, 3, 4));
      scene.set("ishard", Mat5.newScalar(0));
      var item = Mat5.newStruct(1, 1);
      item.set("idname", Mat5.newString("p00001"));
      item.set("nAppear", Mat5.newScalar(1));
      item.set("scene", scene);
      var cell = Mat5.newCell(1, 1);
      cell.set(0, item);
      MatFiles.write(root.resolve("annotation/test/train_test/Train.mat"), Map.of("Train", cell));
      assertThatThrownBy(() -> CuhkSysu.read(root)).hasMessageContaining("Train.mat")
          .hasMessageContaining("Train{1}.scene(1).idlocate: box [1, 2, 3, 4] is not among the boxes of s1.jpg");
    }

    @Test
    void missingProtocolIsNamed() throws IOException {
      Path root = copy("cuhk_sysu");
      try (Stream<Path> s = Files.list(root.resolve("annotation/test/train_test"))) {
        for (Path p : s.filter(p -> p.getFileName().toString().startsWith("TestG")).toList()) {
          Files.delete(p);
        }
      }
      assertThatThrownBy(() -> CuhkSysu.read(root)).hasMessageContaining("TestG<N>.mat");
    }

    @Test
    void prwQueryLineIsNamed() throws IOException {
      Path root = copy("prw");
      Files.writeString(root.resolve("query_info.txt"), "12 1 2 3 c1s1_000100\r\n", StandardCharsets.UTF_8);
      assertThatThrownBy(() -> Prw.read(root)).hasMessageContaining("query_info.txt:1:").hasMessageContaining("pid x y w h name");
    }

    @Test
    void prwAnnotationWithoutBoxesIsNamed() throws IOException {
      Path root = copy("prw");
      Path ann;
      try (Stream<Path> s = Files.list(root.resolve("annotations"))) {
        ann = s.sorted().findFirst().orElseThrow();
      }
      MatFiles.write(ann, Map.of("something", MatFiles.row(1)));
      assertThatThrownBy(() -> Prw.read(root)).hasMessageContaining(ann.getFileName().toString())
          .hasMessageContaining("missing variable 'box_new'");
    }

    @Test
    void prwTruncatedFrameListIsNamed() throws IOException {
      Path root = copy("prw");
      truncate(root.resolve("frame_test.mat"), 0.5);
      assertThatThrownBy(() -> Prw.read(root)).hasMessageContaining("frame_test.mat").hasMessageContaining("truncated or corrupt");
    }
  }

  @Test
  void everyMessageStartsWithTheFile() throws IOException {
    Path root = copy("market1501");
    deleteTree(root.resolve("bounding_box_test"));
    assertThatThrownBy(() -> Market1501.read(root)).satisfies(e ->
        assertThat(e.getMessage()).startsWith(root.resolve("bounding_box_test").toString()));
  }
}
