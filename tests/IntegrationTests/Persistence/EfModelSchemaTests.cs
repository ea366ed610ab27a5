using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using MySqlConnector;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Persistence;
using Recorder.IntegrationTests.Support;

namespace Recorder.IntegrationTests.Persistence;

/// <summary>
/// The EF Core model and the schema that db/create.sql + db/migrate.sql build on MariaDB describe the same table:
/// every column with its type, nullability, generation and default, and every index with its columns and
/// uniqueness. A change to either side alone fails here.
/// </summary>
[Collection(RecordsTableCollection.Name)]
public sealed partial class EfModelSchemaTests : IAsyncLifetime
{
    private readonly MySqlDataSource _database = TestDatabase.CreateDataSource();
    private RecorderServices _services = null!;
    private IEntityType _entity = null!;
    private StoreObjectIdentifier _table;

    public async Task InitializeAsync()
    {
        await RecorderServices.MigrateAsync();
        _services = RecorderServices.Create();
        await using var db = await _services.Get<IDbContextFactory<RecorderDbContext>>().CreateDbContextAsync();
        _entity = db.Model.FindEntityType(typeof(ConversationRecord))!;
        _table = StoreObjectIdentifier.Table(_entity.GetTableName()!, _entity.GetSchema());
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Model_and_migrated_schema_have_the_same_columns()
    {
        var live = await LiveColumnsAsync();
        var model = _entity.GetProperties().ToDictionary(p => p.GetColumnName(_table)!, StringComparer.Ordinal);

        Assert.Equal(live.Keys.Order(StringComparer.Ordinal), model.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, column) in live)
        {
            var property = model[name];
            Assert.True(Normalize(property.GetColumnType()) == Normalize(column.Type), $"{name}: model {property.GetColumnType()}, table {column.Type}");
            Assert.True(property.IsNullable == column.Nullable, $"{name}: nullability differs");
            Assert.True(Normalize(property.GetComputedColumnSql()) == Normalize(column.Generation), $"{name}: model computes '{property.GetComputedColumnSql()}', table '{column.Generation}'");
            if (column.Generation.Length > 0)
            {
                Assert.True(property.GetIsStored() == true && column.Extra.Contains("STORED", StringComparison.OrdinalIgnoreCase), $"{name} must be a stored generated column on both sides");
            }

            Assert.True(Normalize(property.GetDefaultValueSql()) == Normalize(column.Default), $"{name}: model default '{property.GetDefaultValueSql()}', table '{column.Default}'");
            // A generated column is "generated on add or update" to EF Core; only plain columns can have ON UPDATE.
            var onUpdate = column.Extra.Contains("on update", StringComparison.OrdinalIgnoreCase);
            Assert.True(column.Generation.Length > 0 || (property.ValueGenerated == ValueGenerated.OnAddOrUpdate) == onUpdate, $"{name}: ON UPDATE differs");
            var autoIncrement = column.Extra.Contains("auto_increment", StringComparison.OrdinalIgnoreCase);
            Assert.True(autoIncrement == (property.IsPrimaryKey() && property.ValueGenerated == ValueGenerated.OnAdd), $"{name}: AUTO_INCREMENT differs");
        }
    }

    [Fact]
    public async Task Model_and_migrated_schema_have_the_same_keys_and_indexes()
    {
        var live = await LiveIndexesAsync();
        var model = _entity.GetIndexes()
            .Select(i => (Name: i.GetDatabaseName(_table)!, Columns: string.Join(",", i.Properties.Select(p => p.GetColumnName(_table))), i.IsUnique))
            .Append(("PRIMARY", string.Join(",", _entity.FindPrimaryKey()!.Properties.Select(p => p.GetColumnName(_table))), true))
            .OrderBy(i => i.Item1, StringComparer.Ordinal)
            .ToList();

        Assert.Equal(model, live);
    }

    [Fact]
    public void The_application_writes_only_the_four_business_columns()
    {
        var written = _entity.GetProperties()
            .Where(p => p.ValueGenerated == ValueGenerated.Never && p.GetComputedColumnSql() is null && !p.IsShadowProperty())
            .Select(p => p.GetColumnName(_table))
            .Order(StringComparer.Ordinal);

        Assert.Equal(["content", "occurred", "source", "user_id"], written);
    }

    private async Task<Dictionary<string, LiveColumn>> LiveColumnsAsync()
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = new MySqlCommand(
            "SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COALESCE(GENERATION_EXPRESSION, ''), EXTRA, COLUMN_DEFAULT " +
            "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'conversation_records'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var columns = new Dictionary<string, LiveColumn>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            var generation = reader.GetString(3);
            // MariaDB reports a missing default as the text NULL; a generated column has none either.
            var @default = reader.IsDBNull(5) || generation.Length > 0 ? null : reader.GetString(5);
            columns[reader.GetString(0)] = new LiveColumn(reader.GetString(1), reader.GetString(2) == "YES", generation, reader.GetString(4),
                @default is "NULL" ? null : @default);
        }

        return columns;
    }

    private async Task<List<(string Name, string Columns, bool IsUnique)>> LiveIndexesAsync()
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = new MySqlCommand(
            "SELECT INDEX_NAME, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX SEPARATOR ','), MIN(NON_UNIQUE) = 0 " +
            "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'conversation_records' " +
            "GROUP BY INDEX_NAME ORDER BY INDEX_NAME", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var indexes = new List<(string, string, bool)>();
        while (await reader.ReadAsync())
        {
            indexes.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2) == 1));
        }

        return [.. indexes.OrderBy(i => i.Item1, StringComparer.Ordinal)];
    }

    /// <summary>Lower case, no blanks, no integer display widths (bigint(20) is bigint), no redundant parentheses.</summary>
    private static string Normalize(string? sql) =>
        sql is null ? string.Empty : IntegerWidth().Replace(Blanks().Replace(sql.ToLowerInvariant(), string.Empty), "$1").Trim('(', ')');

    [GeneratedRegex(@"\s+")]
    private static partial Regex Blanks();

    [GeneratedRegex(@"((?:tiny|small|medium|big)?int)\(\d+\)")]
    private static partial Regex IntegerWidth();

    private sealed record LiveColumn(string Type, bool Nullable, string Generation, string Extra, string? Default);
}
