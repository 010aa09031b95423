/**
 * Policy tests without a running sidecar (SPEC §3 {@code check}, {@code explain}, {@code test};
 * SPEC §7): {@link dev.gatehouse.sidecar.policytest.OfflineSidecar} loads a configuration or
 * policy files as {@code serve} would and judges SQL as the statement pipeline would, and
 * {@link dev.gatehouse.sidecar.policytest.PolicyTestRunner} runs YAML case files with it,
 * checking expected rows through an in-process sidecar on H2.
 *
 * <p>This package uses identity ({@code auth}), the analysis ({@code sql}), the policy, and the
 * server's compiled policy ({@code server.ActivePolicy}) with its masking ({@code mask}), so that
 * row filters and masking are planned by the very code that enforces them; only {@code cli} and
 * tests use it. The case-file format is documented in docs/POLICY.md.
 */
package dev.gatehouse.sidecar.policytest;
