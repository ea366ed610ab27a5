using Recorder.Infrastructure.Persistence.Migrations;

namespace Recorder.Host.Commands;

/// <summary>`migrate`: creates or upgrades the schema and prints the server and table status.</summary>
internal static class MigrateCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var migrator = services.GetRequiredService<SchemaMigrator>();
        var report = await migrator.MigrateAsync(cancellationToken);
        var table = report.After;

        await output.WriteLineAsync($"server: {report.ServerVersion}");
        await output.WriteLineAsync(
            $"table {SchemaSnapshot.TableName}: {table.RowCount} rows, collation {table.Collation}, " +
            $"{table.Columns.Count} columns ({string.Join(", ", table.Columns.Keys)}), " +
            $"indexes {string.Join(", ", table.Indexes.Order(StringComparer.Ordinal))}");
        if (report.ChangedAnything)
        {
            await output.WriteLineAsync($"migration applied {report.Changes.Count} change(s):");
            foreach (var change in report.Changes)
            {
                await output.WriteLineAsync($"  - {change}");
            }
        }
        else
        {
            await output.WriteLineAsync("schema up to date: nothing changed");
        }

        return 0;
    }
}
