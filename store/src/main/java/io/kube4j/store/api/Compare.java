package io.kube4j.store.api;

/**
 * One guard of a transaction, as etcd's {@code Compare}: the {@code target} of every key in
 * [key, rangeEnd) (or of the key alone when rangeEnd is empty) is compared with the operand.
 *
 * <p>A missing key compares as version 0, create and mod revision 0, lease 0; its value compares
 * false against any operand. {@code number} is the operand for VERSION, CREATE, MOD and LEASE;
 * {@code value} for VALUE.
 */
public record Compare(Bytes key, Bytes rangeEnd, Target target, Result result, long number, Bytes value) {

  public enum Target { VERSION, CREATE, MOD, VALUE, LEASE }

  public enum Result { EQUAL, GREATER, LESS, NOT_EQUAL }

  public static Compare version(Bytes key, Result result, long version) {
    return new Compare(key, Bytes.EMPTY, Target.VERSION, result, version, Bytes.EMPTY);
  }

  public static Compare createRevision(Bytes key, Result result, long revision) {
    return new Compare(key, Bytes.EMPTY, Target.CREATE, result, revision, Bytes.EMPTY);
  }

  public static Compare modRevision(Bytes key, Result result, long revision) {
    return new Compare(key, Bytes.EMPTY, Target.MOD, result, revision, Bytes.EMPTY);
  }

  public static Compare value(Bytes key, Result result, Bytes value) {
    return new Compare(key, Bytes.EMPTY, Target.VALUE, result, 0, value);
  }

  public static Compare lease(Bytes key, Result result, long lease) {
    return new Compare(key, Bytes.EMPTY, Target.LEASE, result, lease, Bytes.EMPTY);
  }
}
