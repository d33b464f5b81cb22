package io.jloadgen.report;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Renders report.html in headless Chromium (Debian {@code chromium}, installed by CI) from disk, with no server,
 * and checks that every embedded plot loads. Skipped, not passed, where Chromium is not installed.
 */
@Timeout(180)
class HtmlInBrowserTest {

    /** Appended to a copy of the page: counts the images the browser decoded, after everything loaded. */
    private static final String PROBE = """
            <script>
            window.addEventListener('load', function () {
              var imgs = document.images, ok = 0;
              for (var i = 0; i < imgs.length; i++) {
                if (imgs[i].complete && imgs[i].naturalWidth > 0) { ok++; }
              }
              var d = document.createElement('div');
              d.id = 'image-check';
              d.textContent = ok + '/' + imgs.length;
              document.body.appendChild(d);
            });
            </script>
            """;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    static Path chromium() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    @Test
    void everyPlotLoadsInChromium(@TempDir Path in, @TempDir Path out, @TempDir Path profile) throws Exception {
        Path chromium = chromium();
        assumeTrue(chromium != null, "chromium not installed");
        ReportGeneratorTest.writeCampaign(in);
        ReportGenerator.Outcome outcome = new ReportGenerator()
                .generate(new ReportOptions(in, out, null, java.util.EnumSet.of(ReportFormat.HTML)));
        String html = Files.readString(outcome.html());
        int expectedImages = html.split("<img", -1).length - 1;
        Path probed = out.resolve("probed.html");
        Files.writeString(probed, html.replace("</body>", PROBE + "</body>"), StandardCharsets.UTF_8);

        Process browser = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + profile, "--virtual-time-budget=10000", "--dump-dom", probed.toUri().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] dom = browser.getInputStream().readAllBytes();
        boolean exited = browser.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            browser.destroyForcibly();
        }

        assertThat(exited).isTrue();
        Matcher m = Pattern.compile("<div id=\"image-check\">(\\d+)/(\\d+)</div>")
                .matcher(new String(dom, StandardCharsets.UTF_8));
        assertThat(m.find()).as("probe result in the dumped DOM").isTrue();
        assertThat(Integer.parseInt(m.group(2))).isEqualTo(expectedImages).isEqualTo(22);
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(expectedImages);
    }
}
