namespace Recorder.Infrastructure.Persistence;

/// <summary>MySQL settings. The connection string comes from ConnectionStrings:Recorder
/// (environment: ConnectionStrings__Recorder); the rest from the "Persistence" section, which also holds the
/// record writer's settings (<see cref="Records.RecordWriterOptions"/>).</summary>
public sealed class PersistenceOptions
{
    public const string SectionName = "Persistence";
    public const string ConnectionStringName = "Recorder";

    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>How often pool statistics are published to the pool gauges.</summary>
    public TimeSpan PoolStatisticsInterval { get; set; } = TimeSpan.FromSeconds(10);
}
