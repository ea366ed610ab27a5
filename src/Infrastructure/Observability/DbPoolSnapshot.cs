namespace Recorder.Infrastructure.Observability;

/// <summary>Connection pool state; wait figures are cumulative since start.</summary>
public readonly record struct DbPoolSnapshot(int Open, int InUse, int Idle, long WaitCount, TimeSpan WaitTime);
