package dev.gatehouse.sidecar.audit;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** A growable byte array; unsynchronised (one owner at a time). */
final class ByteBuilder {
  private byte[] bytes;
  private int length;

  ByteBuilder(int capacity) {
    bytes = new byte[Math.max(16, capacity)];
  }

  ByteBuilder append(byte b) {
    ensure(1);
    bytes[length++] = b;
    return this;
  }

  ByteBuilder append(byte[] b) {
    return append(b, 0, b.length);
  }

  ByteBuilder append(byte[] b, int offset, int count) {
    ensure(count);
    System.arraycopy(b, offset, bytes, length, count);
    length += count;
    return this;
  }

  /** Appends text known to be ASCII (names, digits, hex). */
  ByteBuilder appendAscii(String s) {
    ensure(s.length());
    for (int i = 0; i < s.length(); i++) {
      bytes[length++] = (byte) s.charAt(i);
    }
    return this;
  }

  int length() {
    return length;
  }

  byte byteAt(int index) {
    return bytes[index];
  }

  void setLength(int newLength) {
    length = newLength;
  }

  void clear() {
    length = 0;
  }

  byte[] array() {
    return bytes;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, length);
  }

  /** A view of the bytes written so far; valid until the next change. */
  ByteBuffer asBuffer() {
    return ByteBuffer.wrap(bytes, 0, length);
  }

  private void ensure(int extra) {
    if (length + extra > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
    }
  }
}
