using MySqlConnector;

namespace Recorder.Infrastructure.Persistence;

/// <summary>MySQL settings. The connection string comes from ConnectionStrings:Recorder
/// (environment: ConnectionStrings__Recorder); the rest from the "Persistence" section, which also holds the
/// record writer's settings (<see cref="Records.RecordWriterOptions"/>).</summary>
public sealed class PersistenceOptions
{
    public const string SectionName = "Persistence";
    public const string ConnectionStringName = "Recorder";

    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// The server EF Core generates SQL for, e.g. <c>10.11.0-mariadb</c> or <c>8.0.36-mysql</c>. Stated rather than
    /// detected so that the service starts (and reports itself unready) while the database is away.
    /// </summary>
    public string ServerVersion { get; set; } = "10.11.0-mariadb";

    public Microsoft.EntityFrameworkCore.ServerVersion ParsedServerVersion() => Microsoft.EntityFrameworkCore.ServerVersion.Parse(ServerVersion);

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
            catch (ArgumentException)
            {
                // The driver's message quotes the offending key, and after an unquoted ';' in a password that "key"
                // is the rest of the password: say what is wrong without repeating any of it.
                problems.Add($"ConnectionStrings:{ConnectionStringName} is invalid: it holds a setting MySqlConnector does not support " +
                    "or a value it cannot read (quote a password that contains ';').");
            }
        }

        if (!Microsoft.EntityFrameworkCore.ServerVersion.TryParse(ServerVersion, out _))
        {
            problems.Add($"Persistence:ServerVersion '{ServerVersion}' is not a server version such as 10.11.0-mariadb or 8.0.36-mysql.");
        }

        return problems;
    }
}
