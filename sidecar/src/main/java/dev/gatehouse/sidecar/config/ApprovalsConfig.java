package dev.gatehouse.sidecar.config;

import java.net.URI;
import java.time.Duration;

/**
 * Just-in-time approval settings.
 *
 * @param timeout how long a held statement waits for a reviewer before failing with HYT00
 * @param webhook optional Slack-compatible webhook notified of each new request
 */
public record ApprovalsConfig(Duration timeout, URI webhook) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
  public static final ApprovalsConfig DEFAULT = new ApprovalsConfig(DEFAULT_TIMEOUT, null);

  /** Shows only the webhook's host: Slack-style webhook URLs carry their secret in the path. */
  @Override
  public String toString() {
    String hook = webhook == null ? "null" : webhook.getScheme() + "://" + webhook.getHost() + "/…";
    return "ApprovalsConfig[timeout=" + timeout + ", webhook=" + hook + "]";
  }
}
