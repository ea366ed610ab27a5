using System.Data.Common;

namespace Recorder.Infrastructure.Persistence.Migrations;

/// <summary>What the recorder's table looks like at one moment: enough to tell what a migration changed.</summary>
public sealed record SchemaSnapshot(
    bool TableExists,
    IReadOnlyDictionary<string, string> Columns,
    IReadOnlySet<string> Indexes,
    string? Collation,
    long RowCount)
{
    public const string TableName = "conversation_records";

    public static async Task<SchemaSnapshot> ReadAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var collation = (string?)await ScalarAsync(connection,
            "SELECT TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" +
            TableName + "'", cancellationToken);
        if (collation is null)
        {
            return new SchemaSnapshot(false, new Dictionary<string, string>(), new HashSet<string>(), null, 0);
        }

        var columns = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText =
                "SELECT COLUMN_NAME, COLUMN_TYPE, COALESCE(GENERATION_EXPRESSION, ''), COALESCE(COLLATION_NAME, '') " +
                "FROM information_schema.COLUMNS " +
                "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" + TableName + "' ORDER BY ORDINAL_POSITION";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var type = reader.GetString(1);
                // A column's own collation (user_id compares in binary) is part of its shape, so changing it is reported.
                var columnCollation = reader.GetString(3);
                if (columnCollation.Length > 0 && !string.Equals(columnCollation, collation, StringComparison.OrdinalIgnoreCase))
                {
                    type += " collate " + columnCollation;
                }

                columns[reader.GetString(0)] = reader.GetString(2).Length == 0 ? type : type + " generated";
            }
        }

        var indexes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText =
                "SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS " +
                "WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" + TableName + "'";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                indexes.Add(reader.GetString(0));
            }
        }

        var rows = Convert.ToInt64(await ScalarAsync(connection, "SELECT COUNT(*) FROM " + TableName, cancellationToken),
            System.Globalization.CultureInfo.InvariantCulture);
        return new SchemaSnapshot(true, columns, indexes, collation, rows);
    }

    /// <summary>Human-readable differences from <paramref name="before"/> to this snapshot, empty when none.</summary>
    public IReadOnlyList<string> ChangesSince(SchemaSnapshot before)
    {
        ArgumentNullException.ThrowIfNull(before);
        var changes = new List<string>();
        if (!before.TableExists && TableExists)
        {
            changes.Add($"created table {TableName} (collation {Collation})");
            return changes;
        }

        foreach (var (name, type) in Columns)
        {
            if (!before.Columns.TryGetValue(name, out var oldType))
            {
                changes.Add($"added column {name} {type}");
            }
            else if (!string.Equals(oldType, type, StringComparison.OrdinalIgnoreCase))
            {
                changes.Add($"changed column {name} from {oldType} to {type}");
            }
        }

        foreach (var index in Indexes.Where(i => !before.Indexes.Contains(i)).Order(StringComparer.Ordinal))
        {
            changes.Add($"added index {index}");
        }

        if (RowCount < before.RowCount)
        {
            changes.Add($"removed {before.RowCount - RowCount} duplicate row(s) that the unique key uk_rec_dedup refuses");
        }

        return changes;
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }
}
