package dev.gatehouse.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.proto.v1.ErrorDetail;
import io.grpc.Metadata;
import io.grpc.Status;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusTranslatorTest {
    private static final SidecarAddress ADDRESS = SidecarAddress.tcp("127.0.0.1", 7433);

    private static SQLException translate(Status.Code code, StatusTranslator.Situation situation) {
        return StatusTranslator.translate(Status.fromCode(code).withDescription("d"), new Metadata(), situation,
                ADDRESS, "the deadline");
    }

    @ParameterizedTest(name = "{0} while {1} -> {2}")
    @CsvSource({
        "UNAVAILABLE, CONNECTING, 08001",
        "UNAVAILABLE, IN_SESSION, 08006",
        "DEADLINE_EXCEEDED, CONNECTING, 08001",
        "DEADLINE_EXCEEDED, IN_SESSION, HYT00",
        "CANCELLED, CANCELLED_BY_APPLICATION, 57014",
        "CANCELLED, IN_SESSION, 08006",
        "CANCELLED, CONNECTION_CLOSED, 08003",
        "UNAUTHENTICATED, IN_SESSION, 28000",
        "PERMISSION_DENIED, IN_SESSION, 42501",
        "UNIMPLEMENTED, IN_SESSION, 0A000",
        "RESOURCE_EXHAUSTED, IN_SESSION, 54000",
        "INTERNAL, IN_SESSION, XX000",
        "UNKNOWN, IN_SESSION, XX000",
        "ABORTED, IN_SESSION, HY000",
    })
    void statusWithoutDetailMapsByCodeAndSituation(Status.Code code, StatusTranslator.Situation situation, String state) {
        assertEquals(state, translate(code, situation).getSQLState());
    }

    @Test
    void unreachableNamesTheAddress() {
        SQLException e = translate(Status.Code.UNAVAILABLE, StatusTranslator.Situation.CONNECTING);
        assertTrue(e.getMessage().startsWith("cannot reach the Gatehouse sidecar at 127.0.0.1:7433"), e.getMessage());
    }

    @Test
    void detailWinsOverTheStatusCode() {
        Metadata trailers = new Metadata();
        trailers.put(StatusTranslator.ERROR_DETAIL, ErrorDetail.newBuilder().setSqlState("42601")
                .setMessage("cannot parse the statement near 'FORM'").setVendorCode(7).build());
        SQLException e = StatusTranslator.translate(Status.UNAVAILABLE, trailers, StatusTranslator.Situation.IN_SESSION,
                ADDRESS, "x");
        assertEquals("42601", e.getSQLState());
        assertEquals(7, e.getErrorCode());
        assertEquals("cannot parse the statement near 'FORM'", e.getMessage());
    }

    @Test
    void ruleAlreadyNamedInTheMessageIsNotRepeated() {
        Metadata trailers = new Metadata();
        trailers.put(StatusTranslator.ERROR_DETAIL, ErrorDetail.newBuilder().setSqlState("42501")
                .setMessage("denied by rule deletes-need-a-manager").setRule("deletes-need-a-manager").build());
        SQLException e = StatusTranslator.translate(Status.PERMISSION_DENIED, trailers,
                StatusTranslator.Situation.IN_SESSION, ADDRESS, "x");
        assertEquals("denied by rule deletes-need-a-manager", e.getMessage());
    }

    @Test
    void unreadableDetailFallsBackToTheStatus() {
        Metadata trailers = new Metadata();
        trailers.put(Metadata.Key.of("gatehouse-error-bin", Metadata.BINARY_BYTE_MARSHALLER), new byte[] {(byte) 0xff, 1});
        SQLException e = StatusTranslator.translate(Status.UNAUTHENTICATED, trailers,
                StatusTranslator.Situation.IN_SESSION, ADDRESS, "x");
        assertEquals("28000", e.getSQLState());
    }
}
