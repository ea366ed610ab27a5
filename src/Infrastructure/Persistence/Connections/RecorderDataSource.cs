using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace Recorder.Infrastructure.Persistence.Connections;

/// <summary>
/// Builds the recorder's <see cref="MySqlDataSource"/> from the operator's connection string, adding the settings the
/// service relies on (whatever the string says): the two EF Core's MySQL provider insists on (found rows, user
/// variables), <c>LOAD DATA LOCAL</c> for the bulk insert, UTC for <c>DATETIME</c> values, and a session reset whenever the
/// pool hands a connection out again (a writer's session runs with autocommit off, and one given back after a failure
/// must never reach the next user still inside its transaction). The pool is named after its
/// <see cref="MySqlPoolMeter"/>, which reads the pool's instruments by that name.
/// </summary>
public static class RecorderDataSource
{
    public static MySqlDataSource Create(string connectionString, MySqlPoolMeter poolMeter, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(poolMeter);
        var builder = new MySqlDataSourceBuilder(WithRequiredSettings(connectionString)).UseName(poolMeter.PoolName);
        if (loggerFactory is not null)
        {
            builder.UseLoggerFactory(loggerFactory);
        }

        return builder.Build();
    }

    public static string WithRequiredSettings(string connectionString) => new MySqlConnectionStringBuilder(connectionString)
    {
        UseAffectedRows = false,
        AllowUserVariables = true,
        AllowLoadLocalInfile = true,
        DateTimeKind = MySqlDateTimeKind.Utc,
        ConnectionReset = true,
    }.ConnectionString;

    /// <summary>The same server and account with user variables allowed, for the schema scripts.</summary>
    public static string ForSchemaScripts(string connectionString) => new MySqlConnectionStringBuilder(connectionString)
    {
        AllowUserVariables = true,
        Pooling = false,
    }.ConnectionString;
}
