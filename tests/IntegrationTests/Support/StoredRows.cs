using System.Globalization;
using System.Text;
using MySqlConnector;

namespace Recorder.IntegrationTests.Support;

/// <summary>One row to put straight into conversation_records, bypassing the recorder.</summary>
internal sealed record StoredRow(string UserId, string Content, DateTime Occurred, string Source = "USER");

/// <summary>Fills and reads conversation_records with plain MySqlConnector, independently of the recorder's code.</summary>
internal static class StoredRows
{
    private const int RowsPerStatement = 500;

    /// <summary>Inserts <paramref name="rows"/> in multi-row statements with every value as a parameter; returns how many.</summary>
    public static async Task<long> InsertAsync(MySqlDataSource dataSource, IEnumerable<StoredRow> rows)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(rows);
        await using var connection = await dataSource.OpenConnectionAsync();
        long inserted = 0;
        foreach (var chunk in rows.Chunk(RowsPerStatement))
        {
            inserted += await InsertAsync(connection, chunk);
        }

        return inserted;
    }

    public static async Task<int> InsertAsync(MySqlConnection connection, IReadOnlyList<StoredRow> rows)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(rows);
        var sql = new StringBuilder("INSERT INTO conversation_records (user_id, source, content, occurred) VALUES ");
        await using var command = connection.CreateCommand();
        for (var i = 0; i < rows.Count; i++)
        {
            sql.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ",")}(@u{i}, @s{i}, @c{i}, @o{i})");
            command.Parameters.AddWithValue($"@u{i}", rows[i].UserId);
            command.Parameters.AddWithValue($"@s{i}", rows[i].Source);
            command.Parameters.AddWithValue($"@c{i}", rows[i].Content);
            command.Parameters.AddWithValue($"@o{i}", rows[i].Occurred);
        }

        command.CommandText = sql.ToString();
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Rows per user id, the ids kept apart byte for byte (the column's binary collation groups them so).</summary>
    public static async Task<Dictionary<string, long>> CountByUserAsync(MySqlDataSource dataSource, string contentPrefix)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = TestDatabase.Command(connection,
            "SELECT user_id, COUNT(*) FROM conversation_records WHERE content LIKE CONCAT(@prefix, '%') GROUP BY user_id", ("@prefix", contentPrefix));
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            counts.Add(reader.GetString(0), reader.GetInt64(1));
        }

        return counts;
    }

    public static Task<long> CountAsync(MySqlDataSource dataSource, string contentPrefix) =>
        TestDatabase.CountAsync(dataSource, "SELECT COUNT(*) FROM conversation_records WHERE content LIKE CONCAT(@prefix, '%')", ("@prefix", contentPrefix));
}
