package dev.gatehouse.sidecar.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.proto.v1.DecideRequest;
import dev.gatehouse.proto.v1.DecideResponse;
import dev.gatehouse.proto.v1.ErrorDetail;
import dev.gatehouse.proto.v1.GatehouseAdminGrpc;
import dev.gatehouse.proto.v1.Grant;
import dev.gatehouse.proto.v1.ListApprovalsRequest;
import dev.gatehouse.proto.v1.ListGrantsRequest;
import dev.gatehouse.proto.v1.PendingApproval;
import dev.gatehouse.proto.v1.RevokeGrantRequest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.MetadataUtils;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code approvals list | approve ID | deny ID [--reason TEXT] | grants | revoke ID}: the
 * reviewer's side of just-in-time approval (SPEC §3), against a running sidecar's admin API.
 */
@Command(
    name = "approvals",
    mixinStandardHelpOptions = true,
    description = "Review statements held for approval, against a running sidecar.",
    subcommands = {
      ApprovalsCommand.ListCommand.class,
      ApprovalsCommand.ApproveCommand.class,
      ApprovalsCommand.DenyCommand.class,
      ApprovalsCommand.GrantsCommand.class,
      ApprovalsCommand.RevokeCommand.class
    })
final class ApprovalsCommand {
  static final Metadata.Key<ErrorDetail> DETAIL =
      Metadata.Key.of("gatehouse-error-bin", ProtoUtils.metadataMarshaller(ErrorDetail.getDefaultInstance()));

  @Option(names = "--admin", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7434",
      description = "the sidecar's admin address (default ${DEFAULT-VALUE})")
  String admin;

  @Option(names = "--token", paramLabel = "JWT",
      description = "the reviewer's token (else --token-file, else $GATEHOUSE_TOKEN)")
  String token;

  @Option(names = "--token-file", paramLabel = "FILE", description = "a file holding the token")
  Path tokenFile;

  final PrintStream out;
  final PrintStream err;

  ApprovalsCommand() {
    this(System.out, System.err);
  }

  ApprovalsCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Runs {@code body} with a stub that carries the reviewer's token; maps errors to exit codes. */
  int call(StubCall body) {
    String jwt;
    try {
      jwt = token != null ? token
          : tokenFile != null ? Files.readString(tokenFile, StandardCharsets.UTF_8).trim()
          : System.getenv("GATEHOUSE_TOKEN");
    } catch (java.io.IOException e) {
      err.println("gatehouse: cannot read " + tokenFile + ": " + e.getMessage());
      return 2;
    }
    if (jwt == null || jwt.isBlank()) {
      err.println("gatehouse: a reviewer token is needed: --token, --token-file or GATEHOUSE_TOKEN");
      return 2;
    }
    int colon = admin.lastIndexOf(':');
    if (colon <= 0) {
      err.println("gatehouse: --admin must be HOST:PORT, got " + admin);
      return 2;
    }
    ManagedChannel channel = NettyChannelBuilder
        .forAddress(admin.substring(0, colon).replace("[", "").replace("]", ""),
            Integer.parseInt(admin.substring(colon + 1)))
        .usePlaintext()
        .build();
    try {
      Metadata headers = new Metadata();
      headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
          "Bearer " + jwt);
      GatehouseAdminGrpc.GatehouseAdminBlockingStub stub = GatehouseAdminGrpc
          .newBlockingStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
          .withDeadlineAfter(30, TimeUnit.SECONDS);
      return body.run(stub);
    } catch (StatusRuntimeException e) {
      ErrorDetail d = e.getTrailers() == null ? null : e.getTrailers().get(DETAIL);
      err.println("gatehouse: " + (d != null ? d.getMessage() + " (" + d.getSqlState() + ")"
          : "cannot reach the admin API at " + admin + ": " + e.getStatus()));
      return 1;
    } finally {
      channel.shutdownNow();
    }
  }

  interface StubCall {
    int run(GatehouseAdminGrpc.GatehouseAdminBlockingStub stub);
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "One waiting statement a line, its ID first; --json for a JSON array.")
  static final class ListCommand implements Callable<Integer> {
    @ParentCommand ApprovalsCommand parent;

    @Option(names = "--json", description = "print a JSON array")
    boolean json;

    @Override
    public Integer call() {
      return parent.call(stub -> {
        var approvals = stub.listApprovals(ListApprovalsRequest.getDefaultInstance()).getApprovalsList();
        if (json) {
          ArrayNode array = new ObjectMapper().createArrayNode();
          for (PendingApproval a : approvals) {
            ObjectNode o = array.addObject();
            o.put("id", a.getId());
            o.put("principal", a.getPrincipal());
            o.put("datasource", a.getDatasource());
            o.put("sql", a.getSql());
            o.put("rule", String.join(",", a.getRulesList()));
            o.put("requested_at", a.getRequestedAt());
            o.put("expires_at", a.getExpiresAt());
            o.putPOJO("parameters", a.getParametersList());
            o.putPOJO("approvers", a.getApproversList());
          }
          parent.out.println(array.toString());
          return 0;
        }
        for (PendingApproval a : approvals) {
          parent.out.println(a.getId() + "  " + a.getPrincipal() + "  " + a.getDatasource()
              + "  rule " + String.join(",", a.getRulesList()) + "  " + a.getRequestedAt()
              + "  " + oneLine(a.getSql())
              + (a.getParametersCount() == 0 ? "" : "  params " + a.getParametersList()));
        }
        if (approvals.isEmpty()) {
          parent.err.println("no statements are waiting for approval");
        }
        return 0;
      });
    }
  }

  static String oneLine(String sql) {
    return sql.replaceAll("\\s+", " ").trim();
  }

  @Command(name = "approve", mixinStandardHelpOptions = true,
      description = "Approve a waiting statement; it runs at once.")
  static final class ApproveCommand implements Callable<Integer> {
    @ParentCommand ApprovalsCommand parent;

    @Parameters(paramLabel = "ID") String id;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "")
    String reason;

    @Override
    public Integer call() {
      return parent.call(stub -> {
        DecideResponse r = stub.decide(
            DecideRequest.newBuilder().setId(id).setApprove(true).setReason(reason).build());
        parent.out.println("approved " + id + (r.hasGrant()
            ? "; grant " + r.getGrant().getId() + " open until " + r.getGrant().getExpiresAt()
            : ""));
        return 0;
      });
    }
  }

  @Command(name = "deny", mixinStandardHelpOptions = true,
      description = "Deny a waiting statement; the agent gets your reason.")
  static final class DenyCommand implements Callable<Integer> {
    @ParentCommand ApprovalsCommand parent;

    @Parameters(paramLabel = "ID") String id;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "")
    String reason;

    @Override
    public Integer call() {
      return parent.call(stub -> {
        stub.decide(DecideRequest.newBuilder().setId(id).setApprove(false).setReason(reason).build());
        parent.out.println("denied " + id);
        return 0;
      });
    }
  }

  @Command(name = "grants", mixinStandardHelpOptions = true,
      description = "Grants in force, one a line, ID first.")
  static final class GrantsCommand implements Callable<Integer> {
    @ParentCommand ApprovalsCommand parent;

    @Override
    public Integer call() {
      return parent.call(stub -> {
        for (Grant g : stub.listGrants(ListGrantsRequest.getDefaultInstance()).getGrantsList()) {
          parent.out.println(g.getId() + "  " + g.getPrincipal() + "  " + g.getDatasource()
              + "  rule " + String.join(",", g.getRulesList()) + "  until " + g.getExpiresAt()
              + "  approved by " + g.getApprovedBy());
        }
        return 0;
      });
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "End a grant now.")
  static final class RevokeCommand implements Callable<Integer> {
    @ParentCommand ApprovalsCommand parent;

    @Parameters(paramLabel = "GRANT_ID") String id;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "")
    String reason;

    @Override
    public Integer call() {
      return parent.call(stub -> {
        stub.revokeGrant(RevokeGrantRequest.newBuilder().setId(id).setReason(reason).build());
        parent.out.println("revoked " + id);
        return 0;
      });
    }
  }
}
