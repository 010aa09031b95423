package dev.gatehouse.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.proto.v1.OpenSessionRequest;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NIO Unix domain socket transport, with no native library involved. */
class UnixSocketTest {
    @TempDir
    Path directory;

    @Test
    void connectsOverAUnixDomainSocket() throws Exception {
        Path socket = directory.resolve("gatehouse.sock");
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(socket);
        NettyServerBuilder builder = NettyServerBuilder.forAddress(address)
                .channelType(NioServerDomainSocketChannel.class)
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers);
        try (FakeSidecar sidecar = FakeSidecar.start(builder, address);
                Connection connection = DriverManager.getConnection(
                        "jdbc:gatehouse:///demo?socket=" + socket + "&token=" + FakeSidecar.TOKEN);
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
            assertEquals("demo", sidecar.lastRequest(OpenSessionRequest.class).getDatasource());
            assertEquals("Bearer " + FakeSidecar.TOKEN, sidecar.authorizations.get(0));
        } finally {
            boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void missingSocketIs08001NamingThePath() {
        Path socket = directory.resolve("absent.sock");
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                "jdbc:gatehouse:///demo?socket=" + socket + "&token=" + FakeSidecar.TOKEN));
        assertInstanceOf(SQLNonTransientConnectionException.class, e);
        assertEquals("08001", e.getSQLState());
        assertTrue(e.getMessage().contains("unix:" + socket), e.getMessage());
    }
}
