namespace Recorder.Infrastructure.Observability;

/// <summary>Consumer group event: label <c>kind</c> of <c>qywx_recorder_rebalances_total</c>.</summary>
public enum RebalanceKind
{
    Assigned,
    Revoked,
    Lost,
}
