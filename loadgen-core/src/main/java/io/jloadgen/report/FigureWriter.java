package io.jloadgen.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders figures to PNG bytes (always: the HTML page embeds them) and writes {@code <stem>.png} and
 * {@code <stem>.svg} as asked.
 */
final class FigureWriter {

    /**
     * A rendered figure.
     *
     * @param figure the figure
     * @param png    its PNG encoding
     */
    record Rendered(Figure figure, byte[] png) {
    }

    private FigureWriter() {
    }

    static List<Rendered> write(List<Figure> figures, ReportOptions options, List<Path> written) throws IOException {
        List<Rendered> rendered = new ArrayList<>();
        for (Figure f : figures) {
            byte[] png = BitmapEncoder.getBitmapBytes(f.chart(), BitmapEncoder.BitmapFormat.PNG);
            if (options.wants(ReportFormat.PNG)) {
                Path file = options.outDir().resolve(f.stem() + ".png");
                Files.write(file, png);
                written.add(file);
            }
            if (options.wants(ReportFormat.SVG)) {
                Path file = options.outDir().resolve(f.stem() + ".svg");
                try (OutputStream out = Files.newOutputStream(file)) {
                    VectorGraphicsEncoder.saveVectorGraphic(f.chart(), out,
                            VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
                }
                written.add(file);
            }
            rendered.add(new Rendered(f, png));
        }
        return rendered;
    }
}
