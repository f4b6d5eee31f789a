package org.wikicache.cache;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.wikicache.core.Contributions;
import org.wikicache.core.Page;
import org.wikicache.core.SearchHit;
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
    void write(Page p, Writer out) {
      writeString(out, p.name().value());
      out.writeLong(p.revision());
      writeString(out, p.content());
      writeString(out, p.author());
      writeInstant(out, p.time());
    }

    @Override
    Page read(Reader in) {
      return new Page(new PageName(readString(in)), in.readLong(), readString(in),
          readString(in), readInstant(in));
    }
  };

  /** A revision with its content. */
  public static final Codec<Revision> REVISION = new BinaryCodec<>('R') {
    @Override
    void write(Revision r, Writer out) {
      writeInfo(out, r.info());
      writeString(out, r.content());
    }

    @Override
    Revision read(Reader in) {
      return new Revision(readInfo(in), readString(in));
    }
  };

  /** A list of revision metadata (recent changes, history pages). */
  public static final Codec<List<RevisionInfo>> REVISION_INFOS = new BinaryCodec<>('I') {
    @Override
    void write(List<RevisionInfo> list, Writer out) {
      out.writeInt(list.size());
      for (RevisionInfo info : list) {
        writeInfo(out, info);
      }
    }

    @Override
    List<RevisionInfo> read(Reader in) {
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
    void write(List<PageName> list, Writer out) {
      out.writeInt(list.size());
      for (PageName name : list) {
        writeString(out, name.value());
      }
    }

    @Override
    List<PageName> read(Reader in) {
      int n = readCount(in);
      List<PageName> list = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        list.add(new PageName(readString(in)));
      }
      return List.copyOf(list);
    }
  };

  /** A page of search results, snippets as plain text. */
  public static final Codec<List<SearchHit>> SEARCH_HITS = new BinaryCodec<>('H') {
    @Override
    void write(List<SearchHit> list, Writer out) {
      out.writeInt(list.size());
      for (SearchHit hit : list) {
        writeString(out, hit.page().value());
        out.writeLong(hit.revision());
        writeString(out, hit.snippet());
      }
    }

    @Override
    List<SearchHit> read(Reader in) {
      int n = readCount(in);
      List<SearchHit> list = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        list.add(new SearchHit(new PageName(readString(in)), in.readLong(), readString(in)));
      }
      return List.copyOf(list);
    }
  };

  /** A page of a user's contributions and the cursor of the next. */
  public static final Codec<Contributions> CONTRIBUTIONS = new BinaryCodec<>('C') {
    @Override
    void write(Contributions c, Writer out) {
      out.writeLong(c.next());
      out.writeInt(c.revisions().size());
      for (RevisionInfo info : c.revisions()) {
        writeInfo(out, info);
      }
    }

    @Override
    Contributions read(Reader in) {
      long next = in.readLong();
      int n = readCount(in);
      List<RevisionInfo> list = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        list.add(readInfo(in));
      }
      return new Contributions(list, next);
    }
  };

  /** A yes-or-no flag (a page's protection, a user's block). */
  public static final Codec<Boolean> FLAG = new BinaryCodec<>('B') {
    @Override
    void write(Boolean flag, Writer out) {
      out.writeByte(flag ? (byte) 1 : (byte) 0);
    }

    @Override
    Boolean read(Reader in) {
      byte b = in.readByte();
      if (b != 0 && b != 1) {
        throw new CodecException("not a flag: " + b, null);
      }
      return b == 1;
    }
  };

  /** A user's public profile (never a password hash: {@link User} has none). */
  public static final Codec<User> USER = new BinaryCodec<>('U') {
    @Override
    void write(User u, Writer out) {
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
    User read(Reader in) {
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
        throw new CodecException("unknown role bits " + Integer.toBinaryString(bits), null);
      }
      return new User(id, username, email, displayName, bio, roles, readInstant(in));
    }
  };

  /** A UTF-8 string, as-is (for derived values such as rendered HTML). */
  public static final Codec<String> STRING = new BinaryCodec<>('S') {
    @Override
    void write(String s, Writer out) {
      writeString(out, s);
    }

    @Override
    String read(Reader in) {
      return readString(in);
    }
  };

  /** The skeleton of every codec here: tag, version, fields, nothing left over. */
  abstract static class BinaryCodec<T> implements Codec<T> {
    private final byte tag;

    BinaryCodec(char tag) {
      this.tag = (byte) tag;
    }

    abstract void write(T value, Writer out);

    abstract T read(Reader in);

    @Override
    public final byte[] encode(T value) {
      Writer out = new Writer(256);
      out.writeByte(tag);
      out.writeByte(VERSION);
      write(value, out);
      return out.toByteArray();
    }

    @Override
    public final T decode(byte[] bytes) {
      return decode(bytes, 0);
    }

    @Override
    public final T decode(byte[] bytes, int offset) {
      if (offset < 0 || offset > bytes.length) {
        throw new CodecException("offset " + offset + " outside " + bytes.length + " bytes", null);
      }
      Reader in = new Reader(bytes, offset);
      if (bytes.length - offset < 2 || in.readByte() != tag) {
        throw new CodecException("not a '" + (char) tag + "' value", null);
      }
      byte version = in.readByte();
      if (version != VERSION) {
        throw new CodecException("unknown format version " + version, null);
      }
      T value;
      try {
        value = read(in);
      } catch (CodecException e) {
        throw e;
      } catch (RuntimeException e) {  // a field the value's constructor refused
        throw new CodecException("undecodable value: " + e.getMessage(), e);
      }
      if (in.remaining() != 0) {
        throw new CodecException(in.remaining() + " trailing bytes", null);
      }
      return value;
    }
  }

  /**
   * Reads fields from a byte array in place. Plain array reads rather than a DataInputStream:
   * every cache hit decodes, and the stream classes synchronise on every call.
   */
  static final class Reader {
    private final byte[] bytes;
    private int pos;

    Reader(byte[] bytes, int offset) {
      this.bytes = bytes;
      this.pos = offset;
    }

    int remaining() {
      return bytes.length - pos;
    }

    private void need(int n) {
      if (n > bytes.length - pos) {
        throw new CodecException("truncated value", null);
      }
    }

    byte readByte() {
      need(1);
      return bytes[pos++];
    }

    int readInt() {
      need(4);
      int v = (bytes[pos] & 0xff) << 24 | (bytes[pos + 1] & 0xff) << 16
          | (bytes[pos + 2] & 0xff) << 8 | (bytes[pos + 3] & 0xff);
      pos += 4;
      return v;
    }

    long readLong() {
      return (long) readInt() << 32 | (readInt() & 0xffffffffL);
    }

    String readString() {
      int length = readInt();
      if (length < 0 || length > MAX_STRING_BYTES) {
        throw new CodecException("bad string length " + length, null);
      }
      need(length);
      String s = new String(bytes, pos, length, UTF_8);
      pos += length;
      return s;
    }
  }

  /** Writes fields into a growing byte array. */
  static final class Writer {
    private byte[] bytes;
    private int size;

    Writer(int capacity) {
      bytes = new byte[capacity];
    }

    private void ensure(int n) {
      if (size + n > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
      }
    }

    void writeByte(int b) {
      ensure(1);
      bytes[size++] = (byte) b;
    }

    void writeInt(int v) {
      ensure(4);
      bytes[size++] = (byte) (v >>> 24);
      bytes[size++] = (byte) (v >>> 16);
      bytes[size++] = (byte) (v >>> 8);
      bytes[size++] = (byte) v;
    }

    void writeLong(long v) {
      writeInt((int) (v >>> 32));
      writeInt((int) v);
    }

    void write(byte[] b) {
      ensure(b.length);
      System.arraycopy(b, 0, bytes, size, b.length);
      size += b.length;
    }

    byte[] toByteArray() {
      return java.util.Arrays.copyOf(bytes, size);
    }
  }

  static void writeString(Writer out, String s) {
    byte[] utf8 = s.getBytes(UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  static String readString(Reader in) {
    return in.readString();
  }

  static int readCount(Reader in) {
    int n = in.readInt();
    if (n < 0 || n > MAX_LIST) {
      throw new CodecException("bad list length " + n, null);
    }
    return n;
  }

  static void writeInstant(Writer out, Instant t) {
    out.writeLong(t.getEpochSecond());
    out.writeInt(t.getNano());
  }

  static Instant readInstant(Reader in) {
    return Instant.ofEpochSecond(in.readLong(), in.readInt());
  }

  static void writeInfo(Writer out, RevisionInfo r) {
    writeString(out, r.page().value());
    out.writeLong(r.number());
    out.writeLong(r.parent());
    writeString(out, r.author());
    writeInstant(out, r.time());
    writeString(out, r.comment());
    out.writeInt(r.length());
    writeString(out, r.sha256());
  }

  static RevisionInfo readInfo(Reader in) {
    return new RevisionInfo(new PageName(readString(in)), in.readLong(), in.readLong(),
        readString(in), readInstant(in), readString(in), in.readInt(), readString(in));
  }
}
