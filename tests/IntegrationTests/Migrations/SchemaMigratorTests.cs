using System.Data.Common;
using MySqlConnector;
using Recorder.Host.Commands;
using Recorder.Infrastructure.Persistence.Migrations;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.Migrations;

[Collection(RecordsTableCollection.Name)]
public sealed class SchemaMigratorTests : IAsyncLifetime
{
    private static readonly string[] ExpectedColumns =
        ["id", "user_id", "source", "content", "occurred", "content_digest", "created_at", "updated_at"];

    private static readonly string[] ExpectedIndexes = ["PRIMARY", "uk_rec_dedup", "idx_user_occurred", "idx_occurred"];

    private readonly MySqlDataSource _dataSource = TestDatabase.CreateDataSource();
    private readonly SchemaMigrator _migrator = RecorderServices.Migrator();

    public Task InitializeAsync() => DatabaseReset.DropRecordsTableAsync(_dataSource);

    public async Task DisposeAsync()
    {
        // Leave the current schema behind for the other test classes that expect it.
        await DatabaseReset.DropRecordsTableAsync(_dataSource);
        await _migrator.MigrateAsync(CancellationToken.None);
        await _dataSource.DisposeAsync();
    }

    [Fact]
    public async Task Fresh_database_gets_the_full_table()
    {
        var report = await _migrator.MigrateAsync(CancellationToken.None);

        Assert.False(report.Before.TableExists);
        Assert.True(report.After.TableExists);
        Assert.Equal(ExpectedColumns, report.After.Columns.Keys);
        Assert.Equal(ExpectedIndexes.Order(), report.After.Indexes.Order());
        Assert.StartsWith("created table conversation_records", Assert.Single(report.Changes));
        Assert.Contains("generated", report.After.Columns["content_digest"], StringComparison.Ordinal);
        // The server picks its best utf8mb4 accent/case-insensitive collation; never a latin or 3-byte utf8 one.
        Assert.StartsWith("utf8mb4_", report.After.Collation, StringComparison.Ordinal);
        var expected = report.ServerVersion.Contains("MariaDB", StringComparison.OrdinalIgnoreCase)
            ? "utf8mb4_uca1400_ai_ci" : "utf8mb4_0900_ai_ci";
        Assert.Equal(expected, report.After.Collation);
    }

    [Fact]
    public async Task Second_run_changes_nothing_and_says_so()
    {
        await _migrator.MigrateAsync(CancellationToken.None);
        await InsertAsync("u-1", "USER", "hello", "2026-01-02 03:04:05.678");

        var second = await _migrator.MigrateAsync(CancellationToken.None);
        var output = new StringWriter();
        var exitCode = await MigrateCommand.RunAsync(new SingleServiceProvider(_migrator), output, CancellationToken.None);

        Assert.False(second.ChangedAnything);
        Assert.Equal(second.Before, second.After, SnapshotComparer.Instance);
        Assert.Equal(0, exitCode);
        Assert.Contains("schema up to date: nothing changed", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("1 rows", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Old_table_is_upgraded_without_losing_rows()
    {
        // The shape an earlier writer created: no digest, no indexes, second-precision time, TEXT content.
        await TestDatabase.ExecuteAsync(_dataSource,
            "CREATE TABLE conversation_records (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, " +
            "user_id VARCHAR(64) NOT NULL, source ENUM('USER','AI') NOT NULL, content TEXT NOT NULL, " +
            "occurred DATETIME NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
        await InsertAsync("u-1", "USER", "question one", "2026-01-01 10:00:00");
        await InsertAsync("u-1", "AI", "answer one", "2026-01-01 10:00:00");
        await InsertAsync("u-2", "USER", "question one", "2026-01-01 10:00:00");
        await InsertAsync("u-1", "USER", "question one", "2026-01-01 10:00:01");
        await InsertAsync("u-1", "USER", "question one", "2026-01-01 10:00:00"); // a redelivered duplicate

        var report = await _migrator.MigrateAsync(CancellationToken.None);

        Assert.Equal(5, report.Before.RowCount);
        Assert.Equal(4, report.After.RowCount);
        Assert.Equal(ExpectedColumns.Order(), report.After.Columns.Keys.Order());
        Assert.Equal(ExpectedIndexes.Order(), report.After.Indexes.Order());
        Assert.Contains(report.Changes, c => c.StartsWith("added column content_digest", StringComparison.Ordinal));
        Assert.Contains("changed column occurred from datetime to datetime(3)", report.Changes);
        Assert.Contains("changed column content from text to mediumtext", report.Changes);
        Assert.Contains("added index uk_rec_dedup", report.Changes);
        Assert.Contains(report.Changes, c => c.StartsWith("removed 1 duplicate row", StringComparison.Ordinal));
        // Every distinct row survived with its content, and the digest was computed for the existing rows.
        Assert.Equal(4L, await ScalarAsync("SELECT COUNT(*) FROM conversation_records WHERE content_digest = UNHEX(SHA2(content, 256))"));
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM conversation_records WHERE content = 'answer one'"));

        Assert.False((await _migrator.MigrateAsync(CancellationToken.None)).ChangedAnything);
    }

    [Fact]
    public async Task Same_record_inserted_twice_leaves_one_row_and_milliseconds_survive()
    {
        await _migrator.MigrateAsync(CancellationToken.None);
        const string sql = "INSERT IGNORE INTO conversation_records (user_id, source, occurred, content) " +
                           "VALUES ('u-9', 'AI', '2026-03-04 05:06:07.891', 'same content')";

        var first = await ExecuteAsync(sql);
        var second = await ExecuteAsync(sql);

        Assert.Equal(1, first);
        Assert.Equal(0, second);
        Assert.Equal(1L, await ScalarAsync("SELECT COUNT(*) FROM conversation_records"));
        Assert.Equal(891L, await ScalarAsync("SELECT MICROSECOND(occurred) DIV 1000 FROM conversation_records"));
    }

    private async Task InsertAsync(string user, string source, string content, string occurred)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO conversation_records (user_id, source, content, occurred) VALUES (@u, @s, @c, @o)";
        AddParameter(command, "@u", user);
        AddParameter(command, "@s", source);
        AddParameter(command, "@c", content);
        AddParameter(command, "@o", occurred);
        await command.ExecuteNonQueryAsync();
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed class SingleServiceProvider(SchemaMigrator migrator) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(SchemaMigrator) ? migrator : null;
    }

    private sealed class SnapshotComparer : IEqualityComparer<SchemaSnapshot>
    {
        public static readonly SnapshotComparer Instance = new();

        public bool Equals(SchemaSnapshot? x, SchemaSnapshot? y) =>
            x is not null && y is not null && x.TableExists == y.TableExists && x.Collation == y.Collation &&
            x.RowCount == y.RowCount && x.Indexes.SetEquals(y.Indexes) &&
            x.Columns.Count == y.Columns.Count && x.Columns.All(c => y.Columns.TryGetValue(c.Key, out var t) && t == c.Value);

        public int GetHashCode(SchemaSnapshot obj) => obj.RowCount.GetHashCode();
    }
}
