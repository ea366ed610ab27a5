namespace Recorder.Infrastructure.Persistence.MySql;

/// <summary>A snapshot of one pool. <see cref="WaitCount"/> and <see cref="WaitSeconds"/> are totals since the pool
/// was created: the number of opens that found every connection in use, and the time they spent waiting.</summary>
public readonly record struct MySqlPoolStatistics(int Open, int InUse, int Idle, long WaitCount, double WaitSeconds);
