using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MySqlConnector;
using Recorder.Infrastructure.Persistence.Connections;

namespace Recorder.Infrastructure.Persistence.Migrations;

/// <summary>
/// Creates or upgrades the recorder's table by running db/create.sql then db/migrate.sql. Both scripts guard every
/// change, so running this against an up-to-date schema changes nothing; the report says what did change.
/// </summary>
public sealed class SchemaMigrator(IOptions<PersistenceOptions> options, ILogger<SchemaMigrator> logger)
{
    public async Task<MigrationReport> MigrateAsync(CancellationToken cancellationToken)
    {
        // One connection throughout, outside the service's pool: the scripts pass values between statements in
        // session variables, which the driver must leave alone.
        await using var connection = new MySqlConnection(RecorderDataSource.ForSchemaScripts(options.Value.ConnectionString));
        await connection.OpenAsync(cancellationToken);
        var before = await SchemaSnapshot.ReadAsync(connection, cancellationToken);

        foreach (var (name, script) in new[] { ("create.sql", SchemaScripts.Create), ("migrate.sql", SchemaScripts.Migrate) })
        {
            var statements = SqlScriptSplitter.Split(script);
            logger.LogDebug("Running {Script}: {Count} statements", name, statements.Count);
            foreach (var statement in statements)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = statement;
                // Adding the stored digest column or an index rewrites the table: minutes on a large one, so no
                // command timeout; the caller's token still cancels.
                command.CommandTimeout = 0;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        var after = await SchemaSnapshot.ReadAsync(connection, cancellationToken);
        var report = new MigrationReport(connection.ServerVersion, before, after);
        foreach (var change in report.Changes)
        {
            logger.LogInformation("Schema change: {Change}", change);
        }

        return report;
    }
}
