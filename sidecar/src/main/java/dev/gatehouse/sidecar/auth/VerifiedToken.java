package dev.gatehouse.sidecar.auth;

/** A token whose signature and claims have been checked, as kept in the verifier's cache. */
record VerifiedToken(Principal principal, Lifetime lifetime) {}
