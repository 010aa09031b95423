package dev.gatehouse.sidecar.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.proto.v1.ExecuteRequest;
import dev.gatehouse.proto.v1.ExecuteResponse;
import dev.gatehouse.proto.v1.ExecuteResponse.PayloadCase;
import dev.gatehouse.proto.v1.GatehouseGrpc;
import dev.gatehouse.proto.v1.OpenSessionRequest;
import dev.gatehouse.sidecar.junit.GatehouseSidecar;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the sidecar puts on the wire for one Execute, seen through a raw gRPC client: a driver of
 * protocol version 2 gets a small result as one bundled message, a driver of version 1 the same
 * messages one by one, and a long result still streams batch by batch.
 */
class ExecuteBundlingTest {
  private static GatehouseSidecar sidecar;
  private static ManagedChannel channel;

  @BeforeAll
  static void start() {
    sidecar = GatehouseSidecar.builder().allowAll().seed("classpath:server/wire-seed.sql").build()
        .start();
    URI url = URI.create(sidecar.url().substring("jdbc:".length()));
    channel = NettyChannelBuilder.forAddress(url.getHost(), url.getPort()).usePlaintext().build();
  }

  @AfterAll
  static void stop() {
    channel.shutdownNow();
    sidecar.close();
  }

  private static GatehouseGrpc.GatehouseBlockingStub stub() {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + sidecar.principal("wire-test").token());
    return GatehouseGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  private static String session(int protocolVersion) {
    return stub().openSession(OpenSessionRequest.newBuilder().setDatasource("test")
        .setProtocolVersion(protocolVersion).build()).getSessionId();
  }

  /** Every message of the call, a bundle written as [its parts]. */
  private static List<String> messages(String session, String sql, int fetchSize) {
    List<String> seen = new ArrayList<>();
    stub().execute(ExecuteRequest.newBuilder().setSessionId(session).setStatementId("s1")
        .setSql(sql).setFetchSize(fetchSize).build()).forEachRemaining(m -> seen.add(shape(m)));
    return seen;
  }

  private static String shape(ExecuteResponse m) {
    if (m.getPayloadCase() == PayloadCase.BUNDLE) {
      return m.getBundle().getPartsList().stream().map(ExecuteBundlingTest::shape)
          .collect(Collectors.joining(" ", "[", "]"));
    }
    return m.getPayloadCase() == PayloadCase.BATCH
        ? "BATCH" + m.getBatch().getRowCount() : m.getPayloadCase().toString();
  }

  @Test
  void aSmallResultIsOneMessageForAVersionTwoDriver() {
    assertEquals(List.of("[HEADER BATCH1 DONE]"),
        messages(session(2), "SELECT id, name FROM t WHERE id = 7", 0));
  }

  @Test
  void aVersionOneDriverGetsNoBundles() {
    assertEquals(List.of("HEADER", "BATCH1", "DONE"),
        messages(session(1), "SELECT id, name FROM t WHERE id = 7", 0));
  }

  @Test
  void theSidecarAnswersWithTheOlderOfTheTwoVersions() {
    assertEquals(1, stub().openSession(OpenSessionRequest.newBuilder().setDatasource("test")
        .setProtocolVersion(1).build()).getProtocolVersion());
    assertEquals(2, stub().openSession(OpenSessionRequest.newBuilder().setDatasource("test")
        .setProtocolVersion(99).build()).getProtocolVersion());
  }

  @Test
  void aLongResultStillStreamsBatchByBatch() {
    assertEquals(List.of("[HEADER BATCH1000]", "BATCH1000", "BATCH500", "DONE"),
        messages(session(2), "SELECT id, name FROM t ORDER BY id", 1000));
  }

  @Test
  void anUpdateCountTravelsWithDone() {
    assertEquals(List.of("[UPDATE DONE]"),
        messages(session(2), "UPDATE t SET name = 'x' WHERE id = -1", 0));
  }

  @Test
  void anEarlierStatementsResultDoesNotWaitForTheNextStatement() {
    assertEquals(List.of("[HEADER BATCH1]", "[HEADER BATCH1 DONE]"),
        messages(session(2), "SELECT id FROM t WHERE id = 1; SELECT id FROM t WHERE id = 2", 0));
  }

  @Test
  void aFailedStatementSendsNoBundleJustTheError() {
    String s = session(2);
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
        () -> messages(s, "SELECT nope FROM t WHERE id = 1", 0));
    assertTrue(e.getStatus().getDescription() != null, e.toString());
  }
}
