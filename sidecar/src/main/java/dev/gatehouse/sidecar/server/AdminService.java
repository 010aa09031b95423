package dev.gatehouse.sidecar.server;

import dev.gatehouse.proto.v1.DecideRequest;
import dev.gatehouse.proto.v1.DecideResponse;
import dev.gatehouse.proto.v1.GatehouseAdminGrpc;
import dev.gatehouse.proto.v1.ListApprovalsRequest;
import dev.gatehouse.proto.v1.ListApprovalsResponse;
import dev.gatehouse.proto.v1.ListGrantsRequest;
import dev.gatehouse.proto.v1.ListGrantsResponse;
import dev.gatehouse.proto.v1.PendingApproval;
import dev.gatehouse.proto.v1.RevokeGrantRequest;
import dev.gatehouse.proto.v1.RevokeGrantResponse;
import dev.gatehouse.sidecar.GatehouseException;
import dev.gatehouse.sidecar.approval.ApprovalDesk;
import dev.gatehouse.sidecar.approval.Grant;
import dev.gatehouse.sidecar.approval.PendingRequest;
import dev.gatehouse.sidecar.auth.Principal;
import dev.gatehouse.sidecar.policy.PolicyRule;
import dev.gatehouse.sidecar.policy.PolicyStore;
import io.grpc.stub.StreamObserver;

/**
 * The reviewers' API (SPEC §3 {@code approvals}): list and decide held statements, list and
 * revoke grants. Reviewers authenticate like agents; what they may decide is checked by the
 * {@link ApprovalDesk}.
 */
final class AdminService extends GatehouseAdminGrpc.GatehouseAdminImplBase {
  private final ApprovalDesk desk;
  private final PolicyStore<ActivePolicy> policies;

  AdminService(ApprovalDesk desk, PolicyStore<ActivePolicy> policies) {
    this.desk = desk;
    this.policies = policies;
  }

  private static Principal reviewer() {
    Principal p = AuthInterceptor.PRINCIPAL.get();
    if (p == null) {
      throw new GatehouseException(GatehouseException.INVALID_AUTHORIZATION, "not authenticated");
    }
    return p;
  }

  @Override
  public void listApprovals(ListApprovalsRequest req, StreamObserver<ListApprovalsResponse> out) {
    Errors.unary(out, () -> {
      reviewer();
      ListApprovalsResponse.Builder b = ListApprovalsResponse.newBuilder();
      for (PendingRequest r : desk.pending()) {
        b.addApprovals(PendingApproval.newBuilder()
            .setId(r.id())
            .setPrincipal(r.requester().subject())
            .setIssuer(r.requester().issuer())
            .addAllGroups(r.requester().groups())
            .setDatasource(r.datasource())
            .setSql(r.sql())
            .addAllParameters(r.parameters())
            .addAllRules(r.ruleNames())
            .setRequestedAt(r.requestedAt().toString())
            .setExpiresAt(r.expiresAt().toString())
            .addAllApprovers(r.approvers()));
      }
      return b.build();
    });
  }

  @Override
  public void decide(DecideRequest req, StreamObserver<DecideResponse> out) {
    Errors.unary(out, () -> {
      DecideResponse.Builder b = DecideResponse.newBuilder();
      desk.decide(req.getId(), reviewer(), req.getApprove(), req.getReason())
          .ifPresent(g -> b.setGrant(toProto(g)));
      return b.build();
    });
  }

  @Override
  public void listGrants(ListGrantsRequest req, StreamObserver<ListGrantsResponse> out) {
    Errors.unary(out, () -> {
      reviewer();
      ListGrantsResponse.Builder b = ListGrantsResponse.newBuilder();
      desk.grants().forEach(g -> b.addGrants(toProto(g)));
      return b.build();
    });
  }

  @Override
  public void revokeGrant(RevokeGrantRequest req, StreamObserver<RevokeGrantResponse> out) {
    Errors.unary(out, () -> {
      desk.revoke(req.getId(), reviewer(), req.getReason(), this::rule);
      return RevokeGrantResponse.getDefaultInstance();
    });
  }

  private PolicyRule rule(String name) {
    for (PolicyRule r : policies.current().engine().policy().rules()) {
      if (r.name().equals(name)) {
        return r;
      }
    }
    return null;
  }

  private static dev.gatehouse.proto.v1.Grant toProto(Grant g) {
    return dev.gatehouse.proto.v1.Grant.newBuilder()
        .setId(g.id())
        .setPrincipal(g.subject())
        .setIssuer(g.issuer())
        .setDatasource(g.datasource())
        .addAllRules(g.rules())
        .setApprovedBy(g.approvedBy())
        .setGrantedAt(g.grantedAt().toString())
        .setExpiresAt(g.expiresAt().toString())
        .build();
  }

}
