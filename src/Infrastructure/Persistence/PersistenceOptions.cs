namespace Recorder.Infrastructure.Persistence;

/// <summary>MySQL settings. The connection string comes from ConnectionStrings:Recorder
/// (environment: ConnectionStrings__Recorder); the rest from the "Persistence" section.</summary>
public sealed class PersistenceOptions
{
    public const string SectionName = "Persistence";
    public const string ConnectionStringName = "Recorder";

    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Rows per multi-row INSERT; each statement must also stay under the server's max_allowed_packet.</summary>
    public int InsertChunkRows { get; set; } = 300;

    /// <summary>How often pool statistics are published to the pool gauges.</summary>
    public TimeSpan PoolStatisticsInterval { get; set; } = TimeSpan.FromSeconds(10);
}
