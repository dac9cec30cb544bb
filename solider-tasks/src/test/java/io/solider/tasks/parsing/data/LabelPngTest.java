package io.solider.tasks.parsing.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.solider.tasks.parsing.ParsingReference;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Palette PNGs written with LIP's palette read back as the same class ids; the palette is the release's. */
class LabelPngTest {

  @Test
  void paletteIsTheReleasesGetPalette() {
    double[] expected = ParsingReference.doubles(ParsingReference.json("transform/reference.json").get("palette"));
    int[] rgb = LipPalette.colours(256);
    for (int i = 0; i < 256; i++) {
      assertThat(new double[] {rgb[i] >> 16, (rgb[i] >> 8) & 0xff, rgb[i] & 0xff})
          .containsExactly(expected[3 * i], expected[3 * i + 1], expected[3 * i + 2]);
    }
  }

  @Test
  void writtenPaletteMaskReadsBackAsIds(@TempDir Path dir) throws Exception {
    int[] labels = new int[7 * 5];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 3 == 0 ? 255 : i % 20;
    }
    Path f = dir.resolve("m.png");
    LabelPng.writePalette(new PartMask(7, 5, labels), f);
    assertThat(LabelPng.read(f).labels()).containsExactly(labels);
    LabelPng.Header h = LabelPng.header(f);
    assertThat(h.colourType()).isEqualTo(3); // indexed
    assertThat(h.bitDepth()).isEqualTo(8);
    try (var s = Files.list(dir)) {
      assertThat(s).containsExactly(f); // no temp file left
    }
    BufferedImage img = javax.imageio.ImageIO.read(f.toFile());
    assertThat(img.getRGB(1, 0) & 0xffffff).isEqualTo(0x800000); // class 1: the palette's dark red
  }

  @Test
  void overlayTintsPartsOnly() {
    BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, 0x404040);
    img.setRGB(1, 0, 0x404040);
    BufferedImage o = ParsingOverlay.draw(img, new PartMask(2, 1, new int[] {0, 1}), 0.5);
    assertThat(o.getRGB(0, 0) & 0xffffff).isEqualTo(0x404040);
    assertThat(o.getRGB(1, 0) & 0xffffff).isEqualTo(0x602020); // (64 + 128)/2, 64/2, 64/2
  }
}
