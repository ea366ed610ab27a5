using Recorder.Infrastructure.Persistence.MySql;

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

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            problems.Add($"ConnectionStrings:{ConnectionStringName} is empty " +
                $"(set the environment variable ConnectionStrings__{ConnectionStringName}).");
        }
        else
        {
            try
            {
                _ = new MySqlConnectionStringBuilder(ConnectionString);
            }
            catch (ArgumentException ex)
            {
                // The parser's message names no value, so no password can reach the start-up error.
                problems.Add($"ConnectionStrings:{ConnectionStringName} is invalid: {ex.Message}");
            }
        }

        if (PoolStatisticsInterval <= TimeSpan.Zero)
        {
            problems.Add("Persistence:PoolStatisticsInterval must be positive.");
        }

        return problems;
    }
}
