package org.wikicache.benchmarks;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class TraceTest {

  @TempDir Path dir;

  private Path write(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(file)) {
      String lower = name.toLowerCase(java.util.Locale.ROOT);
      if (lower.endsWith(".gz")) {
        try (OutputStream gz = new GZIPOutputStream(out)) {
          gz.write(bytes);
        }
      } else if (lower.endsWith(".xz")) {
        try (OutputStream xz = new XZOutputStream(out, new LZMA2Options())) {
          xz.write(bytes);
        }
      } else {
        out.write(bytes);
      }
    }
    return file;
  }

  @Test
  void linesSkipBlankAndStarLinesAndNumberKeysByFirstAppearance() throws IOException {
    Path file = write("t.txt", "b\n\n  a  \n*\n   \nb\r\nc\n * \na\nÄ/ü\n".getBytes(UTF_8));
    Trace trace = Trace.read(file, Trace.Format.LINES);
    assertThat(trace.name()).isEqualTo("t.txt");
    assertThat(trace.keys()).containsExactly(0, 1, 0, 2, 1, 3);
    assertThat(trace.distinct()).isEqualTo(4);
    assertThat(trace.sizes()).isNull();
  }

  @Test
  void gzAndXzAreReadDirectly() throws IOException {
    byte[] text = "x\ny\nx\n".getBytes(UTF_8);
    for (String name : new String[] {"t.txt.gz", "t.txt.xz", "T.TXT.GZ"}) {
      Trace trace = Trace.read(write(name, text), Trace.Format.LINES);
      assertThat(trace.keys()).as(name).containsExactly(0, 1, 0);
    }
  }

  @Test
  void csvTakesSizesWithOrWithoutAHeaderAndKeysWithCommas() throws IOException {
    Trace withHeader = Trace.read(write("h.csv.gz",
        "key,size\n/a,100\n/b,2000\n\n/a,150\n/c?x=1,2,7\n".getBytes(UTF_8)), Trace.Format.CSV);
    assertThat(withHeader.keys()).containsExactly(0, 1, 0, 2);
    assertThat(withHeader.sizes()).as("a key's last size").containsExactly(150, 2000, 7);
    assertThat(withHeader.meanSize(4096)).isEqualTo((150 + 2000 + 7) / 3.0);

    Trace without = Trace.read(write("n.csv", "/a,100\n/b, 5 \n".getBytes(UTF_8)),
        Trace.Format.CSV);
    assertThat(without.keys()).containsExactly(0, 1);
    assertThat(without.sizes()).containsExactly(100, 5);
  }

  @Test
  void malformedCsvLinesAreRefusedWithTheirNumber() throws IOException {
    Path bad = write("bad.csv", "key,size\n/a,100\n/b,lots\n".getBytes(UTF_8));
    assertThatThrownBy(() -> Trace.read(bad, Trace.Format.CSV))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 3");
    Path noComma = write("nc.csv", "/a,1\n/b\n".getBytes(UTF_8));
    assertThatThrownBy(() -> Trace.read(noComma, Trace.Format.CSV))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2");
  }

  @Test
  void int32IsBigEndianAnyIntegerRenumberedByFirstAppearance() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(bytes);
    for (int key : new int[] {0x01020304, -7, 0x01020304, Integer.MIN_VALUE, 42, -7}) {
      data.writeInt(key);
    }
    Trace trace = Trace.read(write("t.bin.xz", bytes.toByteArray()), Trace.Format.INT32);
    assertThat(trace.keys()).containsExactly(0, 1, 0, 2, 3, 1);
    assertThat(trace.distinct()).isEqualTo(4);

    Trace raw = Trace.read(write("raw.bin", new byte[] {0, 0, 1, 0, 0, 0, 0, 5}),
        Trace.Format.INT32);
    assertThat(raw.keys()).containsExactly(0, 1);
  }

  @Test
  void aTruncatedInt32FileIsRefused() throws IOException {
    Path file = write("cut.bin", new byte[] {0, 0, 0, 1, 0, 0});
    assertThatThrownBy(() -> Trace.read(file, Trace.Format.INT32))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6 bytes");
  }

  @Test
  void formatsByName() {
    assertThat(Trace.Format.of("lines")).isEqualTo(Trace.Format.LINES);
    assertThat(Trace.Format.of("CSV")).isEqualTo(Trace.Format.CSV);
    assertThat(Trace.Format.of("int32")).isEqualTo(Trace.Format.INT32);
    assertThatThrownBy(() -> Trace.Format.of("json"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
