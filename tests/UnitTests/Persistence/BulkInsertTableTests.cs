using MySqlConnector;
using Recorder.Domain.Conversations;
using Recorder.Infrastructure.Persistence.BulkInsert;
using Recorder.UnitTests.Persistence.Support;

namespace Recorder.UnitTests.Persistence;

/// <summary>What the bulk insert reads from the EF model; the model is built without a server.</summary>
public class BulkInsertTableTests
{
    private static readonly DateTime Occurred = new(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc);

    [Fact]
    public void Writes_the_four_business_columns_of_the_mapped_table_with_converted_values()
    {
        using var db = OfflineModel.RecordsContext();
        var table = BulkInsertTable.For(db.Model, typeof(ConversationRecord));
        var record = new ConversationRecord("user-1", RecordSource.Ai, "answer", Occurred);

        var values = table.Columns.ToDictionary(c => c.Name, c => c.ValueOf(record));

        Assert.Equal("conversation_records", table.Name);
        Assert.Equal("id", table.KeyColumn);
        Assert.Equal(["content", "occurred", "source", "user_id"], values.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("AI", values["source"]);
        Assert.Equal(typeof(string), table.Columns.Single(c => c.Name == "source").ProviderType);
        Assert.Equal("user-1", values["user_id"]);
        Assert.Equal(Occurred, values["occurred"]);
    }

    [Fact]
    public void Only_text_that_comes_from_input_is_checked_for_unpaired_surrogates()
    {
        using var db = OfflineModel.RecordsContext();
        var table = BulkInsertTable.For(db.Model, typeof(ConversationRecord));

        var checkedColumns = table.Columns.Where(c => c.MayHoldUnpairedSurrogate).Select(c => c.Name).Order(StringComparer.Ordinal);

        // source is text in MySQL too, but its values come from the model's converter over RecordSource.
        Assert.Equal(["content", "user_id"], checkedColumns);
    }

    [Fact]
    public void Identifiers_are_quoted_for_mysql() =>
        Assert.Equal("`we``ird`", BulkInsertTable.Quote("we`ird"));

    [Fact]
    public void Only_duplicate_warnings_that_account_for_every_skipped_row_pass()
    {
        const MySqlErrorCode duplicate = MySqlErrorCode.DuplicateKeyEntry;

        InsertWarnings.EnsureOnlyDuplicates([duplicate, duplicate], offered: 5, inserted: 3);
        var truncated = Assert.Throws<BulkInsertRowException>(() =>
            InsertWarnings.EnsureOnlyDuplicates([duplicate, MySqlErrorCode.WarningDataTruncated], offered: 5, inserted: 4));
        var hidden = Assert.Throws<BulkInsertRowException>(() => InsertWarnings.EnsureOnlyDuplicates([duplicate], offered: 5, inserted: 3));

        Assert.Equal(1265, truncated.Number);
        Assert.Equal(0, hidden.Number);
    }
}
