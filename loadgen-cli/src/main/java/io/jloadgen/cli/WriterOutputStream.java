package io.jloadgen.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Lets core's PrintStream-based writers print through picocli's PrintWriter, so tests capture the output. */
final class WriterOutputStream extends OutputStream {
    private final PrintWriter writer;

    WriterOutputStream(PrintWriter writer) {
        this.writer = writer;
    }

    @Override
    public void write(int b) {
        writer.write(b & 0xff);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        writer.write(new String(b, off, len, StandardCharsets.UTF_8));
    }

    @Override
    public void flush() {
        writer.flush();
    }
}
