package dev.gatehouse.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The PNG of a run: one panel per benchmark, a horizontal bar per source, each labelled with its
 * absolute figure and its ratio to direct JDBC on the same database. Plain Java2D, headless.
 */
final class Chart {
  /** One bar: its label, its value, and the text printed after it. */
  record Bar(String label, double value, String text, boolean direct) {}

  /** A panel: a title, a unit and its bars. */
  record Panel(String title, List<Bar> bars) {}

  private static final int WIDTH = 1000;
  private static final int BAR = 18;
  private static final int GAP = 6;
  private static final int LABEL_WIDTH = 250;
  private static final Color DIRECT = new Color(0x9e, 0x9e, 0x9e);
  private static final Color GATEHOUSE = new Color(0x1f, 0x6f, 0xb4);
  private static final Color PEER = new Color(0xd9, 0x8c, 0x1f);
  /** An empty round trip (benchmark 1b): the floor under the figures around it. */
  private static final Color FLOOR = new Color(0xc8, 0xc8, 0xc8);

  private final String title;
  private final List<Panel> panels = new ArrayList<>();

  Chart(String title) {
    this.title = title;
  }

  void add(Panel panel) {
    if (!panel.bars().isEmpty()) {
      panels.add(panel);
    }
  }

  void write(Path file) throws IOException {
    int height = 50;
    for (Panel p : panels) {
      height += 40 + p.bars().size() * (BAR + GAP) + 10;
    }
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
          RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      g.drawString(title, 12, 28);
      int y = 50;
      for (Panel p : panels) {
        y = draw(g, p, y);
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private static int draw(Graphics2D g, Panel panel, int y) {
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.drawString(panel.title(), 12, y + 18);
    y += 30;
    double max = panel.bars().stream().mapToDouble(Bar::value)
        .filter(v -> !Double.isNaN(v)).max().orElse(1);
    int room = WIDTH - LABEL_WIDTH - 260;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (Bar b : panel.bars()) {
      g.setColor(Color.DARK_GRAY);
      g.drawString(b.label(), 12, y + BAR - 5);
      int w = Double.isNaN(b.value()) || max <= 0 ? 0 : (int) Math.round(b.value() / max * room);
      g.setColor(b.label().startsWith("floor") ? FLOOR : b.direct() ? DIRECT
          : b.label().startsWith("avatica") ? PEER : GATEHOUSE);
      g.fillRect(LABEL_WIDTH, y, Math.max(1, w), BAR);
      g.setColor(Color.BLACK);
      g.drawString(b.text(), LABEL_WIDTH + w + 6, y + BAR - 5);
      y += BAR + GAP;
    }
    g.setColor(Color.LIGHT_GRAY);
    g.setStroke(new BasicStroke(1));
    g.drawLine(12, y + 4, WIDTH - 12, y + 4);
    return y + 10;
  }
}
