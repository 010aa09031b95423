/**
 * Masking, value by value (SPEC §5, {@code masking:} and "Masking follows the data"): how a
 * masked value is shown, and the content detectors that scan every string leaving the sidecar.
 * Which values get masked (column lineage, masking plans, error scrubbing) is decided before
 * these classes are called.
 *
 * <ul>
 *   <li>{@link dev.gatehouse.sidecar.mask.Masker}: one masking method ({@code redact},
 *       {@code null}, {@code last4}, {@code hash}, {@code email}) applied to one value;
 *   <li>{@link dev.gatehouse.sidecar.mask.MaskingKey}: the per-datasource HMAC key of
 *       {@code hash};
 *   <li>{@link dev.gatehouse.sidecar.mask.ContentDetectors}: {@code credit_card}, {@code email},
 *       {@code us_ssn}, {@code iban} and {@code secret}, finding spans in any text and replacing
 *       them by the rule's method.
 * </ul>
 * All three are built once (at policy load), immutable and thread-safe. Per value they do no
 * I/O, compile nothing and allocate only for what they return; a value no detector can match
 * costs one pass over its characters.
 */
package dev.gatehouse.sidecar.mask;
