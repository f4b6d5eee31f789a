package org.wikicache.cache;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.wikicache.core.Page;
import org.wikicache.core.PageName;
import org.wikicache.core.Revision;
import org.wikicache.core.RevisionInfo;
import org.wikicache.core.Role;
import org.wikicache.core.User;

/**
 * Compact binary codecs for the wiki's value types. Each encoding starts with a type tag and a
 * format version, then the fields in a fixed order (strings as a length and UTF-8 bytes, times
 * as seconds and nanoseconds). Decoding checks the tag, the version, every length and that no
 * byte is left over, and runs the value's own validating constructor, so corrupt or foreign
 * bytes fail with {@link CodecException} instead of producing a wrong value.
 *
 * <pre>{@code
 * byte[] bytes = Codecs.PAGE.encode(page);
 * Page again = Codecs.PAGE.decode(bytes);
 * }</pre>
 */
public final class Codecs {
  private Codecs() {}

  /** Largest string accepted when decoding (content is at most a few MiB). */
  private static final int MAX_STRING_BYTES = 64 * 1024 * 1024;
  /** Largest list accepted when decoding (listings are bounded by WikiStore.MAX_LIMIT). */
  private static final int MAX_LIST = 100_000;
  private static final byte VERSION = 1;

  /** A page: its latest revision's content and metadata. */
  public static final Codec<Page> PAGE = new BinaryCodec<>('P') {
    @Override
    void write(Page p, DataOutputStream out) throws IOException {
      writeString(out, p.name().value());
      out.writeLong(p.revision());
      writeString(out, p.content());
      writeString(out, p.author());
      writeInstant(out, p.time());
    }

    @Override
    Page read(DataInputStream in) throws IOException {
      return new Page(new PageName(readString(in)), in.readLong(), readString(in),
          readString(in), readInstant(in));
    }
  };

  /** A revision with its content. */
  public static final Codec<Revision> REVISION = new BinaryCodec<>('R') {
    @Override
    void write(Revision r, DataOutputStream out) throws IOException {
      writeInfo(out, r.info());
      writeString(out, r.content());
    }

    @Override
    Revision read(DataInputStream in) throws IOException {
      return new Revision(readInfo(in), readString(in));
    }
  };

  /** A list of revision metadata (recent changes, history pages). */
  public static final Codec<List<RevisionInfo>> REVISION_INFOS = new BinaryCodec<>('I') {
    @Override
    void write(List<RevisionInfo> list, DataOutputStream out) throws IOException {
      out.writeInt(list.size());
      for (RevisionInfo info : list) {
        writeInfo(out, info);
      }
    }

    @Override
    List<RevisionInfo> read(DataInputStream in) throws IOException {
      int n = readCount(in);
      List<RevisionInfo> list = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        list.add(readInfo(in));
      }
      return List.copyOf(list);
    }
  };

  /** A list of page names (the page index). */
  public static final Codec<List<PageName>> PAGE_NAMES = new BinaryCodec<>('N') {
    @Override
    void write(List<PageName> list, DataOutputStream out) throws IOException {
      out.writeInt(list.size());
      for (PageName name : list) {
        writeString(out, name.value());
      }
    }

    @Override
    List<PageName> read(DataInputStream in) throws IOException {
      int n = readCount(in);
      List<PageName> list = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        list.add(new PageName(readString(in)));
      }
      return List.copyOf(list);
    }
  };

  /** A user's public profile (never a password hash: {@link User} has none). */
  public static final Codec<User> USER = new BinaryCodec<>('U') {
    @Override
    void write(User u, DataOutputStream out) throws IOException {
      out.writeLong(u.id());
      writeString(out, u.username());
      writeString(out, u.email());
      writeString(out, u.displayName());
      writeString(out, u.bio());
      int roles = 0;
      for (Role role : u.roles()) {
        roles |= 1 << role.ordinal();
      }
      out.writeInt(roles);
      writeInstant(out, u.created());
    }

    @Override
    User read(DataInputStream in) throws IOException {
      long id = in.readLong();
      String username = readString(in);
      String email = readString(in);
      String displayName = readString(in);
      String bio = readString(in);
      int bits = in.readInt();
      Set<Role> roles = EnumSet.noneOf(Role.class);
      for (Role role : Role.values()) {
        if ((bits & (1 << role.ordinal())) != 0) {
          roles.add(role);
        }
      }
      if (bits >>> Role.values().length != 0) {
        throw new IOException("unknown role bits " + Integer.toBinaryString(bits));
      }
      return new User(id, username, email, displayName, bio, roles, readInstant(in));
    }
  };

  /** A UTF-8 string, as-is (for derived values such as rendered HTML). */
  public static final Codec<String> STRING = new BinaryCodec<>('S') {
    @Override
    void write(String s, DataOutputStream out) throws IOException {
      writeString(out, s);
    }

    @Override
    String read(DataInputStream in) throws IOException {
      return readString(in);
    }
  };

  /** The skeleton of every codec here: tag, version, fields, nothing left over. */
  abstract static class BinaryCodec<T> implements Codec<T> {
    private final byte tag;

    BinaryCodec(char tag) {
      this.tag = (byte) tag;
    }

    abstract void write(T value, DataOutputStream out) throws IOException;

    abstract T read(DataInputStream in) throws IOException;

    @Override
    public final byte[] encode(T value) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeByte(tag);
        out.writeByte(VERSION);
        write(value, out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);  // a ByteArrayOutputStream does not fail
      }
      return bytes.toByteArray();
    }

    @Override
    public final T decode(byte[] bytes) {
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
        if (bytes.length < 2 || in.readByte() != tag) {
          throw new IOException("not a '" + (char) tag + "' value");
        }
        byte version = in.readByte();
        if (version != VERSION) {
          throw new IOException("unknown format version " + version);
        }
        T value = read(in);
        if (in.available() != 0) {
          throw new IOException(in.available() + " trailing bytes");
        }
        return value;
      } catch (EOFException e) {
        throw new CodecException("truncated value", e);
      } catch (IOException | RuntimeException e) {
        throw new CodecException("undecodable value: " + e.getMessage(), e);
      }
    }
  }

  static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] utf8 = s.getBytes(UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  static String readString(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > MAX_STRING_BYTES || length > in.available()) {
      throw new IOException("bad string length " + length);
    }
    byte[] utf8 = new byte[length];
    in.readFully(utf8);
    return new String(utf8, UTF_8);
  }

  static int readCount(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_LIST) {
      throw new IOException("bad list length " + n);
    }
    return n;
  }

  static void writeInstant(DataOutputStream out, Instant t) throws IOException {
    out.writeLong(t.getEpochSecond());
    out.writeInt(t.getNano());
  }

  static Instant readInstant(DataInputStream in) throws IOException {
    return Instant.ofEpochSecond(in.readLong(), in.readInt());
  }

  static void writeInfo(DataOutputStream out, RevisionInfo r) throws IOException {
    writeString(out, r.page().value());
    out.writeLong(r.number());
    out.writeLong(r.parent());
    writeString(out, r.author());
    writeInstant(out, r.time());
    writeString(out, r.comment());
    out.writeInt(r.length());
    writeString(out, r.sha256());
  }

  static RevisionInfo readInfo(DataInputStream in) throws IOException {
    return new RevisionInfo(new PageName(readString(in)), in.readLong(), in.readLong(),
        readString(in), readInstant(in), readString(in), in.readInt(), readString(in));
  }
}
