using MySqlConnector;
using Recorder.Infrastructure.Persistence.Migrations;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.Migrations;

/// <summary>
/// user_id compares byte for byte: users that differ only in case, accents, trailing spaces or Unicode
/// normalisation are different users to the unique key, in a fresh table and in an upgraded one.
/// </summary>
[Collection(RecordsTableCollection.Name)]
public sealed class UserIdComparisonTests : IAsyncLifetime
{
    private const string Occurred = "2026-11-20 08:00:00.000";
    private const string Content = "the same question";

    // Only unique-key duplicates are skipped; a data error would still fail the statement.
    private const string InsertSql =
        "INSERT INTO conversation_records (user_id, source, content, occurred) VALUES (@u, 'USER', @c, @o) " +
        "ON DUPLICATE KEY UPDATE id = id";

    private static readonly string[] UserIndexes = ["idx_user_occurred", "uk_rec_dedup"];

    private readonly MySqlDataSource _dataSource = TestDatabase.CreateDataSource();
    private readonly SchemaMigrator _migrator = RecorderServices.Migrator();

    public Task InitializeAsync() => DropTableAsync();

    public async Task DisposeAsync()
    {
        // Leave the current schema behind for the other test classes that expect it.
        await DropTableAsync();
        await _migrator.MigrateAsync(CancellationToken.None);
        await _dataSource.DisposeAsync();
    }

    [Fact]
    public async Task A_fresh_table_compares_user_ids_in_a_no_pad_binary_collation()
    {
        var report = await _migrator.MigrateAsync(CancellationToken.None);

        var expected = report.ServerVersion.Contains("MariaDB", StringComparison.OrdinalIgnoreCase)
            ? "utf8mb4_nopad_bin" : "utf8mb4_0900_bin";
        Assert.Equal("varchar(64) collate " + expected, report.After.Columns["user_id"]);
        // Only user_id: the other text columns keep the table's collation.
        Assert.DoesNotContain("collate", report.After.Columns["content"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Look_alike_users_are_stored_apart_and_real_duplicates_are_still_ignored()
    {
        await _migrator.MigrateAsync(CancellationToken.None);

        var first = await InsertEachAsync(LookAlikeUsers.All);
        var again = await InsertEachAsync(LookAlikeUsers.All);

        Assert.Equal(LookAlikeUsers.All.Count, first);
        Assert.Equal(0, again);
        Assert.Equal(LookAlikeUsers.All, await TestDatabase.UserIdsAsync(_dataSource));
        Assert.Equal(1L, await TestDatabase.CountAsync(_dataSource,
            "SELECT COUNT(*) FROM conversation_records WHERE user_id = @u", ("@u", "pad ")));
    }

    [Fact]
    public async Task Queries_by_user_stay_indexed()
    {
        await _migrator.MigrateAsync(CancellationToken.None);
        for (var i = 0; i < 50; i++)
        {
            await InsertEachAsync([$"user-{i}", $"USER-{i}"]);
        }

        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = TestDatabase.Command(connection,
            "EXPLAIN SELECT content FROM conversation_records WHERE user_id = @u ORDER BY occurred", ("@u", "user-7"));
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());

        Assert.Contains(reader.GetString(reader.GetOrdinal("key")), UserIndexes);
    }

    [Fact]
    public async Task A_table_keyed_under_the_insensitive_collation_is_converted_in_place()
    {
        // The shape of the previous release: every column, key and index, user_id in the table's ai_ci collation.
        await _migrator.MigrateAsync(CancellationToken.None);
        await TestDatabase.ExecuteAsync(_dataSource, "ALTER TABLE conversation_records MODIFY COLUMN user_id VARCHAR(64) NOT NULL");
        var keptBefore = await InsertEachAsync(LookAlikeUsers.All);
        await InsertEachAsync(["another-user"]);

        var report = await _migrator.MigrateAsync(CancellationToken.None);
        var keptAfter = await InsertEachAsync(LookAlikeUsers.All);

        // Under the old key the look-alikes collapse to one user per family: CaseUser, José and pad.
        Assert.Equal(3, keptBefore);
        Assert.Equal(4L, report.Before.RowCount);
        Assert.Equal(4L, report.After.RowCount);
        Assert.Contains(report.Changes, c => c.StartsWith("changed column user_id from varchar(64) to varchar(64) collate utf8mb4_", StringComparison.Ordinal));
        Assert.Equal(LookAlikeUsers.All.Count - 3, keptAfter);
        Assert.Equal(LookAlikeUsers.All.Order(StringComparer.Ordinal),
            (await TestDatabase.UserIdsAsync(_dataSource)).Where(u => u != "another-user").Order(StringComparer.Ordinal));
        Assert.False((await _migrator.MigrateAsync(CancellationToken.None)).ChangedAnything);
    }

    [Fact]
    public async Task An_old_table_holding_look_alike_users_keeps_every_one_of_them()
    {
        // An earlier writer's shape: no unique key, no digest, second-precision time, TEXT content, ai_ci throughout.
        var collation = await TableCollationAsync();
        await TestDatabase.ExecuteAsync(_dataSource,
            "CREATE TABLE conversation_records (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, " +
            "user_id VARCHAR(64) NOT NULL, source ENUM('USER','AI') NOT NULL, content TEXT NOT NULL, " +
            $"occurred DATETIME NOT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE={collation}");
        await InsertEachAsync(LookAlikeUsers.All);
        await InsertEachAsync(["CaseUser", "pad "]); // two at-least-once redeliveries: real duplicates

        var report = await _migrator.MigrateAsync(CancellationToken.None);

        Assert.Equal(LookAlikeUsers.All.Count + 2, report.Before.RowCount);
        Assert.Equal(LookAlikeUsers.All.Count, report.After.RowCount);
        Assert.Contains(report.Changes, c => c.StartsWith("removed 2 duplicate row", StringComparison.Ordinal));
        Assert.Equal(LookAlikeUsers.All, await TestDatabase.UserIdsAsync(_dataSource));
        Assert.Equal(0, await InsertEachAsync(LookAlikeUsers.All));
        Assert.False((await _migrator.MigrateAsync(CancellationToken.None)).ChangedAnything);
    }

    private async Task<int> InsertEachAsync(IEnumerable<string> users)
    {
        var inserted = 0;
        foreach (var user in users)
        {
            inserted += await TestDatabase.ExecuteAsync(_dataSource, InsertSql, ("@u", user), ("@c", Content), ("@o", Occurred));
        }

        return inserted;
    }

    /// <summary>The case- and accent-insensitive collation create.sql gives the table on this server.</summary>
    private async Task<string> TableCollationAsync()
    {
        await _migrator.MigrateAsync(CancellationToken.None);
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var command = TestDatabase.Command(connection,
            "SELECT TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'conversation_records'");
        var collation = (string)(await command.ExecuteScalarAsync())!;
        await DropTableAsync();
        return collation;
    }

    private Task<int> DropTableAsync() => TestDatabase.ExecuteAsync(_dataSource, "DROP TABLE IF EXISTS conversation_records");
}
