package io.solider.tasks.search.data;

import io.solider.nn.io.JsonFile;
import io.solider.nn.io.OutputFolders;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a data set's test split in the exchange format of {@code search-eval}:
 * {@code gallery.json} (every gallery scene with its ground-truth boxes as the release's data
 * sets hold them, and pids; unlabelled people as 5555, as SeqNet marks them) and
 * {@code queries.json} (CUHK-SYSU: the protocol's gallery list per query, gallery_size the
 * protocol's size; PRW: empty lists, gallery_size = scenes − 1, evaluated with {@code --protocol prw}).
 */
public final class SearchExchange {

  /** SeqNet's pid of unlabelled people. */
  public static final int UNLABELLED = 5555;

  private SearchExchange() {}

  /** Scene name as the protocols use it: the image file name. */
  public static String name(Path image) {
    return image.getFileName().toString();
  }

  /** The {@code gallery.json} object. */
  public static Map<String, Object> gallery(SearchDataset ds) {
    List<Object> images = new ArrayList<>();
    for (SearchScene s : ds.gallery()) {
      Map<String, Object> img = new LinkedHashMap<>();
      img.put("name", name(s.image()));
      List<int[]> boxes = new ArrayList<>();
      List<Integer> pids = new ArrayList<>();
      for (SearchBox b : s.boxes()) {
        boxes.add(b.xyxy());
        pids.add(b.pid() > 0 ? b.pid() : UNLABELLED);
      }
      img.put("boxes_xyxy", boxes);
      img.put("pids", pids);
      images.add(img);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("images", images);
    return out;
  }

  /** The {@code queries.json} object. */
  public static Map<String, Object> queries(SearchDataset ds) {
    boolean prw = ds.name().equals("prw");
    int gallerySize = prw ? ds.gallery().size() - 1 : ds.queries().isEmpty() ? 0 : ds.queries().get(0).gallery().size();
    List<Object> qs = new ArrayList<>();
    for (SearchQuery q : ds.queries()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("pid", q.pid());
      e.put("image", name(q.image()));
      e.put("box_xywh", q.box());
      List<Object> gallery = new ArrayList<>();
      for (SearchQuery.GalleryEntry g : q.gallery()) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("image", name(g.image()));
        item.put("gt_box_xywh", g.box());
        gallery.add(item);
      }
      e.put("gallery", gallery);
      qs.add(e);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("gallery_size", gallerySize);
    out.put("queries", qs);
    return out;
  }

  /** Writes {@code gallery.json} and {@code queries.json} into {@code dir}. */
  public static void write(SearchDataset ds, Path dir) throws IOException {
    OutputFolders.prepare(dir);
    JsonFile.write(gallery(ds), dir.resolve("gallery.json"));
    JsonFile.write(queries(ds), dir.resolve("queries.json"));
  }
}
