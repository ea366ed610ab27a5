using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Recorder.Domain.Conversations;

namespace Recorder.Infrastructure.Persistence.BulkInsert;

/// <summary>
/// What a bulk insert of one entity type needs from the EF model: the table, its key column, and the columns the
/// application writes — every mapped property that the server does not generate (keys, computed columns and
/// defaults are the server's). Read once per model and entity type.
/// </summary>
internal sealed class BulkInsertTable
{
    private static readonly ConcurrentDictionary<(IModel Model, Type Entity), BulkInsertTable> Cache = new();

    private BulkInsertTable(IEntityType entityType)
    {
        var tableName = entityType.GetTableName()
            ?? throw new InvalidOperationException($"{entityType.DisplayName()} is not mapped to a table.");
        var table = StoreObjectIdentifier.Table(tableName, entityType.GetSchema());
        Name = tableName;
        var key = entityType.FindPrimaryKey() ?? throw new InvalidOperationException($"{entityType.DisplayName()} has no key.");
        KeyColumn = key.Properties[0].GetColumnName(table)!;
        Columns = [.. entityType.GetProperties()
            .Where(p => p.ValueGenerated == ValueGenerated.Never && p.GetComputedColumnSql() is null && !p.IsShadowProperty())
            .Select(p => new BulkInsertColumn(p, table))];
        if (Columns.Count == 0)
        {
            throw new InvalidOperationException($"{entityType.DisplayName()} has no column the application writes.");
        }
    }

    public string Name { get; }

    public string KeyColumn { get; }

    public IReadOnlyList<BulkInsertColumn> Columns { get; }

    public static BulkInsertTable For(IModel model, Type entity) => Cache.GetOrAdd((model, entity), static key =>
        new BulkInsertTable(key.Model.FindEntityType(key.Entity)
            ?? throw new InvalidOperationException($"{key.Entity.Name} is not part of the model.")));

    /// <summary>
    /// Refuses, before anything is sent, a text that has no UTF-8 form (an unpaired surrogate): the driver would send
    /// it with a replacement character in a parameter, and a LOAD DATA refused after it started breaks its session.
    /// </summary>
    /// <exception cref="BulkInsertRowException">Under the number the server gives a string it cannot store.</exception>
    public void EnsureEncodable<TEntity>(IReadOnlyList<TEntity> rows, int start, int count)
        where TEntity : class
    {
        foreach (var column in Columns)
        {
            if (!column.MayHoldUnpairedSurrogate)
            {
                continue;
            }

            for (var i = start; i < start + count; i++)
            {
                if (column.ValueOf(rows[i]) is string text && !TextMeasure.IsWellFormed(text))
                {
                    throw new BulkInsertRowException(
                        $"A value of column {column.Name} holds an unpaired surrogate, which has no UTF-8 form; nothing was sent.",
                        BulkInsertRowException.IncorrectStringValue);
                }
            }
        }
    }

    /// <summary>A MySQL identifier in backticks (names come from the model, never from input).</summary>
    public static string Quote(string identifier) => "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`";
}
