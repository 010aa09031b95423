package dev.gatehouse.sidecar.cli;

/** Entry point of {@code java -jar gatehouse-sidecar.jar}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.err.println("gatehouse: not built yet");
    System.exit(2);
  }
}
